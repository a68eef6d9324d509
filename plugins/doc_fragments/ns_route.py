# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a route, written once: the ns_route module's (DOCUMENTATION) and those of each item of
the topology module's ``routes`` (TOPOLOGY). Their spec is NS_ROUTE_SPEC (_kernel/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import resource_fragment

OPTIONS = r"""
netns:
  description: The namespace. Omitted, the host's own namespace.
  type: str
dest:
  description:
    - Destination in CIDR form (C(10.1.0.0/16), C(fd00:1::/64)) or C(default).
    - A bare address is a host route. Host bits set under the prefix are an error.
    - C(default) is C(0.0.0.0/0), or C(::/0) when O(gateway) is an IPv6 address.
  type: str
  required: true
state:
  description:
    - C(present) adds or reconciles the route; C(absent) removes it. A route, namespace or device that
      does not exist is not a change for C(absent).
  type: str
  choices: [present, absent]
  default: present
gateway:
  description:
    - Next hop address, of the same IP version as O(dest).
    - Omitted, the route is on-link through O(dev) (and an existing gateway is removed).
  type: str
dev:
  description:
    - Output device. Required when O(gateway) is omitted.
    - Omitted with a gateway, the kernel picks the device and it is not compared.
  type: str
metric:
  description: Route metric (priority). Omitted, the kernel's default (0 for IPv4, 1024 for IPv6).
  type: int
table:
  description: Routing table id. Omitted, the main table (254). The local table (255) is refused.
  type: int
"""


ModuleDocFragment = resource_fragment(
    "routes", "Routes; each item takes the options of M(linuxnet.netns.ns_route).", OPTIONS)
