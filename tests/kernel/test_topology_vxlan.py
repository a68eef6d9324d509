# -*- coding: utf-8 -*-
"""The topology module's ``vxlans`` list against the real kernel and OVS (inside tests/tools/sandbox --ovs).

Two "hosts", blue and red, are namespaces joined by a veth underlay (192.0.2.0/24); each holds a
vxlan link vx42 (VNI 42) whose flood list is the other, with an address on it (10.42.0.0/24), so
frames between the two addresses cross the tunnel. A third link, vx43 in the sandbox's own
namespace, is a plain port of an OVS bridge.
"""

import shlex
import subprocess

import pytest
import yaml

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered

from conftest import ip_json
from test_topology_src import play
from topology_helpers import FakeModule, clean_host, host_view, run, topology

MARK = "linuxnet-owner:linuxnet"


def host_vxlans():
    return [link["ifname"] for link in ip_json(None, "link", "show", "type", "vxlan")]


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()
    for name in host_vxlans():  # clean_host knows bridges, namespaces and veths only
        run(["ip", "link", "delete", name], check=False)


def vxlan_topology():
    return dict(
        namespaces=[{"name": "blue"}, {"name": "red"}],
        veths=[{"name": "ul-b", "netns": "blue", "peer": "ul-r", "peer_netns": "red"}],
        vxlans=[{"name": "vx42", "netns": "blue", "vni": 42, "local": "192.0.2.1", "device": "ul-b",
                 "remotes": ["192.0.2.2"]},
                {"name": "vx42", "netns": "red", "vni": 42, "local": "192.0.2.2", "device": "ul-r",
                 "remotes": ["192.0.2.1"]},
                {"name": "vx43", "vni": 43, "remotes": ["192.0.2.9"]}],
        addresses=[{"dev": "ul-b", "netns": "blue", "address": ["192.0.2.1/24"]},
                   {"dev": "ul-r", "netns": "red", "address": ["192.0.2.2/24"]},
                   {"dev": "vx42", "netns": "blue", "address": ["10.42.0.1/24"]},
                   {"dev": "vx42", "netns": "red", "address": ["10.42.0.2/24"]}],
        bridges=[{"name": "br0", "datapath_type": "netdev"}],
        ports=[{"name": "vx43", "bridge": "br0"}],
    )


def actions(result):
    return [(c["action"], c["kind"], c["name"]) for c in result["changes"]]


def pings(netns, address):
    ping = ["ip", "netns", "exec", netns, "ping", "-c1", "-W2", address]
    return subprocess.run(ping, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20, check=False).returncode == 0


def vxlan_link(netns, name):
    return ip_json(netns, "link", "show", name)[0]


def test_check_run_apply_rerun_and_check_rerun_with_diff():
    empty = host_view()
    checked = topology(check_mode=True, **vxlan_topology())
    assert checked["changed"]
    assert host_view() == empty  # check mode wrote nothing
    assert checked["diff"]["before"]["vxlans"] == [None, None, None]
    assert [item["name"] for item in checked["diff"]["after"]["vxlans"]] == ["vx42", "vx42", "vx43"]
    assert checked["diff"]["after"]["vxlans"][0]["remotes"] == ["192.0.2.2"]

    done = topology(**vxlan_topology())
    assert actions(done) == actions(checked)  # the same plan in both modes
    assert done["counts"]["vxlans"] == {"planned": 3, "changed": 3}
    link = vxlan_link("blue", "vx42")
    assert link["linkinfo"]["info_data"]["id"] == 42 and link["linkinfo"]["info_data"]["link"] == "ul-b"
    assert link["ifalias"] == MARK and "UP" in link["flags"]
    assert vxlan_link(None, "vx43")["ifalias"] == MARK
    assert "vx43" in run(["ovs-vsctl", "list-ports", "br0"]).split()
    assert pings("blue", "10.42.0.2")  # frames cross the tunnel

    unchanged = host_view()
    again = topology(**vxlan_topology())
    assert not again["changed"] and again["counts"]["vxlans"] == {"planned": 3, "changed": 0}
    assert not topology(check_mode=True, **vxlan_topology())["changed"]
    assert host_view() == unchanged

    changed = vxlan_topology()
    changed["vxlans"][0]["remotes"] = ["192.0.2.2", "192.0.2.3"]
    diff = topology(**changed)["diff"]
    assert diff["before"]["vxlans"][0]["remotes"] == ["192.0.2.2"]
    assert diff["after"]["vxlans"][0]["remotes"] == ["192.0.2.2", "192.0.2.3"]


def test_a_vxlan_comes_after_its_namespace_and_device_and_before_its_port_and_addresses():
    items = vxlan_topology()
    result = topology(**dict((option, list(reversed(value))) for option, value in items.items()))
    order = [(c["kind"], c["name"]) for c in result["changes"] if c["action"] in ("create", "add")]
    assert order.index(("netns", "blue")) < order.index(("veth", "ul-b@blue")) < order.index(("vxlan", "vx42@blue"))
    assert order.index(("vxlan", "vx42@blue")) < order.index(("address", "10.42.0.1/24 on vx42@blue"))
    assert order.index(("vxlan", "vx43")) < order.index(("port", "vx43"))
    assert pings("red", "10.42.0.1")


def test_a_new_vni_recreates_the_link_and_its_address_is_put_back():
    topology(**vxlan_topology())
    items = vxlan_topology()
    for item in items["vxlans"][:2]:
        item["vni"] = 4242
    result = topology(**items)
    assert ("replace", "vxlan", "vx42@blue") in actions(result)
    assert ("add", "address", "10.42.0.1/24 on vx42@blue") in actions(result)  # the old link took it along
    assert vxlan_link("blue", "vx42")["linkinfo"]["info_data"]["id"] == 4242
    assert pings("blue", "10.42.0.2")
    assert not topology(**items)["changed"]


def test_deleted_twice_listed_then_everything_of_the_owner():
    topology(**vxlan_topology())
    listed = {"vxlans": vxlan_topology()["vxlans"][1:2]}  # vx42@red, as merged listed it
    empty_checked = host_view()
    assert topology(state="deleted", check_mode=True, **listed)["changed"]
    assert host_view() == empty_checked
    result = topology(state="deleted", **listed)
    assert actions(result) == [("delete", "vxlan", "vx42@red")]
    assert "vx42" not in [link["ifname"] for link in ip_json("red", "link", "show")]
    assert not topology(state="deleted", **listed)["changed"]

    everything = topology(state="deleted")
    assert ("delete", "vxlan", "vx43") in actions(everything)
    assert host_vxlans() == []
    assert not topology(state="deleted")["changed"]


def test_gathered_fed_back_is_unchanged_also_as_replaced():
    topology(**vxlan_topology())
    gathered = topology(state="gathered")["gathered"]
    vxlans = dict(((item["netns"], item["name"]), item) for item in gathered["vxlans"])
    assert vxlans[("blue", "vx42")] == {"name": "vx42", "netns": "blue", "vni": 42, "dstport": 4789,
                                        "local": "192.0.2.1", "device": "ul-b", "learning": True,
                                        "remotes": ["192.0.2.2"], "mtu": 1450, "up": True}
    assert "local" not in vxlans[(None, "vx43")] and "device" not in vxlans[(None, "vx43")]
    assert {"dev": "vx42", "netns": "blue", "address": ["10.42.0.1/24"], "up": True} in gathered["addresses"]
    before = host_view()
    assert not topology(**gathered)["changed"]
    assert not topology(state="replaced", **gathered)["changed"]  # every address of a listed vxlan is listed
    assert host_view() == before


def test_replaced_removes_the_unlisted_addresses_of_a_listed_vxlan():
    topology(**vxlan_topology())
    run(["ip", "-n", "blue", "addr", "add", "10.43.0.1/24", "dev", "vx42"])  # vx42@blue has an address item
    run(["ip", "addr", "add", "10.44.0.1/24", "dev", "vx43"])  # vx43 has none: it keeps no address
    result = topology(state="replaced", **vxlan_topology())
    assert sorted(actions(result)) == [("delete", "address", "10.43.0.1/24 on vx42@blue"),
                                       ("delete", "address", "10.44.0.1/24 on vx43")]
    assert "10.43.0.1" not in run(["ip", "-n", "blue", "addr", "show", "vx42"])
    assert "10.44.0.1" not in run(["ip", "addr", "show", "vx43"])
    assert not topology(state="replaced", **vxlan_topology())["changed"]


def test_rendered_gives_the_ip_commands_that_build_it():
    lists = vxlan_topology()
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    lines = rendered(FakeModule(), wanted, "linuxnet")
    assert "ip -n blue link add vx42 type vxlan id 42 dstport 4789 local 192.0.2.1 dev ul-b learning" in lines
    assert "ip -n blue link set vx42 alias " + MARK in lines
    assert "bridge -n blue fdb append 00:00:00:00:00:00 dev vx42 dst 192.0.2.2" in lines
    assert lines.index("ip link add vx43 type vxlan id 43 dstport 4789 learning") < \
        [i for i, line in enumerate(lines) if "add-port br0 vx43" in line][0]
    for line in lines:
        subprocess.run(shlex.split(line), check=True, timeout=60)
    assert pings("blue", "10.42.0.2")
    assert not topology(**vxlan_topology())["changed"]  # the rendered commands built exactly that


def test_overridden_removes_our_unlisted_vxlan_and_leaves_a_hand_made_one():
    topology(**vxlan_topology())
    run(["ip", "-n", "red", "link", "add", "vxhand", "type", "vxlan", "id", "99", "dstport", "4789"])
    run(["ip", "link", "add", "vxhand0", "type", "vxlan", "id", "98", "dstport", "4789"])
    smaller = vxlan_topology()
    smaller["vxlans"] = smaller["vxlans"][:1] + smaller["vxlans"][2:]  # not vx42@red
    smaller["addresses"] = [item for item in smaller["addresses"] if item["dev"] != "vx42" or item["netns"] != "red"]
    result = topology(state="overridden", **smaller)
    assert actions(result) == [("delete", "vxlan", "vx42@red")]
    red_links = [link["ifname"] for link in ip_json("red", "link", "show")]
    assert "vx42" not in red_links and "vxhand" in red_links
    assert "vxhand0" in host_vxlans()
    assert not topology(state="overridden", **smaller)["changed"]


def test_ansible_playbook_takes_vxlans_from_a_src_file_and_gathers_them(tmp_path):
    """The whole path: the action plugin reads the file, the module's argument spec has the list,
    AnsiballZ ships the kind's file."""
    (tmp_path / "vxlans.yml").write_text(yaml.safe_dump(vxlan_topology()))
    applied = play(tmp_path, {"src": "vxlans.yml"})
    assert applied["changed"] and not applied.get("failed"), applied
    assert applied["counts"]["vxlans"] == {"planned": 3, "changed": 3}
    assert pings("blue", "10.42.0.2")
    again = play(tmp_path, {"src": "vxlans.yml"})
    assert not again["changed"] and not again.get("failed"), again
    gathered = play(tmp_path, {"state": "gathered"})["gathered"]
    assert sorted((item["netns"] or "", item["name"]) for item in gathered["vxlans"]) == [
        ("", "vx43"), ("blue", "vx42"), ("red", "vx42")]
