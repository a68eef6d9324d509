# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_link's resource against the real kernel (inside tests/tools/sandbox).

macvlan (on a veth parent) and the Linux bridge exist in this kernel: each is taken through the
contract (check run writes nothing, apply, re-run unchanged in both modes, diff, absent twice) and
carries traffic (pings across a bridge in a namespace; over a macvlan; a private macvlan isolated).
vlan, dummy and ipvlan are probed first: a kernel without the type skips the test, saying so.
"""

import subprocess

import pytest

from conftest import ip, ip_json, kernel_view, links

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError, NetnsError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.device import DeviceResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.link import LinkResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

MARK = "linuxnet-owner:linuxnet"
PROBE_ARGS = {"dummy": [], "vlan": ["id", "5"], "ipvlan": ["mode", "l2"], "macvlan": ["mode", "bridge"],
              "bridge": []}


def run(params, check=False, resource=LinkResource):
    with NetlinkSession() as session:
        return converge(resource(params, Snapshot(session)), check)


def missing_kernel_type(kind):
    """Why ``kind`` cannot be made here (None: it can): one try in a throwaway namespace."""
    probe = "ktprobe-%s" % kind
    ip("netns", "add", probe)
    try:
        ip("-n", probe, "link", "add", "p0", "type", "veth", "peer", "name", "p1")
        parent = ["link", "p0"] if kind in ("vlan", "ipvlan", "macvlan") else []
        result = subprocess.run(["ip", "-n", probe, "link", "add"] + parent + ["t0", "type", kind] + PROBE_ARGS[kind],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=10,
                                check=False)
        return None if result.returncode == 0 else result.stderr.strip() or "refused"
    finally:
        ip("netns", "delete", probe, check=False)


def require_kernel_type(kind):
    problem = missing_kernel_type(kind)
    if problem:
        pytest.skip("this kernel has no %s link type (ip link add ... type %s: %s)" % (kind, kind, problem))


def pings(netns, address):
    argv = ["ip", "netns", "exec", netns, "ping", "-c1", "-W1", address]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10, check=False).returncode == 0


def link(netns, name):
    return ip_json(netns, "link", "show", name)[0]


def contract(params, netns):
    """check (nothing written), apply, re-run in both modes unchanged, diff, absent twice."""
    before = kernel_view(netns)
    checked = run(params, check=True)
    assert checked.changed and checked.before is None
    assert kernel_view(netns) == before
    created = run(params)
    assert [c.action for c in created.changes] == [c.action for c in checked.changes]
    assert created.diff()["after"] == created.after and not created.diff()["before"]
    made = link(netns, params["name"])
    assert made["linkinfo"]["info_kind"] == params["kind"] and made["ifalias"] == MARK
    again = run(params)
    assert not again.changed
    assert not run(params, check=True).changed
    for key, value in created.after.items():
        assert value is None or again.before[key] == value, key
    return again.before


def absent_twice(name, netns, kind):
    gone = {"name": name, "netns": netns, "state": "absent"}
    assert run(gone, check=True).changed and name in links(netns)
    result = run(gone)
    assert [(c.action, c.kind) for c in result.changes] == [("delete", kind)]
    assert name not in links(netns)
    assert not run(gone).changed


@pytest.fixture
def wire(make_netns):
    """host (eth0 up, no address) wired to peer (eth0 10.1.0.9/24) by a veth; a third namespace."""
    host, peer, other = make_netns(), make_netns(), make_netns()
    ip("-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", peer)
    ip("-n", host, "link", "set", "eth0", "up")
    ip("-n", peer, "addr", "add", "10.1.0.9/24", "dev", "eth0")
    ip("-n", peer, "link", "set", "eth0", "up")
    return host, peer, other


def test_macvlan_contract_traffic_and_in_place_mode(wire):
    host, peer, _other = wire
    params = {"name": "mv0", "netns": host, "kind": "macvlan", "parent": "eth0"}
    read = contract(params, host)
    assert read["mode"] == "bridge" and read["parent"] == "eth0" and read["up"] is True
    ip("-n", host, "addr", "add", "10.1.0.1/24", "dev", "mv0")
    assert pings(host, "10.1.0.9")  # out through the macvlan and its parent

    private = dict(params, mode="private", mtu=1400)
    changed = run(private)
    assert [(c.action, c.details.get("attribute")) for c in changed.changes] == [("set", "mode"), ("set", "mtu")]
    assert changed.diff()["before"]["mode"] == "bridge" and changed.diff()["after"]["mode"] == "private"
    assert link(host, "mv0")["linkinfo"]["info_data"]["mode"] == "private" and link(host, "mv0")["mtu"] == 1400
    assert pings(host, "10.1.0.9")  # changed in place: the address is still there
    assert not run(private).changed
    absent_twice("mv0", host, "macvlan")


def test_macvlans_in_bridge_mode_reach_each_other_and_private_ones_do_not(wire):
    """Two macvlans on one parent, the second moved to another namespace (ns_device): bridge mode
    switches between them, private mode isolates them (changed in place on both)."""
    host, _peer, other = wire
    for name, address in (("mv1", "10.1.0.1/24"), ("mv2", "10.1.0.2/24")):
        run({"name": name, "netns": host, "kind": "macvlan", "parent": "eth0"})
        ip("-n", host, "addr", "add", address, "dev", name)
    moved = run({"name": "mv2", "netns": other, "from_netns": host}, resource=DeviceResource)
    assert moved.after["addresses"] == ["10.1.0.2/24"] and moved.after["up"] is True
    assert pings(host, "10.1.0.2") and pings(other, "10.1.0.1")
    run({"name": "mv1", "netns": host, "kind": "macvlan", "parent": "eth0", "mode": "private"})
    assert not pings(host, "10.1.0.2")
    assert pings(host, "10.1.0.9")  # the outside is still reachable
    run({"name": "mv1", "netns": host, "kind": "macvlan", "parent": "eth0", "mode": "bridge"})
    assert pings(host, "10.1.0.2")


def test_a_new_parent_replaces_the_macvlan_and_the_diff_says_so(wire):
    host, _peer, _other = wire
    ip("-n", host, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p")
    run({"name": "mv0", "netns": host, "kind": "macvlan", "parent": "eth0"})
    index = link(host, "mv0")["ifindex"]
    result = run({"name": "mv0", "netns": host, "kind": "macvlan", "parent": "eth1"})
    assert [c.action for c in result.changes] == ["replace"]
    assert result.changes[0].details["parent"] == {"before": "eth0", "after": "eth1"}
    assert result.diff()["before"]["parent"] == "eth0" and result.diff()["after"]["parent"] == "eth1"
    assert link(host, "mv0")["link"] == "eth1" and link(host, "mv0")["ifindex"] != index


def test_bridge_contract_with_traffic_and_isolation(make_netns):
    switch, a, b, c = make_netns(), make_netns(), make_netns(), make_netns()
    for n, (end, netns, address) in enumerate((("pa", a, "10.2.0.1/24"), ("pb", b, "10.2.0.2/24"),
                                               ("pc", c, "10.2.0.3/24"))):
        ip("-n", switch, "link", "add", end, "type", "veth", "peer", "name", "eth0", "netns", netns)
        ip("-n", switch, "link", "set", end, "up")
        ip("-n", netns, "addr", "add", address, "dev", "eth0")
        ip("-n", netns, "link", "set", "eth0", "up")
    params = {"name": "br0", "netns": switch, "kind": "bridge", "ports": ["pb", "pa"]}
    read = contract(params, switch)
    assert read["ports"] == ["pa", "pb"] and read["stp"] is False
    assert link(switch, "pa")["master"] == "br0" and "master" not in link(switch, "pc")
    assert pings(a, "10.2.0.2")  # across the bridge
    assert not pings(a, "10.2.0.3")  # pc is not a port

    swapped = dict(params, ports=["pa", "pc"])
    result = run(swapped)
    assert sorted((c.kind, c.name, c.details.get("after")) for c in result.changes) == [
        ("master", "pb@%s" % switch, None), ("master", "pc@%s" % switch, "br0")]
    assert result.diff()["before"]["ports"] == ["pa", "pb"] and result.diff()["after"]["ports"] == ["pa", "pc"]
    assert not run(swapped).changed
    assert pings(a, "10.2.0.3") and not pings(a, "10.2.0.2")

    stp = run(dict(swapped, stp=True))  # in place (traffic waits for STP's forwarding delay: not tested)
    assert [(c.kind, c.details["attribute"], c.details["after"]) for c in stp.changes] == [("bridge", "stp", True)]
    assert link(switch, "br0")["linkinfo"]["info_data"]["stp_state"] == 1
    assert not run(dict(swapped, stp=True)).changed
    run(swapped)
    assert link(switch, "br0")["linkinfo"]["info_data"]["stp_state"] == 0
    absent_twice("br0", switch, "bridge")
    assert not pings(a, "10.2.0.3")
    assert sorted(links(switch)) == ["lo", "pa", "pb", "pc"]  # the ports stay, released


def test_a_macvlan_as_a_port_of_a_bridge_through_master(wire):
    host, _peer, _other = wire
    run({"name": "br1", "netns": host, "kind": "bridge"})
    result = run({"name": "mv0", "netns": host, "kind": "macvlan", "parent": "eth0", "master": "br1"})
    assert link(host, "mv0")["master"] == "br1" and result.after["master"] == "br1"
    assert not run({"name": "mv0", "netns": host, "kind": "macvlan", "parent": "eth0", "master": "br1"}).changed
    released = run({"name": "mv0", "netns": host, "kind": "macvlan", "parent": "eth0", "master": ""})
    assert [(c.kind, c.details["after"]) for c in released.changes] == [("master", None)]
    assert "master" not in link(host, "mv0")


@pytest.mark.parametrize("kind, extra", [("vlan", {"parent": "eth0", "vlan_id": 100}), ("dummy", {}),
                                         ("ipvlan", {"parent": "eth0", "mode": "l3"})])
def test_kinds_this_kernel_may_lack(wire, kind, extra):
    require_kernel_type(kind)
    host, _peer, _other = wire
    params = dict({"name": "t0", "netns": host, "kind": kind}, **extra)
    contract(params, host)
    absent_twice("t0", host, kind)


@pytest.mark.parametrize("kind", ["vlan", "dummy", "ipvlan"])
def test_a_kernel_without_the_type_is_told_by_name(wire, kind):
    if not missing_kernel_type(kind):
        pytest.skip("this kernel has the %s link type" % kind)
    host, _peer, _other = wire
    params = {"name": "t0", "netns": host, "kind": kind, "parent": "eth0" if kind != "dummy" else None,
              "vlan_id": 5 if kind == "vlan" else None}
    before = kernel_view(host)
    with pytest.raises(BackendError) as error:
        run(params)
    assert "no %s link type" % kind in error.value.msg and kernel_view(host) == before


@pytest.mark.parametrize("params, field, value", [
    ({"kind": "vlan", "parent": "eth0", "vlan_id": 0}, "vlan_id", 0),
    ({"kind": "vlan", "parent": "eth0", "vlan_id": 4095}, "vlan_id", 4095),
    ({"kind": "macvlan", "parent": "eth0", "mode": "hairpin"}, "mode", "hairpin"),
    ({"kind": "bridge", "master": "x0"}, "master", "x0"),
    ({"kind": "bridge", "ports": ["eth0", "x0"]}, "ports", "x0"),
    ({"kind": "bond"}, "kind", "bond"),
    ({"kind": "dummy", "stp": True}, "stp", True),
    ({"kind": "ipvlan", "parent": "eth0", "mac": "02:00:00:00:00:01"}, "mac", "02:00:00:00:00:01"),
])
def test_bad_input_is_refused_naming_field_and_value_before_anything_changes(wire, params, field, value):
    host, _peer, _other = wire
    before = kernel_view(host)
    with pytest.raises(ValidationError) as error:
        run(dict(params, name="x0", netns=host))
    assert error.value.details["field"] == field and error.value.details["value"] == value
    assert kernel_view(host) == before


def test_a_parent_in_another_namespace_is_refused(wire):
    host, peer, other = wire
    before = (sorted(links(host)), kernel_view(other))
    with pytest.raises(ValidationError) as error:
        run({"name": "mv0", "netns": other, "kind": "macvlan", "parent": "eth0"})
    assert error.value.details["field"] == "parent" and "is in namespace" in error.value.msg
    assert (sorted(links(host)), kernel_view(other)) == before
    with pytest.raises(MissingObjectError):
        run({"name": "mv0", "netns": other, "kind": "macvlan", "parent": "nosuch0"})
    assert run({"name": "mv0", "netns": other, "kind": "macvlan", "parent": "nosuch0"}, check=True).missing


def test_a_veth_holding_the_name_is_a_conflict_unless_force(wire):
    host, _peer, _other = wire
    ip("-n", host, "link", "add", "br2", "type", "veth", "peer", "name", "br2p")
    with pytest.raises(NetnsError) as error:
        run({"name": "br2", "netns": host, "kind": "bridge"})
    assert "force" in error.value.msg and link(host, "br2")["linkinfo"]["info_kind"] == "veth"
    forced = run({"name": "br2", "netns": host, "kind": "bridge", "force": True})
    assert [c.action for c in forced.changes] == ["delete", "create"]
    assert link(host, "br2")["linkinfo"]["info_kind"] == "bridge"


def bridge_vlan_filtering_missing():
    """Why this kernel's bridges cannot filter by VLAN (None: they can)."""
    probe = "ktprobe-vf"
    ip("netns", "add", probe)
    try:
        result = subprocess.run(["ip", "-n", probe, "link", "add", "b0", "type", "bridge", "vlan_filtering", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=10,
                                check=False)
        return None if result.returncode == 0 else result.stderr.strip() or "refused"
    finally:
        ip("netns", "delete", probe, check=False)


def test_bridge_vlan_filtering_in_place_or_refused_by_name(make_netns):
    switch = make_netns()
    params = {"name": "br0", "netns": switch, "kind": "bridge", "vlan_filtering": True}
    problem = bridge_vlan_filtering_missing()
    if problem is None:
        contract(params, switch)
        assert link(switch, "br0")["linkinfo"]["info_data"]["vlan_filtering"] == 1
        changed = run(dict(params, vlan_filtering=False))
        assert [c.details["attribute"] for c in changed.changes] == ["vlan_filtering"]
        return
    # this kernel: the refusal says what it is, and an existing bridge is left as it was
    with pytest.raises(BackendError) as error:
        run(params)
    assert "refuses vlan_filtering" in error.value.msg and "br0" not in links(switch)
    run(dict(params, vlan_filtering=False))  # off is the default: nothing is sent, no refusal
    with pytest.raises(BackendError) as error:
        run(params)
    assert "refuses vlan_filtering" in error.value.msg
    assert link(switch, "br0")["linkinfo"]["info_data"]["vlan_filtering"] == 0
    pytest.skip("this kernel has no bridge VLAN filtering (%s): only its refusal was tested" % problem)
