# -*- coding: utf-8 -*-
"""Test doubles for the OVS module_utils: a recording runner and hand-built OvsState."""

import json

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import OvsState
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import OvsdbClient


class RecordingRunner:
    """Answers reads with a canned ``list`` output and records every argv."""

    def __init__(self, read_output="", rc=0, err=""):
        self.read_output = read_output
        self.rc = rc
        self.err = err
        self.calls = []

    def __call__(self, argv):
        self.calls.append(argv)
        if self.rc:
            return self.rc, "", self.err
        return 0, self.read_output if "--format=json" in argv else "", ""

    @property
    def writes(self):
        return [argv for argv in self.calls if "--format=json" not in argv]


def client(runner=None):
    return OvsdbClient(runner or RecordingRunner(), "unix:/test/db.sock", "ovs-vsctl")


def bridge(name, ports=(), **attributes):
    result = {"name": name, "datapath_type": "netdev", "fail_mode": None, "stp": False, "protocols": [],
              "controller": [], "external_ids": {}, "other_config": {}, "ports": sorted(ports)}
    result.update(attributes)
    return result


def port(name, bridge_name, **attributes):
    result = {"name": name, "bridge": bridge_name, "interfaces": [name], "tag": None, "trunks": [],
              "vlan_mode": None, "protected": False, "external_ids": {}, "other_config": {}}
    result.update(attributes)
    return result


def interface(name, **attributes):
    result = {"name": name, "type": "system", "options": {}, "mtu_request": None, "ofport_request": None,
              "ofport": 1}  # a healthy port: ovs-vswitchd gave it an OpenFlow port
    result.update(attributes)
    return result


def state(bridges=(), ports=(), interfaces=()):
    """An OvsState; each bridge also gets its own internal port and interface, as OVS makes them."""
    bridges = list(bridges)
    ports = list(ports) + [port(b["name"], b["name"]) for b in bridges]
    interfaces = list(interfaces) + [interface(b["name"], type="internal") for b in bridges]
    return OvsState(dict((b["name"], b) for b in bridges), dict((p["name"], p) for p in ports),
                    dict((i["name"], i) for i in interfaces))


def list_output(tables):
    """ovs-vsctl --format=json --data=json output of chained list commands."""
    return "\n".join(json.dumps(table) for table in tables) + "\n"
