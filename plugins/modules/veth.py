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
options:
  name:
    description: Name of the first end (an interface name, at most 15 bytes).
    type: str
    required: true
  peer:
    description: Name of the other end.
    type: str
    required: true
  netns:
    description: Namespace of O(name). Omitted, the host's own namespace.
    type: str
  peer_netns:
    description: Namespace of O(peer). Omitted, the host's own namespace.
    type: str
  mtu:
    description: MTU of both ends (68-65535). Omitted, left as it is (1500 on creation).
    type: int
  mac:
    description: MAC address of O(name) (unicast). Omitted, left as it is (random on creation).
    type: str
  peer_mac:
    description: MAC address of O(peer) (unicast). Omitted, left as it is (random on creation).
    type: str
  up:
    description: Link state of both ends, V(true) up, V(false) down.
    type: bool
    default: true
  force:
    description:
      - When a device that is not this pair holds O(name) in O(netns) or O(peer) in O(peer_netns)
        (another veth's end, a bridge, C(lo)...), delete it and create the pair.
      - Without it, such a device is an error and nothing is changed.
      - Deleting a device that is an end of another veth pair removes that pair's other end too.
        The kernel's own devices (C(lo)) cannot be deleted; the run then fails without changing anything.
    type: bool
    default: false
  state:
    description:
      - C(present) creates or reconciles the pair.
      - C(absent) deletes the pair wherever its ends are among O(netns) and O(peer_netns). A device
        with one of the names that is not this pair is left alone. Already absent, or whose namespaces
        are gone, is not a change.
    type: str
    choices: [present, absent]
    default: present
requirements:
  - pyroute2 >= 0.9 on the managed host
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (to enter namespaces), on the managed host
notes:
  - A namespace that does not exist is an error in a real run; in check mode it is a warning and
    the creation is reported, so that a whole play can be checked on a bare host.
seealso:
  - module: linuxnet.netns.netns
  - module: linuxnet.netns.ns_addr
extends_documentation_fragment:
  - linuxnet.netns.attributes
  - linuxnet.netns.attributes.ACTIONGROUP
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

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import VETH_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import build_veth
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.runner import run_kernel_module


def main():
    module = AnsibleModule(argument_spec=VETH_SPEC, supports_check_mode=True)
    run_kernel_module(module, build_veth, result_key="veth")


if __name__ == "__main__":
    main()
