# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: overlay_plan
short_description: The tunnels one host needs for a full-mesh overlay between the hosts of a play
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Takes the endpoints of every host of the play (type and underlay address) and returns, for
    O(host), how its bridge is joined to every other host whose type is not C(none).
  - C(method) C(kernel) is one kernel vxlan link with every peer in its flood list, attached to the
    bridge as a plain port; C(ovs) is one protected Open vSwitch tunnel port per peer. With
    O(method=auto) the datapath decides (see the overlay role's README).
  - Refuses, naming the variable, what cannot work (gre on the netdev datapath without userspace
    tunnelling, hosts of one overlay with different types, two hosts with one underlay address).
  - This is the plan of the overlay role.
options:
  _input:
    description: Endpoints by host name, each a dictionary with C(type) (none, vxlan, gre) and C(address).
    type: dict
    required: true
  host:
    description: The host to plan for (a key of O(_input)).
    type: str
    required: true
  method:
    description: V(auto), V(ovs) or V(kernel).
    type: str
    default: auto
  datapath:
    description: Datapath type of the bridge, V(system) or V(netdev); empty is V(system).
    type: str
    default: ""
  bridge:
    description: The bridge joined across hosts.
    type: str
    default: br0
  vni:
    description: VXLAN network identifier.
    type: int
    default: 4242
  key:
    description: GRE key (0 for none).
    type: int
    default: 4242
  dst_port:
    description: UDP port of vxlan.
    type: int
    default: 4789
  prefix:
    description: Prefix of the tunnel port names (1-5 lower-case letters and digits).
    type: str
    default: ovl
  vxlan_name:
    description: Name of the kernel vxlan link.
    type: str
    default: ovl-vxlan
  underlay_device:
    description: Device holding the underlay address; empty, found in O(links).
    type: str
    default: ""
  underlay_mtu:
    description: MTU of the underlay; 0, that of the underlay device (1500 when unknown).
    type: int
    default: 0
  mtu:
    description: MTU of the devices behind the bridge; 0, the underlay MTU minus the tunnel overhead.
    type: int
    default: 0
  underlay_bridge:
    description: OVS bridge that takes over the underlay device for userspace tunnelling (netdev only).
    type: str
    default: ""
  links:
    description: The host's links as the netns_info module returns them (C(netns_info.host.links)).
    type: dict
  ports:
    description: Names of the ports the bridge has now; those of the tunnel name pattern that no peer needs are stale.
    type: list
    elements: str
  two_bridge_plan:
    description: The two_bridge role's fact C(two_bridge_plan); its veth pairs follow the overlay MTU.
    type: dict
  veths:
    description: More veth pairs (C(name), C(peer), optional C(netns), C(peer_netns)) that follow the overlay MTU.
    type: list
    elements: dict
  links_behind:
    description:
      - Items of M(linuxnet.netns.ns_link) (at least C(name) and C(kind)) behind the bridge that follow
        the overlay MTU, less 4 bytes for a C(vlan) (its tag).
    type: list
    elements: dict
"""

EXAMPLES = r"""
- name: Plan the tunnels of this host
  ansible.builtin.set_fact:
    plan: >-
      {{ {'h1': {'type': 'vxlan', 'address': '192.0.2.11'}, 'h2': {'type': 'vxlan', 'address': '192.0.2.12'}}
         | linuxnet.netns.overlay_plan('h1', datapath='netdev') }}
"""

RETURN = r"""
_value:
  description:
    - C(type), C(method) (none, kernel, ovs), C(datapath), C(bridge), C(local), C(device), C(remotes)
      (peers' addresses), C(underlay_mtu), C(overhead), C(mtu);
    - C(vxlan) (the kernel link's name, vni, dstport, local, device, remotes) or null;
    - C(ports) (OVS tunnel ports, each C(name), C(type), C(remote), C(options));
    - C(stale_ports) (ports of the name pattern to remove) and C(underlay_move) (C(device),
      C(bridge)) or null;
    - C(port_items), the tunnel ports (protected, C(external_ids) naming the remote) and the removal
      of the stale ones, as the O(linuxnet.netns.topology#module:ports) of one topology call;
    - C(mtu_veths), the veth pairs (C(name), C(peer), C(netns), C(peer_netns)) whose MTU follows the
      overlay; pairs that should start on the host but are not there are left out;
    - C(mtu_links), each item of O(links_behind) as C(link) with C(less), the bytes its kind takes
      off the overlay MTU (4 for a vlan, else 0).
  type: dict
  sample:
    type: vxlan
    method: kernel
    remotes: [192.0.2.12]
    mtu: 1450
    vxlan: {name: ovl-vxlan, vni: 4242, dstport: 4789, local: 192.0.2.11, device: eth0, remotes: [192.0.2.12]}
    ports: []
    stale_ports: []
    port_items: []
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay import overlay_plan


@filter_failures("overlay_plan", NetnsError, TypeError, ValueError)
def overlay_plan_filter(endpoints, host, **kwargs):
    return overlay_plan(endpoints, host, **kwargs)


class FilterModule:
    def filters(self):
        return {"overlay_plan": overlay_plan_filter}
