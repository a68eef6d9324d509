# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``vxlans``: items of the vxlan module, each a VxlanResource.

Order: after the namespace it lives in and its underlay ``device`` (a veth end made by the same
run, say), before what uses the link (an OVS port of its name, its addresses). Marked like a veth
end (its alias), so ``overridden`` removes the marked vxlan links not listed and never a hand-made
one. Gathered: every vxlan link of the host's namespace and of the named ones.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import VXLAN_REQUIRED_IF, VXLAN_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.vxlan import VxlanResource, vxlan_view
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, in_namespace, link_key, spaces


class VxlanKind(Kind):
    option, module, spec, resource, rank, marked = "vxlans", "vxlan", VXLAN_SPEC, VxlanResource, 15, True
    required_if = VXLAN_REQUIRED_IF
    absent_keys = ("name", "netns")
    link_kind = "vxlan"

    def provides(self, resource):
        return [link_key(resource.netns, resource.name)]

    def requires(self, resource):
        keys = in_namespace(resource.netns)
        if resource.device is not None:
            keys.append(link_key(resource.netns, resource.device))
        return keys

    def project(self, ctx, resource, before, after):
        """A re-created link (the kernel cannot change its VNI, port, local address or device in
        place, or ``force`` replaced another device) is a new link: the addresses of the old go."""
        if after is None or before is None or "conflicts" in before or resource.fixed_differences(before):
            ctx.snapshot.drop_link(resource.netns, resource.name)
        if after is not None:
            ctx.snapshot.put_link(resource.netns, resource.name, "vxlan", up=after["up"], mtu=after.get("mtu"))

    def identity(self, item):
        return [(item.get("netns"), item["name"])]

    def devices(self, item):
        return [(item.get("netns"), item["name"], item.get("up", True))]

    def gather(self, host):
        snapshot, result = host.snapshot, []
        for netns in spaces(snapshot):
            links = snapshot.links(netns)
            for record in links.records:
                if record.get("kind") != self.link_kind:
                    continue
                view = vxlan_view(snapshot.session, netns, record, links)
                item = dict((key, value) for key, value in view.items() if value is not None or key == "netns")
                result.append((item, alias_owner(record.get("alias"))))
        return result
