# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: reachability_matrix
short_description: Expected reachability between the namespaces of two-bridge hosts
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - From the two_bridge plans of the hosts of a play, lists for each namespace of O(host) every other
    namespace's address and whether it should answer.
  - On one host, namespaces on the same bridge reach each other; in mode V(joined) the link's two
    bridges are one segment, in V(isolated) they are not.
  - Across hosts (only when the overlay is not V(none)), a namespace reaches another host's namespace
    when both bridges are on the segment of a bridge listed in C(overlay_bridges) on both hosts.
options:
  _input:
    description: "A dictionary C(inventory_hostname) -> C(two_bridge_plan) fact for the hosts of the play."
    type: dict
    required: true
  host:
    description: The host whose namespaces are the sources.
    type: str
    required: true
  cross_host:
    description: Add the pairs towards the other hosts' namespaces.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: What this host's namespaces should reach
  ansible.builtin.set_fact:
    matrix: "{{ plans | linuxnet.netns.reachability_matrix(inventory_hostname) }}"
"""

RETURN = r"""
_value:
  description: A list of C({from, to, expect, to_host, to_netns}).
  type: list
  elements: dict
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._plan import reachability_matrix


@filter_failures("reachability_matrix", NetnsError, TypeError, KeyError, ValueError)
def reachability_matrix_filter(plans, host, cross_host=True):
    return reachability_matrix(plans, host, cross_host=bool(cross_host))


class FilterModule:
    def filters(self):
        return {"reachability_matrix": reachability_matrix_filter}
