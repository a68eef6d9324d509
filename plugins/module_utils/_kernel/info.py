# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What netns_info reports: each namespace from one Snapshot, Open vSwitch from one OvsdbClient read."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import UNRESOLVED


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


def ovs_view(ovs_state):
    """{"available": true, "bridges": {name: {"datapath_type", "ports": {port: {"tag", "interfaces"}}}}}.

    Every port of a bridge, its own internal port included; an interface has ``type`` and ``ofport``.
    """
    bridges = dict((name, {"datapath_type": bridge["datapath_type"], "ports": {}})
                   for name, bridge in ovs_state.bridges.items())
    for port in ovs_state.ports.values():
        if port.get("bridge") not in bridges:
            continue  # a Port row no bridge refers to
        interfaces = dict((name, {"type": ovs_state.interfaces[name]["type"],
                                  "ofport": ovs_state.interfaces[name]["ofport"]})
                          for name in port["interfaces"] if name in ovs_state.interfaces)
        bridges[port["bridge"]]["ports"][port["name"]] = {"tag": port["tag"], "interfaces": interfaces}
    return {"available": True, "bridges": bridges}


def ovs_unavailable(reason):
    return {"available": False, "reason": reason, "bridges": {}}


def read_ovs(open_client):
    """ovs_view of what an OvsdbClient reads; OVS missing or not answering is reported, not raised.

    ``open_client``: a context manager yielding the client (``ovsdb_session(module)`` of _ovs/client.py), entered
    here so that ovs-vsctl not being installed is reported the same way.
    """
    try:
        with open_client as client:
            return ovs_view(client.read())
    except BackendError as error:
        return ovs_unavailable(error.msg)
