# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two-bridge address plan and the reachability matrix derived from it."""

import os
import sys

import pytest

_COLLECTIONS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", ".build", "collections")
if os.path.isdir(_COLLECTIONS) and os.path.abspath(_COLLECTIONS) not in sys.path:
    sys.path.insert(0, os.path.abspath(_COLLECTIONS))  # `make collection-link` made it

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.plugin_utils._plan import (  # noqa: E402
    plan_address, reachability_matrix, two_bridge_plan)
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.seed_layout import (  # noqa: E402
    SEED_BRIDGES, SEED_LINK, SEED_NAMESPACES)


@pytest.mark.parametrize("args, expected", [
    (("10.0.2.100/24",), "10.0.2.100/24"),
    (("10.0.2.100/24", None, 5), "10.0.2.100/24"),
    (("10.0.2.100/24", "10.0.0.0/16", 0), "10.0.2.100/16"),
    (("10.0.2.100/24", "10.0.0.0/16", 1), "10.0.3.100/16"),
    (("10.0.2.182/24", "10.0.0.0/16", 253), "10.0.255.182/16"),
    (("10.0.2.16/24", "10.0.2.0/24", 3, 32), "10.0.2.112/24"),
    (("fd00::100/64", "fd00::/48", 2, 1 << 64), "fd00:0:0:2::100/48"),
])
def test_plan_address(args, expected):
    assert plan_address(*args) == expected


@pytest.mark.parametrize("args, problem", [
    (("10.0.2.100",), None),  # no prefix is fine for an interface: /32
    (("nonsense",), "is not an address"),
    (("10.0.2.100/24", "10.0.0.0/33"), "is not a network"),
    (("10.0.2.100/24", "10.0.2.1/16"), "is not a network"),
    (("10.0.2.100/24", "10.1.0.0/16"), "is not inside subnet"),
    (("10.0.2.100/24", "fd00::/48"), "same IP version"),
    (("10.0.2.100/24", "10.0.0.0/16", 254), "leaves subnet"),
    (("10.0.2.100/24", "10.0.0.0/16", -1), "integer >= 0"),
    (("10.0.2.100/24", "10.0.0.0/16", 1, 0), "integer >= 1"),
    (("10.0.2.128/24", "10.0.2.0/24", 1, 127), "broadcast"),
    (("255.255.255.200/32", "255.255.255.0/24", 1, 1000), "leaves subnet"),
])
def test_plan_address_rejected(args, problem):
    if problem is None:
        assert plan_address(*args) == "10.0.2.100/32"
        return
    with pytest.raises(ValidationError) as error:
        plan_address(*args)
    assert problem in error.value.msg


def test_seed_plan_is_the_seed():
    plan = two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK)
    assert plan["namespaces"] == SEED_NAMESPACES
    assert plan["bridges"] == [dict(bridge, type="ovs") for bridge in SEED_BRIDGES]  # OVS unless type: linux
    assert plan["link"] == SEED_LINK
    assert plan["overlay_bridges"] == [] and plan["subnet"] is None and plan["mode"] == "joined"


def test_seed_plan_ignores_subnet_without_overlay():
    plan = two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK, subnet="10.0.0.0/16", index=3)
    assert plan["namespaces"][0]["address"] == "10.0.2.100/24"


def _addresses(plan):
    found = [ns["address"] for ns in plan["namespaces"]] + [ns["host_address"] for ns in plan["namespaces"]]
    found += [br["address"] for br in plan["bridges"] if br["address"]]
    found += [plan["link"]["address"], plan["link"]["peer_address"]]
    return found


def test_overlay_plan_unique_across_hosts():
    plans = [two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK, overlay="vxlan", subnet="10.0.0.0/16",
                             index=index) for index in range(8)]
    every = [address.split("/")[0] for plan in plans for address in _addresses(plan)]
    assert len(every) == len(set(every)) == 8 * 7
    assert plans[0]["namespaces"][0]["address"] == "10.0.2.100/16"
    assert plans[1]["namespaces"][1]["address"] == "10.0.3.101/16"
    assert plans[1]["bridges"][1]["address"] == "10.0.3.22/16"
    assert plans[1]["overlay_bridges"] == ["br0"] and plans[1]["subnet"] == "10.0.0.0/16"


@pytest.mark.parametrize("change, field", [
    (lambda ns, br, ln: ns[0].update(name="../x"), "two_bridge_namespaces[0].name"),
    (lambda ns, br, ln: ns[1].update(veth="a-name-longer-than-15"), "two_bridge_namespaces[1].veth"),
    (lambda ns, br, ln: ns[1].update(bridge="br9"), "two_bridge_namespaces[1].bridge"),
    (lambda ns, br, ln: ns[1].update(address="10.0.2.300/24"), "two_bridge_namespaces[1].address"),
    (lambda ns, br, ln: ns[1].update(host_address="10.0.2.16/24"), "two_bridge_namespaces red host_address"),
    (lambda ns, br, ln: br.append({"name": "br0"}), "two_bridge_bridges"),
    (lambda ns, br, ln: ln.update(peer_bridge="br7"), "two_bridge_link.peer_bridge"),
    (lambda ns, br, ln: ln.update(peer_address="10.0.2.22/24"), "two_bridge_link peer_address"),
])
def test_plan_rejects(change, field):
    namespaces = [dict(item) for item in SEED_NAMESPACES]
    bridges = [dict(item) for item in SEED_BRIDGES]
    link = dict(SEED_LINK)
    change(namespaces, bridges, link)
    with pytest.raises(ValidationError) as error:
        two_bridge_plan(namespaces, bridges, link)
    assert error.value.details["field"] == field


@pytest.mark.parametrize("kwargs, field", [
    ({"mode": "half"}, "two_bridge_mode"),
    ({"overlay": "geneve"}, "two_bridge_overlay"),
    ({"overlay": "vxlan", "subnet": "10.0.0.0/16", "overlay_bridges": ["br5"]}, "two_bridge_overlay_bridges"),
])
def test_plan_rejects_options(kwargs, field):
    with pytest.raises(ValidationError) as error:
        two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK, **kwargs)
    assert error.value.details["field"] == field


def _pairs(matrix):
    return {(entry["from"], entry["to"]): entry["expect"] for entry in matrix}


def test_matrix_single_host_joined_and_isolated():
    joined = two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK)
    isolated = two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK, mode="isolated")
    assert _pairs(reachability_matrix({"a": joined}, "a")) == {
        ("blue", "10.0.2.101"): "reachable", ("red", "10.0.2.100"): "reachable"}
    assert _pairs(reachability_matrix({"a": isolated}, "a")) == {
        ("blue", "10.0.2.101"): "unreachable", ("red", "10.0.2.100"): "unreachable"}


def test_matrix_without_overlay_never_crosses_hosts():
    plan = two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK)
    assert len(reachability_matrix({"a": plan, "b": plan}, "a")) == 2


def test_matrix_across_hosts():
    plans = {name: two_bridge_plan(SEED_NAMESPACES, SEED_BRIDGES, SEED_LINK, mode=mode, overlay="vxlan",
                                   subnet="10.0.0.0/16", index=index)
             for index, (name, mode) in enumerate([("a", "joined"), ("b", "joined")])}
    pairs = _pairs(reachability_matrix(plans, "a"))
    assert pairs[("blue", "10.0.3.100")] == "reachable"
    assert pairs[("red", "10.0.3.101")] == "reachable"  # joined: one segment everywhere
    assert len(pairs) == 2 + 4
    assert all(entry["to_host"] in ("a", "b") for entry in reachability_matrix(plans, "a"))
    assert len(reachability_matrix(plans, "a", cross_host=False)) == 2

    for plan in plans.values():
        plan["mode"] = "isolated"
    pairs = _pairs(reachability_matrix(plans, "b"))
    assert pairs[("blue", "10.0.2.100")] == "reachable"  # br0 carries the overlay
    assert pairs[("red", "10.0.2.101")] == "unreachable"  # br1 does not
    assert pairs[("blue", "10.0.2.101")] == "unreachable"
    assert pairs[("red", "10.0.3.100")] == "unreachable"


def test_matrix_unknown_host():
    with pytest.raises(ValidationError):
        reachability_matrix({}, "a")
