# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of the addresses of one device, written once: the ns_addr module's (DOCUMENTATION) and those
of each item of the topology module's ``addresses`` (TOPOLOGY). Their spec is NS_ADDR_SPEC
(_kernel/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import resource_fragment

OPTIONS = r"""
dev:
  description: The device (interface name).
  type: str
  required: true
netns:
  description: Namespace of the device. Omitted, the host's own namespace.
  type: str
state:
  description:
    - C(present) adds the listed addresses.
    - C(absent) removes the listed addresses (only those). A device or namespace that does not
      exist is not a change.
  type: str
  choices: [present, absent]
  default: present
address:
  description:
    - Addresses in CIDR form (C(10.0.2.100/24), C(fd00::1/64)); a netmask is accepted in place of
      the prefix length. A bare address is a host address (C(/32), C(/128)).
    - The host bits are the address; the network or (IPv4) broadcast address of the prefix, a
      multicast, loopback or unspecified address is rejected.
  type: list
  elements: str
  default: []
purge:
  description:
    - With C(state=present), remove the device's addresses that are not in O(address). IPv6
      link-local addresses (C(fe80::/10)) are always kept.
  type: bool
  default: false
up:
  description:
    - With C(state=present), bring the device up if it is down.
    - V(false) leaves the link state as it is.
  type: bool
  default: true
"""


ModuleDocFragment = resource_fragment(
    "addresses", "Addresses of devices; each item takes the options of M(linuxnet.netns.ns_addr).", OPTIONS)
