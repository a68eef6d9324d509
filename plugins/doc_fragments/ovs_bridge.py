# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of an Open vSwitch bridge, written once: the ovs_bridge module's (DOCUMENTATION) and those
of each item of the topology module's ``bridges`` (TOPOLOGY). Their spec is OVS_BRIDGE_SPEC
(_ovs/specs.py). The map columns are the ovs_maps fragment's."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import topology_list
from ansible_collections.linuxnet.netns.plugins.doc_fragments.ovs_maps import ModuleDocFragment as OvsMaps


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  name:
    description: Bridge name (an interface name, at most 15 bytes of letters, digits, C(_ . + -)).
    type: str
    required: true
  state:
    description: Whether the bridge exists. V(absent) removes it with all its ports.
    type: str
    choices: [present, absent]
    default: present
  datapath_type:
    description:
      - V(system) (kernel datapath) or V(netdev) (userspace datapath, no kernel module needed).
      - When not given, the bridge keeps its datapath type (a new bridge gets Open vSwitch's default, V(system)).
    type: str
    choices: [system, netdev]
  fail_mode:
    description: Behaviour without a controller. Not given leaves it as it is.
    type: str
    choices: [standalone, secure]
  stp:
    description: Enable the spanning tree protocol on the bridge. Not given leaves it as it is.
    type: bool
  protocols:
    description: OpenFlow versions the bridge speaks, for example V(OpenFlow13). An empty list restores the default.
    type: list
    elements: str
  controller:
    description:
      - OpenFlow controller targets (C(tcp:IP:PORT), C(ssl:IP:PORT), C(unix:FILE), C(ptcp:PORT), C(pssl:PORT), C(punix:FILE)).
      - An empty list removes every controller. Not given leaves them as they are.
    type: list
    elements: str
  mtu:
    description: MTU requested for the bridge's own internal port (Interface C(mtu_request)).
    type: int
"""


# The topology module's ``bridges``: the same options (and the map columns), as the sub-options of each item.
ModuleDocFragment.TOPOLOGY = topology_list(
    "bridges",
    "Open vSwitch bridges; each item takes the options of M(linuxnet.netns.ovs_bridge) but"
    " O(linuxnet.netns.ovs_bridge#module:db): the database is the module option O(db) here.",
    ModuleDocFragment.DOCUMENTATION, OvsMaps.DOCUMENTATION)
