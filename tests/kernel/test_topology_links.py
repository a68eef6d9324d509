# -*- coding: utf-8 -*-
"""The topology module's ``links`` list against the real kernel (inside tests/tools/sandbox --ovs).

A switch namespace ``sw`` holds a Linux bridge br0 whose ports are the switch ends of veths to
``blue`` and ``red``; in blue, a macvlan mv0 on its veth end carries blue's address. So a ping from
blue to red crosses the macvlan, the veths and the Linux bridge. A bridge in the sandbox's own
namespace (brh, no ports) shows the host's namespace is gathered too.
"""

import shlex
import subprocess

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered

from conftest import ip_json
from topology_helpers import FakeModule, clean_host, host_view, run, topology

MARK = "linuxnet-owner:linuxnet"


def host_bridges():
    return [link["ifname"] for link in ip_json(None, "link", "show", "type", "bridge")]


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()
    for name in host_bridges():  # clean_host knows OVS bridges, namespaces and veths only
        run(["ip", "link", "delete", name], check=False)


def links_topology():
    return dict(
        namespaces=[{"name": "sw"}, {"name": "blue"}, {"name": "red"}],
        veths=[{"name": "p-blue", "netns": "sw", "peer": "eth0", "peer_netns": "blue"},
               {"name": "p-red", "netns": "sw", "peer": "eth0", "peer_netns": "red"}],
        links=[{"name": "br0", "netns": "sw", "kind": "bridge", "ports": ["p-blue", "p-red"]},
               {"name": "mv0", "netns": "blue", "kind": "macvlan", "parent": "eth0"},
               {"name": "brh", "kind": "bridge"}],
        addresses=[{"dev": "mv0", "netns": "blue", "address": ["10.5.0.1/24"]},
                   {"dev": "eth0", "netns": "red", "address": ["10.5.0.2/24"]}],
    )


def actions(result):
    return [(c["action"], c["kind"], c["name"]) for c in result["changes"]]


def pings(netns, address):
    argv = ["ip", "netns", "exec", netns, "ping", "-c1", "-W2", address]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20, check=False).returncode == 0


def link(netns, name):
    return ip_json(netns, "link", "show", name)[0]


def test_check_run_apply_rerun_and_check_rerun_with_diff_and_traffic():
    empty = host_view()
    checked = topology(check_mode=True, **links_topology())
    assert checked["changed"] and host_view() == empty
    assert checked["diff"]["before"]["links"] == [None, None, None]
    assert [item["name"] for item in checked["diff"]["after"]["links"]] == ["br0", "mv0", "brh"]

    done = topology(**links_topology())
    assert actions(done) == actions(checked)
    assert done["counts"]["links"] == {"planned": 3, "changed": 3}
    order = [(c["kind"], c["name"]) for c in done["changes"]]
    assert order.index(("veth", "p-blue@sw")) < order.index(("bridge", "br0@sw"))
    assert order.index(("macvlan", "mv0@blue")) < order.index(("address", "10.5.0.1/24 on mv0@blue"))
    assert link("sw", "br0")["ifalias"] == MARK and link("sw", "p-red")["master"] == "br0"
    assert link("blue", "mv0")["link"] == "eth0" and link(None, "brh")["ifalias"] == MARK
    assert pings("blue", "10.5.0.2")  # macvlan -> veth -> Linux bridge -> veth

    unchanged = host_view()
    again = topology(**links_topology())
    assert not again["changed"] and again["counts"]["links"] == {"planned": 3, "changed": 0}
    assert not topology(check_mode=True, **links_topology())["changed"]
    assert host_view() == unchanged

    fewer = links_topology()
    fewer["links"][0]["ports"] = ["p-blue"]
    diff = topology(**fewer)["diff"]
    assert diff["before"]["links"][0]["ports"] == ["p-blue", "p-red"] and diff["after"]["links"][0]["ports"] == ["p-blue"]
    assert not pings("blue", "10.5.0.2")  # red's end left the bridge


def test_deleted_twice_listed_then_everything_of_the_owner():
    topology(**links_topology())
    listed = {"links": [{"name": "mv0", "netns": "blue", "kind": "macvlan", "parent": "eth0"}]}
    before = host_view()
    assert topology(state="deleted", check_mode=True, **listed)["changed"] and host_view() == before
    assert actions(topology(state="deleted", **listed)) == [("delete", "macvlan", "mv0@blue")]
    assert not topology(state="deleted", **listed)["changed"]
    everything = topology(state="deleted")
    assert ("delete", "bridge", "brh") in actions(everything)
    assert host_bridges() == []
    assert not topology(state="deleted")["changed"]


def test_gathered_fed_back_is_unchanged_also_as_replaced():
    topology(**links_topology())
    gathered = topology(state="gathered")["gathered"]
    found = dict(((item["netns"], item["name"]), item) for item in gathered["links"])
    assert found[("sw", "br0")] == {"name": "br0", "netns": "sw", "kind": "bridge", "stp": False,
                                    "ports": ["p-blue", "p-red"], "mtu": 1500, "up": True}
    assert found[("blue", "mv0")]["mode"] == "bridge" and found[("blue", "mv0")]["parent"] == "eth0"
    assert (None, "brh") in found
    assert {"dev": "mv0", "netns": "blue", "address": ["10.5.0.1/24"], "up": True} in gathered["addresses"]
    before = host_view()
    assert not topology(**gathered)["changed"]
    assert not topology(state="replaced", **gathered)["changed"]
    assert host_view() == before


def test_rendered_gives_the_ip_commands_that_build_it():
    lists = links_topology()
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    lines = rendered(FakeModule(), wanted, "linuxnet")
    assert "ip -n sw link add br0 up type bridge stp_state 0" in lines
    assert "ip -n sw link set p-blue master br0" in lines
    assert "ip -n blue link add mv0 link eth0 up type macvlan mode bridge" in lines
    assert "ip -n blue link set mv0 alias " + MARK in lines
    for line in lines:
        subprocess.run(shlex.split(line), check=True, timeout=60)
    assert pings("blue", "10.5.0.2")
    assert not topology(**links_topology())["changed"]  # the rendered commands built exactly that


def test_rendered_of_the_kinds_this_kernel_lacks():
    lists = {"namespaces": [{"name": "blue"}],
             "veths": [{"name": "eth0", "netns": "blue", "peer": "eth0h"}],
             "links": [{"name": "eth0.7", "netns": "blue", "kind": "vlan", "parent": "eth0", "vlan_id": 7,
                        "vlan_protocol": "802.1ad"},
                       {"name": "iv0", "netns": "blue", "kind": "ipvlan", "parent": "eth0", "mode": "l3s"},
                       {"name": "d0", "netns": "blue", "kind": "dummy", "mtu": 9000}]}
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    lines = rendered(FakeModule(), wanted, "linuxnet")
    assert "ip -n blue link add eth0.7 link eth0 up type vlan id 7 protocol 802.1ad" in lines
    assert "ip -n blue link add iv0 link eth0 up type ipvlan mode l3s" in lines
    assert "ip -n blue link add d0 mtu 9000 up type dummy" in lines


def test_overridden_removes_our_unlisted_link_and_leaves_a_hand_made_one():
    topology(**links_topology())
    run(["ip", "-n", "red", "link", "add", "brhand", "type", "bridge"])
    smaller = links_topology()
    smaller["links"] = smaller["links"][:2]  # not brh
    result = topology(state="overridden", **smaller)
    assert actions(result) == [("delete", "bridge", "brh")]
    assert "brhand" in [item["ifname"] for item in ip_json("red", "link", "show")]
    assert not topology(state="overridden", **smaller)["changed"]
    assert pings("blue", "10.5.0.2")


def test_a_port_named_both_ways_is_a_cycle_named_before_anything_changes():
    lists = links_topology()
    lists["links"].append({"name": "mvp", "netns": "sw", "kind": "macvlan", "parent": "p-blue", "master": "br0"})
    lists["links"][0]["ports"] = ["p-blue", "p-red", "mvp"]
    before = host_view()
    with pytest.raises(NetnsError) as error:
        topology(**lists)
    assert "cycle" in error.value.msg and "mvp" in error.value.msg
    assert host_view() == before
