# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Links of one namespace as plain data (one dump, indexed by name and by ifindex)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import link_records, raw_socket

# ``link_index`` / ``link_nsid`` are IFLA_LINK / IFLA_LINK_NETNSID: for a veth, the peer's ifindex and
# the id (as seen from this namespace) of the namespace the peer lives in; no nsid: the same namespace.
LINK_FIELDS = ("ifname", "index", "kind", "mtu", "mac", "up", "operstate", "master_index", "link_index",
               "link_nsid", "alias", "group")


def new_link_record(**fields):
    """A link record with every field (None when not given): what the readers produce, and what a
    plan projects for a link that does not exist yet."""
    unknown = set(fields) - set(LINK_FIELDS)
    if unknown:
        raise TypeError("not link record fields: %s" % ", ".join(sorted(unknown)))
    return dict((name, fields.get(name)) for name in LINK_FIELDS)


class LinkTable:
    """The links of one namespace, from one dump."""

    def __init__(self, records):
        self.records = sorted(records, key=lambda record: record["index"])
        self._by_name = dict((record["ifname"], record) for record in self.records)
        self._by_index = dict((record["index"], record) for record in self.records)

    def get(self, ifname):
        return self._by_name.get(ifname)

    def by_index(self, index):
        return self._by_index.get(index)

    def names(self):
        return [record["ifname"] for record in self.records]

    def master_name(self, record):
        master = self._by_index.get(record.get("master_index"))
        return master["ifname"] if master else None

    def index_names(self):
        return dict((record["index"], record["ifname"]) for record in self.records)


def dump_links(ipr):
    """The links of ``ipr``'s namespace, read straight from its socket (dump.py: no statistics,
    only the attributes used)."""
    return LinkTable(link_records(raw_socket(ipr)))
