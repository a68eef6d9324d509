# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module glue: the only place that turns domain exceptions into fail_json.

A module's main() builds its AnsibleModule and calls ``run_resource_module`` with its resource
class (built as ``X(params, backend)``, see _core/resource.py) and a ``backend_factory``: a
context manager yielding the backend of this call (a netlink Snapshot over this call's sockets,
_kernel/resource.netlink_backend, or the OVSDB client, _ovs/client.ovsdb_session), closed on
every path. The whole call (read, plan, apply) holds the host's lock (_core/hostlock.py): calls
of two runs against one host at once take turns instead of reading each other's half-made changes.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.hostlock import host_lock
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge


def run_resource_module(module, resource_class, backend_factory, result_key=None):
    """Converge one resource and exit the module. Never returns.

    ``result_key``: name under which the module returns the object's state after the run
    (``netns``, ``veth``, ...), beside ``before``/``after``/``changes``/``diff``.
    """
    try:
        with host_lock(), backend_factory(module) as backend:
            resource = resource_class(module.params, backend)
            outcome = converge(resource, module.check_mode)
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)

    result = {
        "changed": outcome.changed,
        "before": outcome.before,
        "after": outcome.after,
        "changes": [change.as_dict() for change in outcome.changes],
    }
    for warning in outcome.warnings + list(getattr(resource, "warnings", ())):
        module.warn(warning)
    if outcome.missing:
        result["missing"] = outcome.missing
    if result_key:
        result[result_key] = outcome.after
    if module._diff:
        result["diff"] = outcome.diff()
    module.exit_json(**result)
