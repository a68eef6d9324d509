# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: plan_address
short_description: Move an address into one host's block of a shared subnet
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Returns O(_input) plus O(index) times O(stride), with the prefix length of O(subnet).
  - Without O(subnet) the address is returned unchanged (normalised).
  - Fails when the address or the result is outside O(subnet), or the result is the subnet's
    network or broadcast address.
  - This is the address plan of the two_bridge and overlay roles; host I(i) is its place in the
    inventory group (C(groups[two_bridge_host_group].index(inventory_hostname))), whatever C(--limit) and
    C(serial) select.
options:
  _input:
    description: An address with prefix length, for example C(10.0.2.100/24).
    type: str
    required: true
extends_documentation_fragment:
  - linuxnet.netns.address_plan
"""

EXAMPLES = r"""
- name: Blue's address on the second host of the play
  ansible.builtin.debug:
    msg: "{{ '10.0.2.100/24' | linuxnet.netns.plan_address('10.0.0.0/16', 1) }}"  # 10.0.3.100/16
"""

RETURN = r"""
_value:
  description: The planned address with the subnet's prefix length.
  type: str
  sample: 10.0.3.100/16
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures
from ansible_collections.linuxnet.netns.plugins.plugin_utils._plan import plan_address


@filter_failures("plan_address", NetnsError, TypeError, ValueError)
def plan_address_filter(address, subnet=None, index=0, stride=256):
    return plan_address(address, subnet, int(index), int(stride))


class FilterModule:
    def filters(self):
        return {"plan_address": plan_address_filter}
