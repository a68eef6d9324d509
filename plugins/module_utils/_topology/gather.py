# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host's current topology in the topology module's own input format (``state: gathered``).

Each entry is ``(item, owner)``: ``item`` takes exactly the options of its single module (so the
result can be fed back), ``owner`` is the owner mark the object carries (None when unmarked).
What is gathered:

- every named namespace (``loopback`` = whether its ``lo`` is up);
- every veth pair whose two ends are found (in the host's namespace or a named one);
- the addresses of the devices of named namespaces, of veth ends and of OVS internal interfaces
  in the host's namespace (not the host's other devices, not loopback or IPv6 link-local ones);
- the static routes of named namespaces (not those the kernel adds for an address);
- every OVS bridge and port (not a bridge's own internal port).
"""

import ipaddress

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.addresses import is_link_local
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner, ovs_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import MAIN_TABLE

RTPROT_BOOT = 3
RTPROT_STATIC = 4


def _spaces(snapshot):
    return [None] + snapshot.namespaces()


def gather_namespaces(snapshot):
    result = []
    for name in snapshot.namespaces():
        lo = snapshot.links(name).get("lo") or {}
        result.append(({"name": name, "loopback": bool(lo.get("up"))}, alias_owner(lo.get("alias"))))
    return result


def gather_veths(snapshot):
    result = []
    seen = set()
    for netns in _spaces(snapshot):
        for record in snapshot.links(netns).records:
            if record.get("kind") != "veth" or (netns, record["ifname"]) in seen:
                continue
            peer = snapshot.peer_of(netns, record)
            if peer is None:
                continue
            peer_ns, peer_record = peer
            seen.update([(netns, record["ifname"]), (peer_ns, peer_record["ifname"])])
            item = {"name": record["ifname"], "netns": netns, "peer": peer_record["ifname"],
                    "peer_netns": peer_ns, "mtu": record.get("mtu"), "up": bool(record.get("up"))}
            owner = alias_owner(record.get("alias")) or alias_owner(peer_record.get("alias"))
            result.append((item, owner))
    return result


def _usable(cidr):
    iface = ipaddress.ip_interface(cidr)
    return not (iface.ip.is_loopback or is_link_local(cidr))


def gather_addresses(snapshot, ovs_interfaces=()):
    result = []
    for netns in _spaces(snapshot):
        addresses = snapshot.addresses(netns)
        for record in snapshot.links(netns).records:
            if netns is None and record.get("kind") != "veth" and record["ifname"] not in ovs_interfaces:
                continue
            cidrs = [cidr for cidr in addresses.get(record["index"], []) if _usable(cidr)]
            if cidrs:
                item = {"dev": record["ifname"], "netns": netns, "address": cidrs, "up": bool(record.get("up"))}
                result.append((item, alias_owner(record.get("alias"))))
    return result


def gather_routes(snapshot):
    result = []
    for netns in snapshot.namespaces():
        for route in snapshot.routes(netns):
            if route.get("protocol") not in (RTPROT_BOOT, RTPROT_STATIC):
                continue
            item = {"netns": netns, "dest": route["dest"], "metric": route["metric"]}
            for key in ("gateway", "dev"):
                if route.get(key):
                    item[key] = route[key]
            if route["table"] != MAIN_TABLE:
                item["table"] = route["table"]
            result.append((item, None))
    return result


def gather_bridges(ovs_state):
    result = []
    for name in sorted(ovs_state.bridges):
        bridge = ovs_state.bridges[name]
        item = {"name": name, "datapath_type": bridge["datapath_type"], "stp": bridge["stp"],
                "external_ids": dict(bridge["external_ids"]), "other_config": dict(bridge["other_config"])}
        for key in ("fail_mode",):
            if bridge.get(key) is not None:
                item[key] = bridge[key]
        for key in ("protocols", "controller"):
            if bridge.get(key):
                item[key] = list(bridge[key])
        mtu = ovs_state.interfaces.get(name, {}).get("mtu_request")
        if mtu is not None:
            item["mtu"] = mtu
        result.append((item, ovs_owner(bridge["external_ids"])))
    return result


def gather_ports(ovs_state):
    result = []
    for name in sorted(ovs_state.ports):
        port = ovs_state.ports[name]
        if port["name"] == port.get("bridge") or port.get("interfaces") != [name]:
            continue  # a bridge's own port; bonds are not managed here
        interface = ovs_state.interfaces.get(name, {})
        item = {"name": name, "bridge": port["bridge"], "external_ids": dict(port["external_ids"]),
                "other_config": dict(port["other_config"])}
        if interface.get("type", "system") != "system" or interface.get("options"):
            item["type"] = interface.get("type", "system")
            item["options"] = dict(interface.get("options") or {})
        for key, source in (("tag", port), ("vlan_mode", port), ("mtu_request", interface),
                            ("ofport_request", interface)):
            if source.get(key) is not None:
                item[key] = source[key]
        if port.get("trunks"):
            item["trunks"] = list(port["trunks"])
        if port.get("protected"):
            item["protected"] = True
        result.append((item, ovs_owner(port["external_ids"])))
    return result


def gather(snapshot, ovs_state):
    """option -> list of (item, owner)."""
    return {
        "namespaces": gather_namespaces(snapshot),
        "veths": gather_veths(snapshot),
        "addresses": gather_addresses(snapshot, ovs_state.interfaces),
        "routes": gather_routes(snapshot),
        "bridges": gather_bridges(ovs_state),
        "ports": gather_ports(ovs_state),
    }


def items_only(inventory):
    return dict((option, [item for item, _owner in entries]) for option, entries in inventory.items())
