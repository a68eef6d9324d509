#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ovs_bridge
short_description: Manage an Open vSwitch bridge and reconcile all its attributes
version_added: 0.1.0
description:
  - Creates, updates or removes an Open vSwitch bridge, reconciling every attribute given (an unset
    O(fail_mode) is never sent).
author:
  - linuxnet.netns contributors (@linuxnet)
extends_documentation_fragment:
  - linuxnet.netns.ovs_bridge
  - linuxnet.netns.ovs_maps
  - linuxnet.netns.attributes
  - linuxnet.netns.ovsdb
seealso:
  - module: linuxnet.netns.ovs_port
"""

EXAMPLES = r"""
- name: Create br0 on the userspace datapath
  linuxnet.netns.ovs_bridge:
    name: br0
    datapath_type: netdev

- name: A secure OpenFlow 1.3 bridge with a controller and tagged metadata
  linuxnet.netns.ovs_bridge:
    name: br1
    fail_mode: secure
    protocols: [OpenFlow13]
    controller: [tcp:192.0.2.10:6653]
    external_ids:
      owner: lab
    mtu: 9000

- name: Remove br1 and its ports
  linuxnet.netns.ovs_bridge:
    name: br1
    state: absent
"""

RETURN = r"""
bridge:
  description: The bridge after the run (as it would be, in check mode); null when absent.
  returned: always
  type: dict
  sample:
    name: br0
    datapath_type: netdev
    fail_mode: secure
    stp: false
    protocols: [OpenFlow13]
    controller: []
    external_ids: {owner: lab}
    other_config: {}
    mtu: null
    ports: [veth7]
before:
  description: The bridge as read before the run; null when it did not exist.
  returned: always
  type: dict
after:
  description: Same as RV(bridge).
  returned: always
  type: dict
changes:
  description: The changes made (or that would be made in check mode), one per attribute.
  returned: always
  type: list
  elements: dict
  sample: [{action: set, kind: bridge, name: br0, attribute: fail_mode, before: null, after: secure}]
missing:
  description: In check mode, the object this change needs that does not exist yet.
  returned: when something needed is missing in check mode
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import ovsdb_session
from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import with_connection
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.specs import OVS_BRIDGE_SPEC, OVSDB_SPEC


def main():
    module = AnsibleModule(
        argument_spec=with_connection(OVS_BRIDGE_SPEC, OVSDB_SPEC),
        supports_check_mode=True,
    )
    run_resource_module(module, OvsBridge, ovsdb_session, result_key="bridge")


if __name__ == "__main__":
    main()
