# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: overlay_topology
short_description: A host's overlay plan as the lists of one topology call
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Takes the plan of M(linuxnet.netns.overlay_plan#filter) for one host and returns the lists C(vxlans),
    C(ports) and C(veths) of one M(linuxnet.netns.topology) call that applies all of it - the kernel
    vxlan link and its port on the bridge (or their removal when the plan uses none), every tunnel port
    and the removal of stale ones, and the MTU of the veth pairs behind the bridge.
  - This is the overlay role's one task per host.
options:
  _input:
    description: The plan of one host (the result of M(linuxnet.netns.overlay_plan#filter)).
    type: dict
    required: true
  vxlan_name:
    description: Name of the kernel vxlan link, removed when the plan does not use one.
    type: str
    default: ovl-vxlan
  restore_mtu:
    description: MTU given back to the veth pairs when the plan's method is none; 0 leaves them as they are.
    type: int
    default: 1500
"""

EXAMPLES = r"""
- name: The whole overlay of this host in one call
  linuxnet.netns.topology:
    vxlans: "{{ lists.vxlans }}"
    ports: "{{ lists.ports }}"
    veths: "{{ lists.veths }}"
    owner: overlay
  vars:
    lists: "{{ plan | linuxnet.netns.overlay_topology(vxlan_name='ovl-vxlan', restore_mtu=1500) }}"
"""

RETURN = r"""
_value:
  description: The lists C(vxlans), C(ports) and C(veths), each item in the options of its single module.
  type: dict
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay_topology import overlay_topology


@filter_failures("overlay_topology", NetnsError, TypeError, ValueError)
def overlay_topology_filter(plan, vxlan_name="ovl-vxlan", restore_mtu=1500):
    return overlay_topology(plan, vxlan_name=vxlan_name, restore_mtu=restore_mtu)


class FilterModule:
    def filters(self):
        return {"overlay_topology": overlay_topology_filter}
