#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ovs_port
short_description: Manage a port of an Open vSwitch bridge and reconcile all its attributes
version_added: 0.1.0
description:
  - Adds, updates, moves or removes a port (one interface of the same name) of an Open vSwitch bridge,
    reconciling every attribute given (an unset O(tag) is never sent).
  - A port found on another bridge is moved to O(bridge), keeping its attributes, in the one transaction
    of all the changes.
  - A C(system) port that passes no frames is repaired (change C(repair)) - one whose interface
    reports an error or has no OpenFlow port, or, on a C(netdev) bridge, whose device the userspace
    datapath does not receive from (deleted and made again, OVS issue 313 upstream). The port is
    removed in one transaction and added again in the next with its attributes, so that
    ovs-vswitchd opens the device that is there now; RV(before) holds the C(fault).
author:
  - linuxnet.netns contributors (@linuxnet)
extends_documentation_fragment:
  - linuxnet.netns.ovs_port
  - linuxnet.netns.ovs_maps
  - linuxnet.netns.attributes
  - linuxnet.netns.ovsdb
seealso:
  - module: linuxnet.netns.ovs_bridge
"""

EXAMPLES = r"""
- name: Plug veth7 into br0 as an access port of VLAN 10
  linuxnet.netns.ovs_port:
    bridge: br0
    name: veth7
    tag: 10

- name: Join br0 and br1 with a pair of patch ports
  linuxnet.netns.ovs_port:
    bridge: "{{ item.bridge }}"
    name: "{{ item.name }}"
    type: patch
    options:
      peer: "{{ item.peer }}"
  loop:
    - {bridge: br0, name: patch-br1, peer: patch-br0}
    - {bridge: br1, name: patch-br0, peer: patch-br1}

- name: A VXLAN tunnel port
  linuxnet.netns.ovs_port:
    bridge: br0
    name: vx0
    type: vxlan
    options:
      remote_ip: 192.0.2.2
      key: 42
      dst_port: 4789

- name: Remove veth2 from whichever bridge holds it
  linuxnet.netns.ovs_port:
    name: veth2
    state: absent
"""

RETURN = r"""
port:
  description: The port after the run (as it would be, in check mode); null when absent.
  returned: always
  type: dict
  sample:
    name: veth7
    bridge: br0
    type: system
    options: {}
    tag: 10
    trunks: []
    vlan_mode: null
    protected: false
    external_ids: {}
    other_config: {}
    mtu_request: null
    ofport_request: null
before:
  description:
    - The port as read before the run; null when it did not exist.
    - C(fault) (only when the port passes no frames) says why, for instance
      C(Open vSwitch does not receive from its device (ifindex 12, made again since Open vSwitch opened it)).
  returned: always
  type: dict
after:
  description: Same as RV(port).
  returned: always
  type: dict
changes:
  description: The changes made (or that would be made in check mode). A move names both bridges.
  returned: always
  type: list
  elements: dict
  sample: [{action: move, kind: port, name: veth2, from_bridge: br0, to_bridge: br1}]
missing:
  description: In check mode, the bridge that does not exist yet.
  returned: when the bridge is missing in check mode
  type: dict
  sample: {kind: bridge, name: br1}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import ovsdb_session
from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import with_connection
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.specs import OVS_PORT_REQUIRED_IF, OVS_PORT_SPEC, OVSDB_SPEC


def main():
    module = AnsibleModule(
        argument_spec=with_connection(OVS_PORT_SPEC, OVSDB_SPEC),
        required_if=OVS_PORT_REQUIRED_IF,
        supports_check_mode=True,
    )
    run_resource_module(module, OvsPort, ovsdb_session, result_key="port")


if __name__ == "__main__":
    main()
