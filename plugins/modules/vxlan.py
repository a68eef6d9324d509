#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: vxlan
short_description: Manage a kernel VXLAN link and its flood list of remote tunnel endpoints
version_added: 0.1.0
description:
  - Creates, reconciles or removes a kernel C(vxlan) link O(name) in O(netns), with VNI O(vni),
    UDP port O(dstport), local address O(local) and underlay device O(device).
  - O(remotes) is the link's flood list (all-zero FDB entries); broadcast and unknown traffic goes
    to every remote, and the link learns where each MAC lives (O(learning)). One link with the
    other hosts as remotes joins a full mesh without loops, as the link never forwards what it
    received from one remote to another. The list is managed exactly; learnt entries are left alone.
  - The kernel cannot change the VNI, UDP port, local address or underlay device of a live link;
    a difference there re-creates the link (change action C(replace)). An Open vSwitch port of the
    same name re-attaches to the new link by itself.
  - The link works as a plain port of an Open vSwitch bridge on either datapath, or of a Linux
    bridge; this is how the userspace (netdev) datapath reaches other hosts without the
    userspace-tunnelling setup.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN, and the kernel C(vxlan) module on the managed host
notes:
  - A namespace that does not exist is an error in a real run; in check mode it is a warning and
    the creation is reported.
  - Tunnel packets are 50 bytes (IPv4) or 70 bytes (IPv6) larger than the inner frame's IP packet;
    lower the MTU of the devices behind the bridge accordingly (the C(overlay) role does).
seealso:
  - module: linuxnet.netns.ovs_port
  - module: linuxnet.netns.veth
extends_documentation_fragment:
  - linuxnet.netns.vxlan
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: VNI 4242 towards two other hosts, as a plain port of br0
  linuxnet.netns.vxlan:
    name: ovl-vxlan
    vni: 4242
    local: 192.0.2.1
    device: eth0
    remotes:
      - 192.0.2.2
      - 192.0.2.3

- name: Attach it to the bridge
  linuxnet.netns.ovs_port:
    bridge: br0
    name: ovl-vxlan

- name: A link inside a namespace, fixed MTU, no learning
  linuxnet.netns.vxlan:
    name: vx100
    netns: blue
    vni: 100
    dstport: 8472
    learning: false
    mtu: 1400

- name: Remove the link
  linuxnet.netns.vxlan:
    name: ovl-vxlan
    state: absent
"""

RETURN = r"""
vxlan:
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
    vni:
      description: VXLAN network identifier.
      type: int
    dstport:
      description: UDP destination port.
      type: int
    local:
      description: Local underlay address; null when unset.
      type: str
    device:
      description: Underlay device; null when unset.
      type: str
    learning:
      description: Whether the link learns remote MACs.
      type: bool
    remotes:
      description: The flood list, sorted.
      type: list
      elements: str
    mtu:
      description: MTU; null when not known yet (a creation in check mode without O(mtu)).
      type: int
    up:
      description: Whether the link is administratively up.
      type: bool
  sample:
    name: ovl-vxlan
    netns: null
    vni: 4242
    dstport: 4789
    local: 192.0.2.1
    device: eth0
    learning: true
    remotes: [192.0.2.2, 192.0.2.3]
    mtu: 1450
    up: true
before:
  description: >-
    The link as found (same keys as RV(vxlan)), null when absent; with C(conflicts) when a device
    of another kind holds the name.
  returned: always
  type: dict
after:
  description: Same as RV(vxlan).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done, in order. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "add", "kind": "vxlan_remote", "name": "ovl-vxlan", "remote": "192.0.2.3"}]
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
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import VXLAN_REQUIRED_IF, VXLAN_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.vxlan import VxlanResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend


def main():
    module = AnsibleModule(
        argument_spec=VXLAN_SPEC,
        required_if=VXLAN_REQUIRED_IF,
        supports_check_mode=True,
    )
    run_resource_module(module, VxlanResource, netlink_backend, result_key="vxlan")


if __name__ == "__main__":
    main()
