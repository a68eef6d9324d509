# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``veths``: items of the veth module, each a VethResource.

Gathered: every veth pair whose two ends are found (in the host's namespace or a named one); the
pair is marked when either end carries the mark in its alias.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import VETH_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, link_key, netns_key, spaces


def veth_ends(item):
    return [(item.get("netns"), item["name"]), (item.get("peer_netns"), item["peer"])]


class VethKind(Kind):
    option, module, spec, resource, rank, marked = "veths", "veth", VETH_SPEC, VethResource, 10, True
    absent_keys = ("name", "peer", "netns", "peer_netns")
    link_kind = "veth"

    def provides(self, resource):
        return [link_key(resource.netns, resource.name), link_key(resource.peer_netns, resource.peer)]

    def requires(self, resource):
        return [netns_key(ns) for ns in (resource.netns, resource.peer_netns) if ns is not None]

    def project(self, ctx, resource, before, after):
        ends_before = [end for end in (before, (before or {}).get("peer")) if end and "name" in end]
        ends_after = [after, after["peer"]] if after is not None else []
        kept = set((end["netns"], end["name"]) for end in ends_after)
        for end in ends_before:
            if (end["netns"], end["name"]) not in kept:
                ctx.snapshot.drop_link(end["netns"], end["name"])
        for end in ends_after:  # an end already there is updated in place, keeping its addresses
            ctx.snapshot.put_link(end["netns"], end["name"], "veth", up=end["up"], mtu=end.get("mtu"),
                                  mac=end.get("mac"))

    def identity(self, item):
        return veth_ends(item)

    def devices(self, item):
        return [(netns, dev, item.get("up", True)) for netns, dev in veth_ends(item)]

    def gather(self, host):
        snapshot = host.snapshot
        result = []
        seen = set()
        for netns in spaces(snapshot):
            for record in snapshot.links(netns).records:
                if record.get("kind") != "veth" or (netns, record["ifname"]) in seen:
                    continue
                peer = snapshot.peer_of(netns, record)
                if peer is None:
                    continue
                peer_ns, peer_record = peer
                seen.update([(netns, record["ifname"]), (peer_ns, peer_record["ifname"])])
                item = {"name": record["ifname"], "netns": netns, "peer": peer_record["ifname"],
                        "peer_netns": peer_ns, "mtu": record.get("mtu"), "up": bool(record.get("up"))}
                owner = alias_owner(record.get("alias")) or alias_owner(peer_record.get("alias"))
                result.append((item, owner))
        return result
