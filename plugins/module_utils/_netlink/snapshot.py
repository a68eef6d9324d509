# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the kernel holds, dumped once per namespace and shared by every resource that looks.

A resource's ``read()`` is ``observe(snapshot)``: it only asks the snapshot. A caller that manages
many objects (the topology module) builds one Snapshot, and every resource plans against the same
dumps; after applying changes it calls ``invalidate(netns)`` for the namespaces it touched.

The host's own namespace is ``None`` everywhere.
"""

from collections import OrderedDict

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.addresses import dump_addresses
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.links import dump_links
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetnsFd
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsfs import list_namespaces
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import dump_routes
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import nsid_of_fd

NSID_NOT_ASSIGNED = 0xFFFFFFFF
UNRESOLVED = object()  # a peer in a namespace that has no name under /run/netns


class Snapshot:
    def __init__(self, session):
        self.session = session
        self._namespaces = None  # name -> None, in list order: O(1) exists() at thousands of names
        self._links = {}
        self._addresses = {}
        self._routes = {}
        self._nsid_views = {}  # looking netns -> its _LazyNsids (ids resolved, and how far it asked)
        self._nsid_order = None  # [None] + namespaces: the order every looking namespace asks in
        self._pair_ids = {}  # (looking netns, other netns) -> nsid

    # -- namespaces -------------------------------------------------------------------------
    def _names(self):
        if self._namespaces is None:
            self._namespaces = OrderedDict.fromkeys(list_namespaces())
        return self._namespaces

    def namespaces(self):
        return list(self._names())

    def exists(self, netns):
        return netns is None or netns in self._names()

    def require(self, netns):
        if not self.exists(netns):
            raise MissingObjectError("netns", netns)

    # -- per-namespace dumps -----------------------------------------------------------------
    def _dumped(self, cache, netns, dump):
        """``cache``'s dump of ``netns``, made with ``dump(socket)`` the first time it is asked for;
        MissingObjectError when the namespace does not exist."""
        key = netns or ""
        if key not in cache:
            self.require(netns)
            cache[key] = dump(self.session.netlink_socket(netns))
        return cache[key]

    def links(self, netns):
        """LinkTable of ``netns``; MissingObjectError when the namespace does not exist."""
        return self._dumped(self._links, netns, dump_links)

    def addresses(self, netns):
        """ifindex -> list of CIDRs."""
        return self._dumped(self._addresses, netns, dump_addresses)

    def routes(self, netns):
        return self._dumped(self._routes, netns, lambda sock: dump_routes(sock, self.links(netns).index_names()))

    def nsid_names(self, netns):
        """nsid (as seen from ``netns``) -> namespace name (None: the host's own), resolved lazily.

        An id is asked for when a veth peer needs it, each namespace at most once per looking
        namespace: N lookups cost about N requests. Asking every namespace up front, for every
        namespace looked from, made N * N (netns_info at N = 300: 90,300 requests, 32 s).
        """
        key = netns or ""
        if key not in self._nsid_views:
            if self._nsid_order is None:
                self._nsid_order = [None] + self.namespaces()
            self._nsid_views[key] = _LazyNsids(self, netns, self._nsid_order)
        return self._nsid_views[key]

    def nsid_of(self, netns, other):
        """The id ``netns`` gives ``other`` (None: not assigned, or a namespace gone meanwhile)."""
        key = (netns or "", other or "")
        if key not in self._pair_ids:
            nsid = None
            if self._askable(netns, other):
                try:
                    with NetnsFd(other) as fd:
                        nsid = nsid_of_fd(self.session.netlink_socket(netns), fd)
                except MissingObjectError:
                    nsid = None  # removed while we looked
            self._pair_ids[key] = None if nsid in (None, NSID_NOT_ASSIGNED) else nsid
        return self._pair_ids[key]

    def _askable(self, netns, other):
        return self.exists(netns) and self.exists(other)

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
        for cache in (self._links, self._addresses, self._routes):
            cache.pop(key, None)
        self._forget_nsids()
        if namespaces:
            self._namespaces = None

    def invalidate_all(self):
        self._namespaces = None
        for cache in (self._links, self._addresses, self._routes):
            cache.clear()
        self._forget_nsids()

    def _forget_nsids(self):
        self._nsid_views.clear()
        self._pair_ids.clear()
        self._nsid_order = None


class _LazyNsids:
    """A read-only mapping nsid -> namespace name that asks the kernel only when looked up.

    The namespaces are tried in ``order`` (shared by every looking namespace: one list, not one
    copy each), each at most once per looking namespace (one request), and every answer is
    remembered: N lookups cost N requests, not N * N.
    """

    def __init__(self, snapshot, netns, order):
        self.snapshot = snapshot
        self.netns = netns
        self.order = order
        self.asked = 0  # order[:asked] have been asked
        self.known = {}

    def get(self, nsid, default=None):
        if nsid in self.known:
            return self.known[nsid]
        while self.asked < len(self.order):
            other = self.order[self.asked]
            self.asked += 1
            if other == self.netns:
                continue
            found = self.snapshot.nsid_of(self.netns, other)
            if found is not None:
                self.known[found] = other
            if found == nsid:
                return other
        return default
