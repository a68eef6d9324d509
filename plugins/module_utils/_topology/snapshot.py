# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host as the plan will leave it: one read, then every planned step written into it.

The topology module plans ALL objects before it changes anything (so that a bad item stops the
run before the first write, and so that check mode reports the whole plan). An address on a veth
end in a namespace that does not exist yet can only be planned if the snapshot already shows the
namespace and the veth: after each step is planned, its expected result is projected here.

``PlannedSnapshot`` is the netlink Snapshot (one dump per namespace and kind, made when first
asked) plus those projections. ``offline=True`` is a bare host that is never read (``rendered``).
"""

from collections import OrderedDict

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.links import LinkTable, new_link_record
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

LOOPBACK_INDEX = 1


def loopback_record(up=False):
    return new_link_record(ifname="lo", index=LOOPBACK_INDEX, mtu=65536, up=up)


class PlannedSnapshot(Snapshot):
    """A Snapshot whose tables can be edited to show what planned steps will have done."""

    def __init__(self, session, offline=False):
        super().__init__(session)
        self.offline = offline
        self._next_index = -1  # planned links get negative ifindexes: never a real one
        self._planned_ns = set()  # namespaces that exist only in the plan
        if offline:
            self._namespaces = OrderedDict()
            self._links[""] = LinkTable([loopback_record(up=True)])
            self._addresses[""] = {}
            self._routes[""] = []

    # -- reading -------------------------------------------------------------------------------
    def _askable(self, netns, other):
        """A namespace that exists only in the plan has no id yet."""
        return super()._askable(netns, other) and not self._planned(netns, other)

    def _planned(self, *names):
        return any(name in self._planned_ns for name in names if name is not None)

    # -- projecting ----------------------------------------------------------------------------
    def add_namespace(self, name, loopback_up):
        self._names()[name] = None  # a name already listed keeps its place
        self._planned_ns.add(name)
        self._links[name] = LinkTable([loopback_record(loopback_up)])
        self._addresses[name] = {}
        self._routes[name] = []

    def prefetch(self, names):
        """Open the sockets of the existing namespaces among ``names`` in one go (one worker
        thread for all, instead of one per namespace)."""
        if self.offline or not hasattr(self.session, "open_many"):
            return
        self.session.open_many([name for name in names if name is not None and self.exists(name)])

    def remove_namespace(self, name):
        self._names().pop(name, None)
        for cache in (self._links, self._addresses, self._routes):
            cache.pop(name, None)

    def put_link(self, netns, ifname, kind, up=True, mtu=None, mac=None):
        """Add (or update) a planned link; returns its record (None: the namespace is not there,
        which check mode has already warned about)."""
        if not self.exists(netns):
            return None
        table = self.links(netns)
        record = table.get(ifname)
        if record is None:
            record = new_link_record(ifname=ifname, index=self._next_index, kind=kind, mtu=mtu or 1500, mac=mac, up=up)
            self._next_index -= 1
            self._links[netns or ""] = LinkTable(table.records + [record])
        else:
            record.update({"up": up})
            if mtu:
                record["mtu"] = mtu
            if mac:
                record["mac"] = mac
        return record

    def drop_link(self, netns, ifname):
        if not self.exists(netns):
            return
        table = self.links(netns)
        record = table.get(ifname)
        if record is not None:
            self._links[netns or ""] = LinkTable([r for r in table.records if r is not record])
            self.addresses(netns).pop(record["index"], None)

    def set_addresses(self, netns, ifname, cidrs, up):
        record = self.put_link(netns, ifname, None, up=up)
        if record is not None:
            self.addresses(netns)[record["index"]] = list(cidrs)

    def set_route(self, netns, route, present):
        if not self.exists(netns):
            return
        routes = [r for r in self.routes(netns)
                  if (r["dest"], r["table"], r["metric"]) != (route["dest"], route["table"], route["metric"])]
        if present:
            routes.append(dict(route, protocol=4, scope=0))
        self._routes[netns or ""] = routes
