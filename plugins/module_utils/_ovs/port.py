# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Open vSwitch port (one port, one interface of the same name) on a bridge.

Every attribute given is reconciled, attributes not given are left alone (an unset ``tag`` is
never sent). A port found on another bridge is moved in the same transaction (del-port + add-port,
carrying its attributes). ``state: absent`` removes the port from whichever bridge holds it.

A port that passes no frames (``OvsState.fault``: an error, no ofport, a device the userspace
datapath does not receive from) or whose device the same run makes again is repaired: removed in
one transaction and added again in the next, carrying its attributes, so that ovs-vswitchd opens
the device that is there now. Its ``before`` then holds ``fault``, which the diff shows going.
"""

import copy

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.interface_types import (
    PORT_TYPES, normalise_options, validate_options)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import ovs_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.maps import merge_maps, plan_maps, set_maps
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import OvsResource, plan_scalar
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import copy_columns
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.syntax import column_value, map_key_value
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    validate_bool, validate_choice, validate_int, validate_mtu)
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_int_list

VLAN_MODES = ("access", "trunk", "native-tagged", "native-untagged")
VLAN_MAX = 4095
OFPORT_MAX = 65279
_NEW_PORT = {"type": "system", "options": {}, "tag": None, "trunks": [], "vlan_mode": None, "protected": False,
             "external_ids": {}, "other_config": {}, "mtu_request": None, "ofport_request": None}
# The keys of a port's state that live in the Port row, and those that live in its Interface row.
PORT_KEYS = ("name", "bridge", "tag", "trunks", "vlan_mode", "protected", "external_ids", "other_config")
INTERFACE_KEYS = ("type", "options", "mtu_request", "ofport_request")
# Attributes of one value each: set when given, left alone when not.
_SCALARS = ("tag", "trunks", "vlan_mode", "protected", "mtu_request", "ofport_request")


def port_columns(port):
    """Port-table ``column=value`` arguments recreating ``port`` (for add-port)."""
    columns = []
    if port["tag"] is not None:
        columns.append(column_value("tag", port["tag"]))
    if port["trunks"]:
        columns.append(column_value("trunks", port["trunks"]))
    if port["vlan_mode"] is not None:
        columns.append(column_value("vlan_mode", port["vlan_mode"]))
    if port["protected"]:
        columns.append(column_value("protected", True))
    for column in ("external_ids", "other_config"):
        for key in sorted(port[column]):
            columns.append(map_key_value(column, key, port[column][key]))
    return columns


def interface_columns(port):
    """Interface-table ``column=value`` arguments recreating ``port``'s interface."""
    columns = []
    if port["type"] != "system":
        columns.append(column_value("type", port["type"]))
    if port["options"]:
        columns.append(column_value("options", port["options"]))
    for column in ("mtu_request", "ofport_request"):
        if port[column] is not None:
            columns.append(column_value(column, port[column]))
    return columns


class OvsPort(OvsResource):
    kind = "port"

    def __init__(self, params, client):
        super().__init__(client)
        self.name = validate_ifname("name", params.get("name"))
        self.state = validate_state(params.get("state"))
        bridge = params.get("bridge")
        if bridge is None and self.state == "present":
            raise ValidationError("bridge", bridge, "is required with state present")
        self.bridge = validate_ifname("bridge", bridge) if bridge is not None else None
        self.type = validate_choice("type", params.get("type"), PORT_TYPES)
        options = params.get("options")
        if options is not None and self.type is None:
            raise ValidationError("options", options, "needs type (the options are checked against the port type)")
        self.options = validate_options(self.type, options, self.name) if self.type is not None else None
        self.tag = validate_int("tag", params.get("tag"), 0, VLAN_MAX, text=True)
        self.trunks = validate_int_list("trunks", params.get("trunks"), 0, VLAN_MAX)
        self.vlan_mode = validate_choice("vlan_mode", params.get("vlan_mode"), VLAN_MODES)
        self.protected = validate_bool("protected", params.get("protected"))
        set_maps(self, params)
        self.mtu_request = validate_mtu("mtu_request", params.get("mtu_request"), text=True)
        self.ofport_request = validate_int("ofport_request", params.get("ofport_request"), 1, OFPORT_MAX, text=True)
        self.owner = validate_owner("owner", params.get("owner"))

    # read ------------------------------------------------------------------------------------
    def select(self, ovs_state, device_made=False):
        """The port's Reading; ``device_made``: the same run makes its device (again), so
        ovs-vswitchd has to open it anew whatever OVSDB shows now (the topology module)."""
        reading = self._select(ovs_state)
        fault = "its device is made again by this run" if device_made else ovs_state.fault(self.name)
        if reading.before is None or fault is None:
            return reading
        return Reading(dict(reading.before, fault=fault), reading.conflicts)

    def _select(self, ovs_state):
        if self.state == "present" and self.bridge not in ovs_state.bridges:
            raise MissingObjectError("bridge", self.bridge, needed_by="port %s" % self.name)
        port = ovs_state.ports.get(self.name)
        if port is None:
            return Reading(None)
        if port["name"] == port["bridge"]:
            return self.conflict("%r is the own internal port of bridge %r; manage it with ovs_bridge"
                                 % (self.name, port["bridge"]), port=self.name)
        if port["interfaces"] != [self.name]:
            return self.conflict("port %r on bridge %r has interfaces %s (a bond); ovs_port manages ports with "
                                 "one interface of the same name" % (self.name, port["bridge"], port["interfaces"]),
                                 port=self.name)
        interface = ovs_state.interfaces[self.name]
        result = copy_columns(port, PORT_KEYS)
        result.update(copy_columns(interface, INTERFACE_KEYS))
        return Reading(result)

    # plan --------------------------------------------------------------------------------------
    def deletion(self, before):
        return self.change("delete", self.name, {"bridge": before["bridge"]},
                           [["del-port", before["bridge"], self.name]])

    def _adding(self, after):
        """add-port with every Port column of ``after``, then its Interface columns."""
        commands = [["add-port", self.bridge, self.name] + port_columns(after)]
        if interface_columns(after):
            commands.append(["set", "Interface", self.name] + interface_columns(after))
        return commands

    def creation(self):
        after = self.expected(None)
        return self.change("create", self.name, {"bridge": self.bridge, "after": after}, self._adding(after))

    def _move(self, before, after):
        """del-port on the old bridge and add-port on the new one, in one transaction, carrying every
        attribute (the Interface row is recreated)."""
        commands = [["del-port", before["bridge"], self.name]] + self._adding(after)
        details = {"from_bridge": before["bridge"], "to_bridge": self.bridge}
        return self.change("move", self.name, details, commands)

    def _repair(self, before, after):
        """del-port, applied by ovs-vswitchd in a transaction of its own, then add-port carrying
        every attribute: in ONE transaction ovs-vswitchd would keep the dead device open."""
        return self.change("repair", self.name, {"bridge": self.bridge, "fault": before["fault"]},
                           self._adding(after), first=[["del-port", before["bridge"], self.name]])

    def updates(self, before):
        """A port found on another bridge is moved (one change carrying every attribute: a new
        bridge opens the device anew); a faulty one is repaired (the same, in two transactions)."""
        if before["bridge"] != self.bridge:
            yield self._move(before, self.expected(before))
            return
        if before.get("fault"):
            yield self._repair(before, self.expected(before))
            return
        name = self.name
        yield plan_scalar(self, "Port", name, "tag", "tag", before["tag"], self.tag)
        yield plan_scalar(self, "Port", name, "trunks", "trunks", before["trunks"], self.trunks)
        yield plan_scalar(self, "Port", name, "vlan_mode", "vlan_mode", before["vlan_mode"], self.vlan_mode)
        yield plan_scalar(self, "Port", name, "protected", "protected", before["protected"], self.protected)
        yield from plan_maps(self, "Port", before)
        yield self._plan_type(before)
        yield plan_scalar(self, "Interface", name, "mtu_request", "mtu_request", before["mtu_request"],
                          self.mtu_request)
        yield plan_scalar(self, "Interface", name, "ofport_request", "ofport_request", before["ofport_request"],
                          self.ofport_request)

    def _plan_type(self, before):
        """Type and options change together: a new type replaces the whole options map."""
        if self.type is None:
            return None
        current = {"type": before["type"], "options": normalise_options(before["options"])}
        desired = {"type": self.type, "options": self.options}
        if current == desired:
            return None
        columns = [column_value("options", self.options)]
        if current["type"] != self.type:
            columns.insert(0, column_value("type", "" if self.type == "system" else self.type))
        details = {"attribute": "type" if current["type"] != self.type else "options",
                   "before": current, "after": desired}
        return self.change("set", self.name, details, [["set", "Interface", self.name] + columns])

    def expected(self, before):
        if self.state == "absent":
            return None
        if before is not None:
            after = copy_columns(before, PORT_KEYS + INTERFACE_KEYS)
        else:
            after = dict(copy.deepcopy(_NEW_PORT), name=self.name, external_ids=ovs_mark(self.owner))
        after["bridge"] = self.bridge
        if self.type is not None:
            after["type"] = self.type
            after["options"] = dict(self.options)
        for key in _SCALARS:
            if getattr(self, key) is not None:
                after[key] = getattr(self, key)
        merge_maps(self, after)
        return dict((key, after[key]) for key in PORT_KEYS + INTERFACE_KEYS)
