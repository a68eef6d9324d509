# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole Open vSwitch configuration as plain data, from ONE read.

``OvsState`` holds every bridge, port and interface by name. Resources pick what they need from it
(``select``), so a module managing one port and a whole-host module planning hundreds of objects
share one read and the same per-object logic.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.syntax import (
    as_list, decode, optional, parse_tables)

# The columns read, per table (ovs-vsctl ``list`` with ``--columns``).
COLUMNS = (
    ("Bridge", ("_uuid", "name", "ports", "controller", "datapath_type", "fail_mode", "stp_enable",
                "protocols", "external_ids", "other_config")),
    ("Port", ("_uuid", "name", "interfaces", "tag", "trunks", "vlan_mode", "protected", "external_ids",
              "other_config")),
    ("Interface", ("_uuid", "name", "type", "options", "mtu_request", "ofport_request", "ofport", "error",
                   "ifindex")),
    ("Controller", ("_uuid", "target")),
)
TABLES = tuple(table for table, _columns in COLUMNS)


def copy_column(value):
    """A copy of one column's value: an atom, a set (list) or a map (dict) of atoms, so copying
    the container is a full copy (copy.deepcopy costs ten times as much: 500 ports, 0.1 s)."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def copy_columns(row, keys):
    """A copy of the columns ``keys`` of ``row`` (each by copy_column)."""
    return dict((key, copy_column(row[key])) for key in keys)


def read_commands():
    """The chained ``list`` commands that read every table we manage, in ``TABLES`` order."""
    commands = []
    for table, columns in COLUMNS:
        commands.append(["--columns=" + ",".join(columns), "list", table])
    return commands


class OvsState:
    """Bridges, ports and interfaces by name, in the shape the resources compare."""

    def __init__(self, bridges, ports, interfaces, receiving=None):
        self.bridges = bridges        # name -> bridge dict (see _bridge)
        self.ports = ports            # name -> port dict, with the bridge that holds it
        self.interfaces = interfaces  # name -> interface dict
        # the ifindexes the userspace datapath receives from (_ovs/datapath.py); None: not known
        self.receiving = receiving

    def fault(self, name):
        """Why the ``system`` port ``name`` passes no frames although OVSDB holds it, or None: the
        error ovs-vswitchd reports, no OpenFlow port number, or (on a ``netdev`` bridge) a device
        ovs-vswitchd does not receive from: gone, or made again since it was opened (OVS issue
        313). Only a system port's device is opened anew by adding the port again; the errors of
        other types come from their options (a patch port waiting for its peer). A port planned
        by this run (no ``ofport`` key) has none."""
        interface = self.interfaces.get(name)
        port = self.ports.get(name)
        if interface is None or port is None or "ofport" not in interface or interface["type"] != "system":
            return None
        if interface.get("error"):
            return "Open vSwitch reports: %s" % interface["error"]
        if interface["ofport"] in (None, -1):
            return "Open vSwitch gave it no OpenFlow port (ofport %s)" % (
                "empty" if interface["ofport"] is None else interface["ofport"])
        bridge = self.bridges.get(port.get("bridge")) or {}
        if self.receiving is None or bridge.get("datapath_type") != "netdev":
            return None
        if not interface.get("ifindex"):
            return "its device is gone (Open vSwitch holds no ifindex for it)"
        if interface["ifindex"] not in self.receiving:
            return ("Open vSwitch does not receive from its device (ifindex %d, made again since Open "
                    "vSwitch opened it)" % interface["ifindex"])
        return None

    @classmethod
    def from_output(cls, output, receiving=None):
        tables = parse_tables(output, TABLES)
        return cls.from_tables(tables, receiving)

    @classmethod
    def from_tables(cls, tables, receiving=None):
        controllers = dict((decode(row["_uuid"]), row["target"]) for row in tables["Controller"])
        interfaces_by_uuid = dict((decode(row["_uuid"]), _interface(row)) for row in tables["Interface"])
        ports_by_uuid = {}
        for row in tables["Port"]:
            port = _port(row)
            port["interfaces"] = sorted(interfaces_by_uuid[uuid]["name"]
                                        for uuid in as_list(row["interfaces"])
                                        if uuid in interfaces_by_uuid)
            ports_by_uuid[decode(row["_uuid"])] = port
        bridges = {}
        ports = {}
        for row in tables["Bridge"]:
            bridge = _bridge(row, controllers)
            members = [ports_by_uuid[uuid] for uuid in as_list(row["ports"]) if uuid in ports_by_uuid]
            for port in members:
                port["bridge"] = bridge["name"]
                ports[port["name"]] = port
            bridge["ports"] = sorted(port["name"] for port in members if port["name"] != bridge["name"])
            bridges[bridge["name"]] = bridge
        interfaces = dict((interface["name"], interface) for interface in interfaces_by_uuid.values())
        return cls(bridges, ports, interfaces, receiving)


def _bridge(row, controllers):
    return {
        "name": row["name"],
        "datapath_type": row["datapath_type"] or "system",
        "fail_mode": optional(row["fail_mode"]),
        "stp": bool(row["stp_enable"]),
        "protocols": sorted(as_list(row["protocols"])),
        "controller": sorted(controllers[uuid] for uuid in as_list(row["controller"]) if uuid in controllers),
        "external_ids": decode(row["external_ids"]),
        "other_config": decode(row["other_config"]),
    }


def _port(row):
    return {
        "name": row["name"],
        "tag": optional(row["tag"]),
        "trunks": sorted(as_list(row["trunks"])),
        "vlan_mode": optional(row["vlan_mode"]),
        "protected": bool(row["protected"]),
        "external_ids": decode(row["external_ids"]),
        "other_config": decode(row["other_config"]),
    }


def _interface(row):
    return {
        "name": row["name"],
        "type": row["type"] or "system",
        "options": decode(row["options"]),
        "mtu_request": optional(row["mtu_request"]),
        "ofport_request": optional(row["ofport_request"]),
        # read only: the OpenFlow port number OVS gave it (-1 when it failed, None before it is set)
        "ofport": optional(row["ofport"]),
        # read only: what ovs-vswitchd reports of the device (see OvsState.fault)
        "error": optional(row.get("error", [])),
        "ifindex": optional(row.get("ifindex", [])),
    }
