# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``addresses``: items of the ns_addr module (the addresses of one device), each an
AddressResource.

Gathered: the addresses of the devices of named namespaces, and in the host's namespace those of
the links the topology manages (veth ends, vxlan links) and of OVS interfaces; not loopback or
IPv6 link-local addresses. Addresses carry no mark of their own (the device's alias is reported).
"""

import ipaddress

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.address import AddressResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_ADDR_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.addresses import is_link_local
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, in_namespace, link_key, present, spaces


def usable(cidr):
    iface = ipaddress.ip_interface(cidr)
    return not (iface.ip.is_loopback or is_link_local(cidr))


class AddressKind(Kind):
    option, module, spec, resource, rank = "addresses", "ns_addr", NS_ADDR_SPEC, AddressResource, 40
    absent_keys = ("dev", "netns", "address")

    def provides(self, resource):
        return [("addressed", resource.netns)]

    def requires(self, resource):
        return [link_key(resource.netns, resource.dev)] + in_namespace(resource.netns)

    def lives_on(self, resource):
        return link_key(resource.netns, resource.dev)

    def project(self, ctx, resource, before, after):
        if after is not None:
            ctx.snapshot.set_addresses(resource.netns, resource.dev, after["addresses"], after["up"])

    def identity(self, item):
        return [(item.get("netns"), item["dev"])]

    def as_replaced(self, item):
        return dict(item, purge=True) if present(item) else item

    def gather(self, host):
        snapshot, result = host.snapshot, []
        for netns in spaces(snapshot):
            addresses = snapshot.addresses(netns)
            for record in snapshot.links(netns).records:
                if netns is None and record.get("kind") not in host.link_kinds \
                        and record["ifname"] not in host.ovs_state.interfaces:
                    continue
                cidrs = [cidr for cidr in addresses.get(record["index"], []) if usable(cidr)]
                if cidrs:
                    item = {"dev": record["ifname"], "netns": netns, "address": cidrs, "up": bool(record.get("up"))}
                    result.append((item, alias_owner(record.get("alias"))))
        return result
