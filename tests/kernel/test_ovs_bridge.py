# -*- coding: utf-8 -*-
"""ovs_bridge against a real OVS (userspace datapath) in the sandbox."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge

from ovs_kernel_helpers import absent_twice, client, column_json, dump, four_steps, netdev_bridge, vsctl  # noqa: F401 pylint: disable=unused-import

NASTY = {"with space": 'quote " and, comma', "k=v": "a=b,c=d", "brace{": "}]x", "ü": "é\\n",
         "inject": 'x" -- add-br evil -- set Bridge br0 fail_mode="secure'}


def test_create_then_absent_twice(client):
    applied = four_steps(lambda: OvsBridge({"name": "br0", "datapath_type": "netdev"}, client))
    assert applied.before is None and applied.after["datapath_type"] == "netdev"
    assert vsctl("get", "Bridge", "br0", "datapath_type") == "netdev"
    absent_twice(lambda: OvsBridge({"name": "br0", "state": "absent"}, client))
    assert vsctl("list-br") == ""


@pytest.mark.parametrize("option, value, column, shown", [
    ("fail_mode", "secure", "fail_mode", "secure"),
    ("stp", True, "stp_enable", "true"),
    ("protocols", ["OpenFlow13", "OpenFlow10"], "protocols", '[OpenFlow10, OpenFlow13]'),
    ("other_config", {"hwaddr": "02:00:00:00:00:01"}, "other_config", '{hwaddr="02:00:00:00:00:01"}'),
    ("controller", ["ptcp:6653", "tcp:127.0.0.1:6654"], None, None),
])
def test_every_option_four_steps(client, option, value, column, shown):
    netdev_bridge(client, "br0")
    applied = four_steps(lambda: OvsBridge(dict({"name": "br0"}, **{option: value}), client))
    assert [c.details.get("attribute") for c in applied.changes] == [option]
    if column:
        assert vsctl("get", "Bridge", "br0", column) == shown
    else:
        assert sorted(vsctl("get-controller", "br0").split()) == sorted(value)
        four_steps(lambda: OvsBridge({"name": "br0", "controller": []}, client))
        assert vsctl("get-controller", "br0") == ""


def test_mtu_of_internal_port(client):
    netdev_bridge(client, "br0")
    four_steps(lambda: OvsBridge({"name": "br0", "mtu": 1400}, client))
    assert vsctl("get", "Interface", "br0", "mtu_request") == "1400"


def test_create_with_everything_in_one_transaction(client):
    four_steps(lambda: OvsBridge({"name": "br1", "datapath_type": "netdev", "fail_mode": "standalone", "stp": False,
                                  "protocols": ["OpenFlow13"], "external_ids": {"a": "1"}, "controller": ["ptcp:6653"],
                                  "mtu": 9000}, client))
    assert vsctl("get", "Bridge", "br1", "fail_mode") == "standalone"


def test_external_ids_escaping_round_trips_and_cannot_inject(client):
    netdev_bridge(client, "br0")
    applied = four_steps(lambda: OvsBridge({"name": "br0", "external_ids": NASTY}, client))
    raw = column_json("Bridge", "br0", "external_ids")
    assert dict(raw[1]) == NASTY
    assert vsctl("list-br") == "br0"  # no bridge "evil"
    assert vsctl("get", "Bridge", "br0", "fail_mode") == "[]"
    assert applied.after["external_ids"] == NASTY


def test_defect_c_several_external_ids_keys_changed_at_once(client):
    netdev_bridge(client, "br0")
    vsctl("set", "Bridge", "br0", "external_ids:a=0", "external_ids:keep=1")
    four_steps(lambda: OvsBridge({"name": "br0", "external_ids": {"a": "1", "b": "2", "c": "3"}}, client))
    assert column_json("Bridge", "br0", "external_ids") == [
        "map", [["a", "1"], ["b", "2"], ["c", "3"], ["keep", "1"]]]
    four_steps(lambda: OvsBridge({"name": "br0", "external_ids": {"a": "1"}, "purge_external_ids": True}, client))
    assert vsctl("get", "Bridge", "br0", "external_ids") == '{a="1"}'


def test_defect_d_unset_fail_mode_on_reruns(client):
    four_steps(lambda: OvsBridge({"name": "br0", "datapath_type": "netdev", "fail_mode": "secure"}, client))
    for _attempt in range(2):
        outcome = converge(OvsBridge({"name": "br0", "datapath_type": "netdev"}, client), check_mode=False)
        assert not outcome.changed
    assert vsctl("get", "Bridge", "br0", "fail_mode") == "secure"


@pytest.mark.parametrize("params", [
    {"name": "bridge-too-long-x"},
    {"name": "br0", "fail_mode": "None"},
    {"name": "br0", "protocols": ["OpenFlow99"]},
    {"name": "br0", "controller": ["tcp:1.2.3.4:1 -- del-br br0"]},
])
def test_bad_input_changes_nothing(client, params):
    netdev_bridge(client, "br0")
    before = dump()
    with pytest.raises(ValidationError):
        converge(OvsBridge(params, client), check_mode=False)
    assert dump() == before
