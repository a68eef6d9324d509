# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: two_bridge_plan
short_description: Resolve a two-bridge layout (names, and addresses after the address plan)
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Validates the two_bridge role's layout and returns it with every address resolved through
    M(linuxnet.netns.plan_address#filter) when O(overlay) is not V(none) (each host of the overlay
    gets its own block of O(subnet)); without an overlay the addresses are used as written.
  - Fails naming the variable and value of a bad entry, or two entries using one address.
options:
  _input:
    description: The namespaces, a list of dictionaries with C(name), C(veth), C(peer), C(address), C(host_address), C(bridge).
    type: list
    elements: dict
    required: true
  bridges:
    description: The bridges, a list of dictionaries with C(name) and C(address) (or null).
    type: list
    elements: dict
    required: true
  link:
    description: The joining veth pair, a dictionary with C(name), C(peer), C(bridge), C(peer_bridge), C(address), C(peer_address).
    type: dict
  mode:
    description: V(joined) or V(isolated).
    type: str
    default: joined
  overlay:
    description: V(none), V(vxlan) or V(gre).
    type: str
    default: none
  overlay_bridges:
    description: Bridges joined to the same-named bridge of the other hosts by the overlay (default the first bridge).
    type: list
    elements: str
extends_documentation_fragment:
  - linuxnet.netns.address_plan
"""

EXAMPLES = r"""
- name: The layout of this host
  ansible.builtin.set_fact:
    layout: "{{ two_bridge_namespaces | linuxnet.netns.two_bridge_plan(two_bridge_bridges, two_bridge_link) }}"
"""

RETURN = r"""
_value:
  description: C(index), C(mode), C(overlay), C(subnet), C(namespaces), C(bridges), C(link), C(overlay_bridges).
  type: dict
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._plan import two_bridge_plan


@filter_failures("two_bridge_plan", NetnsError, TypeError, ValueError, AttributeError)
def two_bridge_plan_filter(namespaces, bridges, link=None, mode="joined", overlay="none", subnet=None,
                           index=0, stride=256, overlay_bridges=None):
    return two_bridge_plan(namespaces, bridges, link, mode=mode, overlay=overlay, subnet=subnet,
                           index=int(index), stride=int(stride), overlay_bridges=overlay_bridges)


class FilterModule:
    def filters(self):
        return {"two_bridge_plan": two_bridge_plan_filter}
