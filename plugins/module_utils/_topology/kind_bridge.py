# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``bridges``: items of the ovs_bridge module, each an OvsBridge.

Gathered: every OVS bridge, marked by its ``external_ids:linuxnet_owner``.
"""

import copy

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import ovs_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.specs import OVS_BRIDGE_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import OvsKind, link_key


class BridgeKind(OvsKind):
    option, module, spec, resource, rank = "bridges", "ovs_bridge", OVS_BRIDGE_SPEC, OvsBridge, 20

    def provides(self, resource):
        # the bridge's own internal interface appears in the host's namespace
        return [("bridge", resource.name), link_key(None, resource.name)]

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

    def gather(self, host):
        ovs_state, result = host.ovs_state, []
        for name in sorted(ovs_state.bridges):
            bridge = ovs_state.bridges[name]
            item = {"name": name, "datapath_type": bridge["datapath_type"], "stp": bridge["stp"],
                    "external_ids": dict(bridge["external_ids"]), "other_config": dict(bridge["other_config"])}
            if bridge.get("fail_mode") is not None:
                item["fail_mode"] = bridge["fail_mode"]
            for key in ("protocols", "controller"):
                if bridge.get(key):
                    item[key] = list(bridge[key])
            mtu = ovs_state.interfaces.get(name, {}).get("mtu_request")
            if mtu is not None:
                item["mtu"] = mtu
            result.append((item, ovs_owner(bridge["external_ids"])))
        return result
