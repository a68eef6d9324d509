# -*- coding: utf-8 -*-
"""linuxnet.netns.topology against the real kernel and OVS (inside tests/tools/sandbox --ovs)."""

import shlex
import subprocess

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered

from topology_helpers import FakeModule, clean_host, host_view, run, seed, topology


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()


def actions(result):
    return [(c["action"], c["kind"], c["name"]) for c in result["changes"]]


def without_red():
    smaller = seed()
    smaller["namespaces"] = [{"name": "blue"}]
    smaller["veths"] = smaller["veths"][:1]
    smaller["addresses"] = [item for item in smaller["addresses"] if item.get("netns") != "red"]
    smaller["ports"] = smaller["ports"][:1]
    return smaller


def test_merged_check_run_rerun_and_check_rerun():
    empty = host_view()
    checked = topology(check_mode=True, **seed())
    assert checked["changed"]
    assert host_view() == empty  # check mode wrote nothing
    done = topology(**seed())
    assert actions(done) == actions(checked)  # the same plan in both modes
    assert run(["ip", "netns", "exec", "blue", "ping", "-c1", "-W2", "10.0.2.101"])
    assert not topology(**seed())["changed"]
    assert not topology(check_mode=True, **seed())["changed"]


def test_order_is_derived_not_listed():
    items = seed()
    reversed_items = dict((option, list(reversed(value))) for option, value in items.items())
    result = topology(**reversed_items)
    order = [c["name"] for c in result["changes"]]
    assert order.index("blue") < order.index("veth0") < order.index("10.0.2.100/24 on veth1@blue")
    assert order.index("br0") < order.index("10.0.2.1/24 on br0")
    assert order.index("veth0") < [i for i, c in enumerate(result["changes"]) if c["kind"] == "port"][0]


def test_gathered_fed_back_is_unchanged():
    topology(**seed())
    gathered = topology(state="gathered")["gathered"]
    assert {"name": "blue", "loopback": True} in gathered["namespaces"]
    assert any(port["name"] == "veth0" and port["bridge"] == "br0" for port in gathered["ports"])
    assert any(route["dest"] == "10.9.0.0/16" for route in gathered["routes"])
    before = host_view()
    assert not topology(**gathered)["changed"]
    assert host_view() == before


def test_rendered_script_builds_what_merged_would():
    lists = seed()
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    for line in rendered(FakeModule(), wanted, "linuxnet"):
        subprocess.run(shlex.split(line), check=True, timeout=60)
    assert not topology(**seed())["changed"]  # the rendered commands built exactly that


def test_a_protected_port_is_set_gathered_and_rendered():
    items = seed()
    items["ports"][1]["protected"] = True
    empty = host_view()
    assert topology(check_mode=True, **items)["changed"]
    assert host_view() == empty
    topology(**items)
    assert run(["ovs-vsctl", "get", "Port", "veth2", "protected"]).strip() == "true"
    assert run(["ovs-vsctl", "get", "Port", "veth0", "protected"]).strip() == "false"
    assert not topology(**items)["changed"]
    gathered = topology(state="gathered")["gathered"]
    ports = dict((port["name"], port) for port in gathered["ports"])
    assert ports["veth2"]["protected"] is True and "protected" not in ports["veth0"]
    assert not topology(**gathered)["changed"]
    clean_host()
    wanted = validate_items(dict((option, items.get(option, [])) for option in OPTIONS))
    for line in rendered(FakeModule(), wanted, "linuxnet"):
        subprocess.run(shlex.split(line), check=True, timeout=60)
    assert run(["ovs-vsctl", "get", "Port", "veth2", "protected"]).strip() == "true"
    assert not topology(**items)["changed"]


def test_replaced_removes_unlisted_addresses_and_ports_of_listed_objects():
    topology(**seed())
    run(["ip", "-n", "blue", "addr", "add", "10.0.3.5/24", "dev", "veth1"])
    run(["ip", "link", "add", "extra0", "type", "veth", "peer", "name", "extra1"])
    run(["ovs-vsctl", "add-port", "br0", "extra0"])
    result = topology(state="replaced", **seed())
    assert ("delete", "address", "10.0.3.5/24 on veth1@blue") in actions(result)
    assert ("delete", "port", "extra0") in actions(result)
    assert "10.0.3.5" not in run(["ip", "-n", "blue", "addr", "show", "veth1"])
    assert "extra0" not in run(["ovs-vsctl", "list-ports", "br0"]).split()
    assert not topology(state="replaced", **seed())["changed"]


def test_overridden_keeps_hand_made_objects_and_removes_our_unlisted_ones():
    topology(**seed())
    # made by hand: a namespace, a veth pair (one end in it), a bridge
    run(["ip", "netns", "add", "handmade"])
    run(["ip", "link", "add", "hand0", "type", "veth", "peer", "name", "hand1", "netns", "handmade"])
    run(["ovs-vsctl", "add-br", "brhand", "--", "set", "Bridge", "brhand", "datapath_type=netdev"])
    smaller = without_red()
    result = topology(state="overridden", **smaller)
    assert ("delete", "netns", "red") in actions(result)
    assert run(["ip", "netns", "list"]).split().count("handmade") == 1
    assert "hand0" in run(["ip", "-o", "link", "show"])
    assert "brhand" in run(["ovs-vsctl", "list-br"]).split()
    assert "red" not in run(["ip", "netns", "list"]).split()
    assert not topology(state="overridden", **smaller)["changed"]


def test_deleted_listed_and_everything_of_an_owner():
    topology(**seed())
    topology(owner="other", namespaces=[{"name": "green"}])
    run(["ip", "netns", "add", "handmade"])
    result = topology(state="deleted", namespaces=[{"name": "red"}])
    assert actions(result) == [("delete", "netns", "red")]
    topology(state="deleted")
    remaining = run(["ip", "netns", "list"]).split()
    assert "blue" not in remaining
    assert "green" in remaining and "handmade" in remaining  # other owner, made by hand
    assert run(["ovs-vsctl", "list-br"]).split() == []
    assert not topology(state="deleted")["changed"]


def test_check_mode_of_every_state_writes_nothing():
    topology(**seed())
    run(["ip", "-n", "blue", "addr", "add", "10.0.3.5/24", "dev", "veth1"])  # replaced would remove it
    before = host_view()
    for state in ("replaced", "overridden", "deleted"):
        lists = {} if state == "deleted" else without_red()
        assert topology(state=state, check_mode=True, **lists)["changed"]
        assert host_view() == before


def test_bad_item_stops_everything_before_any_change():
    before = host_view()
    items = seed()
    items["routes"].append({"netns": "blue", "dest": "10.10.0.0/16"})  # neither gateway nor dev
    with pytest.raises(NetnsError) as caught:
        topology(**items)
    assert "routes[1]" in caught.value.msg
    assert host_view() == before


def test_half_way_failure_reports_what_was_done_and_what_was_left():
    items = dict(namespaces=[{"name": "blue"}],
                 veths=[{"name": "veth0", "peer": "veth1", "peer_netns": "blue"}],
                 # no address of blue reaches 192.0.2.1: the kernel refuses the route
                 routes=[{"netns": "blue", "dest": "10.9.0.0/16", "gateway": "192.0.2.1"}],
                 bridges=[{"name": "br0", "datapath_type": "netdev"}],
                 ports=[{"name": "veth0", "bridge": "br0"}])
    with pytest.raises(NetnsError) as caught:
        topology(**items)
    error = caught.value
    done = [(c["action"], c["kind"], c["name"]) for c in error.details["done"]]
    left = [(c["action"], c["kind"]) for c in error.details["left"]]
    assert error.details["failed"] == "routes[0]"
    assert ("create", "netns", "blue") in done and ("create", "veth", "veth0") in done
    assert left[0] == ("create", "route")
    assert "blue" in run(["ip", "netns", "list"]).split()  # done means done
    assert all(kind != "route" for _action, kind, _name in done)


def test_the_timings_split_each_netlink_stage_by_list():
    done = topology(**seed())
    phases = [(what, count) for what, count, _seconds in done["_timings"]]
    assert phases[0] == ("read and plan", len(done["changes"]))
    split, totals = [], []
    for what, count in phases[1:]:
        if what.startswith("apply netlink: "):
            split.append((what[len("apply netlink: "):], count))
        elif what == "apply netlink":
            assert sum(part for _option, part in split) == count, phases  # the split adds up to its stage
            totals.append(count)
            split = []
        else:
            assert what == "apply ovs" and not split, phases
            totals.append(count)
    assert sum(totals) == len(done["changes"])
    named = set(what for what, _count in phases if what.startswith("apply netlink: "))
    assert named == set("apply netlink: " + option for option in ("namespaces", "veths", "addresses", "routes")
                        if seed()[option])


def test_a_changed_namespace_is_reported_with_its_links_an_unchanged_one_is_only_counted():
    topology(**seed())
    run(["ip", "-n", "red", "link", "set", "lo", "down"])
    result = topology(namespaces=seed()["namespaces"])
    assert actions(result) == [("set", "loopback", "lo@red")]
    assert result["counts"]["namespaces"] == {"planned": 2, "changed": 1}
    [red] = result["before"]["namespaces"]
    assert red["loopback_up"] is False
    assert sorted(red["links"], key=lambda link: link["name"]) == [
        {"name": "lo"}, {"name": "veth3", "kind": "veth", "peer": {"name": "veth2"}}]
    [after] = result["after"]["namespaces"]
    assert after["loopback_up"] is True and after["links"] == red["links"]
