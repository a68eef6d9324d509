# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``ports``: items of the ovs_port module, each an OvsPort.

Gathered: every OVS port of one interface (not a bridge's own internal port, not a bond), marked
by its ``external_ids:linuxnet_owner``. A port is a part of its bridge: ``replaced`` removes the
unlisted ports of a listed bridge, marked or not.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import ovs_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import INTERFACE_KEYS, PORT_KEYS, OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.specs import OVS_PORT_REQUIRED_IF, OVS_PORT_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import copy_columns
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import OvsKind, link_key


def gather_ports(ovs_state):
    result = []
    for name in sorted(ovs_state.ports):
        port = ovs_state.ports[name]
        if port["name"] == port.get("bridge") or port.get("interfaces") != [name]:
            continue  # a bridge's own port; bonds are not managed here
        interface = ovs_state.interfaces.get(name, {})
        item = {"name": name, "bridge": port["bridge"], "external_ids": dict(port["external_ids"]),
                "other_config": dict(port["other_config"])}
        if interface.get("type", "system") != "system" or interface.get("options"):
            item["type"] = interface.get("type", "system")
            item["options"] = dict(interface.get("options") or {})
        for key, source in (("tag", port), ("vlan_mode", port), ("mtu_request", interface),
                            ("ofport_request", interface)):
            if source.get(key) is not None:
                item[key] = source[key]
        if port.get("trunks"):
            item["trunks"] = list(port["trunks"])
        if port.get("protected"):
            item["protected"] = True
        result.append((item, ovs_owner(port["external_ids"])))
    return result


class PortKind(OvsKind):
    option, module, spec, resource, rank = "ports", "ovs_port", OVS_PORT_SPEC, OvsPort, 30
    required_if = OVS_PORT_REQUIRED_IF
    absent_keys = ("name", "bridge")

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
            keys.append(link_key(None, resource.name))  # e.g. the host end of a veth, a vxlan link
        return keys

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

    def observe(self, resource, ctx):
        """A port whose device the run makes (again) is repaired: ovs-vswitchd must open the new device."""
        made = resource.type in (None, "system") and link_key(None, resource.name) in ctx.made
        return resource.select(ctx.ovs_state, device_made=made)

    def part_of(self, item):
        return ("bridges", item.get("bridge"))

    def gather(self, host):
        return gather_ports(host.ovs_state)
