# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``links``: items of the ns_link module (macvlan, ipvlan, vlan, Linux bridge, dummy),
each a LinkResource.

Order: after its namespace, its ``parent``, its ``master`` and, for a bridge, its ``ports`` (veth
ends, other links of the run), before what uses it (addresses, routes, a link whose master it
is). A bridge port is named once: as the bridge's ``ports``, or as the port's ``master``; both
make a cycle, reported with its members. Marked like a veth end (the alias), so ``overridden``
removes the marked links not listed and never a hand-made one. Gathered: every link of these
kinds in the host's namespace and the named ones; a bridge lists its ports (so its ports do not
repeat the bridge as their master), and leaves out its MAC (taken from its ports unless set) and
VLAN filtering when off (the kernel's default; a kernel without it refuses the attribute).
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.link import LINK_KINDS, LinkResource, link_view
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_LINK_REQUIRED_IF, NS_LINK_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, in_namespace, link_key, spaces


class LinkKind(Kind):
    option, module, spec, resource, rank, marked = "links", "ns_link", NS_LINK_SPEC, LinkResource, 12, True
    required_if = NS_LINK_REQUIRED_IF
    absent_keys = ("name", "netns", "kind")

    @property
    def link_kinds(self):
        return LINK_KINDS

    def provides(self, resource):
        return [link_key(resource.netns, resource.name)]

    def requires(self, resource):
        keys = in_namespace(resource.netns)
        neighbours = [resource.parent, resource.master or None] + list(resource.ports or ())
        keys.extend(link_key(resource.netns, name) for name in neighbours if name)
        return keys

    def project(self, ctx, resource, before, after):
        """A replaced link (or one that ``force`` replaced) is a new link: the old one's addresses go."""
        if after is None or before is None or "conflicts" in before or resource.fixed_differences(before):
            ctx.snapshot.drop_link(resource.netns, resource.name)
        if after is not None:
            ctx.snapshot.put_link(resource.netns, resource.name, resource.link_kind, up=after["up"],
                                  mtu=after.get("mtu"), mac=after.get("mac"))

    def identity(self, item):
        return [(item.get("netns"), item["name"])]

    def devices(self, item):
        return [(item.get("netns"), item["name"], item.get("up", True))]

    def gather(self, host):
        snapshot, result = host.snapshot, []
        for netns in spaces(snapshot):
            links = snapshot.links(netns)
            for record in links.records:
                if record.get("kind") not in LINK_KINDS:
                    continue
                view = gathered_view(link_view(snapshot.session, netns, record, links), links)
                result.append((view, alias_owner(record.get("alias"))))
        return result


def gathered_view(view, links):
    """The view as an item: unset values out, and what the bridge says (its ports) said once."""
    master = links.get(view.get("master")) if view.get("master") else None
    if master is not None and master.get("kind") == "bridge":
        view.pop("master")
    if view["kind"] == "bridge":
        view.pop("mac", None)
        if not view.get("vlan_filtering"):
            view.pop("vlan_filtering", None)
    return dict((key, value) for key, value in view.items() if value is not None or key == "netns")
