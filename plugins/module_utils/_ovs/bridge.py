# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Open vSwitch bridge: every attribute given is reconciled; attributes not given are left alone."""

import copy

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import ovs_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.maps import merge_maps, plan_maps, set_maps
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import OvsResource, plan_scalar
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.syntax import column_value, map_key_value
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    validate_bool, validate_choice, validate_list, validate_mtu)

DATAPATH_TYPES = ("system", "netdev")
FAIL_MODES = ("standalone", "secure")
PROTOCOLS = ("OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13", "OpenFlow14", "OpenFlow15")
CONTROLLER_SCHEMES = ("tcp:", "ssl:", "unix:", "ptcp:", "pssl:", "punix:")
# A bridge as it is right after add-br, before any attribute is set.
_NEW_BRIDGE = {"datapath_type": "system", "fail_mode": None, "stp": False, "protocols": [], "controller": [],
               "external_ids": {}, "other_config": {}, "mtu": None, "ports": []}


def _validate_protocols(values):
    if values is None:
        return None
    for value in validate_list("protocols", values):
        validate_choice("protocols", value, PROTOCOLS, required=True)
    return sorted(set(values))


def _validate_controller(values):
    if values is None:
        return None
    for value in validate_list("controller", values):
        if not isinstance(value, str) or not value.startswith(CONTROLLER_SCHEMES) or any(c.isspace() for c in value):
            raise ValidationError("controller", value, "must be a target such as tcp:IP:PORT, ssl:IP:PORT, "
                                  "unix:FILE, ptcp:PORT, pssl:PORT or punix:FILE")
    return sorted(set(values))


class OvsBridge(OvsResource):
    kind = "bridge"

    def __init__(self, params, client):
        super().__init__(client)
        self.name = validate_ifname("name", params.get("name"))
        self.state = validate_state(params.get("state"))
        self.datapath_type = validate_choice("datapath_type", params.get("datapath_type"), DATAPATH_TYPES)
        self.fail_mode = validate_choice("fail_mode", params.get("fail_mode"), FAIL_MODES)
        self.stp = validate_bool("stp", params.get("stp"))
        self.protocols = _validate_protocols(params.get("protocols"))
        set_maps(self, params)
        self.controller = _validate_controller(params.get("controller"))
        self.mtu = validate_mtu("mtu", params.get("mtu"), text=True)
        self.owner = validate_owner("owner", params.get("owner"))

    # read ------------------------------------------------------------------------------------
    def select(self, ovs_state):
        bridge = ovs_state.bridges.get(self.name)
        if bridge is None:
            holder = ovs_state.ports.get(self.name)
            if holder is not None and self.state == "present":
                return self.conflict("bridge %r cannot be created: a port of that name is on bridge %r"
                                     % (self.name, holder["bridge"]), bridge=self.name, port_bridge=holder["bridge"])
            return Reading(None)
        bridge = copy.deepcopy(bridge)
        bridge["mtu"] = ovs_state.interfaces.get(self.name, {}).get("mtu_request")
        return Reading(bridge)

    # plan --------------------------------------------------------------------------------------
    def deletion(self, before):
        return self.change("delete", self.name, {"ports": before["ports"]}, [["del-br", self.name]])

    def creation(self):
        name = self.name
        columns = []
        for column, value in (("datapath_type", self.datapath_type), ("fail_mode", self.fail_mode),
                              ("stp_enable", self.stp), ("protocols", self.protocols)):
            if value is not None:
                columns.append(column_value(column, value))
        created = self.expected(None)  # carries the owner mark
        for column, mapping in (("external_ids", created["external_ids"]), ("other_config", self.other_config)):
            for key in sorted(mapping or {}):
                columns.append(map_key_value(column, key, mapping[key]))
        commands = [["add-br", name]]
        if columns:
            commands.append(["set", "Bridge", name] + columns)
        if self.controller:
            commands.append(["set-controller", name] + self.controller)
        if self.mtu is not None:
            commands.append(["set", "Interface", name, column_value("mtu_request", self.mtu)])
        return self.change("create", name, {"after": created}, commands)

    def updates(self, before):
        name = self.name
        yield plan_scalar(self, "Bridge", name, "datapath_type", "datapath_type", before["datapath_type"],
                          self.datapath_type)
        yield plan_scalar(self, "Bridge", name, "fail_mode", "fail_mode", before["fail_mode"], self.fail_mode)
        yield plan_scalar(self, "Bridge", name, "stp_enable", "stp", before["stp"], self.stp)
        yield plan_scalar(self, "Bridge", name, "protocols", "protocols", before["protocols"], self.protocols)
        yield from plan_maps(self, "Bridge", before)
        if self.controller is not None and self.controller != before["controller"]:
            command = ["set-controller", name] + self.controller if self.controller else ["del-controller", name]
            yield self.change("set", name, {"attribute": "controller", "before": before["controller"],
                                            "after": self.controller}, [command])
        yield plan_scalar(self, "Interface", name, "mtu_request", "mtu", before["mtu"], self.mtu)

    def expected(self, before):
        if self.state == "absent":
            return None
        if before is not None:
            after = copy.deepcopy(before)
        else:
            after = dict(copy.deepcopy(_NEW_BRIDGE), name=self.name, external_ids=ovs_mark(self.owner))
        for key in ("datapath_type", "fail_mode", "stp", "protocols", "controller", "mtu"):
            if getattr(self, key) is not None:
                after[key] = getattr(self, key)
        merge_maps(self, after)
        return after
