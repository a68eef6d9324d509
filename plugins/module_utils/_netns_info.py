# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything netns_info reports about one namespace, built from one Snapshot."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.linuxnet.netns.plugins.module_utils._errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._snapshot import UNRESOLVED


def peer_view(snapshot, netns, record):
    if record.get("kind") != "veth":
        return None
    peer = snapshot.peer_of(netns, record)
    if peer is not None:
        return {"name": peer[1]["ifname"], "netns": peer[0], "resolved": True}
    where = snapshot.peer_namespace(netns, record)
    return {"name": None, "netns": None if where is UNRESOLVED else where, "resolved": False,
            "nsid": record.get("link_nsid")}


def namespace_view(snapshot, netns):
    """{"links": {ifname: {...}}, "routes": [...]} of one namespace."""
    table = snapshot.links(netns)
    addresses = snapshot.addresses(netns)
    links = {}
    for record in table.records:
        links[record["ifname"]] = {
            "index": record["index"],
            "kind": record.get("kind"),
            "state": "up" if record["up"] else "down",
            "operstate": record.get("operstate"),
            "mtu": record.get("mtu"),
            "mac": record.get("mac"),
            "master": table.master_name(record),
            "peer": peer_view(snapshot, netns, record),
            "addresses": list(addresses.get(record["index"], [])),
        }
    return {"links": links, "routes": snapshot.routes(netns)}


def gather(snapshot, only=None):
    """{"host": {...}, "namespaces": {name: {...}}, "missing": [...]}."""
    names = snapshot.namespaces()
    missing = []
    if only:
        missing = sorted(set(only) - set(names))
        names = [name for name in names if name in set(only)]
    namespaces = {}
    for name in names:
        try:
            namespaces[name] = namespace_view(snapshot, name)
        except MissingObjectError:
            missing.append(name)  # removed while we looked
    return {"host": namespace_view(snapshot, None), "namespaces": namespaces,
            "missing": sorted(missing)}
