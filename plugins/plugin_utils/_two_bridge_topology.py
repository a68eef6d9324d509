# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The arguments of ONE linuxnet.netns.topology call that builds or removes a two-bridge layout.

Input: the resolved ``two_bridge_plan`` (see ``_plan.py``) and the two_bridge role's options.
Output: the lists ``namespaces``, ``veths``, ``addresses``, ``bridges``, ``ports``, each item with
exactly the options the role used to give the single module of that name, to be run with the
topology module's ``state: merged`` (removals are items with ``state: absent``).

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
    }
    if plan.get("link"):
        veths, ports = _link_absent(plan["link"])
        topology["veths"] = veths + topology["veths"]
        topology["ports"] = ports + topology["ports"]
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
                        uplink_bridge="", egress=""):
    """``{namespaces, veths, addresses, bridges, ports}`` for the topology module (state merged).

    ``state`` present builds the layout of ``plan`` (its ``mode`` says whether the link is made or
    removed); absent removes every object of it. ``uplink_bridge``: the bridge that takes an uplink
    ("" for none); its address is added but other addresses on it are never purged. ``egress``: the
    host's interface the namespaces reach the outside through (masqueraded), "" for none; with it the
    result also has ``routes`` and ``nats``.
    """
    validate_choice("two_bridge_state", state, STATES, required=True)
    if not isinstance(plan, dict) or not all(key in plan for key in ("mode", "namespaces", "bridges", "link")):
        raise ValidationError("two_bridge_plan", type(plan).__name__,
                              "is not a plan made by the two_bridge_plan filter (mode, namespaces, bridges, link)")
    extra = _egress(plan, state, egress) if egress else {}
    if state == ABSENT:
        return dict(_absent(plan), **extra)
    loopback = validate_bool("two_bridge_loopback", loopback, required=True, text=True)
    purge_addresses = validate_bool("two_bridge_purge_addresses", purge_addresses, required=True, text=True)
    return dict(_present(plan, loopback, datapath_type or "", purge_addresses, uplink_bridge or ""), **extra)
