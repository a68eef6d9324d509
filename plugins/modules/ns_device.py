#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: ns_device
short_description: Move an existing device (a physical NIC) into a network namespace and back, keeping its addresses and routes
version_added: 0.1.0
description:
  - Makes the existing device O(name) live in namespace O(netns) (omitted, the host's own). It is
    looked for in O(from_netns), or, without it, in the host's namespace and every named one.
  - The kernel drops the addresses and routes of a device that changes namespace, and downs it. The
    module reads them first and puts them back in the new namespace - the state, every address but
    IPv6 link-local ones (the kernel makes those again), and every route through the device but
    those the kernel derives from its addresses (added as static routes).
  - Refused unless O(force) - moving the device that carries the default route of its namespace,
    or, in the namespace the module runs in, the device of the SSH connection the module runs over
    (read from C(SSH_CONNECTION) - the device holding the server address or routing to the client).
  - A device in none of those namespaces may be in a namespace deleted while a process still holds
    it (C(ip netns delete) removes only the name). The device comes back only when that process
    exits (a physical NIC to the machine's first namespace). The module waits O(wait) seconds for
    it and then fails saying so; it never waits longer.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN
notes:
  - A target namespace that does not exist is an error in a real run; in check mode it is a warning.
  - Devices that cannot change namespace (the kernel marks some, such as C(lo) and bridges with ports
    elsewhere, C(netns-local)) are refused by the kernel; the error is reported.
seealso:
  - module: linuxnet.netns.ns_link
  - module: linuxnet.netns.netns
options:
  name:
    description: The device to move (an interface name, at most 15 bytes). It must exist.
    type: str
    required: true
  netns:
    description: The namespace the device is to be in. Omitted, the host's own (moving it back).
    type: str
  from_netns:
    description:
      - The namespace to take the device from. Omitted, the device is looked for in the host's
        namespace and every named one, and must be in exactly one of them.
    type: str
  force:
    description: Move the device even when it carries the default route or the SSH connection of the module.
    type: bool
    default: false
  wait:
    description: How long (seconds, 0-600) to wait for a device found in no namespace to come back.
    type: int
    default: 5
extends_documentation_fragment:
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: Give the second NIC to namespace lab, with its addresses and routes
  linuxnet.netns.ns_device:
    name: enp2s0
    netns: lab

- name: And back to the host
  linuxnet.netns.ns_device:
    name: enp2s0
"""

RETURN = r"""
device:
  description: The device after the run (what check mode predicts).
  returned: always
  type: dict
  contains:
    name:
      description: Device name.
      type: str
    netns:
      description: Its namespace; null is the host's own.
      type: str
    addresses:
      description: Its addresses (CIDR), sorted, without IPv6 link-local ones.
      type: list
      elements: str
    routes:
      description: The routes through it that are carried over, each with C(dest), C(gateway), C(metric), C(table).
      type: list
      elements: dict
    up:
      description: Whether it is administratively up.
      type: bool
  sample:
    name: enp2s0
    netns: lab
    addresses: [192.0.2.10/24]
    routes: [{dest: 198.51.100.0/24, gateway: 192.0.2.1, metric: 0, table: 254}]
    up: true
before:
  description: The device as found (same keys as RV(device)), with C(refused) listing what forbids the move without O(force).
  returned: always
  type: dict
after:
  description: Same as RV(device).
  returned: always
  type: dict
changes:
  description: The move, when there is one, with C(from), C(to), C(addresses) and C(routes).
  returned: always
  type: list
  elements: dict
  sample: [{"action": "move", "kind": "device", "name": "enp2s0", "from": null, "to": "lab",
            "addresses": ["192.0.2.10/24"], "routes": []}]
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

from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.device import DeviceResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_DEVICE_SPEC


def main():
    module = AnsibleModule(argument_spec=NS_DEVICE_SPEC, supports_check_mode=True)
    run_resource_module(module, DeviceResource, netlink_backend, result_key="device")


if __name__ == "__main__":
    main()
