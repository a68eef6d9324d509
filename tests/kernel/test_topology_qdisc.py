# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology module's ``qdiscs`` list against the real kernel (inside tests/tools/sandbox --ovs).

Blue and red joined by one veth (qa in blue, qb in red, 10.78.0.0/24); a tbf on each end (the
one on qb is 2 Mbit/s, the one on qa 4 Mbit/s). ``tc -j`` is the independent reading.
"""

import json
import shlex
import subprocess

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered

from topology_helpers import FakeModule, clean_host, host_view, run, topology


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()


def shaped():
    return dict(
        namespaces=[{"name": "blue"}, {"name": "red"}],
        veths=[{"name": "qa", "netns": "blue", "peer": "qb", "peer_netns": "red"}],
        addresses=[{"dev": "qa", "netns": "blue", "address": ["10.78.0.1/24"]},
                   {"dev": "qb", "netns": "red", "address": ["10.78.0.2/24"]}],
        qdiscs=[{"dev": "qa", "netns": "blue", "kind": "tbf", "rate": "4mbit", "burst": "32kb", "latency": "50ms"},
                {"dev": "qb", "netns": "red", "kind": "tbf", "rate": "2mbit", "burst": "16kb", "limit": "64kb"}],
    )


def root_qdisc(netns, dev):
    out = run(["tc", "-n", netns, "-j", "qdisc", "show", "dev", dev])
    return [q for q in json.loads(out) if q.get("root")][0]


def qdisc_view():
    return [root_qdisc("blue", "qa"), root_qdisc("red", "qb")]


def actions(result):
    return [(c["action"], c["kind"], c["name"]) for c in result["changes"]]


def pings(netns, address):
    ping = ["ip", "netns", "exec", netns, "ping", "-c1", "-W2", address]
    return subprocess.run(ping, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20, check=False).returncode == 0


def test_check_run_apply_rerun_and_check_rerun_with_diff():
    empty = host_view()
    checked = topology(check_mode=True, **shaped())
    assert checked["changed"] and host_view() == empty  # check mode wrote nothing, not even a namespace
    assert checked["diff"]["before"]["qdiscs"] == [None, None]
    done = topology(**shaped())
    assert actions(done) == actions(checked)
    order = [(c["kind"], c["name"]) for c in done["changes"]]
    assert order.index(("veth", "qa@blue")) < order.index(("qdisc", "qa@blue"))  # after its link
    assert done["counts"]["qdiscs"] == {"planned": 2, "changed": 2}
    assert done["diff"]["after"]["qdiscs"][1] == {"netns": "red", "dev": "qb", "kind": "tbf", "rate": 2000000,
                                                  "burst": 16384, "limit": 65536}
    blue, red = qdisc_view()
    assert blue["kind"] == red["kind"] == "tbf"
    assert blue["options"]["rate"] == 500000 and red["options"]["rate"] == 250000
    assert pings("blue", "10.78.0.2")

    unchanged = qdisc_view()
    again = topology(**shaped())
    assert not again["changed"] and again["counts"]["qdiscs"] == {"planned": 2, "changed": 0}
    assert not topology(check_mode=True, **shaped())["changed"]
    assert qdisc_view() == unchanged

    changed = shaped()
    changed["qdiscs"][0]["rate"] = "8mbit"
    diff = topology(**changed)["diff"]
    assert diff["before"]["qdiscs"][0]["rate"] == 4000000 and diff["after"]["qdiscs"][0]["rate"] == 8000000


def test_deleted_twice_and_the_link_keeps_its_default():
    topology(**shaped())
    listed = {"qdiscs": shaped()["qdiscs"][:1]}
    before = qdisc_view()
    assert topology(state="deleted", check_mode=True, **listed)["changed"]
    assert qdisc_view() == before
    assert actions(topology(state="deleted", **listed)) == [("delete", "qdisc", "qa@blue")]
    assert root_qdisc("blue", "qa")["kind"] == "noqueue" and root_qdisc("red", "qb")["kind"] == "tbf"
    assert not topology(state="deleted", **listed)["changed"]
    assert pings("blue", "10.78.0.2")


def test_gathered_fed_back_is_unchanged():
    topology(**shaped())
    gathered = topology(state="gathered")["gathered"]
    assert {"dev": "qa", "netns": "blue", "kind": "tbf", "rate": 4000000, "burst": 32768,
            "limit": 57768} in gathered["qdiscs"]
    before = qdisc_view()
    assert not topology(**gathered)["changed"]
    assert not topology(qdiscs=gathered["qdiscs"])["changed"]
    assert qdisc_view() == before


def test_rendered_gives_the_tc_commands_that_build_it():
    lists = shaped()
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    lines = rendered(FakeModule(), wanted, "linuxnet")
    tbf = "tc -n blue qdisc replace dev qa root tbf rate 4000000bit burst 32768 limit 57768"
    assert tbf in lines
    veth = [i for i, line in enumerate(lines) if " link add qa type veth " in line]
    assert veth and veth[0] < lines.index(tbf)  # the link first
    for line in lines:
        subprocess.run(shlex.split(line), check=True, timeout=60)
    assert root_qdisc("blue", "qa")["options"]["rate"] == 500000
    assert not topology(**shaped())["changed"]  # the rendered commands built exactly that


def test_overridden_removes_our_unlisted_qdisc_and_leaves_one_on_a_hand_made_link():
    topology(**shaped())
    run(["ip", "-n", "red", "link", "add", "hand0", "type", "veth", "peer", "name", "hand1"])
    run(["tc", "-n", "red", "qdisc", "replace", "dev", "hand0", "root", "tbf", "rate", "1mbit", "burst", "10kb",
         "limit", "20kb"])
    smaller = shaped()
    smaller["qdiscs"] = smaller["qdiscs"][:1]
    result = topology(state="overridden", **smaller)
    assert actions(result) == [("delete", "qdisc", "qb@red")]
    assert root_qdisc("red", "qb")["kind"] == "noqueue"
    assert root_qdisc("red", "hand0")["kind"] == "tbf"  # on a link without our mark: left alone
    assert not topology(state="overridden", **smaller)["changed"]


def test_a_bad_item_is_refused_before_anything_is_made():
    empty = host_view()
    bad = shaped()
    bad["qdiscs"][1] = {"dev": "qb", "netns": "red", "kind": "netem", "loss": "101%"}
    with pytest.raises(Exception) as error:
        topology(**bad)
    assert "qdiscs[1]" in str(error.value) and "loss" in str(error.value) and "101%" in str(error.value)
    assert host_view() == empty
    missing = shaped()
    missing["qdiscs"][0]["dev"] = "nope0"
    with pytest.raises(Exception) as error:
        topology(**missing)
    assert "nope0@blue" in str(error.value)
    assert host_view() == empty
