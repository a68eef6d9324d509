# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two_bridge role's layout as the arguments of one topology call: every mode, and what the
topology engine makes of them (order of work, the seed's commands on a bare host)."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.linuxnet.netns.plugins.filter.two_bridge_topology import FilterModule
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._plan import two_bridge_plan
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.steps import build_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import order_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import offline_context, rendered
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.states import desired_items
from ansible_collections.linuxnet.netns.plugins.plugin_utils._two_bridge_topology import two_bridge_topology
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.seed_layout import (
    SEED_BRIDGES, SEED_LINK, SEED_NAMESPACES)

LISTS = ("namespaces", "veths", "addresses", "bridges", "ports", "qdiscs")
DB = "unix:/var/run/openvswitch/db.sock"


def plan(mode="joined", with_link=True, **kwargs):
    return two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK if with_link else None, mode=mode, **kwargs)


def address(dev, value, netns=None, purge=True):
    item = {"dev": dev, "address": [value] if value else [], "purge": purge, "up": True}
    if netns:
        item["netns"] = netns
    return item


SEED_ADDRESSES = [address("veth1", "10.0.2.100/24", "blue"), address("veth3", "10.0.2.101/24", "red"),
                  address("veth0", "10.0.2.16/24"), address("veth2", "10.0.2.17/24"),
                  address("br1", "10.0.2.22/24")]
SEED_VETHS = [{"name": "veth0", "peer": "veth1", "peer_netns": "blue", "up": True},
              {"name": "veth2", "peer": "veth3", "peer_netns": "red", "up": True}]
SEED_PORTS = [{"bridge": "br0", "name": "veth0"}, {"bridge": "br1", "name": "veth2"}]


def test_joined_is_the_seed_with_the_link_pair_its_addresses_and_ports():
    assert two_bridge_topology(plan(), datapath_type="netdev") == {
        "namespaces": [{"name": "blue", "loopback": False}, {"name": "red", "loopback": False}],
        "bridges": [{"name": "br0", "datapath_type": "netdev"}, {"name": "br1", "datapath_type": "netdev"}],
        "veths": SEED_VETHS + [{"name": "veth7", "peer": "veth8", "up": True}],
        "addresses": SEED_ADDRESSES + [address("veth7", "10.0.2.181/24"), address("veth8", "10.0.2.182/24")],
        "ports": SEED_PORTS + [{"bridge": "br0", "name": "veth7"}, {"bridge": "br1", "name": "veth8"}],
        "qdiscs": [],
    }


def test_isolated_removes_the_link_pair_and_its_ports_and_keeps_the_rest():
    assert two_bridge_topology(plan("isolated")) == {
        "namespaces": [{"name": "blue", "loopback": False}, {"name": "red", "loopback": False}],
        "bridges": [{"name": "br0"}, {"name": "br1"}],  # no datapath_type: OVS's default, as before
        "veths": SEED_VETHS + [{"name": "veth7", "peer": "veth8", "state": "absent"}],
        "addresses": SEED_ADDRESSES,
        "ports": SEED_PORTS + [{"name": "veth7", "state": "absent"}, {"name": "veth8", "state": "absent"}],
        "qdiscs": [],
    }


def test_without_a_link_neither_mode_touches_one():
    for mode in ("joined", "isolated"):
        topology = two_bridge_topology(plan(mode, with_link=False))
        assert topology["veths"] == SEED_VETHS
        assert topology["ports"] == SEED_PORTS
        assert topology["addresses"] == SEED_ADDRESSES


def test_overlay_uses_the_addresses_of_the_hosts_block():
    topology = two_bridge_topology(plan(overlay="vxlan", subnet="10.0.0.0/16", index=1))
    assert [(item["dev"], item["address"]) for item in topology["addresses"]] == [
        ("veth1", ["10.0.3.100/16"]), ("veth3", ["10.0.3.101/16"]), ("veth0", ["10.0.3.16/16"]),
        ("veth2", ["10.0.3.17/16"]), ("br1", ["10.0.3.22/16"]), ("veth7", ["10.0.3.181/16"]),
        ("veth8", ["10.0.3.182/16"])]


def test_the_uplink_bridge_never_loses_addresses_the_others_still_do():
    topology = two_bridge_topology(plan(), uplink_bridge="br1")
    purge = dict((item["dev"], item["purge"]) for item in topology["addresses"])
    assert purge == {"veth1": True, "veth3": True, "veth0": True, "veth2": True, "br1": False, "veth7": True,
                     "veth8": True}
    # an uplink on the bridge without an address adds no address item for it
    assert "br0" not in [item["dev"] for item in two_bridge_topology(plan(), uplink_bridge="br0")["addresses"]]


def test_a_host_end_without_an_address_keeps_none_with_purge_and_is_only_brought_up_without():
    namespaces = [dict(SEED_NAMESPACES[0], host_address=None)]
    layout = two_bridge_plan(namespaces, SEED_BRIDGES, None)
    assert two_bridge_topology(layout)["addresses"][1] == address("veth0", None)
    assert two_bridge_topology(layout, purge_addresses=False)["addresses"] == [
        address("veth1", "10.0.2.100/24", "blue", purge=False), address("veth0", None, purge=False),
        address("br1", "10.0.2.22/24", purge=False)]


def test_role_booleans_given_as_strings_are_read_as_booleans():
    topology = two_bridge_topology(plan(), loopback="true", purge_addresses="false")
    assert all(item["loopback"] is True for item in topology["namespaces"])
    assert not any(item["purge"] for item in topology["addresses"])


def test_absent_removes_every_object_of_the_layout():
    assert two_bridge_topology(plan(), state="absent", datapath_type="netdev") == {
        "namespaces": [{"name": "blue", "state": "absent"}, {"name": "red", "state": "absent"}],
        "bridges": [{"name": "br0", "state": "absent"}, {"name": "br1", "state": "absent"}],
        "veths": [{"name": "veth7", "peer": "veth8", "state": "absent"},
                  {"name": "veth0", "peer": "veth1", "peer_netns": "blue", "state": "absent"},
                  {"name": "veth2", "peer": "veth3", "peer_netns": "red", "state": "absent"}],
        "addresses": [],
        "ports": [{"name": "veth7", "state": "absent"}, {"name": "veth8", "state": "absent"},
                  {"name": "veth0", "state": "absent"}, {"name": "veth2", "state": "absent"}],
        "qdiscs": [],
    }
    # the mode does not matter: an isolated layout may still have its link from an earlier run
    assert two_bridge_topology(plan("isolated"), state="absent") == two_bridge_topology(plan(), state="absent")


@pytest.mark.parametrize("kwargs, field", [
    ({"state": "deleted"}, "two_bridge_state"),
    ({"loopback": "perhaps"}, "two_bridge_loopback"),
    ({"purge_addresses": None}, "two_bridge_purge_addresses"),
])
def test_bad_role_values_are_refused_naming_the_variable(kwargs, field):
    with pytest.raises(ValidationError) as caught:
        two_bridge_topology(plan(), **kwargs)
    assert caught.value.details["field"] == field


def test_the_filter_reports_a_bad_input_as_a_filter_error():
    mapping = FilterModule().filters()["two_bridge_topology"]
    assert mapping(plan(), datapath_type="netdev") == two_bridge_topology(plan(), datapath_type="netdev")
    with pytest.raises(AnsibleFilterError, match="two_bridge_topology: two_bridge_plan: 'list'"):
        mapping(SEED_NAMESPACES)


# --- what the topology module makes of them -------------------------------------------------------

def every_mode():
    return [("joined", two_bridge_topology(plan())), ("isolated", two_bridge_topology(plan("isolated"))),
            ("uplink", two_bridge_topology(plan(), uplink_bridge="br1")),
            ("overlay", two_bridge_topology(plan(overlay="gre", subnet="10.0.0.0/16", index=2))),
            ("absent", two_bridge_topology(plan(), state="absent"))]


@pytest.mark.parametrize("mode, topology", every_mode())
def test_every_item_takes_only_options_of_its_single_module(mode, topology):
    assert sorted(topology) == sorted(LISTS), mode
    validated = validate_items(dict((option, topology.get(option, [])) for option in OPTIONS))
    assert [len(validated[option]) for option in LISTS] == [len(topology[option]) for option in LISTS]


def order_of_work(topology):
    wanted = validate_items(dict((option, topology.get(option, [])) for option in OPTIONS))
    ctx = offline_context(DB, "linuxnet")
    steps = order_steps(build_steps(desired_items("merged", wanted, {}, "linuxnet"), ctx))
    return [("-" if step.removal else "+") + step.label for step in steps]


def test_isolated_removes_the_link_ports_before_the_link_pair_and_first():
    order = order_of_work(two_bridge_topology(plan("isolated")))
    assert order[:3] in (["-ovs_port veth7", "-ovs_port veth8", "-veth veth7"],
                         ["-ovs_port veth8", "-ovs_port veth7", "-veth veth7"])


def test_absent_removes_ports_before_their_veths_and_veths_before_their_namespaces():
    order = order_of_work(two_bridge_topology(plan(), state="absent"))
    assert all(label.startswith("-") for label in order) and len(order) == 11
    for port in ("veth0", "veth2", "veth7", "veth8"):
        veth = {"veth8": "veth7"}.get(port, port)
        assert order.index("-ovs_port " + port) < order.index("-veth " + veth)
    # every OVS removal in one stage (one transaction) before the veths; the bridges may come
    # before their ports there: del-br takes its ports along
    assert sorted(order[:6]) == ["-ovs_bridge br0", "-ovs_bridge br1", "-ovs_port veth0", "-ovs_port veth2",
                                 "-ovs_port veth7", "-ovs_port veth8"]
    assert order.index("-veth veth0") < order.index("-netns blue")
    assert order.index("-veth veth2") < order.index("-netns red")


def test_joined_builds_the_seed_on_a_bare_host():
    """The commands the topology module would run on a bare host: the seed's walk-through."""
    lines = rendered(type("Module", (), {"params": {"db": DB}})(),
                     validate_items(dict((option, two_bridge_topology(plan(), datapath_type="netdev").get(option, []))
                                         for option in OPTIONS)), "linuxnet")
    script = "\n".join(lines)
    for command in ("ip netns add blue", "ip netns add red",
                    "ip link add veth0 type veth peer name veth1 netns blue",
                    "ip link add veth2 type veth peer name veth3 netns red",
                    "ip link add veth7 type veth peer name veth8",
                    "ip -n blue addr add 10.0.2.100/24 dev veth1", "ip -n red addr add 10.0.2.101/24 dev veth3",
                    "ip addr add 10.0.2.16/24 dev veth0", "ip addr add 10.0.2.17/24 dev veth2",
                    "ip addr add 10.0.2.22/24 dev br1", "ip addr add 10.0.2.181/24 dev veth7",
                    "ip addr add 10.0.2.182/24 dev veth8",
                    "add-br br0", "add-br br1", "add-port br0 veth0", "add-port br1 veth2", "add-port br0 veth7",
                    "add-port br1 veth8"):
        assert command in script, command
    assert "ip -n blue link set lo up" not in script  # loopback false: lo left as created, as the seed does
    assert script.index("add-br br1") < script.index("ip addr add 10.0.2.22/24 dev br1")


def test_a_linux_bridge_is_a_links_item_holding_its_ports_in_place_of_ovs_items():
    bridges = [dict(bridge, type="linux") if bridge["name"] == "br0" else bridge for bridge in SEED_BRIDGES]
    joined = two_bridge_topology(two_bridge_plan(SEED_NAMESPACES, bridges, SEED_LINK))
    assert joined["links"] == [{"name": "br0", "kind": "bridge", "ports": ["veth0", "veth7"]}]
    assert [item["name"] for item in joined["bridges"]] == ["br1"]
    assert sorted(item["name"] for item in joined["ports"]) == ["veth2", "veth8"]
    assert address("br1", "10.0.2.22/24") in joined["addresses"]
    isolated = two_bridge_topology(two_bridge_plan(SEED_NAMESPACES, bridges, SEED_LINK, mode="isolated"))
    assert isolated["links"] == [{"name": "br0", "kind": "bridge", "ports": ["veth0"]}]
    assert [item for item in isolated["ports"] if item["name"] == "veth7"] == []
    absent = two_bridge_topology(two_bridge_plan(SEED_NAMESPACES, bridges, SEED_LINK), state="absent")
    assert absent["links"] == [{"name": "br0", "kind": "bridge", "state": "absent"}]
    assert sorted(item["name"] for item in absent["ports"]) == ["veth2", "veth8"]
    validate_items(dict((option, joined.get(option, [])) for option in OPTIONS))  # items of their modules


def test_a_bridge_type_that_does_not_exist_is_refused_naming_it():
    with pytest.raises(ValidationError) as error:
        two_bridge_plan(SEED_NAMESPACES, [dict(SEED_BRIDGES[0], type="bond")] + SEED_BRIDGES[1:], SEED_LINK)
    assert error.value.details["field"] == "two_bridge_bridges[0].type"


# -- two_bridge_qdiscs: shaping the layout's veth ends ---------------------------------------------
TBF = {"kind": "tbf", "rate": "4mbit", "burst": "32kb", "latency": "50ms"}


def test_qdiscs_go_on_the_named_ends_in_their_namespaces():
    lists = two_bridge_topology(plan(), qdiscs={"veth1": TBF, "veth0": dict(TBF, rate="2mbit"), "veth7": None})
    assert lists["qdiscs"] == [dict(TBF, dev="veth0", rate="2mbit"), dict(TBF, dev="veth1", netns="blue"),
                               {"dev": "veth7", "state": "absent"}]
    assert two_bridge_topology(plan())["qdiscs"] == []
    assert two_bridge_topology(plan(), state="absent", qdiscs={"veth1": TBF})["qdiscs"] == []  # they go with the veths


def test_qdiscs_of_the_link_are_skipped_in_mode_isolated():
    assert two_bridge_topology(plan(mode="isolated"), qdiscs={"veth7": TBF})["qdiscs"] == []


def test_qdiscs_are_planned_after_their_veth():
    work = order_of_work(two_bridge_topology(plan(), qdiscs={"veth1": TBF}))
    assert work.index("+veth veth0") < work.index("+ns_qdisc veth1@blue")  # the pair veth0/veth1 first


@pytest.mark.parametrize("qdiscs, field, value", [
    ({"veth9": TBF}, "two_bridge_qdiscs", "veth9"),
    ({"veth1": "fast"}, "two_bridge_qdiscs.veth1", "fast"),
    (["veth1"], "two_bridge_qdiscs", "list"),
])
def test_bad_qdiscs_name_the_variable(qdiscs, field, value):
    with pytest.raises(ValidationError) as error:
        two_bridge_topology(plan(), qdiscs=qdiscs)
    assert error.value.details == {"field": field, "value": value}


def test_a_qdisc_on_an_ovs_port_comes_after_the_port():
    """OVS resets the root qdisc of a device it adds as a port (kernel test test_two_bridge_qdiscs.py)."""
    work = order_of_work(two_bridge_topology(plan(), qdiscs={"veth0": TBF}))
    assert work.index("+ovs_port veth0") < work.index("+ns_qdisc veth0")


def test_egress_is_off_by_default():
    layout = two_bridge_topology(plan())
    assert "routes" not in layout and "nats" not in layout


def test_egress_routes_each_namespace_to_its_host_end_and_masquerades_the_subnet_once():
    layout = two_bridge_topology(plan(), egress="eth0")
    assert layout["routes"] == [{"netns": "blue", "dest": "default", "gateway": "10.0.2.16"},
                                {"netns": "red", "dest": "default", "gateway": "10.0.2.17"}]
    assert layout["nats"] == [{"masquerade": [{"source": "10.0.2.0/24", "out_interface": "eth0"}]}]
    assert two_bridge_topology(plan(), state="absent", egress="eth0")["nats"] == [{"state": "absent"}]
    wanted = validate_items(dict((option, layout.get(option, [])) for option in OPTIONS))
    lines = rendered(_Offline(), wanted, "linuxnet")
    assert "sysctl -w net.ipv4.ip_forward=1" in lines
    assert any(line.startswith("nft -j ") and "masquerade" in line for line in lines)


def test_a_bad_egress_interface_is_named():
    with pytest.raises(ValidationError) as caught:
        two_bridge_topology(plan(), egress="eth0;reboot")
    assert caught.value.details == {"field": "two_bridge_egress", "value": "eth0;reboot"}


class _Offline:
    params = {"db": DB}
