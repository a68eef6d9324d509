# -*- coding: utf-8 -*-
"""ovs_port against a real OVS (userspace datapath) in the sandbox, pings included."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge

from ovs_kernel_helpers import absent_twice, client, dump, four_steps, netdev_bridge, run, veth, vsctl  # noqa: F401 pylint: disable=unused-import


def test_internal_port_create_then_absent_twice(client):
    netdev_bridge(client, "br0")
    four_steps(lambda: OvsPort({"name": "p1", "bridge": "br0", "type": "internal"}, client))
    assert vsctl("list-ports", "br0") == "p1"
    assert vsctl("get", "Interface", "p1", "type") == "internal"
    absent_twice(lambda: OvsPort({"name": "p1", "state": "absent"}, client))
    assert vsctl("list-ports", "br0") == ""


@pytest.mark.parametrize("option, value, table, column, shown", [
    ("tag", 10, "Port", "tag", "10"),
    ("trunks", [30, 20], "Port", "trunks", "[20, 30]"),
    ("vlan_mode", "native-untagged", "Port", "vlan_mode", "native-untagged"),
    ("protected", True, "Port", "protected", "true"),
    ("external_ids", {"owner": "lab one"}, "Port", "external_ids", '{owner="lab one"}'),
    ("other_config", {"priority-tags": "true"}, "Port", "other_config", '{priority-tags="true"}'),
    ("mtu_request", 1400, "Interface", "mtu_request", "1400"),
    ("ofport_request", 42, "Interface", "ofport_request", "42"),
])
def test_every_option_four_steps(client, option, value, table, column, shown):
    netdev_bridge(client, "br0")
    vsctl("add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=internal")
    applied = four_steps(lambda: OvsPort(dict({"name": "p1", "bridge": "br0"}, **{option: value}), client))
    assert [c.details.get("attribute") for c in applied.changes] == [option]
    assert vsctl("get", table, "p1", column) == shown


@pytest.mark.parametrize("port_type, options, shown", [
    ("patch", {"peer": "p2"}, "{peer=p2}"),
    ("vxlan", {"remote_ip": "192.0.2.2", "key": 42, "dst_port": 4790}, '{dst_port="4790", key="42", remote_ip="192.0.2.2"}'),
    ("gre", {"remote_ip": "flow"}, "{remote_ip=flow}"),
    ("geneve", {"remote_ip": "2001:db8::2"}, '{remote_ip="2001:db8::2"}'),
])
def test_types_and_options_four_steps(client, port_type, options, shown):
    netdev_bridge(client, "br0")
    four_steps(lambda: OvsPort({"name": "t1", "bridge": "br0", "type": port_type, "options": options}, client))
    assert vsctl("get", "Interface", "t1", "type") == port_type
    assert vsctl("get", "Interface", "t1", "options") == shown
    # a new type replaces the options
    four_steps(lambda: OvsPort({"name": "t1", "bridge": "br0", "type": "internal"}, client))
    assert vsctl("get", "Interface", "t1", "options") == "{}"


def test_defect_b_unset_tag_leaves_the_tag(client):
    netdev_bridge(client, "br0")
    four_steps(lambda: OvsPort({"name": "p1", "bridge": "br0", "type": "internal", "tag": 7}, client))
    four_steps(lambda: OvsPort({"name": "p1", "bridge": "br0", "external_ids": {"a": "1"}}, client))
    assert vsctl("get", "Port", "p1", "tag") == "7"


def test_protected_unset_leaves_it_and_false_clears_it(client):
    netdev_bridge(client, "br0")
    four_steps(lambda: OvsPort({"name": "p1", "bridge": "br0", "type": "internal", "protected": True}, client))
    assert vsctl("get", "Port", "p1", "protected") == "true"
    four_steps(lambda: OvsPort({"name": "p1", "bridge": "br0", "tag": 3}, client))  # protected not given: left as it is
    assert vsctl("get", "Port", "p1", "protected") == "true"
    cleared = four_steps(lambda: OvsPort({"name": "p1", "bridge": "br0", "protected": False}, client))
    assert cleared.diff()["before"]["protected"] is True and cleared.diff()["after"]["protected"] is False
    assert dict(cleared.after, protected=True) == cleared.before  # nothing else changed
    assert vsctl("get", "Port", "p1", "protected") == "false"
    assert not converge(OvsPort({"name": "p1", "bridge": "br0", "protected": False}, client), check_mode=False).changed


def test_defect_a_check_mode_with_pending_changes(client):
    netdev_bridge(client, "br0")
    vsctl("add-port", "br0", "p1", "tag=1", "--", "set", "Interface", "p1", "type=internal")
    before = dump()
    outcome = converge(OvsPort({"name": "p1", "bridge": "br0", "tag": 2, "trunks": [3],
                                "external_ids": {"a": "1", "b": "2"}, "mtu_request": 1300}, client), check_mode=True)
    assert outcome.changed and len(outcome.changes) == 4
    assert dump() == before


def test_defect_e_move_between_bridges(client):
    netdev_bridge(client, "br0")
    netdev_bridge(client, "br1")
    veth("veth2", "veth3")
    vsctl("add-port", "br0", "veth2", "tag=5", "external_ids:k=v")
    applied = four_steps(lambda: OvsPort({"name": "veth2", "bridge": "br1"}, client))
    assert applied.changes[0].action == "move"
    assert applied.changes[0].details == {"from_bridge": "br0", "to_bridge": "br1"}
    assert applied.diff()["before"]["bridge"] == "br0" and applied.diff()["after"]["bridge"] == "br1"
    assert vsctl("list-ports", "br0") == "" and vsctl("list-ports", "br1") == "veth2"
    assert vsctl("get", "Port", "veth2", "tag") == "5"  # carried over
    # from whichever bridge holds it
    absent_twice(lambda: OvsPort({"name": "veth2", "bridge": "br0", "state": "absent"}, client))


def test_check_mode_missing_bridge_warns_real_run_fails(client):
    before = dump()
    outcome = converge(OvsPort({"name": "p1", "bridge": "br9", "type": "internal"}, client), check_mode=True)
    assert outcome.changed and outcome.warnings and outcome.missing == {"kind": "bridge", "name": "br9"}
    with pytest.raises(MissingObjectError):
        converge(OvsPort({"name": "p1", "bridge": "br9", "type": "internal"}, client), check_mode=False)
    assert dump() == before


@pytest.mark.parametrize("params", [
    {"name": "p1", "bridge": "br0", "tag": 5000},
    {"name": "p1", "bridge": "br0", "type": "bond"},
    {"name": "p1", "bridge": "br0", "type": "gre", "options": {"key": 1}},
    {"name": "p1", "bridge": "br0", "type": "vxlan", "options": {"remote_ip": "nowhere"}},
    {"name": "p1", "bridge": "br0", "type": "patch", "options": {}},
    {"name": "port-name-too-long", "bridge": "br0"},
    {"name": "p1", "bridge": "bridge-name-too-long"},
])
def test_bad_input_changes_nothing(client, params):
    netdev_bridge(client, "br0")
    vsctl("add-port", "br0", "p1", "tag=1", "--", "set", "Interface", "p1", "type=internal")
    before = dump()
    with pytest.raises(ValidationError):
        converge(OvsPort(params, client), check_mode=False)
    assert dump() == before


def _namespace_with_veth(ns, inside, outside, address):
    run(["ip", "netns", "add", ns])
    run(["ip", "link", "add", inside, "type", "veth", "peer", "name", outside])
    run(["ip", "link", "set", inside, "netns", ns])
    run(["ip", "-n", ns, "addr", "add", address, "dev", inside])
    run(["ip", "-n", ns, "link", "set", inside, "up"])
    run(["ip", "-n", ns, "link", "set", "lo", "up"])
    run(["ip", "link", "set", outside, "up"])


def _ping(ns, address):
    return run(["ip", "netns", "exec", ns, "ping", "-c", "2", "-i", "0.2", "-W", "1", address], check=False)


def test_protected_ports_do_not_forward_to_each_other(client):
    four_steps(lambda: OvsBridge({"name": "br0", "datapath_type": "netdev"}, client))
    _namespace_with_veth("blue", "veth0", "veth1", "10.0.0.1/24")
    _namespace_with_veth("red", "veth2", "veth3", "10.0.0.2/24")
    _namespace_with_veth("green", "veth4", "veth5", "10.0.0.3/24")
    for name in ("veth1", "veth3", "veth5"):
        four_steps(lambda: OvsPort({"name": name, "bridge": "br0"}, client))
    assert _ping("blue", "10.0.0.2").returncode == 0
    for name in ("veth1", "veth3"):
        four_steps(lambda: OvsPort({"name": name, "bridge": "br0", "protected": True}, client))
    assert _ping("blue", "10.0.0.2").returncode != 0  # protected to protected: dropped
    ping = _ping("blue", "10.0.0.3")  # protected to unprotected: forwarded
    assert ping.returncode == 0, ping.stdout + ping.stderr
    four_steps(lambda: OvsPort({"name": "veth3", "bridge": "br0", "protected": False}, client))
    ping = _ping("blue", "10.0.0.2")
    assert ping.returncode == 0, ping.stdout + ping.stderr


def test_patch_ports_carry_a_ping_between_two_namespaces(client):
    for name in ("br0", "br1"):
        four_steps(lambda: OvsBridge({"name": name, "datapath_type": "netdev"}, client))
    _namespace_with_veth("blue", "veth0", "veth1", "10.0.0.1/24")
    _namespace_with_veth("red", "veth2", "veth3", "10.0.0.2/24")
    four_steps(lambda: OvsPort({"name": "veth1", "bridge": "br0"}, client))
    four_steps(lambda: OvsPort({"name": "veth3", "bridge": "br1"}, client))
    assert run(["ip", "netns", "exec", "blue", "ping", "-c", "1", "-W", "1", "10.0.0.2"], check=False).returncode != 0
    for name, bridge, peer in (("patch-br1", "br0", "patch-br0"), ("patch-br0", "br1", "patch-br1")):
        four_steps(lambda: OvsPort({"name": name, "bridge": bridge, "type": "patch", "options": {"peer": peer}}, client))
    ping = run(["ip", "netns", "exec", "blue", "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.2"], check=False)
    assert ping.returncode == 0, ping.stdout + ping.stderr
    absent_twice(lambda: OvsPort({"name": "patch-br0", "state": "absent"}, client))
    ping = run(["ip", "netns", "exec", "blue", "ping", "-c", "1", "-W", "1", "10.0.0.2"], check=False)
    assert ping.returncode != 0
