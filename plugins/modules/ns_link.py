#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: ns_link
short_description: Manage a macvlan, ipvlan, vlan, Linux bridge or dummy link in a network namespace
version_added: 0.1.0
description:
  - Creates, reconciles or removes a link O(name) of type O(kind) in O(netns).
  - The link is created in ONE netlink request sent in its own namespace, so it never appears in
    the host's namespace. Its MTU, MAC, state, master, a bridge's STP, VLAN filtering and ports and
    the mode of a macvlan or ipvlan are changed in place.
  - What the kernel cannot change on a live link (its parent, a VLAN id or protocol, a change to or
    from macvlan C(passthru), its type) re-creates the link; the change's action is C(replace) and
    says what differs and why. Its addresses go with the old link.
  - The created link carries the owner mark of the collection in its alias, as a veth end does.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN, and the kernel module of the link type (C(macvlan),
    C(ipvlan), C(8021q), C(bridge), C(dummy)) on the managed host
notes:
  - A namespace, parent, master or port that does not exist is an error in a real run; in check
    mode it is a warning and the creation is reported.
  - A kernel without the link type refuses the creation; the error names the kernel module it needs.
  - The same options are the items of the C(links) list of M(linuxnet.netns.topology).
seealso:
  - module: linuxnet.netns.ns_device
  - module: linuxnet.netns.veth
  - module: linuxnet.netns.topology
extends_documentation_fragment:
  - linuxnet.netns.ns_link
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: A macvlan on a veth end, in bridge mode
  linuxnet.netns.ns_link:
    name: mv0
    kind: macvlan
    netns: blue
    parent: eth0

- name: A Linux bridge in a namespace with two veth ends as its ports, STP off
  linuxnet.netns.ns_link:
    name: br0
    kind: bridge
    netns: lab
    ports: [veth-a, veth-b]

- name: VLAN 100 on eth0 (802.1ad)
  linuxnet.netns.ns_link:
    name: eth0.100
    kind: vlan
    parent: eth0
    vlan_id: 100
    vlan_protocol: 802.1ad

- name: A dummy device
  linuxnet.netns.ns_link:
    name: dummy0
    kind: dummy
    netns: blue

- name: Remove the bridge
  linuxnet.netns.ns_link:
    name: br0
    netns: lab
    state: absent
"""

RETURN = r"""
link:
  description: The link after the run (what check mode predicts); null when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Link name.
      type: str
    netns:
      description: Its namespace; null is the host's own.
      type: str
    kind:
      description: Its type.
      type: str
    parent:
      description: Its parent (macvlan, ipvlan, vlan).
      type: str
    mode:
      description: Its mode (macvlan, ipvlan).
      type: str
    vlan_id:
      description: Its VLAN id (vlan).
      type: int
    vlan_protocol:
      description: Its tag protocol (vlan).
      type: str
    stp:
      description: Whether the bridge runs STP (bridge).
      type: bool
    vlan_filtering:
      description: Whether the bridge filters by VLAN (bridge); null when not known yet.
      type: bool
    ports:
      description: The bridge's ports, sorted (bridge).
      type: list
      elements: str
    master:
      description: The bridge this link is a port of; null for none.
      type: str
    mtu:
      description: MTU; null when not known yet (a creation in check mode without O(mtu)).
      type: int
    mac:
      description: MAC address (not for ipvlan); null when not known yet.
      type: str
    up:
      description: Whether the link is administratively up.
      type: bool
  sample:
    name: mv0
    netns: blue
    kind: macvlan
    parent: eth0
    mode: bridge
    master: null
    mtu: 1500
    mac: 02:4e:10:aa:00:01
    up: true
before:
  description: >-
    The link as found (same keys as RV(link)), null when absent; with C(conflicts) when a device
    of another kind holds the name.
  returned: always
  type: dict
after:
  description: Same as RV(link).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done, in order. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "replace", "kind": "vlan", "name": "eth0.100", "vlan_id": {"before": 100, "after": 200},
            "reason": "the kernel cannot change vlan_id in place"}]
diff:
  description: RV(before) and RV(after) as structured data.
  returned: when diff mode is on
  type: dict
missing:
  description: In check mode, the object whose absence was assumed to be fixed by an earlier task.
  returned: when something needed was missing in check mode
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.link import LinkResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_LINK_REQUIRED_IF, NS_LINK_SPEC


def main():
    module = AnsibleModule(
        argument_spec=NS_LINK_SPEC,
        required_if=NS_LINK_REQUIRED_IF,
        supports_check_mode=True,
    )
    run_resource_module(module, LinkResource, netlink_backend, result_key="link")


if __name__ == "__main__":
    main()
