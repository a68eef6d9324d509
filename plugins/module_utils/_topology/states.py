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
  (an ``addresses`` item, an end of a listed veth, a listed vxlan link: ``Kind.devices``) keeps
  only the listed addresses (IPv6 link-local ones stay), a listed bridge keeps only the listed
  ports (``Kind.part_of``).
- ``overridden``: as replaced, and every object carrying the owner's mark that is not listed is
  removed (namespaces, veths, vxlan links, bridges, ports: the kinds that are ``marked``), as are
  the static routes not listed in kept marked namespaces (``Kind.overridden``). An object without the mark is never removed unless it is part of a listed object
  (a port of a listed bridge).
- ``deleted``: every listed item is removed; with no item at all, every object carrying the
  owner's mark is.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import ABSENT, PRESENT, present
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION, KINDS

STATES = ("merged", "replaced", "overridden", "deleted", "gathered", "rendered")
NEEDS_INVENTORY = ("replaced", "overridden")


def _listed(option, items, only_present=False):
    """The identities of the items of ``option`` (of those not ``state: absent``: ``only_present``)."""
    names = set()
    for item in items.get(option) or []:
        if present(item) or not only_present:
            names.update(KIND_BY_OPTION[option].identity(item))
    return names


def _copy(items):
    return dict((option, [dict(item) for item in items.get(option) or []]) for option in items)


def merged(wanted):
    return _copy(wanted)


def replaced(wanted, inventory):
    result = _copy(wanted)
    for option in result:
        result[option] = [KIND_BY_OPTION[option].as_replaced(item) for item in result[option]]
    addresses = result.setdefault("addresses", [])
    addressed = _listed("addresses", result)
    for kind in KINDS:
        for item in result.get(kind.option) or []:
            if not present(item):
                continue
            for netns, dev, up in kind.devices(item):
                if (netns, dev) not in addressed:
                    addresses.append({"dev": dev, "netns": netns, "address": [], "purge": True,
                                      "up": up, "state": PRESENT})
                    addressed.add((netns, dev))
    for kind in KINDS:
        for item in _unlisted_parts(kind, inventory, result):
            result.setdefault(kind.option, []).append(kind.absent(item))
    return result


def _unlisted_parts(kind, inventory, result):
    """The inventory items of ``kind`` that are part of a listed object and not listed themselves."""
    parts = [(item, kind.part_of(item)) for item, _owner in inventory.get(kind.option) or []]
    parts = [(item, whole) for item, whole in parts if whole is not None]
    if not parts:
        return []
    listed = _listed(kind.option, result)
    wholes = dict((option, _listed(option, result, only_present=True)) for option in set(w[0] for _i, w in parts))
    return [item for item, (option, name) in parts
            if name in wholes[option] and not listed.intersection(kind.identity(item))]


def overridden(wanted, inventory, owner):
    result = replaced(wanted, inventory)
    removals = {}
    for kind in KINDS:  # decided on the replaced items, then added
        removals[kind.option] = kind.overridden(_listed(kind.option, result), inventory, owner, result)
    for option, items in removals.items():
        if items:
            result.setdefault(option, []).extend(KIND_BY_OPTION[option].absent(item) for item in items)
    return result


def deleted(wanted, inventory, owner):
    if any(wanted.get(option) for option in wanted):
        return dict((option, [KIND_BY_OPTION[option].absent(item) for item in wanted.get(option) or []])
                    for option in wanted)
    return dict((kind.option, [kind.absent(item) for item, mark in inventory.get(kind.option) or [] if mark == owner])
                for kind in KINDS if kind.marked)


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
