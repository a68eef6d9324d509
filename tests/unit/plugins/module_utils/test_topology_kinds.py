# -*- coding: utf-8 -*-
"""The registry of topology kinds (_topology/kinds.py) and what one kind file gives the states,
the order and ``rendered`` (pure: no kernel; the vxlan kind against the kernel is in
tests/kernel/test_topology_vxlan.py)."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION, KINDS, OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.states import desired_items

OWNER = "linuxnet"
MARK = "linuxnet-owner:linuxnet"


def test_each_kind_is_one_file_of_its_own():
    files = [type(kind).__module__ for kind in KINDS]
    assert len(set(files)) == len(KINDS)
    assert all(name.rsplit(".", 1)[1].startswith("kind_") for name in files)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.option)
def test_each_kind_says_everything_the_engine_needs(kind):
    assert kind.option and kind.module and kind.spec and kind.resource
    assert type(kind).gather is not Kind.gather  # gathered lists it
    assert set(kind.absent_keys) <= set(kind.spec)  # what removes an item is made of its options


def test_options_and_ranks_are_unique():
    assert len(set(OPTIONS)) == len(OPTIONS) == len(KIND_BY_OPTION)
    assert len(set(kind.rank for kind in KINDS)) == len(KINDS)
    ranks = [kind.option for kind in sorted(KINDS, key=lambda kind: kind.rank)]
    assert ranks == ["namespaces", "veths", "links", "vxlans", "bridges", "ports", "addresses", "routes", "qdiscs",
                     "nats"]


VXLAN = {"name": "vx42", "netns": "blue", "vni": 42, "remotes": ["192.0.2.2"]}


def vxlan_inventory():
    """blue (ours) holds vx42 (ours) and vxhand (made by hand); the host holds vx43 (ours)."""
    return {
        "namespaces": [({"name": "blue", "loopback": True}, OWNER)],
        "vxlans": [(dict(VXLAN), OWNER), ({"name": "vxhand", "netns": "blue", "vni": 9}, None),
                   ({"name": "vx43", "netns": None, "vni": 43}, OWNER)],
    }


def test_overridden_removes_only_the_marked_vxlans_not_listed():
    wanted = {"namespaces": [{"name": "blue"}], "vxlans": [dict(VXLAN)]}
    result = desired_items("overridden", wanted, vxlan_inventory(), OWNER)
    assert result["vxlans"][1:] == [{"name": "vx43", "state": "absent"}]  # netns None is left out


def test_deleted_without_items_removes_every_marked_vxlan():
    result = desired_items("deleted", {}, vxlan_inventory(), OWNER)
    assert result["vxlans"] == [{"name": "vx42", "netns": "blue", "state": "absent"},
                                {"name": "vx43", "state": "absent"}]


def test_replaced_gives_a_listed_vxlan_without_address_item_an_empty_purging_one():
    wanted = {"vxlans": [dict(VXLAN, up=False)], "addresses": []}
    result = desired_items("replaced", wanted, {}, OWNER)
    assert result["addresses"] == [{"dev": "vx42", "netns": "blue", "address": [], "purge": True,
                                    "up": False, "state": "present"}]


def test_a_listed_vxlan_with_an_address_item_keeps_that_item_purging():
    wanted = {"vxlans": [dict(VXLAN)], "addresses": [{"dev": "vx42", "netns": "blue", "address": ["10.0.0.1/24"]}]}
    result = desired_items("replaced", wanted, {}, OWNER)
    assert result["addresses"] == [{"dev": "vx42", "netns": "blue", "address": ["10.0.0.1/24"], "purge": True}]


class FakeModule:
    params = {"db": "unix:/var/run/openvswitch/db.sock"}


def render(**lists):
    return rendered(FakeModule(), validate_items(dict((option, lists.get(option, [])) for option in OPTIONS)), OWNER)


def test_vxlans_render_after_their_namespace_and_device_and_before_their_port_and_address():
    lines = render(  # listed in an unhelpful order on purpose: the order of work is derived
        ports=[{"name": "vx43", "bridge": "br0"}],
        addresses=[{"dev": "vx42", "netns": "blue", "address": ["10.42.0.1/24"]}],
        vxlans=[{"name": "vx43", "vni": 43}, dict(VXLAN, device="ul0", local="192.0.2.1")],
        bridges=[{"name": "br0"}],
        veths=[{"name": "ul0", "netns": "blue", "peer": "ul1"}],
        namespaces=[{"name": "blue"}])
    assert lines[:-1] == [
        "ip netns add blue",
        "ip -n blue link set lo alias " + MARK,
        "ip -n blue link set lo up",
        "ip -n blue link add ul0 type veth peer name ul1 netns 1",
        "ip -n blue link set ul0 alias %s up" % MARK,
        "ip link set ul1 alias %s up" % MARK,
        "ip link add vx43 type vxlan id 43 dstport 4789 learning",
        "ip link set vx43 alias " + MARK,
        "ip link set vx43 up",
        "ip -n blue link add vx42 type vxlan id 42 dstport 4789 local 192.0.2.1 dev ul0 learning",
        "ip -n blue link set vx42 alias " + MARK,
        "bridge -n blue fdb append 00:00:00:00:00:00 dev vx42 dst 192.0.2.2",
        "ip -n blue link set vx42 up",
        "ip -n blue addr add 10.42.0.1/24 dev vx42",
    ]
    assert "add-port br0 vx43" in lines[-1]
