# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The overlay role's plan (pure)."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay import (
    overhead, overlay_plan, port_name)

LINKS = {"lo": {"addresses": ["127.0.0.1/8"], "mtu": 65536},
         "eth0": {"addresses": ["192.0.2.11/24", "fe80::1/64"], "mtu": 1500}}


def mesh(kind="vxlan", count=3, **overrides):
    endpoints = dict(("h%d" % i, {"type": kind, "address": "192.0.2.1%d" % i}) for i in range(1, count + 1))
    endpoints.update(overrides)
    return endpoints


def test_vxlan_on_netdev_is_one_kernel_link_with_every_peer():
    plan = overlay_plan(mesh(), "h1", datapath="netdev", links=LINKS)
    assert plan["method"] == "kernel" and plan["ports"] == []
    assert plan["vxlan"] == {"name": "ovl-vxlan", "vni": 4242, "dstport": 4789, "local": "192.0.2.11",
                             "device": "eth0", "remotes": ["192.0.2.12", "192.0.2.13"]}
    assert plan["mtu"] == 1450 and plan["overhead"] == 50 and plan["underlay_mtu"] == 1500


@pytest.mark.parametrize("kind, datapath, method", [("vxlan", "system", "auto"), ("gre", "system", "auto"),
                                                    ("gre", "netdev", "ovs"), ("vxlan", "netdev", "ovs")])
def test_ovs_tunnel_ports_one_per_peer(kind, datapath, method):
    plan = overlay_plan(mesh(kind), "h2", datapath=datapath, method=method, links={})
    assert plan["method"] == "ovs" and plan["vxlan"] is None
    assert [port["name"] for port in plan["ports"]] == ["ovl%s-c000020b" % kind[0], "ovl%s-c000020d" % kind[0]]
    options = plan["ports"][0]["options"]
    assert options["remote_ip"] == "192.0.2.11" and options["local_ip"] == "192.0.2.12"
    assert options["key"] == "4242"
    assert ("dst_port" in options) == (kind == "vxlan")
    assert plan["mtu"] == (1450 if kind == "vxlan" else 1458)


def test_gre_on_netdev_without_userspace_tunnelling_is_refused_with_the_way_out():
    with pytest.raises(ValidationError) as error:
        overlay_plan(mesh("gre"), "h1", datapath="netdev")
    assert "overlay_underlay_bridge" in error.value.msg and "overlay_method=ovs" in error.value.msg


def test_gre_on_netdev_with_an_underlay_bridge_moves_the_underlay_once():
    plan = overlay_plan(mesh("gre"), "h1", datapath="netdev", underlay_bridge="br-phy", links=LINKS)
    assert plan["method"] == "ovs" and plan["underlay_move"] == {"device": "eth0", "bridge": "br-phy"}
    moved = {"eth0": {"addresses": [], "mtu": 1500}, "br-phy": {"addresses": ["192.0.2.11/24"], "mtu": 1500}}
    again = overlay_plan(mesh("gre"), "h1", datapath="netdev", underlay_bridge="br-phy", links=moved)
    assert again["underlay_move"] is None and again["device"] == "br-phy"
    # once the underlay is on an OVS bridge, vxlan uses OVS tunnel ports too, and gre needs nothing more
    for kind in ("vxlan", "gre"):
        plan = overlay_plan(mesh(kind), "h1", datapath="netdev", links=moved, ovs_bridges=["br0", "br-phy"])
        assert plan["method"] == "ovs" and plan["underlay_move"] is None and len(plan["ports"]) == 2


def test_gre_without_key_and_kernel_gre_refused():
    assert overlay_plan(mesh("gre"), "h1", key=0)["mtu"] == 1462
    assert "key" not in overlay_plan(mesh("gre"), "h1", key=0)["ports"][0]["options"]
    with pytest.raises(ValidationError):
        overlay_plan(mesh("gre"), "h1", method="kernel")


def test_port_items_make_the_tunnel_ports_and_remove_the_stale_ones_in_one_topology_call():
    plan = overlay_plan(mesh("gre"), "h2", datapath="system", links={}, ports=["ovlg-c000020e", "veth0"])
    assert plan["port_items"] == [
        {"name": "ovlg-c000020b", "bridge": "br0", "type": "gre", "options": plan["ports"][0]["options"],
         "protected": True, "external_ids": {"linuxnet_overlay_remote": "192.0.2.11"}},
        {"name": "ovlg-c000020d", "bridge": "br0", "type": "gre", "options": plan["ports"][1]["options"],
         "protected": True, "external_ids": {"linuxnet_overlay_remote": "192.0.2.13"}},
        {"name": "ovlg-c000020e", "state": "absent"}]
    none = overlay_plan(mesh(h1={"type": "none", "address": "192.0.2.11"}), "h1", ports=["ovlv-c000020c"])
    assert none["port_items"] == [{"name": "ovlv-c000020c", "state": "absent"}]


def test_none_removes_everything_of_the_pattern():
    plan = overlay_plan(mesh(h1={"type": "none", "address": "192.0.2.11"}), "h1",
                        ports=["veth0", "ovlv-c000020c", "ovlg-c000020d", "ovl-vxlan", "ovlx-c000020c"])
    assert plan["method"] == "none" and plan["ports"] == [] and plan["vxlan"] is None
    assert plan["stale_ports"] == ["ovlg-c000020d", "ovlv-c000020c"]


def test_a_host_leaving_the_play_or_switching_to_none_leaves_the_mesh():
    endpoints = mesh(count=3)
    endpoints["h3"] = {"type": "none", "address": "192.0.2.13"}
    plan = overlay_plan(endpoints, "h1", datapath="system", ports=["ovlv-c000020c", "ovlv-c000020d"])
    assert [port["remote"] for port in plan["ports"]] == ["192.0.2.12"]
    assert plan["stale_ports"] == ["ovlv-c000020d"]
    alone = overlay_plan(mesh(count=1), "h1", datapath="netdev")
    assert alone["vxlan"]["remotes"] == []


@pytest.mark.parametrize("endpoints, field", [
    (mesh(h2={"type": "gre", "address": "192.0.2.12"}), "overlay_type"),
    (mesh(h2={"type": "vxlan", "address": "192.0.2.11"}), "overlay_underlay_address of h2"),
    (mesh(h2={"type": "vxlan", "address": "lab-host-2"}), "overlay_underlay_address of h2"),
    (mesh(h1={"type": "vxlan", "address": "127.0.0.1"}), "overlay_underlay_address"),
    (mesh(h2={"type": "vxlan", "address": "2001:db8::2"}), "overlay_underlay_address of h2"),
    (mesh(h1={"type": "geneve", "address": "192.0.2.11"}), "overlay_type"),
])
def test_inconsistent_mesh_is_refused_naming_the_variable(endpoints, field):
    with pytest.raises(ValidationError) as error:
        overlay_plan(endpoints, "h1", datapath="netdev")
    assert error.value.details["field"] == field


@pytest.mark.parametrize("kwargs, field", [
    ({"method": "magic"}, "overlay_method"), ({"datapath": "dpdk"}, "overlay_datapath_type"),
    ({"vni": 2 ** 24}, "overlay_vni"), ({"key": -1}, "overlay_key"), ({"dst_port": 0}, "overlay_dst_port"),
    ({"prefix": "Overlay"}, "overlay_port_prefix"), ({"bridge": "b" * 16}, "overlay_bridge"),
    ({"mtu": "big"}, "overlay_mtu"),
])
def test_bad_variables(kwargs, field):
    with pytest.raises(ValidationError) as error:
        overlay_plan(mesh(), "h1", **kwargs)
    assert error.value.details["field"] == field


def test_names_and_overheads():
    assert port_name("ovl", "vxlan", "192.0.2.2") == "ovlv-c0000202"
    six = port_name("ovl", "gre", "2001:db8::2")
    assert six.startswith("ovlg-") and len(six) == 13
    assert overhead("vxlan", 4, 1) == 50 and overhead("vxlan", 6, 1) == 70
    assert overhead("gre", 4, 0) == 38 and overhead("gre", 4, 7) == 42
    assert overlay_plan(mesh(), "h1", underlay_mtu=9000)["mtu"] == 8950
    assert overlay_plan(mesh(), "h1", mtu=1400)["mtu"] == 1400


def test_mtu_veths_from_the_two_bridge_plan_and_extra_pairs_present_only():
    two_bridge = {"namespaces": [{"name": "blue", "veth": "veth0", "peer": "veth1"},
                                 {"name": "red", "veth": "veth2", "peer": "veth3"}],
                  "link": {"name": "veth7", "peer": "veth8"}}
    links = dict(LINKS, veth0={}, veth7={})
    plan = overlay_plan(mesh(), "h1", links=links, two_bridge_plan=two_bridge,
                        veths=[{"name": "a0", "peer": "a1", "netns": "x"}])
    assert plan["mtu_veths"] == [
        {"name": "veth0", "peer": "veth1", "netns": None, "peer_netns": "blue"},
        {"name": "veth7", "peer": "veth8", "netns": None, "peer_netns": None},
        {"name": "a0", "peer": "a1", "netns": "x", "peer_netns": None}]
    none = overlay_plan(mesh(h1={"type": "none", "address": "x"}), "h1", links=links, two_bridge_plan=two_bridge)
    assert [pair["name"] for pair in none["mtu_veths"]] == ["veth0", "veth7"]
    with pytest.raises(ValidationError):
        overlay_plan(mesh(), "h1", veths=[{"name": "a0"}])


def test_mtu_links_follow_the_overlay_a_vlan_four_bytes_less():
    links = [{"name": "mv0", "kind": "macvlan", "parent": "eth0", "netns": "blue"},
             {"name": "eth0.7", "kind": "vlan", "parent": "eth0", "vlan_id": 7},
             {"name": "br1", "kind": "bridge"}]
    plan = overlay_plan(mesh(), "h1", links_behind=links)
    assert [(item["link"]["name"], item["less"]) for item in plan["mtu_links"]] == [
        ("mv0", 0), ("eth0.7", 4), ("br1", 0)]
    assert plan["mtu"] - plan["mtu_links"][1]["less"] == 1446
    with pytest.raises(ValidationError) as error:
        overlay_plan(mesh(), "h1", links_behind=[{"name": "x0", "kind": "veth"}])
    assert error.value.details["field"] == "overlay_mtu_links[0].kind"
