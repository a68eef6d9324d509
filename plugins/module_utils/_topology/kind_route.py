# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``routes``: items of the ns_route module, each a RouteResource.

Gathered: the static routes (``proto boot``/``static``) of named namespaces, not those the kernel
adds for an address. Routes carry no mark: ``overridden`` removes the unlisted static routes of
the marked namespaces it keeps.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.route import RouteResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_ROUTE_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import (
    MAIN_TABLE, normalise_dest, normalise_gateway, route_key, validate_metric, validate_table)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, in_namespace, link_key, present

RTPROT_BOOT = 3
RTPROT_STATIC = 4


def route_identity(item):
    """(netns, dest, table, metric), normalised like the route resource does."""
    gateway = normalise_gateway("gateway", item.get("gateway"))
    dest = normalise_dest("dest", item["dest"], gateway)
    version = 6 if ":" in dest else 4
    record = {"dest": dest, "table": validate_table("table", item.get("table")),
              "metric": validate_metric("metric", item.get("metric"), version)}
    return (item.get("netns"),) + route_key(record)


class RouteKind(Kind):
    option, module, spec, resource, rank = "routes", "ns_route", NS_ROUTE_SPEC, RouteResource, 50
    absent_keys = ("netns", "dest", "gateway", "table", "metric")

    def requires(self, resource):
        keys = [("addressed", resource.netns)] + in_namespace(resource.netns)
        if resource.dev:
            keys.append(link_key(resource.netns, resource.dev))
        return keys

    def project(self, ctx, resource, before, after):
        ctx.snapshot.set_route(resource.netns, after or before or resource.desired(), after is not None)

    def identity(self, item):
        return [route_identity(item)]

    def overridden(self, listed, inventory, owner, result):
        """The unlisted static routes of the marked namespaces that stay (listed, and not absent)."""
        marked = set(item["name"] for item, mark in inventory.get("namespaces") or [] if mark == owner)
        kept = marked & set(item["name"] for item in result.get("namespaces") or [] if present(item))
        return [item for item, _mark in inventory.get(self.option) or []
                if item.get("netns") in kept and route_identity(item) not in listed]

    def gather(self, host):
        result = []
        for netns in host.snapshot.namespaces():
            for route in host.snapshot.routes(netns):
                if route.get("protocol") not in (RTPROT_BOOT, RTPROT_STATIC):
                    continue
                item = {"netns": netns, "dest": route["dest"], "metric": route["metric"]}
                for key in ("gateway", "dev"):
                    if route.get(key):
                        item[key] = route[key]
                if route["table"] != MAIN_TABLE:
                    item["table"] = route["table"]
                result.append((item, None))
        return result
