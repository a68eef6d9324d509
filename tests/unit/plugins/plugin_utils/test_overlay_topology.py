# -*- coding: utf-8 -*-
"""The overlay plan as the lists of one topology call (plugin_utils/_overlay_topology.py)."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay import overlay_plan
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay_topology import overlay_topology

LINKS = {"eth0": {"addresses": ["192.0.2.11/24"], "mtu": 1500}, "veth0": {"addresses": [], "mtu": 1500},
         "veth7": {"addresses": [], "mtu": 1500}}
TWO_BRIDGE = {"namespaces": [{"name": "blue", "veth": "veth0", "peer": "veth1"}],
              "link": {"name": "veth7", "peer": "veth8"}}


def mesh(kind="vxlan"):
    return dict(("h%d" % i, {"type": kind, "address": "192.0.2.1%d" % i}) for i in range(1, 4))


def test_kernel_vxlan_link_its_port_and_the_veth_mtu_in_one_call():
    plan = overlay_plan(mesh(), "h1", datapath="netdev", links=LINKS, ports=["ovlv-c000020c"],
                        two_bridge_plan=TWO_BRIDGE)
    lists = overlay_topology(plan)
    assert lists["vxlans"] == [{"name": "ovl-vxlan", "vni": 4242, "dstport": 4789, "local": "192.0.2.11",
                                "remotes": ["192.0.2.12", "192.0.2.13"], "device": "eth0"}]
    assert lists["ports"] == [{"bridge": "br0", "name": "ovl-vxlan", "external_ids": {"linuxnet_owner": "overlay"}},
                              {"name": "ovlv-c000020c", "state": "absent"}]
    assert lists["veths"] == [{"name": "veth0", "peer": "veth1", "mtu": 1450, "peer_netns": "blue"},
                              {"name": "veth7", "peer": "veth8", "mtu": 1450}]


def test_ovs_tunnel_ports_remove_the_kernel_link():
    plan = overlay_plan(mesh("gre"), "h1", datapath="system", links=LINKS)
    lists = overlay_topology(plan, vxlan_name="myvx")
    assert lists["vxlans"] == [{"name": "myvx", "state": "absent"}]
    assert lists["ports"][0] == {"name": "myvx", "state": "absent"}
    assert lists["ports"][1:] == plan["port_items"] and len(plan["port_items"]) == 2


@pytest.mark.parametrize("restore, expected", [(1500, [1500, 1500]), (0, [])])
def test_none_restores_the_mtu_or_leaves_it(restore, expected):
    plan = overlay_plan(mesh("none"), "h1", links=LINKS, two_bridge_plan=TWO_BRIDGE)
    lists = overlay_topology(plan, restore_mtu=restore)
    assert [item["mtu"] for item in lists["veths"]] == expected
    assert lists["vxlans"] == [{"name": "ovl-vxlan", "state": "absent"}]


def test_links_behind_the_bridge_follow_the_overlay_mtu_a_vlan_four_bytes_less():
    links_behind = [{"name": "mv0", "kind": "macvlan", "parent": "veth0", "netns": "blue"},
                    {"name": "vl5", "kind": "vlan", "parent": "veth0", "id": 5}]
    plan = overlay_plan(mesh(), "h1", datapath="netdev", links=LINKS, links_behind=links_behind)
    assert overlay_topology(plan)["links"] == [dict(links_behind[0], mtu=1450), dict(links_behind[1], mtu=1446)]
    restored = overlay_topology(overlay_plan(mesh("none"), "h1", links=LINKS, links_behind=links_behind))
    assert [item["mtu"] for item in restored["links"]] == [1500, 1496]
    left = overlay_topology(overlay_plan(mesh("none"), "h1", links=LINKS, links_behind=links_behind), restore_mtu=0)
    assert left["links"] == []


@pytest.mark.parametrize("plan, restore, field", [
    ("not a plan", 1500, "overlay plan"), ({}, 1500, "overlay plan"),
    ({"method": "none"}, -1, "overlay_restore_mtu"), ({"method": "none"}, True, "overlay_restore_mtu")])
def test_bad_input_names_the_field(plan, restore, field):
    with pytest.raises(ValidationError) as error:
        overlay_topology(plan, restore_mtu=restore)
    assert field in str(error.value)
