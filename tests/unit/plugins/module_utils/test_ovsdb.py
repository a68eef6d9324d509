# -*- coding: utf-8 -*-
"""The OVSDB client: one read call parsed into OvsState, one write call, clear errors."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import RecordingRunner, client, list_output

TABLES = [
    {"headings": ["_uuid", "name", "ports", "controller", "datapath_type", "fail_mode", "stp_enable", "protocols",
                  "external_ids", "other_config"],
     "data": [[["uuid", "b0"], "br0", ["set", [["uuid", "p0"], ["uuid", "p1"]]], ["uuid", "c0"], "netdev",
               "secure", False, "OpenFlow13", ["map", [["a b", "x,y"]]], ["map", []]]]},
    {"headings": ["_uuid", "name", "interfaces", "tag", "trunks", "vlan_mode", "protected", "external_ids",
                  "other_config"],
     "data": [[["uuid", "p0"], "br0", ["uuid", "i0"], ["set", []], ["set", []], ["set", []], False, ["map", []],
               ["map", []]],
              [["uuid", "p1"], "veth7", ["uuid", "i1"], 10, ["set", [20, 30]], "access", True, ["map", []],
               ["map", []]]]},
    {"headings": ["_uuid", "name", "type", "options", "mtu_request", "ofport_request", "ofport"],
     "data": [[["uuid", "i0"], "br0", "internal", ["map", []], 1400, ["set", []], 65534],
              [["uuid", "i1"], "veth7", "", ["map", []], ["set", []], 7, ["set", []]]]},
    {"headings": ["_uuid", "target"], "data": [[["uuid", "c0"], "tcp:192.0.2.1:6653"]]},
]


def test_read_is_one_call_and_parses_every_table():
    runner = RecordingRunner(list_output(TABLES))
    ovs_state = client(runner).read()
    assert len(runner.calls) == 1
    argv = runner.calls[0]
    assert argv[:5] == ["ovs-vsctl", "--db=unix:/test/db.sock", "--timeout=10", "--format=json", "--data=json"]
    assert argv.count("list") == 4
    assert ovs_state.bridges["br0"] == {
        "name": "br0", "datapath_type": "netdev", "fail_mode": "secure", "stp": False, "protocols": ["OpenFlow13"],
        "controller": ["tcp:192.0.2.1:6653"], "external_ids": {"a b": "x,y"}, "other_config": {},
        "ports": ["veth7"]}
    assert ovs_state.ports["veth7"]["bridge"] == "br0"
    assert ovs_state.ports["veth7"]["tag"] == 10 and ovs_state.ports["veth7"]["trunks"] == [20, 30]
    assert ovs_state.ports["veth7"]["protected"] is True and ovs_state.ports["br0"]["protected"] is False
    assert ovs_state.interfaces["veth7"] == {"name": "veth7", "type": "system", "options": {}, "mtu_request": None,
                                             "ofport_request": 7, "ofport": None, "error": None, "ifindex": None}
    assert ovs_state.interfaces["br0"]["mtu_request"] == 1400 and ovs_state.interfaces["br0"]["ofport"] == 65534


def test_unreachable_database_names_the_socket():
    runner = RecordingRunner(rc=1, err="ovs-vsctl: unix:/test/db.sock: database connection failed (Connection refused)")
    with pytest.raises(BackendError) as error:
        client(runner).read()
    assert "unix:/test/db.sock" in error.value.msg and error.value.details["db"] == "unix:/test/db.sock"


def test_refused_transaction_reports_stderr_and_command():
    runner = RecordingRunner(rc=1, err="ovs-vsctl: no bridge named br9")
    with pytest.raises(BackendError) as error:
        client(runner).transact([["add-port", "br9", "p1"]])
    assert "no bridge named br9" in error.value.msg
    assert error.value.details["command"][-3:] == ["add-port", "br9", "p1"]


def test_empty_transaction_runs_nothing():
    runner = RecordingRunner()
    client(runner).transact([])
    assert runner.calls == []


def test_garbage_output_is_a_backend_error():
    with pytest.raises(BackendError):
        client(RecordingRunner("not json\n")).read()
