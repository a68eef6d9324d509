# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a typed link (macvlan, ipvlan, vlan, Linux bridge, dummy), written once: the ns_link
module's (DOCUMENTATION) and those of each item of the topology module's ``links`` (TOPOLOGY). Their
spec is the one the ns_link module hands to AnsibleModule."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import topology_list


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  name:
    description: Name of the link (an interface name, at most 15 bytes).
    type: str
    required: true
  kind:
    description:
      - The type of link. Required with O(state=present).
      - A link of another of these kinds holding O(name) is replaced (the kernel cannot change a
        link's type). With O(state=absent), omitted, any link of these kinds named O(name) goes;
        given, only a link of that kind.
    type: str
    choices: [macvlan, ipvlan, vlan, bridge, dummy]
  netns:
    description: Namespace of the link. Omitted, the host's own namespace.
    type: str
  parent:
    description:
      - The device the link is made on, in the same namespace O(netns) (kinds C(macvlan), C(ipvlan),
        C(vlan); required for them). A parent found only in another namespace is refused.
      - The kernel cannot change the parent of a live link; a different one re-creates the link (C(replace)).
    type: str
  mode:
    description:
      - For C(macvlan), one of C(private), C(vepa), C(bridge), C(passthru), C(source) (default C(bridge));
        changed in place, except to or from C(passthru) (re-created).
      - For C(ipvlan), one of C(l2), C(l3), C(l3s) (default C(l2)); changed in place.
    type: str
  vlan_id:
    description: For C(vlan), the VLAN id (1-4094; required). A different id re-creates the link.
    type: int
  vlan_protocol:
    description: For C(vlan), the tag protocol (default C(802.1Q)). A different one re-creates the link.
    type: str
    choices: [802.1Q, 802.1ad]
  stp:
    description: For C(bridge), whether the kernel runs the spanning tree protocol (default V(false)).
    type: bool
  vlan_filtering:
    description:
      - For C(bridge), whether the bridge filters by VLAN. Omitted, left as it is (off on creation).
      - Needs a kernel built with bridge VLAN filtering (the kernel refuses it otherwise).
    type: bool
  ports:
    description:
      - For C(bridge), the devices of O(netns) that are its ports (veth ends, other links),
        exactly; ports not listed are released. Omitted, the ports are left as they are.
      - A port can also name the bridge as its O(master); name each port one way only.
    type: list
    elements: str
  master:
    description:
      - The bridge (in O(netns)) this link is a port of; V("") for none. Omitted, left as it is.
      - A link cannot be its own master.
    type: str
  mtu:
    description: MTU (68-65535). Omitted, left as it is (on creation the kernel's, the parent's for a link on one).
    type: int
  mac:
    description: MAC address. Omitted, left as it is (random on creation). Not for C(ipvlan), which has its parent's.
    type: str
  up:
    description: Link state, V(true) up, V(false) down.
    type: bool
    default: true
  force:
    description:
      - When a device of a kind this module does not manage (a veth, a physical NIC) holds O(name)
        in O(netns), delete it and create the link.
      - Without it, such a device is an error and nothing is changed.
    type: bool
    default: false
  state:
    description:
      - C(present) creates or reconciles the link.
      - C(absent) deletes it; a device of another kind with that name is left alone.
    type: str
    choices: [present, absent]
    default: present
"""


# The topology module's ``links``: the same options, as the sub-options of each item.
ModuleDocFragment.TOPOLOGY = topology_list(
    "links", [
        "Links of the types macvlan, ipvlan, vlan, Linux bridge and dummy; each item takes the options of"
        " M(linuxnet.netns.ns_link).",
        "A link is made after its namespace, its O(linuxnet.netns.ns_link#module:parent), its"
        " O(linuxnet.netns.ns_link#module:master) and a bridge's O(linuxnet.netns.ns_link#module:ports),"
        " and before its O(addresses) and routes.",
    ],
    ModuleDocFragment.DOCUMENTATION)
