#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: veth
short_description: Manage a veth pair whose ends live in network namespaces
version_added: 0.1.0
description:
  - Creates a veth pair with O(name) in O(netns) and O(peer) in O(peer_netns) in one netlink
    request (each end is created directly in its namespace; nothing passes through the host's own
    namespace), and reconciles an existing pair, moving an end that sits in the wrong namespace and
    setting MTU, MAC addresses and link state.
  - A device is taken as an end of this pair only if it is a veth whose peer, followed through the
    kernel's peer index and peer namespace id and confirmed from the other end, carries the other name.
  - Both names are looked for in O(netns) and O(peer_netns), and only there.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (to enter namespaces), on the managed host
notes:
  - A namespace that does not exist is an error in a real run; in check mode it is a warning and
    the creation is reported, so that a whole play can be checked on a bare host.
seealso:
  - module: linuxnet.netns.netns
  - module: linuxnet.netns.ns_addr
extends_documentation_fragment:
  - linuxnet.netns.veth
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: veth0 on the host, veth1 inside blue
  linuxnet.netns.veth:
    name: veth0
    peer: veth1
    peer_netns: blue

- name: A pair between two namespaces, fixed MTU and MACs
  linuxnet.netns.veth:
    name: veth2
    netns: blue
    peer: veth3
    peer_netns: red
    mtu: 1450
    mac: "02:00:00:00:02:01"
    peer_mac: "02:00:00:00:02:02"

- name: Remove the pair
  linuxnet.netns.veth:
    name: veth0
    peer: veth1
    peer_netns: blue
    state: absent
"""

RETURN = r"""
veth:
  description: The pair after the run (what check mode predicts); null when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the first end.
      type: str
    netns:
      description: Its namespace; null is the host's own.
      type: str
    mtu:
      description: MTU; null when not known yet (a creation in check mode without O(mtu)).
      type: int
    mac:
      description: MAC address; null when not known yet.
      type: str
    up:
      description: Whether the end is administratively up.
      type: bool
    peer:
      description: The other end, with the same keys.
      type: dict
  sample:
    name: veth0
    netns: null
    mtu: 1500
    mac: "02:00:00:00:00:01"
    up: true
    peer: {"name": "veth1", "netns": "blue", "mtu": 1500, "mac": "02:00:00:00:00:02", "up": true}
before:
  description: >-
    The pair as found (same keys as RV(veth)), null when absent; with C(conflicts), the devices
    holding one of the names that are not this pair (C(name), C(netns), C(kind), C(problem)).
  returned: always
  type: dict
after:
  description: Same as RV(veth).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done, in order. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "move", "kind": "veth", "name": "veth1", "from_netns": null, "to_netns": "blue"}]
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
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import VETH_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend


def main():
    module = AnsibleModule(argument_spec=VETH_SPEC, supports_check_mode=True)
    run_resource_module(module, VethResource, netlink_backend, result_key="veth")


if __name__ == "__main__":
    main()
