# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The arguments of ONE linuxnet.netns.topology call that builds or removes a two-bridge layout.

Input: the resolved ``two_bridge_plan`` (see ``_plan.py``) and the two_bridge role's options.
Output: the lists ``namespaces``, ``veths``, ``addresses``, ``bridges``, ``ports`` and ``links``, each
item with exactly the options the role used to give the single module of that name, to be run with
the topology module's ``state: merged`` (removals are items with ``state: absent``), and ``qdiscs``:
the root qdiscs that ``two_bridge_qdiscs`` gives the veth ends (ns_qdisc items). A bridge of
``type: linux`` is a Linux bridge: an item of ``links`` (ns_link, kind bridge) whose ``ports`` are
the veth ends that would otherwise be OVS ports of it.

The order of work is the topology engine's, not this list order: removals first in reverse
dependency order (a port before the veth it sits on, a veth before its namespace, ports before
their bridge), then creations after what they need.
"""

import ipaddress

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_bool, validate_choice

STATES = ("present", "absent")
ABSENT = "absent"


def _address_item(dev, address, purge, netns=None):
    """The ns_addr item of one device of the layout; ``address`` None: the device keeps no global address
    (with purge) or is only brought up."""
    item = {"dev": dev, "address": [address] if address else [], "purge": purge, "up": True}
    if netns is not None:
        item["netns"] = netns
    return item


def _link_present(link, purge):
    """The joining pair, its end addresses and its two ports (mode joined)."""
    veths = [{"name": link["name"], "peer": link["peer"], "up": True}]
    addresses = [_address_item(link["name"], link["address"], purge),
                 _address_item(link["peer"], link["peer_address"], purge)]
    ports = [{"bridge": link["bridge"], "name": link["name"]},
             {"bridge": link["peer_bridge"], "name": link["peer"]}]
    return veths, addresses, ports


def _link_absent(link):
    """The joining pair removed; its ports go first (the engine orders a port before its veth), else
    OVSDB would keep a port row whose interface is gone."""
    veths = [{"name": link["name"], "peer": link["peer"], "state": ABSENT}]
    ports = [{"name": link["name"], "state": ABSENT}, {"name": link["peer"], "state": ABSENT}]
    return veths, ports


def _end_namespaces(plan):
    """veth end name -> its namespace (None: the host's) for every end the layout makes."""
    ends = {}
    for ns in plan["namespaces"]:
        ends[ns["peer"]] = ns["name"]
        ends[ns["veth"]] = None
    link = plan.get("link")
    if link and plan["mode"] == "joined":
        ends[link["name"]] = ends[link["peer"]] = None
    return ends


def _qdiscs(plan, qdiscs):
    """The ns_qdisc items of ``qdiscs`` (veth end -> ns_qdisc options, null: back to the default).
    A qdisc shapes what its end sends: the namespace end (``peer``) shapes the namespace's egress,
    the host end (``veth``) what reaches the namespace. The link's ends count only in mode joined."""
    if qdiscs in (None, ""):
        return []
    if not isinstance(qdiscs, dict):
        raise ValidationError("two_bridge_qdiscs", type(qdiscs).__name__,
                              "must be a mapping of veth ends to ns_qdisc options")
    ends, items = _end_namespaces(plan), []
    link = plan.get("link") or {}
    for end in sorted(qdiscs):
        options = qdiscs[end]
        if end not in ends:
            if end in (link.get("name"), link.get("peer")):
                continue  # the link is removed in mode isolated, its qdiscs with it
            raise ValidationError("two_bridge_qdiscs", end, "is not a veth end of the layout (one of: %s)"
                                  % ", ".join(sorted(ends)))
        if options is not None and not isinstance(options, dict):
            raise ValidationError("two_bridge_qdiscs.%s" % end, options, "must be ns_qdisc options or null")
        item = dict(options or {"state": ABSENT}, dev=end)
        if ends[end] is not None:
            item["netns"] = ends[end]
        items.append(item)
    return items


def _present(plan, loopback, datapath_type, purge, uplink_bridge):
    namespaces = plan["namespaces"]
    bridge_item = {"datapath_type": datapath_type} if datapath_type else {}
    topology = {
        "namespaces": [{"name": ns["name"], "loopback": loopback} for ns in namespaces],
        "bridges": [dict(bridge_item, name=bridge["name"]) for bridge in plan["bridges"]],
        "veths": [{"name": ns["veth"], "peer": ns["peer"], "peer_netns": ns["name"], "up": True}
                  for ns in namespaces],
        "addresses": ([_address_item(ns["peer"], ns["address"], purge, netns=ns["name"]) for ns in namespaces]
                      + [_address_item(ns["veth"], ns["host_address"], purge) for ns in namespaces]
                      # the uplink bridge also carries the uplink's addresses: never purge those
                      + [_address_item(bridge["name"], bridge["address"], purge and bridge["name"] != uplink_bridge)
                         for bridge in plan["bridges"] if bridge["address"]]),
        "ports": [{"bridge": ns["bridge"], "name": ns["veth"]} for ns in namespaces],
    }
    link = plan.get("link")
    if link:
        if plan["mode"] == "joined":
            veths, addresses, ports = _link_present(link, purge)
            topology["addresses"] += addresses
        else:
            veths, ports = _link_absent(link)
        topology["veths"] += veths
        topology["ports"] += ports
    return topology


def _absent(plan):
    namespaces = plan["namespaces"]
    topology = {
        "namespaces": [{"name": ns["name"], "state": ABSENT} for ns in namespaces],
        "bridges": [{"name": bridge["name"], "state": ABSENT} for bridge in plan["bridges"]],
        "veths": [{"name": ns["veth"], "peer": ns["peer"], "peer_netns": ns["name"], "state": ABSENT}
                  for ns in namespaces],
        "addresses": [],
        "ports": [{"name": ns["veth"], "state": ABSENT} for ns in namespaces],
        "qdiscs": [],  # a qdisc goes with its veth
    }
    if plan.get("link"):
        veths, ports = _link_absent(plan["link"])
        topology["veths"] = veths + topology["veths"]
        topology["ports"] = ports + topology["ports"]
    return topology


def linux_bridges(plan, topology):
    """``topology`` with each Linux bridge of the plan as a ``links`` item holding its ports, in place
    of its OVS bridge and port items (no ``links`` at all without one: the OVS layout is as before)."""
    linux = [bridge["name"] for bridge in plan["bridges"] if bridge.get("type") == "linux"]
    if not linux:
        return topology
    on_linux = set(ns["veth"] for ns in plan["namespaces"] if ns["bridge"] in linux)
    link = plan.get("link") or {}
    on_linux.update(link[end] for end, bridge in (("name", "bridge"), ("peer", "peer_bridge"))
                    if link and link[bridge] in linux)
    removing = any(item.get("state") == ABSENT for item in topology["bridges"])
    topology["links"] = []
    for name in linux:
        if removing:
            topology["links"].append({"name": name, "kind": "bridge", "state": ABSENT})
            continue
        ports = sorted(port["name"] for port in topology["ports"]
                       if port.get("bridge") == name and port.get("state") != ABSENT)
        topology["links"].append({"name": name, "kind": "bridge", "ports": ports})
    topology["bridges"] = [item for item in topology["bridges"] if item["name"] not in linux]
    topology["ports"] = [item for item in topology["ports"] if item["name"] not in on_linux]
    return topology


def _egress(plan, state, egress):
    """``routes`` and ``nats``: with ``egress`` (an interface of the host), each namespace's default
    route through its host end and one masquerade of the namespaces' IPv4 subnets out of ``egress``;
    removed, the table goes (the routes go with their namespaces)."""
    if not egress:
        return {"routes": [], "nats": []}
    validate_ifname("two_bridge_egress", egress)
    if state == ABSENT:
        return {"routes": [], "nats": [{"state": ABSENT}]}
    namespaces = plan["namespaces"]
    routes = [{"netns": ns["name"], "dest": "default", "gateway": ns["host_address"].split("/")[0]}
              for ns in namespaces if ns.get("host_address")]
    subnets = []
    for ns in namespaces:
        network = ipaddress.ip_interface(ns["address"]).network if ns.get("address") else None
        if network is not None and network.version == 4 and str(network) not in subnets:
            subnets.append(str(network))
    masquerade = [{"source": subnet, "out_interface": egress} for subnet in subnets]
    return {"routes": routes, "nats": [{"masquerade": masquerade}]}


def two_bridge_topology(plan, state="present", loopback=False, datapath_type="", purge_addresses=True,
                        uplink_bridge="", qdiscs=None, egress=""):
    """``{namespaces, veths, addresses, bridges, ports, qdiscs}`` and, with a Linux bridge, ``links``, and,
    with ``egress``, ``routes`` and ``nats``, for the topology module (state merged).

    ``state`` present builds the layout of ``plan`` (its ``mode`` says whether the link is made or
    removed); absent removes every object of it. ``uplink_bridge``: the bridge that takes an uplink
    ("" for none); its address is added but other addresses on it are never purged. ``qdiscs``:
    veth end -> ns_qdisc options or null (see ``_qdiscs``). ``egress``: the host's interface the
    namespaces reach the outside through (masqueraded), "" for none.
    """
    validate_choice("two_bridge_state", state, STATES, required=True)
    if not isinstance(plan, dict) or not all(key in plan for key in ("mode", "namespaces", "bridges", "link")):
        raise ValidationError("two_bridge_plan", type(plan).__name__,
                              "is not a plan made by the two_bridge_plan filter (mode, namespaces, bridges, link)")
    extra = _egress(plan, state, egress) if egress else {}
    if state == ABSENT:
        return dict(linux_bridges(plan, _absent(plan)), **extra)
    loopback = validate_bool("two_bridge_loopback", loopback, required=True, text=True)
    purge_addresses = validate_bool("two_bridge_purge_addresses", purge_addresses, required=True, text=True)
    topology = _present(plan, loopback, datapath_type or "", purge_addresses, uplink_bridge or "")
    topology["qdiscs"] = _qdiscs(plan, qdiscs)
    return dict(linux_bridges(plan, topology), **extra)
