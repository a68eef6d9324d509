# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of an Open vSwitch port, written once: the ovs_port module's (DOCUMENTATION) and those of
each item of the topology module's ``ports`` (TOPOLOGY). Their spec is OVS_PORT_SPEC (_ovs/specs.py).
The map columns are the ovs_maps fragment's."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import topology_list
from ansible_collections.linuxnet.netns.plugins.doc_fragments.ovs_maps import ModuleDocFragment as OvsMaps


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  bridge:
    description:
      - Bridge the port belongs to. Required with O(state=present).
      - In check mode a bridge that does not exist yet is a warning (an earlier task would create it); in a real run it is an error.
    type: str
  name:
    description: Port (and interface) name, at most 15 bytes of letters, digits, C(_ . + -).
    type: str
    required: true
  state:
    description: Whether the port exists. V(absent) removes it from whichever bridge holds it.
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - Interface type. A new port is created as V(system) (an existing network device) when not given.
      - When not given for an existing port, its type and options are left as they are.
      - A new type replaces the whole O(options) map.
    type: str
    choices: [system, internal, patch, vxlan, gre, geneve]
  options:
    description:
      - Interface options, checked per O(type) (which must then be given). The whole map is managed.
      - V(patch) needs C(peer). V(vxlan), V(gre) and V(geneve) need C(remote_ip) (an IP address or C(flow)) and accept
        C(local_ip), C(key), C(in_key), C(out_key), C(tos), C(ttl), C(df_default), C(csum), C(egress_pkt_mark),
        C(packet_type), and C(dst_port) (vxlan, geneve), C(exts) (vxlan). V(system) and V(internal) take none.
    type: dict
  tag:
    description: Access VLAN (0-4095). Not given leaves the tag as it is.
    type: int
  trunks:
    description: VLANs (0-4095) the port trunks. An empty list clears them. Not given leaves them as they are.
    type: list
    elements: int
  vlan_mode:
    description: VLAN mode of the port.
    type: str
    choices: [access, trunk, native-tagged, native-untagged]
  protected:
    description:
      - Whether the port is protected (the Port column C(protected)). Open vSwitch never forwards a packet from
        one protected port of a bridge to another; a protected port still reaches every unprotected one. Tunnel
        ports of a full mesh use this as split horizon.
      - V(false) clears it. Not given leaves it as it is.
    type: bool
  mtu_request:
    description: MTU requested for the interface.
    type: int
  ofport_request:
    description: OpenFlow port number requested for the interface (1-65279).
    type: int
"""


# The topology module's ``ports``: the same options (and the map columns), as the sub-options of each item.
ModuleDocFragment.TOPOLOGY = topology_list(
    "ports",
    "Open vSwitch ports; each item takes the options of M(linuxnet.netns.ovs_port) but"
    " O(linuxnet.netns.ovs_port#module:db): the database is the module option O(db) here.",
    ModuleDocFragment.DOCUMENTATION, OvsMaps.DOCUMENTATION)
