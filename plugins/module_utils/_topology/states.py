# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each ``state`` of the topology module asks for, as items to converge. Pure functions.

Input: the items the user listed (option -> list of parameter dicts, as validated by the shared
argument specs), the current inventory (option -> list of ``(item, owner)``, see gather.py)
and the owner. Output: option -> list of parameter dicts, each with its ``state``; the engine plans
them with the single modules' resource classes.

- ``merged``: the items as listed.
- ``replaced``: as merged; each listed object also loses what is not listed: a listed device
  (an ``addresses`` item, or an end of a listed veth) keeps only the listed addresses (IPv6
  link-local ones stay), a listed bridge keeps only the listed ports.
- ``overridden``: as replaced, and every object carrying the owner's mark that is not listed is
  removed (namespaces, veths, bridges, ports), as are the static routes not listed in kept marked
  namespaces. An object without the mark is never removed unless it is part of a listed object
  (a port of a listed bridge).
- ``deleted``: every listed item is removed; with no item at all, every object carrying the
  owner's mark is.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import (
    normalise_dest, normalise_gateway, route_key, validate_metric, validate_table)

ABSENT = "absent"
PRESENT = "present"
STATES = ("merged", "replaced", "overridden", "deleted", "gathered", "rendered")
NEEDS_INVENTORY = ("replaced", "overridden")


def _present(item):
    return item.get("state", PRESENT) != ABSENT


def veth_ends(item):
    return [(item.get("netns"), item["name"]), (item.get("peer_netns"), item["peer"])]


def route_identity(item):
    """(netns, dest, table, metric), normalised like the route resource does."""
    gateway = normalise_gateway("gateway", item.get("gateway"))
    dest = normalise_dest("dest", item["dest"], gateway)
    version = 6 if ":" in dest else 4
    record = {"dest": dest, "table": validate_table("table", item.get("table")),
              "metric": validate_metric("metric", item.get("metric"), version)}
    return (item.get("netns"),) + route_key(record)


def identity(option, item):
    """What names an object of ``option`` (two veths are the same if they share an end)."""
    if option == "namespaces":
        return [item["name"]]
    if option == "veths":
        return veth_ends(item)
    if option == "addresses":
        return [(item.get("netns"), item["dev"])]
    if option == "routes":
        return [route_identity(item)]
    return [item["name"]]  # bridges, ports


def _listed(option, items):
    names = set()
    for item in items.get(option) or []:
        names.update(identity(option, item))
    return names


def _absent(option, item):
    """The parameters that remove the object ``item`` describes."""
    keys = {"namespaces": ("name",), "veths": ("name", "peer", "netns", "peer_netns"),
            "addresses": ("dev", "netns", "address"), "routes": ("netns", "dest", "gateway", "table", "metric"),
            "bridges": ("name",), "ports": ("name", "bridge")}[option]
    params = dict((key, item.get(key)) for key in keys if item.get(key) is not None)
    params["state"] = ABSENT
    return params


def _copy(items):
    return dict((option, [dict(item) for item in items.get(option) or []]) for option in items)


def merged(wanted):
    return _copy(wanted)


def replaced(wanted, inventory):
    result = _copy(wanted)
    addresses = result.setdefault("addresses", [])
    for item in addresses:
        if _present(item):
            item["purge"] = True
    addressed = _listed("addresses", result)
    for veth in result.get("veths") or []:
        if not _present(veth):
            continue
        for netns, dev in veth_ends(veth):
            if (netns, dev) not in addressed:
                addresses.append({"dev": dev, "netns": netns, "address": [], "purge": True,
                                  "up": veth.get("up", True), "state": PRESENT})
                addressed.add((netns, dev))
    bridges = set(item["name"] for item in result.get("bridges") or [] if _present(item))
    ports = _listed("ports", result)
    for item, _owner in inventory.get("ports") or []:
        if item["bridge"] in bridges and item["name"] not in ports:
            result.setdefault("ports", []).append(_absent("ports", item))
    return result


def overridden(wanted, inventory, owner):
    result = replaced(wanted, inventory)
    for option in ("namespaces", "veths", "bridges", "ports"):
        listed = _listed(option, result)
        for item, mark in inventory.get(option) or []:
            if mark == owner and not listed.intersection(identity(option, item)):
                result.setdefault(option, []).append(_absent(option, item))
    kept = set(item["name"] for item, mark in inventory.get("namespaces") or [] if mark == owner)
    kept -= set(item["name"] for item in result.get("namespaces") or [] if not _present(item))
    routes = _listed("routes", result)
    for item, _mark in inventory.get("routes") or []:
        if item.get("netns") in kept and route_identity(item) not in routes:
            result.setdefault("routes", []).append(_absent("routes", item))
    return result


def deleted(wanted, inventory, owner):
    if any(wanted.get(option) for option in wanted):
        return dict((option, [_absent(option, item) for item in wanted.get(option) or []]) for option in wanted)
    result = {}
    for option in ("namespaces", "veths", "bridges", "ports"):
        result[option] = [_absent(option, item) for item, mark in inventory.get(option) or [] if mark == owner]
    return result


def as_listed(state, wanted):
    """The listed items, every field kept, with the state this call gives them: what is checked
    before the host is read (``deleted`` keeps only what names an object, but all is checked)."""
    if state == "deleted":
        return dict((option, [dict(item, state=ABSENT) for item in wanted.get(option) or []]) for option in wanted)
    return merged(wanted)


def desired_items(state, wanted, inventory, owner):
    """option -> parameter dicts to converge for ``state`` (merged, replaced, overridden, deleted)."""
    if state in ("merged", "rendered"):
        return merged(wanted)
    if state == "replaced":
        return replaced(wanted, inventory)
    if state == "overridden":
        return overridden(wanted, inventory, owner)
    if state == "deleted":
        return deleted(wanted, inventory, owner)
    raise ValueError("no items to converge for state %s" % state)


def needs_inventory(state, wanted):
    """Whether ``state`` must read the whole host first (and not only the listed objects)."""
    return state in NEEDS_INVENTORY or state == "gathered" or (
        state == "deleted" and not any(wanted.get(option) for option in wanted))
