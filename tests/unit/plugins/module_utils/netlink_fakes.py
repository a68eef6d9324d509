# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plain-data stand-ins for the netlink Snapshot, for pure plan/diff tests (no kernel)."""

from collections import OrderedDict

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.links import LinkTable
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot


def link(ifname, index, kind=None, mtu=1500, mac="02:00:00:00:00:%02x", up=True, link_index=None,
         link_nsid=None, master_index=None):
    return {"ifname": ifname, "index": index, "kind": kind, "mtu": mtu,
            "mac": mac % index if "%" in mac else mac, "up": up, "operstate": "UP" if up else "DOWN",
            "master_index": master_index, "link_index": link_index, "link_nsid": link_nsid}


class FakeSnapshot(Snapshot):
    """``spaces``: {netns (None = host): [link records]}; ``nsids``: {netns: {nsid: other netns}};
    ``addresses``: {netns: {ifindex: [cidr]}}; ``routes``: {netns: [route records]}."""

    def __init__(self, spaces, nsids=None, addresses=None, routes=None):
        super().__init__(session=None)
        self._spaces = spaces
        self._nsid_data = nsids or {}
        self._address_data = addresses or {}
        self._route_data = routes or {}

    def _names(self):
        return OrderedDict.fromkeys(sorted(name for name in self._spaces if name is not None))

    def links(self, netns):
        self.require(netns)
        return LinkTable(self._spaces[netns])

    def addresses(self, netns):
        self.require(netns)
        return self._address_data.get(netns, {})

    def routes(self, netns):
        self.require(netns)
        return self._route_data.get(netns, [])

    def nsid_names(self, netns):
        return self._nsid_data.get(netns, {})

    def require(self, netns):
        if netns not in self._spaces:
            raise MissingObjectError("netns", netns)


def host_blue_pair(host_up=True, blue_up=True, mtu=1500):
    """veth0 (host, index 5) <-> veth1 (blue, index 2); blue is nsid 0 from the host and the host
    nsid 0 from blue."""
    return FakeSnapshot(
        {None: [link("lo", 1), link("veth0", 5, "veth", mtu=mtu, up=host_up, link_index=2, link_nsid=0)],
         "blue": [link("lo", 1), link("veth1", 2, "veth", mtu=mtu, up=blue_up, link_index=5, link_nsid=0)]},
        nsids={None: {0: "blue"}, "blue": {0: None}})
