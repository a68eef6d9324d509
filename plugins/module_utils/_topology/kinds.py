# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The six kinds of objects of a topology, each mapped onto the resource class of its single module.

For each kind: which option of the topology module lists it, how its resource is built (the SAME
class the single module uses), what it provides and requires (for the ordering engine), where it
reads its current state from (the shared netlink snapshot or the one OVS read), and how its planned
result is projected into that state so that objects planned after it see it.
"""

import copy

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import NetnsResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.address import AddressResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.route import RouteResource
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import INTERFACE_KEYS, PORT_KEYS, OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import copy_columns
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NETNS_SPEC, NS_ADDR_SPEC, NS_ROUTE_SPEC, VETH_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.specs import OVS_BRIDGE_SPEC, OVS_PORT_REQUIRED_IF, OVS_PORT_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource

NETLINK = "netlink"
OVS = "ovs"


def netns_key(netns):
    return ("netns", netns)


def link_key(netns, ifname):
    return ("link", netns, ifname)


class Kind:
    """What the engine needs to know about one kind of object."""

    option = None   # the topology module's list option
    module = None   # the single module whose options an item takes
    spec = None     # that module's argument spec (shared, see _specs)
    required_if = None
    backend = NETLINK
    rank = 0        # tie-break among ready steps: lower first

    def build(self, params, ctx):
        raise NotImplementedError

    def provides(self, resource):
        return ()

    def requires(self, resource):
        return ()

    def label(self, resource):
        return resource.label

    def observe(self, resource, ctx):
        """The resource's Reading, from the call's shared snapshot (the resource is built on it)."""
        return resource.observe(ctx.snapshot)

    def lives_on(self, resource):
        """The key of the object this one lives on (an address's device), or None: when the same
        run creates that object, this one did not exist before the run either."""
        return None

    def project(self, ctx, resource, before, after):
        """Write the planned result into the context's state (pure bookkeeping, no I/O)."""


class NamespaceKind(Kind):
    option, module, spec, rank = "namespaces", "netns", NETNS_SPEC, 0

    def build(self, params, ctx):
        return NetnsResource(dict(params, owner=ctx.owner), ctx.snapshot)

    def provides(self, resource):
        return [netns_key(resource.name)]

    def label(self, resource):
        return resource.name

    def project(self, ctx, resource, before, after):
        if after is None:
            ctx.snapshot.remove_namespace(resource.name)
        elif before is None:
            ctx.snapshot.add_namespace(resource.name, after["loopback_up"])
        else:
            ctx.snapshot.put_link(resource.name, "lo", None, up=after["loopback_up"])


class VethKind(Kind):
    option, module, spec, rank = "veths", "veth", VETH_SPEC, 1

    def build(self, params, ctx):
        return VethResource(dict(params, owner=ctx.owner), ctx.snapshot)

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


class AddressKind(Kind):
    option, module, spec, rank = "addresses", "ns_addr", NS_ADDR_SPEC, 4

    def build(self, params, ctx):
        return AddressResource(params, ctx.snapshot)

    def provides(self, resource):
        return [("addressed", resource.netns)]

    def requires(self, resource):
        keys = [link_key(resource.netns, resource.dev)]
        if resource.netns is not None:
            keys.append(netns_key(resource.netns))
        return keys

    def lives_on(self, resource):
        return link_key(resource.netns, resource.dev)

    def project(self, ctx, resource, before, after):
        if after is not None:
            ctx.snapshot.set_addresses(resource.netns, resource.dev, after["addresses"], after["up"])


class RouteKind(Kind):
    option, module, spec, rank = "routes", "ns_route", NS_ROUTE_SPEC, 5

    def build(self, params, ctx):
        return RouteResource(params, ctx.snapshot)

    def requires(self, resource):
        keys = [("addressed", resource.netns)]
        if resource.netns is not None:
            keys.append(netns_key(resource.netns))
        if resource.dev:
            keys.append(link_key(resource.netns, resource.dev))
        return keys

    def project(self, ctx, resource, before, after):
        ctx.snapshot.set_route(resource.netns, after or before or resource.desired(), after is not None)


class BridgeKind(Kind):
    option, module, spec, backend, rank = "bridges", "ovs_bridge", OVS_BRIDGE_SPEC, OVS, 2

    def build(self, params, ctx):
        return OvsBridge(dict(params, owner=ctx.owner), ctx.ovs_client)

    def provides(self, resource):
        # the bridge's own internal interface appears in the host's namespace
        return [("bridge", resource.name), link_key(None, resource.name)]

    def label(self, resource):
        return resource.name

    def observe(self, resource, ctx):
        return resource.select(ctx.ovs_state)

    def project(self, ctx, resource, before, after):
        state = ctx.ovs_state
        if after is None:
            bridge = state.bridges.pop(resource.name, None)
            for port in (bridge or {}).get("ports", []):
                state.ports.pop(port, None)
                state.interfaces.pop(port, None)
            state.ports.pop(resource.name, None)
            ctx.snapshot.drop_link(None, resource.name)
            return
        bridge = copy.deepcopy(after)
        bridge.setdefault("ports", [])
        mtu = bridge.pop("mtu", None)
        state.bridges[resource.name] = bridge
        state.ports[resource.name] = {"name": resource.name, "bridge": resource.name, "interfaces": [resource.name]}
        state.interfaces[resource.name] = {"name": resource.name, "type": "internal", "options": {},
                                           "mtu_request": mtu, "ofport_request": None}
        if before is None:
            ctx.snapshot.put_link(None, resource.name, "openvswitch", up=False)


class PortKind(Kind):
    option, module, spec, backend, rank = "ports", "ovs_port", OVS_PORT_SPEC, OVS, 3
    required_if = OVS_PORT_REQUIRED_IF

    def build(self, params, ctx):
        return OvsPort(dict(params, owner=ctx.owner), ctx.ovs_client)

    def provides(self, resource):
        keys = [("port", resource.name)]
        if resource.type == "internal":
            keys.append(link_key(None, resource.name))
        return keys

    def requires(self, resource):
        keys = []
        if resource.bridge:
            keys.append(("bridge", resource.bridge))
        if resource.type in (None, "system"):
            keys.append(link_key(None, resource.name))  # e.g. the host end of a veth
        return keys

    def label(self, resource):
        return resource.name

    def observe(self, resource, ctx):
        return resource.select(ctx.ovs_state)

    def project(self, ctx, resource, before, after):
        state = ctx.ovs_state
        if before is not None and before["bridge"] in state.bridges:
            ports = state.bridges[before["bridge"]]["ports"]
            if resource.name in ports:
                ports.remove(resource.name)
        if after is None:
            state.ports.pop(resource.name, None)
            state.interfaces.pop(resource.name, None)
            return
        port = copy_columns(after, PORT_KEYS)
        port["interfaces"] = [resource.name]
        state.ports[resource.name] = port
        state.interfaces[resource.name] = copy_columns(after, INTERFACE_KEYS)
        state.interfaces[resource.name]["name"] = resource.name
        bridge = state.bridges.get(after["bridge"])
        if bridge is not None and resource.name not in bridge["ports"]:
            bridge["ports"] = sorted(bridge["ports"] + [resource.name])
        if after["type"] == "internal" and before is None:
            ctx.snapshot.put_link(None, resource.name, "openvswitch", up=False)


KINDS = (NamespaceKind(), VethKind(), AddressKind(), RouteKind(), BridgeKind(), PortKind())
KIND_BY_OPTION = dict((kind.option, kind) for kind in KINDS)
OPTIONS = tuple(kind.option for kind in KINDS)
