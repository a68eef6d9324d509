#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: ns_nat
short_description: Give a network namespace egress (masquerade) and port forwards (DNAT) with nftables
version_added: 0.1.0
description:
  - Manages the nftables table C(ip linuxnet_OWNER) in O(netns), the owner's own table, with masquerades
    out of an interface, port forwards to an address, and the forwarding sysctl.
  - The table is replaced whole, in one nftables transaction, when it differs from what is asked; it is
    compared with what is asked through nftables' JSON (its C(list ruleset)), by libnftables' JSON API. A rule added to it by
    hand is reported as C(unrecognised) and replaced.
  - Every other table is left alone. A forward chain of another table whose policy is C(drop) (as
    Docker's is) is reported as a warning, since our table cannot accept what that chain drops.
  - A namespace's egress is a masquerade in the namespace that routes its traffic out (the host's own,
    usually) from the namespace's subnet out of the uplink interface; see the guide C(docs/nat.md).
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - nftables on the managed host (its library C(libnftables.so.1), else the C(nft) command), and the kernel's nf_tables NAT
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN
notes:
  - Only IPv4 (the table is of family C(ip)).
  - A forward applies to packets that come in from outside (chain prerouting), not to connections
    made from O(netns) itself to its own address.
  - A namespace or interface that does not exist is an error in a real run, before anything is changed;
    in check mode it is a warning and the creation is reported.
seealso:
  - module: linuxnet.netns.topology
  - module: linuxnet.netns.ns_route
options:
  owner:
    description: The owner whose table this is (C(linuxnet_OWNER)); letters, digits and C(_ . + -).
    type: str
    default: linuxnet
extends_documentation_fragment:
  - linuxnet.netns.ns_nat
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: Namespaces behind veth0 (10.0.2.0/24) reach the world through eth0; port 8080 goes to blue
  linuxnet.netns.ns_nat:
    masquerade:
      - source: 10.0.2.0/24
        out_interface: eth0
    forwards:
      - port: 8080
        in_interface: eth0
        to: 10.0.2.100
        to_port: 80
      - protocol: udp
        port: "5000-5010"
        to: 10.0.2.100

- name: Remove that NAT (ip_forward is left as it is)
  linuxnet.netns.ns_nat:
    state: absent
"""

RETURN = r"""
nat:
  description: The table after the run (what check mode predicts); null when absent.
  returned: always
  type: dict
  contains:
    netns:
      description: Its namespace; null is the host's own.
      type: str
    table:
      description: The name of the table (family C(ip)).
      type: str
    masquerade:
      description: The masquerades, in order, normalised.
      type: list
      elements: dict
    forwards:
      description: The port forwards, in order, normalised (a range of ports as C("LOW-HIGH")).
      type: list
      elements: dict
    forwarding:
      description: Whether C(net.ipv4.ip_forward) is on.
      type: bool
  sample:
    netns: null
    table: linuxnet_linuxnet
    masquerade: [{"source": "10.0.2.0/24", "out_interface": "eth0"}]
    forwards: [{"protocol": "tcp", "port": 8080, "to": "10.0.2.100", "to_port": 80, "in_interface": "eth0"}]
    forwarding: true
before:
  description: >-
    The table as found (same keys as RV(nat)), null when absent; with C(unrecognised) listing what is
    in it that this module did not put there.
  returned: always
  type: dict
after:
  description: Same as RV(nat).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done, in order. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "create", "kind": "nat", "name": "linuxnet_linuxnet", "masquerade": [], "forwards": []}]
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
from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import with_connection
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.nat import NatResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_NAT_OWNER_SPEC, NS_NAT_SPEC


def main():
    module = AnsibleModule(
        argument_spec=with_connection(NS_NAT_SPEC, NS_NAT_OWNER_SPEC),
        supports_check_mode=True,
    )
    run_resource_module(module, NatResource, netlink_backend, result_key="nat")


if __name__ == "__main__":
    main()
