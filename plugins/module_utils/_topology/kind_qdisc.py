# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``qdiscs``: items of the ns_qdisc module, each a QdiscResource (a link's root qdisc).

Order: after the link it shapes (a veth end or vxlan link made by the same run), its
namespace and, in the host's namespace, the OVS port of that name (OVS resets the root qdisc of
a device it adds); rank 55, after routes. Gathered: every root tbf or netem qdisc of the host's namespace
and of the named ones. No mark: the kernel gives a qdisc no attribute to carry one (no alias, no
free-form data; its handle is a number). So, as for routes, ownership follows the link:
``overridden`` removes the unlisted tbf/netem qdiscs of the links that carry the owner's mark
(veth ends, vxlan links) and never one on a link made by hand.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.qdisc import QdiscResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_QDISC_REQUIRED_IF, NS_QDISC_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.qdisc import KINDS, root_qdiscs
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, in_namespace, link_key, spaces


def marked_links(inventory, owner):
    """(netns, ifname) of every link the owner's mark covers (a veth counts for both its ends)."""
    links = set()
    for item, mark in inventory.get("veths") or []:
        if mark == owner:
            links.update([(item.get("netns"), item["name"]), (item.get("peer_netns"), item["peer"])])
    for item, mark in inventory.get("vxlans") or []:
        if mark == owner:
            links.add((item.get("netns"), item["name"]))
    return links


class QdiscKind(Kind):
    option, module, spec, resource, rank = "qdiscs", "ns_qdisc", NS_QDISC_SPEC, QdiscResource, 55
    required_if = NS_QDISC_REQUIRED_IF
    absent_keys = ("dev", "netns")

    def requires(self, resource):
        keys = [link_key(resource.netns, resource.dev)] + in_namespace(resource.netns)
        if resource.netns is None:
            # Open vSwitch resets a device's root qdisc when it adds the device as a port (seen
            # with ovs-vswitchd 3.x, netdev datapath): a qdisc on a port is set after the port
            keys.append(("port", resource.dev))
        return keys

    def lives_on(self, resource):
        return link_key(resource.netns, resource.dev)

    def identity(self, item):
        return [(item.get("netns"), item["dev"])]

    def overridden(self, listed, inventory, owner, result):
        links = marked_links(inventory, owner)
        return [item for item, _mark in inventory.get(self.option) or []
                if (item.get("netns"), item["dev"]) in links and not listed.intersection(self.identity(item))]

    def gather(self, host):
        snapshot, result = host.snapshot, []
        for netns in spaces(snapshot):
            names = snapshot.links(netns).index_names()
            for index, found in sorted(root_qdiscs(snapshot.session, netns).items()):
                if found["kind"] not in KINDS or index not in names:
                    continue
                reader = QdiscResource({"dev": names[index], "netns": netns, "state": "absent"}, snapshot)
                state = reader.state_of(found)
                item = dict((key, value) for key, value in state.items() if value or key in ("netns", "limit"))
                result.append((item, None))  # a netem's zeros (none of that impairment) left out
        return result
