# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vxlan resource: validation and plans from plain data (no kernel)."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.vxlan import VxlanResource

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.netlink_fakes import FakeSnapshot, link

BASE = {"name": "ovl-vxlan", "vni": 4242, "local": "192.0.2.1", "device": "eth0",
        "remotes": ["192.0.2.2", "192.0.2.3"]}
FOUND = {"name": "ovl-vxlan", "netns": None, "vni": 4242, "dstport": 4789, "local": "192.0.2.1",
         "device": "eth0", "learning": True, "remotes": ["192.0.2.2", "192.0.2.3"], "mtu": 1450, "up": True}


def resource(snapshot=None, **overrides):
    return VxlanResource(dict(BASE, **overrides), snapshot or FakeSnapshot({}))


def summary(changes):
    return [(c.action, c.kind, c.details.get("attribute") or c.details.get("remote")) for c in changes]


@pytest.mark.parametrize("field, value, problem", [
    ("vni", 16777216, "outside"), ("vni", "7", "integer"), ("vni", True, "integer"),
    ("dstport", 70000, "outside"), ("local", "not-an-ip", "not an IP"), ("local", "0.0.0.0", "unicast"),
    ("remotes", "192.0.2.2", "list"), ("remotes", ["192.0.2.1"], "local address"),
    ("remotes", ["ff02::1"], "unicast"), ("remotes", ["2001:db8::2"], "mixes"), ("mtu", 40, "outside"),
    ("device", "x" * 16, ""), ("state", "gone", "one of"),
])
def test_validation_names_field_and_value(field, value, problem):
    with pytest.raises(ValidationError) as error:
        resource(**{field: value})
    assert error.value.details["field"] == field
    assert problem in error.value.msg


def test_vni_required_only_when_present():
    with pytest.raises(ValidationError):
        resource(vni=None)
    assert resource(vni=None, state="absent").plan(None) == []


def test_remotes_are_normalised_deduplicated_and_sorted():
    assert resource(remotes=["192.0.2.10", " 192.0.2.9", "192.0.2.10"]).remotes == ["192.0.2.9", "192.0.2.10"]
    six = resource(local="2001:db8::1", remotes=["2001:DB8:0::2"])
    assert six.remotes == ["2001:db8::2"]


def test_creation_plan_and_expected_state():
    vxlan = resource()
    assert summary(vxlan.plan(None)) == [("create", "vxlan", None), ("add", "vxlan_remote", "192.0.2.2"),
                                         ("add", "vxlan_remote", "192.0.2.3"), ("set", "vxlan", "up")]
    after = vxlan.expected(None)
    assert after["remotes"] == ["192.0.2.2", "192.0.2.3"] and after["mtu"] is None and after["up"]


def test_nothing_to_do_when_it_matches():
    assert resource().plan(dict(FOUND)) == []
    assert resource(local=None, device=None).plan(dict(FOUND)) == []  # unset: any is fine


def test_in_place_changes():
    found = dict(FOUND, learning=False, remotes=["192.0.2.3", "192.0.2.4"], up=False)
    changes = resource(mtu=1400, remotes=["192.0.2.2", "192.0.2.3"]).plan(found)
    assert summary(changes) == [("set", "vxlan", "learning"), ("set", "vxlan", "mtu"),
                                ("delete", "vxlan_remote", "192.0.2.4"), ("add", "vxlan_remote", "192.0.2.2"),
                                ("set", "vxlan", "up")]


@pytest.mark.parametrize("field, value", [("vni", 1), ("dstport", 8472), ("local", "192.0.2.9"),
                                          ("device", "eth1")])
def test_fixed_attribute_difference_replaces_the_link(field, value):
    changes = resource(**{field: value}).plan(dict(FOUND))
    assert changes[0].action == "replace" and field in changes[0].details
    assert [c.action for c in changes[1:]] == ["add", "add", "set"]


def test_foreign_device_is_a_conflict_unless_forced():
    held = FakeSnapshot({None: [link("lo", 1), link("ovl-vxlan", 7, "veth")]})
    reading = resource(held).read()
    assert reading.before is None and reading.conflicts == (
        {"name": "ovl-vxlan", "netns": None, "kind": "veth", "problem": "is a veth device, not a vxlan"},)
    with pytest.raises(ConflictError) as error:
        resource(held).plan(*reading)
    assert error.value.msg == ("vxlan ovl-vxlan: ovl-vxlan is a veth device, not a vxlan; "
                               "set force: true to replace it")
    assert [(c.action, c.kind) for c in resource(held, force=True).plan(*reading)][:2] == [
        ("delete", "link"), ("create", "vxlan")]
    assert resource(held, state="absent").plan(*resource(held, state="absent").read()) == []


def test_absent():
    assert summary(resource(state="absent").plan(dict(FOUND))) == [("delete", "vxlan", None)]
    assert resource(state="absent").plan(None) == []
    assert resource(state="absent").expected(dict(FOUND)) is None


def test_every_change_carries_its_equivalent_command():
    changes = resource(learning=False, mtu=1400).plan(None)
    assert changes[0].command == [
        ["ip", "link", "add", "ovl-vxlan", "mtu", "1400", "type", "vxlan", "id", "4242",
         "dstport", "4789", "local", "192.0.2.1", "dev", "eth0", "nolearning"],
        ["ip", "link", "set", "ovl-vxlan", "alias", "linuxnet-owner:linuxnet"]]  # the owner mark, as for a veth
    assert changes[1].command == ["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "ovl-vxlan",
                                  "dst", "192.0.2.2"]
    assert changes[-1].command == ["ip", "link", "set", "ovl-vxlan", "up"]
    in_blue = VxlanResource(dict(BASE, netns="blue", remotes=[]), FakeSnapshot({}))
    update = in_blue.plan(dict(FOUND, netns="blue", learning=False, mtu=1400, up=False))
    assert [c.command for c in update] == [
        ["ip", "-n", "blue", "link", "set", "ovl-vxlan", "type", "vxlan", "learning"],
        ["bridge", "-n", "blue", "fdb", "del", "00:00:00:00:00:00", "dev", "ovl-vxlan", "dst", "192.0.2.2"],
        ["bridge", "-n", "blue", "fdb", "del", "00:00:00:00:00:00", "dev", "ovl-vxlan", "dst", "192.0.2.3"],
        ["ip", "-n", "blue", "link", "set", "ovl-vxlan", "up"]]
    assert resource(state="absent").plan(dict(FOUND))[0].command == ["ip", "link", "del", "ovl-vxlan"]


def test_the_creation_is_named_by_the_label_like_the_other_changes():
    in_blue = VxlanResource(dict(BASE, netns="blue"), FakeSnapshot({}))
    changes = in_blue.plan(None)
    assert [change.as_dict()["name"] for change in changes] == ["ovl-vxlan@blue"] * len(changes)
    assert changes[0].as_dict()["netns"] == "blue"
