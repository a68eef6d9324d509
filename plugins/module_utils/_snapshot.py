# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the kernel holds, dumped once per namespace and shared by every resource that looks.

A resource's ``read()`` is ``observe(snapshot)``: it only asks the snapshot. A caller that manages
many objects (the topology module) builds one Snapshot, and every resource plans against the same
dumps; after applying changes it calls ``invalidate(netns)`` for the namespaces it touched.

The host's own namespace is ``None`` everywhere.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.linuxnet.netns.plugins.module_utils._addresses import dump_addresses
from ansible_collections.linuxnet.netns.plugins.module_utils._errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._links import dump_links
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import NetnsFd
from ansible_collections.linuxnet.netns.plugins.module_utils._nsfs import list_namespaces
from ansible_collections.linuxnet.netns.plugins.module_utils._routes import dump_routes

NSID_NOT_ASSIGNED = 0xFFFFFFFF
UNRESOLVED = object()  # a peer in a namespace that has no name under /run/netns


class Snapshot(object):
    def __init__(self, session):
        self.session = session
        self._namespaces = None
        self._links = {}
        self._addresses = {}
        self._routes = {}
        self._nsids = {}

    # -- namespaces -------------------------------------------------------------------------
    def namespaces(self):
        if self._namespaces is None:
            self._namespaces = list_namespaces()
        return list(self._namespaces)

    def exists(self, netns):
        return netns is None or netns in self.namespaces()

    def require(self, netns):
        if not self.exists(netns):
            raise MissingObjectError("netns", netns)

    # -- per-namespace dumps -----------------------------------------------------------------
    def links(self, netns):
        """LinkTable of ``netns``; MissingObjectError when the namespace does not exist."""
        key = netns or ""
        if key not in self._links:
            self.require(netns)
            self._links[key] = dump_links(self.session.ipr(netns))
        return self._links[key]

    def addresses(self, netns):
        """ifindex -> list of CIDRs."""
        key = netns or ""
        if key not in self._addresses:
            self.require(netns)
            self._addresses[key] = dump_addresses(self.session.ipr(netns))
        return self._addresses[key]

    def routes(self, netns):
        key = netns or ""
        if key not in self._routes:
            names = self.links(netns).index_names()
            self._routes[key] = dump_routes(self.session.ipr(netns), names)
        return self._routes[key]

    def nsid_names(self, netns):
        """nsid (as seen from ``netns``) -> namespace name (None: the host's own)."""
        key = netns or ""
        if key not in self._nsids:
            ipr = self.session.ipr(netns)
            mapping = {}
            for other in [None] + self.namespaces():
                if other == netns:
                    continue
                try:
                    with NetnsFd(other) as fd:
                        nsid = ipr.get_netnsid(fd=fd)["nsid"]
                except MissingObjectError:
                    continue  # removed while we looked
                if nsid is not None and nsid != NSID_NOT_ASSIGNED:
                    mapping[nsid] = other
            self._nsids[key] = mapping
        return self._nsids[key]

    # -- veth peers ---------------------------------------------------------------------------
    def peer_namespace(self, netns, record):
        """Namespace name of a veth's peer, or UNRESOLVED."""
        if record.get("link_nsid") is None:
            return netns
        return self.nsid_names(netns).get(record["link_nsid"], UNRESOLVED)

    def peer_of(self, netns, record):
        """(peer namespace, peer record) of a veth, confirmed from both ends; None if unknown.

        IFLA_LINK of a veth is its peer's ifindex in the peer's namespace, and IFLA_LINK_NETNSID
        names that namespace. The peer found there must be a veth pointing back at this ifindex.
        """
        if record.get("kind") != "veth" or record.get("link_index") is None:
            return None
        peer_ns = self.peer_namespace(netns, record)
        if peer_ns is UNRESOLVED:
            return None
        peer = self.links(peer_ns).by_index(record["link_index"])
        if peer is None or peer.get("kind") != "veth" or peer.get("link_index") != record["index"]:
            return None
        if self.peer_namespace(peer_ns, peer) != netns:
            return None
        return peer_ns, peer

    def invalidate(self, netns=None, namespaces=False):
        """Forget the dumps of ``netns`` (and the namespace list when ``namespaces``)."""
        key = netns or ""
        for cache in (self._links, self._addresses, self._routes, self._nsids):
            cache.pop(key, None)
        if namespaces:
            self._namespaces = None
            self._nsids.clear()

    def invalidate_all(self):
        self._namespaces = None
        for cache in (self._links, self._addresses, self._routes, self._nsids):
            cache.clear()
