#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: ns_addr
short_description: Manage the IP addresses of a device inside a network namespace
version_added: 0.1.0
description:
  - Adds (and with O(purge) removes) IPv4 and IPv6 addresses of one device, in a named network
    namespace or the host's own, and brings the device up.
  - Addresses are normalised before they are compared, so C(10.0.2.100/255.255.255.0) and
    C(10.0.2.100/24) are the same address.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (to enter namespaces), on the managed host
notes:
  - A missing namespace or device is an error in a real run; in check mode it is a warning and the
    additions are reported.
seealso:
  - module: linuxnet.netns.veth
  - module: linuxnet.netns.ns_route
extends_documentation_fragment:
  - linuxnet.netns.ns_addr
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: Address veth1 inside blue
  linuxnet.netns.ns_addr:
    netns: blue
    dev: veth1
    address:
      - 10.0.2.100/24
      - fd00:2::100/64

- name: Exactly these addresses (others removed, link-local kept)
  linuxnet.netns.ns_addr:
    netns: blue
    dev: veth1
    address: [10.0.2.100/24]
    purge: true

- name: Remove one address
  linuxnet.netns.ns_addr:
    netns: blue
    dev: veth1
    address: [fd00:2::100/64]
    state: absent
"""

RETURN = r"""
ns_addr:
  description: The device's addresses after the run (what check mode predicts).
  returned: always
  type: dict
  contains:
    dev:
      description: The device.
      type: str
    netns:
      description: Its namespace; null is the host's own.
      type: str
    up:
      description: Whether the device is administratively up.
      type: bool
    addresses:
      description: Every address of the device, normalised, sorted (IPv4 first).
      type: list
      elements: str
  sample: {"dev": "veth1", "netns": "blue", "up": true, "addresses": ["10.0.2.100/24"]}
before:
  description: The device as found (same keys as RV(ns_addr)); null when it did not exist.
  returned: always
  type: dict
after:
  description: Same as RV(ns_addr).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done, in order. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "add", "kind": "address", "name": "10.0.2.100/24 on veth1@blue", "address": "10.0.2.100/24"}]
diff:
  description: RV(before) and RV(after) as structured data.
  returned: when diff mode is on
  type: dict
missing:
  description: In check mode, the object whose absence was assumed to be fixed by an earlier task.
  returned: when something needed was missing in check mode
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.address import AddressResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_ADDR_SPEC


def main():
    module = AnsibleModule(argument_spec=NS_ADDR_SPEC, supports_check_mode=True)
    run_resource_module(module, AddressResource, netlink_backend, result_key="ns_addr")


if __name__ == "__main__":
    main()
