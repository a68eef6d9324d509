#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: netns_service
short_description: Run a systemd service inside a named network namespace
version_added: 0.2.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Binds an existing systemd service to a named network namespace with a drop-in,
    C(/etc/systemd/system/UNIT.d/50-linuxnet-netns.conf), holding C(NetworkNamespacePath=/run/netns/NAME),
    C(BindReadOnlyPaths=) of C(/etc/netns/NAME/resolv.conf) and C(/etc/netns/NAME/hosts) over C(/etc)
    (as C(ip netns exec) does; each only while it exists), and C(BindsTo=) / C(After=) the unit
    C(linuxnet-netns-ready@NAME.service).
  - That unit (a template the module installs as C(/etc/systemd/system/linuxnet-netns-ready@.service))
    succeeds only when the namespace exists, is ordered after C(network-online.target) (the units that
    make the namespaces again at boot are ordered before it) and stops when the namespace is deleted; so
    the service starts only once its namespace exists and stops when the namespace goes.
  - Runs C(systemctl daemon-reload) when a file changes. It does not start, stop or enable the service
    (use M(ansible.builtin.systemd_service)); a running service keeps its old namespace until restarted,
    which RV(restart_required) reports and O(restart=true) does.
  - Everything is checked before anything changes; in a real run, a unit that systemd does not know or
    a namespace that does not exist fails the task (in check mode, a warning, since an earlier task may make it).
extends_documentation_fragment:
  - linuxnet.netns.attributes
options:
  name:
    description:
      - The service, a full unit name with its suffix (C(web.service), C(getty@tty1.service)). Only
        C(.service) units; not a template (C(foo@.service)).
      - "The rules of systemd apply: at most 255 bytes of letters, digits and C(: - _ . \\ @)."
    type: str
    required: true
  netns:
    description:
      - The network namespace (a name under C(/run/netns)), required with O(state=present).
      - With O(state=absent) it is not needed.
    type: str
  state:
    description:
      - V(present) writes the drop-in (and the ready template); V(absent) removes the drop-in, so the
        service runs in the host's namespace again (after a restart).
    type: str
    choices: [present, absent]
    default: present
  restart:
    description:
      - Restart the service when it is running with other settings than these (its drop-in changes in
        this run, or its main process is in another namespace).
      - With V(false) such a service is left running and RV(restart_required) is V(true).
    type: bool
    default: false
requirements:
  - systemd 249 or later on the managed host (C(StopPropagatedFrom=)); C(nsenter) (util-linux).
notes:
  - The ready template is left in place by O(state=absent), since other services may be bound with it.
seealso:
  - module: linuxnet.netns.ns_command
  - module: linuxnet.netns.netns
  - module: ansible.builtin.systemd_service
"""

EXAMPLES = r"""
- name: The web server runs in blue
  linuxnet.netns.netns_service:
    name: web.service
    netns: blue
  register: bound

- name: Restart it if it runs with the old settings
  ansible.builtin.systemd_service:
    name: web.service
    state: restarted
  when: bound.restart_required

- name: Or bind and restart in one task
  linuxnet.netns.netns_service:
    name: web.service
    netns: blue
    restart: true

- name: Back to the host's namespace
  linuxnet.netns.netns_service:
    name: web.service
    state: absent
    restart: true
"""

RETURN = r"""
before:
  description: The service as read; V(null) when nothing could be read (check mode, missing unit or namespace).
  returned: always
  type: dict
  sample: {unit: web.service, netns: null, dropin: null, active_state: active, main_pid: 812, runs_in_wanted_netns: false}
after:
  description: The service as this run leaves it (C(netns) and C(dropin) are what the files say).
  returned: always
  type: dict
  sample: {unit: web.service, netns: blue, dropin: /etc/systemd/system/web.service.d/50-linuxnet-netns.conf,
           active_state: active, main_pid: 812, runs_in_wanted_netns: false}
changes:
  description: What was (in check mode, would be) done, in order, each with C(action), C(kind), C(name).
  returned: always
  type: list
  elements: dict
  sample: [{action: write, kind: unit-file, name: /etc/systemd/system/web.service.d/50-linuxnet-netns.conf, lines: 11},
           {action: reload, kind: systemd, name: daemon-reload}]
restart_required:
  description: The service is running with other settings than these and this run does not restart it.
  returned: always
  type: bool
  sample: true
restarted:
  description: This run restarted the service (in check mode, would restart it).
  returned: always
  type: bool
  sample: false
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.hostlock import host_lock
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.host import ServiceHost
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.service import NetnsService, Restart
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.specs import NETNS_SERVICE_SPEC


def main():
    module = AnsibleModule(argument_spec=NETNS_SERVICE_SPEC, supports_check_mode=True)

    def run(argv):
        return module.run_command(argv, expand_user_and_vars=False, environ_update={"LC_ALL": "C"})

    try:
        resource = NetnsService(module.params, ServiceHost(run))  # bad input fails here, before any read
        with host_lock():
            outcome = converge(resource, module.check_mode)
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)
    result = {
        "changed": outcome.changed,
        "before": outcome.before,
        "after": outcome.after,
        "changes": [change.as_dict() for change in outcome.changes],
        "restart_required": resource.restart_required(outcome.before, outcome.changes),
        "restarted": any(isinstance(change.op, Restart) for change in outcome.changes),
    }
    for warning in outcome.warnings:
        module.warn(warning)
    if outcome.missing:
        result["missing"] = outcome.missing
    if module._diff:
        result["diff"] = resource.file_diffs(outcome.before, outcome.changes)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
