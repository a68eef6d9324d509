# -*- coding: utf-8 -*-
"""The two_bridge role's layout with Linux bridges (``two_bridge_bridges[].type: linux``), inside
tests/tools/sandbox --ovs: the role's own plan and topology functions, applied by the topology
module's code, reproduce the seed's reachability - blue reaches red across the link in mode joined,
not in mode isolated - with both bridges Linux bridges, and with one Linux and one OVS bridge.
"""

import subprocess

import pytest

from ansible_collections.linuxnet.netns.plugins.plugin_utils._plan import reachability_matrix, two_bridge_plan
from ansible_collections.linuxnet.netns.plugins.plugin_utils._two_bridge_topology import two_bridge_topology

from conftest import ip_json
from topology_helpers import clean_host, run, topology

NAMESPACES = [
    {"name": "blue", "veth": "veth0", "peer": "veth1", "address": "10.0.2.100/24", "host_address": "10.0.2.16/24",
     "bridge": "br0"},
    {"name": "red", "veth": "veth2", "peer": "veth3", "address": "10.0.2.101/24", "host_address": "10.0.2.17/24",
     "bridge": "br1"},
]
LINK = {"name": "veth7", "peer": "veth8", "bridge": "br0", "peer_bridge": "br1", "address": "10.0.2.181/24",
        "peer_address": "10.0.2.182/24"}


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()
    for item in ip_json(None, "link", "show", "type", "bridge"):
        run(["ip", "link", "delete", item["ifname"]], check=False)


def build(types, mode="joined", state="present"):
    bridges = [{"name": "br0", "address": None, "type": types[0]},
               {"name": "br1", "address": "10.0.2.22/24", "type": types[1]}]
    plan = two_bridge_plan(NAMESPACES, bridges, LINK, mode=mode)
    lists = two_bridge_topology(plan, state=state, datapath_type="netdev")
    return plan, topology(**lists)


def pings(netns, address):
    argv = ["ip", "netns", "exec", netns, "ping", "-c1", "-W1", address]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10, check=False).returncode == 0


def assert_reachability(plan):
    matrix = reachability_matrix({"h": plan}, "h", cross_host=False)
    assert matrix
    for pair in matrix:
        assert pings(pair["from"], pair["to"]) == (pair["expect"] == "reachable"), pair


@pytest.mark.parametrize("types", [("linux", "linux"), ("linux", "ovs")])
def test_linux_bridges_reproduce_the_seeds_reachability(types):
    plan, result = build(types)
    kinds = set(change["kind"] for change in result["changes"])
    assert "bridge" in kinds and result["counts"]["links"]["changed"] == types.count("linux")
    br0 = ip_json(None, "link", "show", "br0")[0]
    assert br0["linkinfo"]["info_kind"] == "bridge"
    assert ip_json(None, "link", "show", "veth0")[0]["master"] == "br0"
    if types[1] == "ovs":
        assert run(["ovs-vsctl", "list-ports", "br1"]).split() == ["veth2", "veth8"]
    assert pings("blue", "10.0.2.101")  # across br0, the link and br1
    assert_reachability(plan)
    assert not build(types)[1]["changed"]

    plan, isolated = build(types, mode="isolated")
    assert isolated["changed"] and not pings("blue", "10.0.2.101")
    assert_reachability(plan)

    _plan, removed = build(types, state="absent")
    assert removed["changed"]
    assert [item["ifname"] for item in ip_json(None, "link", "show", "type", "bridge")] == []
    assert not build(types, state="absent")[1]["changed"]
