# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kinds of objects of a topology: one file each (``kind_*.py``, see kind.py), listed here.

The order of KINDS is the order of the topology module's list options (its argument spec, the
result's ``before``/``after``/``counts``, ``gathered``). The order of work does not follow it: it
is derived from what each object provides and requires, with ties broken by each kind's ``rank``
(namespaces 0, veths 10, links 12, vxlans 15, bridges 20, ports 30, addresses 40, routes 50, qdiscs 55,
nats 60).

Each kind is imported by name (not discovered): AnsiballZ ships only the files a module imports.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_address import AddressKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_bridge import BridgeKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_link import LinkKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_nat import NatKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_netns import NamespaceKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_port import PortKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_qdisc import QdiscKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_route import RouteKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_veth import VethKind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_vxlan import VxlanKind

KINDS = (NamespaceKind(), VethKind(), AddressKind(), RouteKind(), BridgeKind(), PortKind(), VxlanKind(), LinkKind(),
         QdiscKind(), NatKind())
KIND_BY_OPTION = dict((kind.option, kind) for kind in KINDS)
OPTIONS = tuple(kind.option for kind in KINDS)
LINK_KINDS = frozenset(link_kind for kind in KINDS for link_kind in kind.link_kinds)
