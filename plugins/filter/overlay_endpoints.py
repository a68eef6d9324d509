# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: overlay_endpoints
short_description: The tunnel endpoints of every member of an overlay, from the inventory
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Returns, for every host of the inventory group O(group), its tunnel endpoint (C(type), C(address),
    C(source)), whether or not the host is in this run (C(serial) batches, C(--limit)). This is the input
    of P(linuxnet.netns.overlay_plan#filter) in the overlay role.
  - A member's endpoint is the fact C(overlay_endpoint) it published (in this run, or in an earlier run
    kept by a fact cache; C(source=fact)); else its inventory variables (C(source=inventory)) give the
    address (C(overlay_underlay_address), else C(ansible_host), else its inventory name) and the type
    (C(overlay_type), else C(two_bridge_overlay), else O(default_type)).
  - Refuses, naming the host and what to set, a member whose address is not an IP address, a group
    that is not in the inventory, and a group that does not hold O(host).
options:
  _input:
    description: Ansible's C(groups) (the whole inventory).
    type: dict
    required: true
  group:
    description: The inventory group whose members form the mesh.
    type: str
    required: true
  hostvars:
    description: Ansible's C(hostvars).
    type: dict
    required: true
  host:
    description: The host that plans (C(inventory_hostname)); it must be a member.
    type: str
    required: true
  default_type:
    description: The type of a member that neither published an endpoint nor sets one in the inventory.
    type: str
    default: none
  endpoint:
    description:
      - The endpoint of O(host) (C(type), C(address)); omitted, the fact C(overlay_endpoint) it published.
    type: dict
"""

EXAMPLES = r"""
- name: The endpoints of every host of the group lab
  ansible.builtin.debug:
    msg: "{{ groups | linuxnet.netns.overlay_endpoints('lab', hostvars, inventory_hostname, 'vxlan') }}"
"""

RETURN = r"""
_value:
  description:
    - By member, C(type) (none, vxlan, gre), C(address) (null for none) and C(source) (fact or inventory).
  type: dict
  sample:
    lab1: {type: vxlan, address: 192.168.250.11, source: fact}
    lab2: {type: vxlan, address: 192.168.250.12, source: inventory}
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay_mesh import mesh_endpoints


@filter_failures("overlay_endpoints", NetnsError, TypeError, ValueError)
def overlay_endpoints_filter(groups, group, hostvars, host, default_type="none", endpoint=None):
    return mesh_endpoints(groups, group, hostvars, host, default_type, endpoint)


class FilterModule:
    def filters(self):
        return {"overlay_endpoints": overlay_endpoints_filter}
