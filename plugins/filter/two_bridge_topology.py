# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: two_bridge_topology
short_description: The arguments of one topology call that builds or removes a two-bridge layout
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Turns a layout resolved by M(linuxnet.netns.two_bridge_plan#filter) into the lists
    C(namespaces), C(veths), C(addresses), C(bridges) and C(ports) of M(linuxnet.netns.topology),
    for O(linuxnet.netns.topology#module:state=merged). Removals are items with C(state=absent).
  - With O(state=present) every namespace, veth pair, bridge, port and address of the layout; in
    mode C(joined) the link pair with its addresses and ports, in mode C(isolated) the link pair's
    ports and the pair itself as removals (the topology module removes a port before its veth).
  - With O(state=absent) every object of the layout as a removal.
  - This is the plan of the two_bridge role.
options:
  _input:
    description: The layout, as returned by M(linuxnet.netns.two_bridge_plan#filter).
    type: dict
    required: true
  state:
    description: V(present) or V(absent).
    type: str
    default: present
  loopback:
    description: Bring C(lo) up in the namespaces.
    type: bool
    default: false
  datapath_type:
    description: Datapath type of the bridges; empty leaves it to OVS.
    type: str
    default: ""
  purge_addresses:
    description: Remove the addresses the layout does not list from its devices.
    type: bool
    default: true
  uplink_bridge:
    description: The bridge that takes an uplink (empty for none); addresses on it are never purged.
    type: str
    default: ""
  qdiscs:
    description:
      - Root qdiscs of veth ends of the layout, as a mapping of the end's name to the options of
        M(linuxnet.netns.ns_qdisc) (without C(dev) and C(netns), which the layout gives), or null to
        give the end the kernel's default back. Ends not named are left as they are.
      - A qdisc shapes what its end sends; the link's ends count only in mode C(joined).
    type: dict
    default: {}
  egress:
    description:
      - An interface of the host through which the namespaces reach the outside (empty for none).
        The result then also has C(routes), each namespace's default route through its host end, and
        C(nats), one masquerade of the namespaces' subnets out of that interface (M(linuxnet.netns.ns_nat)).
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: The layout of this host in one call
  linuxnet.netns.topology:
    namespaces: "{{ layout.namespaces }}"
    veths: "{{ layout.veths }}"
    addresses: "{{ layout.addresses }}"
    bridges: "{{ layout.bridges }}"
    ports: "{{ layout.ports }}"
  vars:
    layout: "{{ two_bridge_plan | linuxnet.netns.two_bridge_topology(datapath_type='netdev') }}"
"""

RETURN = r"""
_value:
  description:
    - C(namespaces), C(veths), C(addresses), C(bridges), C(ports), C(qdiscs) (with a Linux bridge C(links),
      with O(egress) C(routes) and C(nats)), lists of the topology module's items.
  type: dict
  sample:
    namespaces: [{name: blue, loopback: false}]
    veths: [{name: veth0, peer: veth1, peer_netns: blue, up: true}]
    addresses: [{dev: veth1, netns: blue, address: [10.0.2.100/24], purge: true, up: true}]
    bridges: [{name: br0, datapath_type: netdev}]
    ports: [{name: veth0, bridge: br0}]
    qdiscs: [{dev: veth1, netns: blue, kind: tbf, rate: 4mbit, burst: 32kb, latency: 50ms}]
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._two_bridge_topology import two_bridge_topology


@filter_failures("two_bridge_topology", NetnsError, TypeError, KeyError)
def two_bridge_topology_filter(plan, state="present", loopback=False, datapath_type="", purge_addresses=True,
                               uplink_bridge="", qdiscs=None, egress=""):
    return two_bridge_topology(plan, state=state, loopback=loopback, datapath_type=datapath_type,
                               purge_addresses=purge_addresses, uplink_bridge=uplink_bridge, qdiscs=qdiscs,
                               egress=egress)


class FilterModule:
    def filters(self):
        return {"two_bridge_topology": two_bridge_topology_filter}
