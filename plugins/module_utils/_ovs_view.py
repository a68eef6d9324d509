# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A read-only view of Open vSwitch bridges and ports for netns_info.

One function, ``read_ovs(module)``, so that it can later be swapped for the collection's OVSDB
client. OVS missing or not answering is not an error: ``{"available": false, "reason": ...}``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

OVS_TIMEOUT = "5"


def _decode(value):
    """OVSDB JSON: ["uuid", X] -> X, ["set", [...]] -> list, ["map", [[k, v]...]] -> dict."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
        tag, inner = value
        if tag in ("uuid", "named-uuid"):
            return inner
        if tag == "set":
            return [_decode(item) for item in inner]
        if tag == "map":
            return dict((_decode(k), _decode(v)) for k, v in inner)
    return value


def _as_list(value):
    value = _decode(value)
    return value if isinstance(value, list) else [value]


def _table(module, ovs_vsctl, table, columns):
    argv = [ovs_vsctl, "--timeout=%s" % OVS_TIMEOUT, "--format=json", "--data=json",
            "--columns=%s" % ",".join(columns), "list", table]
    rc, out, err = module.run_command(argv, expand_user_and_vars=False)
    if rc != 0:
        raise OSError((err or out).strip() or "ovs-vsctl exited with %d" % rc)
    data = json.loads(out)
    return [dict(zip(data["headings"], row)) for row in data["data"]]


def read_ovs(module):
    """{"available": bool, "bridges": {name: {"ports": {port: {"interfaces": {...}}}}}}."""
    ovs_vsctl = module.get_bin_path("ovs-vsctl")
    if not ovs_vsctl:
        return {"available": False, "reason": "ovs-vsctl not found", "bridges": {}}
    try:
        bridges = _table(module, ovs_vsctl, "Bridge", ["name", "ports", "datapath_type"])
        ports = _table(module, ovs_vsctl, "Port", ["_uuid", "name", "interfaces", "tag"])
        interfaces = _table(module, ovs_vsctl, "Interface", ["_uuid", "name", "type", "ofport"])
    except (OSError, ValueError, KeyError) as error:
        return {"available": False, "reason": str(error), "bridges": {}}
    interface_by_uuid = dict((_decode(i["_uuid"]), i) for i in interfaces)
    port_by_uuid = dict((_decode(p["_uuid"]), p) for p in ports)
    result = {}
    for bridge in bridges:
        bridge_ports = {}
        for port_uuid in _as_list(bridge["ports"]):
            port = port_by_uuid.get(port_uuid)
            if port is None:
                continue
            tag = _decode(port.get("tag"))
            entry = {"tag": tag if isinstance(tag, int) else None, "interfaces": {}}
            for interface_uuid in _as_list(port["interfaces"]):
                interface = interface_by_uuid.get(interface_uuid)
                if interface is not None:
                    ofport = _decode(interface.get("ofport"))
                    entry["interfaces"][interface["name"]] = {
                        "type": interface.get("type") or "system",
                        "ofport": ofport if isinstance(ofport, int) else None}
            bridge_ports[port["name"]] = entry
        datapath = bridge.get("datapath_type")
        result[bridge["name"]] = {"datapath_type": datapath if isinstance(datapath, str) else "",
                                  "ports": bridge_ports}
    return {"available": True, "bridges": result}
