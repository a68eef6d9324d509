# -*- coding: utf-8 -*-
"""Validation of bridge and port parameters, per type and option, before anything is read."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.interface_types import validate_options
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import RecordingRunner, client


@pytest.mark.parametrize("port_type, options, expected", [
    ("system", None, {}),
    ("internal", {}, {}),
    ("patch", {"peer": "patch-br1"}, {"peer": "patch-br1"}),
    ("vxlan", {"remote_ip": "192.0.2.1", "key": 42, "dst_port": 4789},
     {"remote_ip": "192.0.2.1", "key": "42", "dst_port": "4789"}),
    ("vxlan", {"remote_ip": "flow", "key": "flow"}, {"remote_ip": "flow", "key": "flow"}),
    ("gre", {"remote_ip": "2001:0db8::0001", "csum": True}, {"remote_ip": "2001:db8::1", "csum": "true"}),
    ("geneve", {"remote_ip": "198.51.100.7", "ttl": "inherit", "tos": 0},
     {"remote_ip": "198.51.100.7", "ttl": "inherit", "tos": "0"}),
    ("gre", {"remote_ip": "192.0.2.1", "key": 4294967295}, {"remote_ip": "192.0.2.1", "key": "4294967295"}),
])
def test_valid_options(port_type, options, expected):
    assert validate_options(port_type, options, "p0") == expected


@pytest.mark.parametrize("port_type, options, field", [
    ("gre", {}, "options.remote_ip"),
    ("vxlan", {"key": 1}, "options.remote_ip"),
    ("geneve", {"remote_ip": ""}, "options.remote_ip"),
    ("patch", {}, "options.peer"),
    ("patch", {"peer": "p0"}, "options.peer"),
    ("patch", {"peer": "x" * 16}, "options.peer"),
    ("vxlan", {"remote_ip": "not-an-ip"}, "options.remote_ip"),
    ("vxlan", {"remote_ip": "192.0.2.1", "key": 2 ** 24}, "options.key"),
    ("vxlan", {"remote_ip": "192.0.2.1", "dst_port": 0}, "options.dst_port"),
    ("gre", {"remote_ip": "192.0.2.1", "dst_port": 4789}, "options.dst_port"),
    ("gre", {"remote_ip": "192.0.2.1", "ttl": 0}, "options.ttl"),
    ("vxlan", {"remote_ip": "192.0.2.1", "csum": "maybe"}, "options.csum"),
    ("vxlan", {"remote_ip": "192.0.2.1", "remote-ip": "x"}, "options.remote-ip"),
    ("system", {"peer": "x"}, "options.peer"),
    ("internal", {"remote_ip": "192.0.2.1"}, "options.remote_ip"),
])
def test_invalid_options(port_type, options, field):
    with pytest.raises(ValidationError) as error:
        validate_options(port_type, options, "p0")
    assert error.value.details["field"] == field


@pytest.mark.parametrize("params, field", [
    ({"name": "p0", "bridge": "br0", "tag": 5000}, "tag"),
    ({"name": "p0", "bridge": "br0", "tag": -1}, "tag"),
    ({"name": "p0", "bridge": "br0", "trunks": [1, 4096]}, "trunks"),
    ({"name": "p0", "bridge": "br0", "trunks": "10"}, "trunks"),
    ({"name": "p0", "bridge": "br0", "type": "bond"}, "type"),
    ({"name": "p0", "bridge": "br0", "type": "gre"}, "options.remote_ip"),
    ({"name": "p0", "bridge": "br0", "options": {"peer": "x"}}, "options"),
    ({"name": "p0", "bridge": "br0", "vlan_mode": "hybrid"}, "vlan_mode"),
    ({"name": "p0", "bridge": "br0", "protected": "yes"}, "protected"),
    ({"name": "p0", "bridge": "br0", "protected": 1}, "protected"),
    ({"name": "p0", "bridge": "br0", "ofport_request": 0}, "ofport_request"),
    ({"name": "p0", "bridge": "br0", "mtu_request": 10}, "mtu_request"),
    ({"name": "a-very-long-name-x", "bridge": "br0"}, "name"),
    ({"name": "p0", "bridge": "a-very-long-bridge"}, "bridge"),
    ({"name": "p0"}, "bridge"),
    ({"name": "p0", "bridge": "br0", "external_ids": {"k": ["list"]}}, "external_ids.k"),
    ({"name": "p;rm", "bridge": "br0"}, "name"),
])
def test_port_refuses_bad_input(params, field):
    runner = RecordingRunner()
    with pytest.raises(ValidationError) as error:
        OvsPort(params, client(runner))
    assert error.value.details["field"] == field
    assert runner.calls == []  # refused before anything is read


@pytest.mark.parametrize("params, field", [
    ({"name": "bridge-name-too-long"}, "name"),
    ({"name": "br0", "datapath_type": "dpdk"}, "datapath_type"),
    ({"name": "br0", "fail_mode": "None"}, "fail_mode"),
    ({"name": "br0", "protocols": ["OpenFlow99"]}, "protocols"),
    ({"name": "br0", "controller": ["http://x"]}, "controller"),
    ({"name": "br0", "controller": ["tcp:1.2.3.4:6653 ptcp:1"]}, "controller"),
    ({"name": "br0", "mtu": 70000}, "mtu"),
    ({"name": "br0", "stp": "yes"}, "stp"),
])
def test_bridge_refuses_bad_input(params, field):
    with pytest.raises(ValidationError) as error:
        OvsBridge(params, client())
    assert error.value.details["field"] == field


def test_map_values_become_text():
    port = OvsPort({"name": "p0", "bridge": "br0", "external_ids": {"n": 1, "b": True, "s": "x"}}, client())
    assert port.external_ids == {"n": "1", "b": "true", "s": "x"}
