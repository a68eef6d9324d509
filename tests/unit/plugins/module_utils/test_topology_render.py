# -*- coding: utf-8 -*-
"""state: rendered — the commands that build the input on a bare host, never touching this one."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered

MARK = "linuxnet-owner:linuxnet"
OVS_MARK = "'external_ids:\"linuxnet_owner\"=\"linuxnet\"'"


class FakeModule:
    params = {"db": "unix:/var/run/openvswitch/db.sock"}


def render(**lists):
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    return rendered(FakeModule(), wanted, "linuxnet")


SEED = dict(
    # listed in an unhelpful order on purpose: the order of work is derived
    ports=[{"name": "veth0", "bridge": "br0"}],
    addresses=[{"dev": "veth1", "netns": "blue", "address": ["10.0.2.100/24"]},
               {"dev": "br0", "address": ["10.0.2.1/24"]}],
    bridges=[{"name": "br0", "datapath_type": "netdev"}],
    veths=[{"name": "veth0", "peer": "veth1", "peer_netns": "blue"}],
    namespaces=[{"name": "blue"}],
)


def test_the_seed_renders_as_a_script_in_the_order_of_work():
    assert render(**SEED) == [
        "ip netns add blue",
        "ip -n blue link set lo alias " + MARK,
        "ip -n blue link set lo up",
        "ip link add veth0 type veth peer name veth1 netns blue",
        "ip link set veth0 alias %s up" % MARK,
        "ip -n blue link set veth1 alias %s up" % MARK,
        "ip -n blue addr add 10.0.2.100/24 dev veth1",
        "ovs-vsctl --db=unix:/var/run/openvswitch/db.sock --timeout=60 -- add-br br0 -- set Bridge br0 "
        "'datapath_type=\"netdev\"' %s -- add-port br0 veth0 %s" % (OVS_MARK, OVS_MARK),
        "ip addr add 10.0.2.1/24 dev br0",
        "ip link set br0 up",
    ]


def test_all_ovs_changes_of_a_stage_are_one_ovs_vsctl_transaction():
    ports = [{"name": "p%d" % i, "bridge": "br0", "type": "internal"} for i in range(50)]
    lines = render(bridges=[{"name": "br0"}], ports=ports)
    assert len(lines) == 1 and lines[0].count("add-port") == 50


def test_a_protected_port_renders_with_its_column():
    port = {"name": "vx0", "bridge": "br0", "type": "internal", "protected": True}
    lines = render(bridges=[{"name": "br0"}], ports=[port])
    assert "-- add-port br0 vx0 protected=true %s -- set Interface vx0 'type=\"internal\"'" % OVS_MARK in lines[0]


def test_routes_come_after_the_addresses_of_their_namespace():
    lines = render(namespaces=[{"name": "blue"}],
                   veths=[{"name": "v0", "peer": "v1", "peer_netns": "blue"}],
                   routes=[{"netns": "blue", "dest": "default", "gateway": "10.0.2.1"}],
                   addresses=[{"dev": "v1", "netns": "blue", "address": ["10.0.2.100/24"]}])
    assert lines.index("ip -n blue addr add 10.0.2.100/24 dev v1") < \
        lines.index("ip -n blue route add 0.0.0.0/0 via 10.0.2.1 metric 0 table 254")


def test_every_item_is_validated_before_anything_and_the_error_names_it():
    with pytest.raises(NetnsError) as caught:
        render(namespaces=[{"name": "blue"}], veths=[{"name": "v0", "peer": "v1"}, {"name": "v2", "peeer": "v3"}])
    assert caught.value.msg.startswith("veths[1]: ")
    assert "peeer" in caught.value.msg


def test_a_bad_value_names_the_item_and_the_field():
    with pytest.raises(NetnsError) as caught:
        render(namespaces=[{"name": "blue"}], veths=[{"name": "v0", "peer": "a/b", "peer_netns": "blue"}])
    assert caught.value.details["field"] == "veths[0].peer"
    assert "a/b" in caught.value.msg
