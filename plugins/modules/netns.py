#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: netns
short_description: Manage a named Linux network namespace
version_added: 0.1.0
description:
  - Creates or removes a named network namespace (the kind C(ip netns add) makes, a file under
    C(/run/netns)), brings its loopback device up and sets C(net.*) sysctls inside it.
  - Talks netlink through the collection's own codec; no C(ip) command is run.
  - Looking at a namespace never creates it.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (to enter namespaces), on the managed host
notes:
  - Removing a namespace that a process still uses (for example a shell started with C(ip netns exec))
    removes its name; the kernel destroys it, and its links, when the last user goes.
seealso:
  - module: linuxnet.netns.veth
  - module: linuxnet.netns.netns_info
extends_documentation_fragment:
  - linuxnet.netns.netns
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: A namespace with IPv4 forwarding
  linuxnet.netns.netns:
    name: blue
    sysctls:
      net.ipv4.ip_forward: 1

- name: Remove it, with every link inside
  linuxnet.netns.netns:
    name: blue
    state: absent
"""

RETURN = r"""
netns:
  description: The namespace after the run (what check mode predicts); null when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the namespace.
      type: str
    loopback_up:
      description: Whether C(lo) is up.
      type: bool
    sysctls:
      description: The requested sysctls and their values.
      type: dict
    links:
      description: Links inside the namespace, each with C(name), C(kind) and, for a veth, C(peer) (C(name), C(netns); a null C(netns) is the host's own).
      type: list
      elements: dict
  sample:
    name: blue
    loopback_up: true
    sysctls: {"net.ipv4.ip_forward": "1"}
    links: [{"name": "lo", "kind": null}]
before:
  description: The namespace as found (same keys as RV(netns)); null when it did not exist.
  returned: always
  type: dict
after:
  description: Same as RV(netns).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done, in order. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "create", "kind": "netns", "name": "blue"}]
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

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import NetnsResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NETNS_SPEC


def main():
    module = AnsibleModule(argument_spec=NETNS_SPEC, supports_check_mode=True)
    run_resource_module(module, NetnsResource, netlink_backend, result_key="netns")


if __name__ == "__main__":
    main()
