# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a namespace's NAT, written once: the ns_nat module's (DOCUMENTATION) and those of each
item of the topology module's ``nats`` (TOPOLOGY). Their spec is NS_NAT_SPEC (_kernel/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import topology_list


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  netns:
    description:
      - The namespace whose traffic is translated (where the table lives). Omitted, the host's own namespace.
    type: str
  masquerade:
    description:
      - Source NAT. Packets from C(source) leaving through C(out_interface)
        get that interface's address as their source (rules of chain C(postrouting), in this order).
      - Omitted or empty, nothing is masqueraded.
    type: list
    elements: dict
    suboptions:
      source:
        description: The IPv4 network translated, such as C(10.0.2.0/24) (no host bits; a bare address is one host).
        type: str
        required: true
      out_interface:
        description: The interface the packets leave through; it must exist in O(netns).
        type: str
        required: true
  forwards:
    description:
      - Port forwards (destination NAT). Packets to port C(port) of any address of O(netns),
        coming in through C(in_interface) when given, go to C(to) (rules of chain
        C(prerouting), in this order; the first that matches wins).
      - Omitted or empty, nothing is forwarded.
    type: list
    elements: dict
    suboptions:
      protocol:
        description: The transport protocol.
        type: str
        choices: [tcp, udp]
        default: tcp
      port:
        description: The destination port (1-65535), or a range as a string C("5000-5010").
        type: raw
        required: true
      to:
        description: The IPv4 address the packets are sent on to.
        type: str
        required: true
      to_port:
        description: The port they are sent on to (1-65535). Omitted, the same port.
        type: int
      in_interface:
        description: Only packets coming in through this interface (it must exist in O(netns)). Omitted, any.
        type: str
  forwarding:
    description:
      - V(true) sets C(net.ipv4.ip_forward) to 1 in O(netns), which both kinds of rules need to pass
        traffic on. V(false) leaves it as it is. Neither O(state=absent) nor V(false) ever turns it off.
    type: bool
    default: true
  state:
    description:
      - C(present) makes the table hold exactly the listed rules.
      - C(absent) deletes the table; every other table is left alone.
    type: str
    choices: [present, absent]
    default: present
"""


# The topology module's ``nats``: the same options, as the sub-options of each item.
ModuleDocFragment.TOPOLOGY = topology_list(
    "nats", [
        "NAT of a namespace (masquerades, port forwards, forwarding); each item takes the options of"
        " M(linuxnet.netns.ns_nat), the table being that of the module's O(owner).",
        "The rules are set after the namespace and the interfaces they name.",
    ],
    ModuleDocFragment.DOCUMENTATION)
