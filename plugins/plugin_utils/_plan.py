# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two-bridge address plan and the reachability it implies (pure functions, controller side).

Used by the filters ``plan_address``, ``two_bridge_plan`` and ``reachability_matrix`` that the
``two_bridge``, ``overlay`` and ``verify`` roles share.

Address plan
------------
Without an overlay every address is used as written (the seed: blue 10.0.2.100/24, ...).

When hosts share one overlay (one layer-2 segment across hosts), each host ``i`` (its place in
an inventory group, the two_bridge role's ``two_bridge_host_group``) gets its own block of ``stride`` addresses inside ``subnet``: every configured address
``A/p`` becomes ``A + i * stride`` with the subnet's prefix. With the defaults (subnet
10.0.0.0/16, stride 256) host 0 keeps the seed's addresses (10.0.2.100 ...) and host 1 gets
10.0.3.100 ..., all in one /16 so that blue on one host reaches blue on another. Addresses stay
unique across hosts as long as the configured addresses lie within one block (they do: .16 ...
.182 of 10.0.2.0/24) and every result must lie inside the subnet, never on its network or
broadcast address; otherwise the plan is refused with the host index named.

Reachability
------------
On one host the namespaces on the same bridge reach each other; in mode ``joined`` the link makes
its two bridges one segment, in ``isolated`` each bridge is its own. Across hosts, bridges named
in ``overlay_bridges`` are joined to the bridge of the same name on every other host of the overlay.
"""

import ipaddress

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_netns_name)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    parse_interface, parse_network, validate_choice, validate_int)

MODES = ("joined", "isolated")
OVERLAYS = ("none", "vxlan", "gre")


def plan_address(address, subnet=None, index=0, stride=256, field="address"):
    """``address`` moved into host ``index``'s block of ``subnet``; unchanged without a subnet."""
    interface = parse_interface(field, address)
    if subnet in (None, ""):
        return str(interface)
    network = parse_network("subnet", subnet)
    if network.version != interface.version:
        raise ValidationError(field, address, "is not of the same IP version as subnet %s" % network)
    validate_int("index", index, 0, None, required=True)
    validate_int("stride", stride, 1, None, required=True)
    if interface.ip not in network:
        raise ValidationError(field, address, "is not inside subnet %s" % network)
    try:
        moved = interface.ip + index * stride
    except ipaddress.AddressValueError:
        moved = None
    if moved is None or moved not in network:
        raise ValidationError(field, address, "moved to host %d's block (+%d * %d) leaves subnet %s: "
                                              "too many hosts for this subnet and stride"
                              % (index, index, stride, network))
    if network.num_addresses > 2 and moved in (network.network_address, network.broadcast_address):
        raise ValidationError(field, address, "moved to host %d's block is %s, the subnet's %s address"
                              % (index, moved, "network" if moved == network.network_address
                                 else "broadcast"))
    return "%s/%d" % (moved, network.prefixlen)


def _optional_address(field, value, subnet, index, stride):
    if value in (None, ""):
        return None
    return plan_address(value, subnet, index, stride, field=field)


BRIDGE_TYPES = ("ovs", "linux")  # an Open vSwitch bridge, or a Linux bridge (ns_link kind bridge)


def two_bridge_plan(namespaces, bridges, link, mode="joined", overlay="none", subnet=None, index=0,
                    stride=256, overlay_bridges=None):
    """The resolved layout of one host: names as given, addresses after the plan.

    ``subnet`` is only applied when ``overlay`` is not ``none``.
    """
    validate_choice("two_bridge_mode", mode, MODES, required=True)
    validate_choice("two_bridge_overlay", overlay, OVERLAYS, required=True)
    use_subnet = subnet if overlay != "none" else None
    index = int(index)
    bridge_names = []
    planned_bridges = []
    for position, bridge in enumerate(bridges or []):
        field = "two_bridge_bridges[%d]" % position
        name = validate_ifname(field + ".name", bridge.get("name"))
        bridge_names.append(name)
        planned_bridges.append({"name": name, "address": _optional_address(
            field + ".address", bridge.get("address"), use_subnet, index, stride),
            "type": validate_choice(field + ".type", bridge.get("type"), BRIDGE_TYPES, default="ovs")})
    if len(set(bridge_names)) != len(bridge_names):
        raise ValidationError("two_bridge_bridges", bridge_names, "names a bridge twice")
    planned_namespaces = []
    for position, item in enumerate(namespaces or []):
        field = "two_bridge_namespaces[%d]" % position
        bridge = validate_ifname(field + ".bridge", item.get("bridge"))
        if bridge not in bridge_names:
            raise ValidationError(field + ".bridge", bridge, "is not one of two_bridge_bridges (%s)"
                                  % ", ".join(bridge_names))
        planned_namespaces.append({
            "name": validate_netns_name(field + ".name", item.get("name")),
            "veth": validate_ifname(field + ".veth", item.get("veth")),
            "peer": validate_ifname(field + ".peer", item.get("peer")),
            "bridge": bridge,
            "address": plan_address(item.get("address"), use_subnet, index, stride, field + ".address"),
            "host_address": _optional_address(field + ".host_address", item.get("host_address"),
                                              use_subnet, index, stride),
        })
    planned_link = None
    if link:
        for key in ("bridge", "peer_bridge"):
            if link.get(key) not in bridge_names:
                raise ValidationError("two_bridge_link." + key, link.get(key),
                                      "is not one of two_bridge_bridges (%s)" % ", ".join(bridge_names))
        planned_link = {
            "name": validate_ifname("two_bridge_link.name", link.get("name")),
            "peer": validate_ifname("two_bridge_link.peer", link.get("peer")),
            "bridge": link["bridge"],
            "peer_bridge": link["peer_bridge"],
            "address": _optional_address("two_bridge_link.address", link.get("address"),
                                         use_subnet, index, stride),
            "peer_address": _optional_address("two_bridge_link.peer_address", link.get("peer_address"),
                                              use_subnet, index, stride),
        }
    if overlay_bridges is None:
        overlay_bridges = bridge_names[:1]
    for name in overlay_bridges:
        if name not in bridge_names:
            raise ValidationError("two_bridge_overlay_bridges", name, "is not one of two_bridge_bridges (%s)"
                                  % ", ".join(bridge_names))
    _check_unique_addresses(planned_namespaces, planned_bridges, planned_link)
    return {
        "index": index,
        "mode": mode,
        "overlay": overlay,
        "subnet": str(parse_network("two_bridge_subnet", use_subnet)) if use_subnet else None,
        "namespaces": planned_namespaces,
        "bridges": planned_bridges,
        "link": planned_link,
        "overlay_bridges": list(overlay_bridges) if overlay != "none" else [],
    }


def _check_unique_addresses(namespaces, bridges, link):
    seen = {}
    owners = [("two_bridge_namespaces %s address" % ns["name"], ns["address"]) for ns in namespaces]
    owners += [("two_bridge_namespaces %s host_address" % ns["name"], ns["host_address"]) for ns in namespaces]
    owners += [("two_bridge_bridges %s address" % br["name"], br["address"]) for br in bridges]
    if link:
        owners += [("two_bridge_link address", link["address"]), ("two_bridge_link peer_address", link["peer_address"])]
    for owner, address in owners:
        if address is None:
            continue
        ip = str(ipaddress.ip_interface(address).ip)
        if ip in seen:
            raise ValidationError(owner, address, "is also used by %s" % seen[ip])
        seen[ip] = owner


def _segment(plan, bridge):
    """The layer-2 segment a bridge belongs to on its host (joined mode: the link's two bridges are one)."""
    link = plan.get("link")
    if plan["mode"] == "joined" and link and bridge in (link["bridge"], link["peer_bridge"]):
        return link["bridge"]
    return bridge


def _same_segment(plan, bridge_a, bridge_b):
    return _segment(plan, bridge_a) == _segment(plan, bridge_b)


def _reachable_across(plan_a, bridge_a, plan_b, bridge_b):
    """Whether ``bridge_a`` on host A and ``bridge_b`` on host B share a segment via the overlay."""
    if plan_a.get("overlay", "none") == "none" or plan_b.get("overlay", "none") == "none":
        return False
    shared = set(plan_a.get("overlay_bridges") or []) & set(plan_b.get("overlay_bridges") or [])
    return any(_same_segment(plan_a, bridge_a, tunnel) and _same_segment(plan_b, bridge_b, tunnel)
               for tunnel in shared)


def _address_of(entry):
    return str(ipaddress.ip_interface(entry["address"]).ip)


def reachability_matrix(plans, host, cross_host=True):
    """Expected reachability from each namespace of ``host`` to every other namespace.

    ``plans``: ``{inventory_hostname: two_bridge_plan}`` of the hosts to check. Returns a list of
    ``{from, to, expect, to_host, to_netns}`` (``to_host`` is ``host`` for local pairs).
    """
    if host not in plans:
        raise ValidationError("host", host, "has no two_bridge plan")
    mine = plans[host]
    matrix = []
    for source in mine["namespaces"]:
        for target in mine["namespaces"]:
            if target["name"] == source["name"]:
                continue
            matrix.append({"from": source["name"], "to": _address_of(target), "to_host": host,
                           "to_netns": target["name"],
                           "expect": "reachable" if _same_segment(mine, source["bridge"], target["bridge"])
                           else "unreachable"})
        if not cross_host or mine.get("overlay", "none") == "none":
            continue  # without an overlay other hosts reuse the same addresses: nothing to ping
        for other in sorted(plans):
            if other == host:
                continue
            theirs = plans[other]
            if theirs.get("overlay", "none") == "none":
                continue
            for target in theirs["namespaces"]:
                matrix.append({"from": source["name"], "to": _address_of(target), "to_host": other,
                               "to_netns": target["name"],
                               "expect": "reachable" if _reachable_across(mine, source["bridge"], theirs,
                                                                          target["bridge"])
                               else "unreachable"})
    return matrix
