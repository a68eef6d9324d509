# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every resource's argument spec shares: ``state``, and joining a spec with its connection options.

The specs themselves live with their layer (``_kernel/specs.py``, ``_ovs/specs.py``): each single
module uses its spec as its argument_spec, and the topology module uses the SAME dicts as the
``options`` of its list items, so an item of ``veths`` takes exactly the options of the veth module.
"""

STATE = dict(type="str", default="present", choices=["present", "absent"])


def with_connection(spec, connection):
    """A module's full argument_spec: the resource spec plus its connection options."""
    merged = dict(spec)
    merged.update(connection)
    return merged
