# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vxlan resource against the real kernel (inside the sandbox).

Each test builds its own "hosts" as namespaces joined by a veth underlay (192.0.2.0/24), so the
links it makes live only in namespaces that the fixture removes.
"""

import json
import subprocess

import pytest

from conftest import ip, ip_json, kernel_view, links

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    ConflictError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.vxlan import VxlanResource


def run(params, check=False):
    with NetlinkSession() as session:
        return converge(VxlanResource(params, Snapshot(session)), check)


def flood_list(netns, ifname):
    """Destinations of the all-zero FDB entries, as ``bridge fdb`` shows them."""
    argv = ["bridge", "-j"] + (["-n", netns] if netns else []) + ["fdb", "show", "dev", ifname]
    entries = json.loads(subprocess.run(argv, stdout=subprocess.PIPE, check=True, timeout=10,
                                        universal_newlines=True).stdout or "[]")
    return sorted(entry["dst"] for entry in entries if entry.get("mac") == "00:00:00:00:00:00")


def vxlan_data(netns, ifname):
    return ip_json(netns, "link", "show", ifname)[0]["linkinfo"]["info_data"]


@pytest.fixture
def underlay(make_netns):
    """Two 'hosts' (namespaces) with eth0 192.0.2.1/24 and 192.0.2.2/24 on one veth pair."""
    first, second = make_netns(), make_netns()
    ip("-n", first, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", second)
    for netns, address in ((first, "192.0.2.1/24"), (second, "192.0.2.2/24")):
        ip("-n", netns, "addr", "add", address, "dev", "eth0")
        ip("-n", netns, "link", "set", "eth0", "up")
    return first, second


def test_full_cycle_four_ways(underlay):
    host, _other = underlay
    params = {"name": "ovl-vxlan", "netns": host, "vni": 4242, "local": "192.0.2.1", "device": "eth0",
              "remotes": ["192.0.2.3", "192.0.2.2"]}
    before = kernel_view(host)
    checked = run(params, check=True)
    assert checked.changed
    assert [change.action for change in checked.changes] == ["create", "add", "add", "set"]
    assert checked.after["remotes"] == ["192.0.2.2", "192.0.2.3"]
    assert kernel_view(host) == before

    created = run(params)
    assert created.changed
    data = vxlan_data(host, "ovl-vxlan")
    assert data["id"] == 4242 and data["port"] == 4789 and data["local"] == "192.0.2.1"
    assert data["link"] == "eth0" and data["learning"] is True
    assert flood_list(host, "ovl-vxlan") == ["192.0.2.2", "192.0.2.3"]
    assert "UP" in links(host)["ovl-vxlan"]["flags"]
    assert links(host)["ovl-vxlan"]["mtu"] == 1450
    assert links(host)["ovl-vxlan"]["ifalias"] == "linuxnet-owner:linuxnet"  # the default owner's mark

    again = run(params)
    assert not again.changed
    assert again.before == dict(created.after, mtu=1450)
    assert not run(params, check=True).changed

    absent = {"name": "ovl-vxlan", "netns": host, "state": "absent"}
    assert run(absent, check=True).changed
    assert "ovl-vxlan" in links(host)
    assert run(absent).changed
    assert "ovl-vxlan" not in links(host)
    assert not run(absent).changed


def test_an_ipv6_overlay_cycle(make_netns):
    """IPv6 local address and remotes (IFLA_VXLAN_LOCAL6, 16-byte FDB destinations), no learning."""
    host, other = make_netns(), make_netns()
    ip("-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", other)
    ip("-n", host, "addr", "add", "fd00:2::1/64", "dev", "eth0", "nodad")
    ip("-n", host, "link", "set", "eth0", "up")
    params = {"name": "vx6", "netns": host, "vni": 600, "local": "fd00:2::1", "device": "eth0", "learning": False,
              "dstport": 8472, "remotes": ["fd00:2::3", "fd00:2::2"], "mtu": 1400}
    created = run(params)
    assert created.changed
    data = vxlan_data(host, "vx6")
    assert (data["id"], data["port"], data["local6"], data["link"], data["learning"]) == (
        600, 8472, "fd00:2::1", "eth0", False)
    assert flood_list(host, "vx6") == ["fd00:2::2", "fd00:2::3"]
    assert links(host)["vx6"]["mtu"] == 1400
    again = run(params)
    assert not again.changed and again.before == created.after

    learning = run(dict(params, learning=True, remotes=["fd00:2::2"]))
    assert [(c.action, c.details.get("attribute") or c.details.get("remote")) for c in learning.changes] == [
        ("set", "learning"), ("delete", "fd00:2::3")]
    assert vxlan_data(host, "vx6")["learning"] is True and flood_list(host, "vx6") == ["fd00:2::2"]
    assert run(dict(params, state="absent")).changed and "vx6" not in links(host)


def test_the_raw_vxlan_reads_match_pyroute2_field_by_field(make_netns):
    """dump.vxlan_attributes and dump.fdb_records read the socket directly; pyroute2's decoding of
    the same replies must agree (IPv4 and IPv6 local, underlay device or none, learning or not, the
    port in network byte order, flood and learnt FDB entries)."""
    from pyroute2 import IPRoute

    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import fdb_records, vxlan_attributes

    host = make_netns()
    ip("-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1")
    ip("-n", host, "addr", "add", "192.0.2.1/24", "dev", "eth0")
    ip("-n", host, "addr", "add", "fd00:2::1/64", "dev", "eth0", "nodad")
    for argv in (["vxa", "type", "vxlan", "id", "10", "dstport", "4789", "local", "192.0.2.1", "dev", "eth0"],
                 ["vxb", "type", "vxlan", "id", "16777215", "dstport", "8472", "local", "fd00:2::1", "nolearning"],
                 ["vxc", "type", "vxlan", "id", "0", "dstport", "1"]):
        ip(*(["-n", host, "link", "add"] + argv))
    for mac, dev, dst in (("00:00:00:00:00:00", "vxa", "192.0.2.2"), ("00:00:00:00:00:00", "vxa", "192.0.2.3"),
                          ("02:00:00:00:00:09", "vxa", "192.0.2.2"), ("00:00:00:00:00:00", "vxb", "fd00:2::2")):
        subprocess.run(["bridge", "-n", host, "fdb", "append", mac, "dev", dev, "dst", dst], check=True, timeout=10)
    with NetlinkSession() as session, IPRoute(use_socket=session.netlink_socket(host), groups=0) as ipr:
        sock = session.netlink_socket(host)
        for name in ("vxa", "vxb", "vxc"):
            index = ipr.link_lookup(ifname=name)[0]
            data = ipr.link("get", index=index)[0].get_nested("IFLA_LINKINFO", "IFLA_INFO_DATA")
            local = data.get_attr("IFLA_VXLAN_LOCAL") or data.get_attr("IFLA_VXLAN_LOCAL6")
            assert vxlan_attributes(sock, index) == {
                "vni": data.get_attr("IFLA_VXLAN_ID"), "dstport": data.get_attr("IFLA_VXLAN_PORT"),
                "local": local, "device_index": data.get_attr("IFLA_VXLAN_LINK"),
                "learning": bool(data.get_attr("IFLA_VXLAN_LEARNING"))}, name
            decoded = sorted((entry.get_attr("NDA_LLADDR"), entry.get_attr("NDA_DST"))
                             for entry in ipr.fdb("dump") if entry["ifindex"] == index)
            assert sorted(fdb_records(sock, index), key=str) == sorted(decoded, key=str), name
        vxa, vxb = (ipr.link_lookup(ifname=name)[0] for name in ("vxa", "vxb"))
        assert vxlan_attributes(sock, vxa)["dstport"] == 4789 and vxlan_attributes(sock, vxb)["local"] == "fd00:2::1"
        assert ("02:00:00:00:00:09", "192.0.2.2") in fdb_records(sock, vxa)
        assert ("00:00:00:00:00:00", "fd00:2::2") in fdb_records(sock, vxb)


def test_flood_list_is_managed_exactly_and_learnt_entries_stay(underlay):
    host, _other = underlay
    params = {"name": "vx0", "netns": host, "vni": 7, "remotes": ["192.0.2.2", "192.0.2.3"]}
    run(params)
    subprocess.run(["bridge", "-n", host, "fdb", "add", "02:00:00:00:00:09", "dev", "vx0", "dst", "192.0.2.2"],
                   check=True, timeout=10)
    shrink = dict(params, remotes=["192.0.2.2", "192.0.2.4"])
    outcome = run(shrink)
    assert [(c.action, c.details["remote"]) for c in outcome.changes] == [
        ("delete", "192.0.2.3"), ("add", "192.0.2.4")]
    assert flood_list(host, "vx0") == ["192.0.2.2", "192.0.2.4"]
    macs = [entry for entry in subprocess.run(
        ["bridge", "-n", host, "fdb", "show", "dev", "vx0"], stdout=subprocess.PIPE, check=True,
        timeout=10, universal_newlines=True).stdout.splitlines() if "02:00:00:00:00:09" in entry]
    assert macs, "a non-flood FDB entry must be left alone"
    assert not run(shrink).changed
    emptied = run(dict(params, remotes=[]))
    assert emptied.changed and flood_list(host, "vx0") == []


def test_fixed_attributes_replace_and_others_change_in_place(underlay):
    host, _other = underlay
    params = {"name": "vx1", "netns": host, "vni": 100, "device": "eth0", "remotes": ["192.0.2.2"]}
    run(params)
    index = links(host)["vx1"]["ifindex"]

    learning = run(dict(params, learning=False, mtu=1400))
    assert [c.details.get("attribute") for c in learning.changes] == ["learning", "mtu"]
    assert links(host)["vx1"]["ifindex"] == index
    assert vxlan_data(host, "vx1")["learning"] is False and links(host)["vx1"]["mtu"] == 1400

    replaced = run(dict(params, vni=101, dstport=8472))
    assert replaced.changes[0].action == "replace"
    assert set(replaced.changes[0].details) >= {"vni", "dstport", "reason"}
    data = vxlan_data(host, "vx1")
    assert data["id"] == 101 and data["port"] == 8472 and data["learning"] is True
    assert flood_list(host, "vx1") == ["192.0.2.2"]
    assert "UP" in links(host)["vx1"]["flags"]
    assert links(host)["vx1"]["ifalias"] == "linuxnet-owner:linuxnet"  # the re-created link is marked again
    assert not run(dict(params, vni=101, dstport=8472)).changed


def test_a_device_of_another_kind_is_a_conflict_unless_forced(underlay):
    host, _other = underlay
    ip("-n", host, "link", "add", "vx2", "type", "veth", "peer", "name", "vx2p")
    params = {"name": "vx2", "netns": host, "vni": 5}
    with pytest.raises(ConflictError) as error:
        run(params)
    assert "is a veth device, not a vxlan" in error.value.msg
    assert links(host)["vx2"]["linkinfo"]["info_kind"] == "veth"
    assert not run(dict(params, state="absent")).changed  # absent leaves a foreign device alone
    forced = run(dict(params, force=True))
    assert [c.action for c in forced.changes][:2] == ["delete", "create"]
    assert links(host)["vx2"]["linkinfo"]["info_kind"] == "vxlan"


def test_missing_namespace_and_device(make_netns):
    ghost = make_netns(create=False)
    params = {"name": "vx3", "netns": ghost, "vni": 9}
    checked = run(params, check=True)
    assert checked.changed and checked.missing == {"kind": "netns", "name": ghost}
    with pytest.raises(MissingObjectError):
        run(params)
    host = make_netns()
    with pytest.raises(MissingObjectError) as error:
        run({"name": "vx3", "netns": host, "vni": 9, "device": "nope0"})
    assert "nope0" in error.value.msg
    assert "vx3" not in links(host)


@pytest.mark.parametrize("field, value", [
    ("vni", 16777216), ("vni", -1), ("dstport", 0), ("local", "192.0.2.300"), ("remotes", ["224.0.0.1"]),
    ("remotes", ["192.0.2.1"]), ("remotes", ["2001:db8::1"]), ("name", "much-too-long-name"),
])
def test_bad_input_names_the_field_before_anything_happens(field, value):
    params = {"name": "vx4", "vni": 1, "local": "192.0.2.1", field: value}
    before = kernel_view(None)
    with pytest.raises(ValidationError) as error:
        run(params)
    assert error.value.details["field"] == field
    assert kernel_view(None) == before


def test_two_hosts_bridge_blue_to_blue_over_the_link(underlay, make_netns):
    """End to end: a Linux bridge per host with the vxlan link as a port joins two blue namespaces."""
    hosts = underlay
    blues = [make_netns(), make_netns()]
    for number, (host, blue) in enumerate(zip(hosts, blues), start=1):
        local, remote = "192.0.2.%d" % number, "192.0.2.%d" % (3 - number)
        run({"name": "ovl-vxlan", "netns": host, "vni": 4242, "local": local, "device": "eth0",
             "remotes": [remote]})
        ip("-n", host, "link", "add", "br0", "type", "bridge")
        ip("-n", host, "link", "set", "br0", "up")
        ip("-n", host, "link", "set", "ovl-vxlan", "master", "br0")
        ip("-n", host, "link", "add", "veth0", "mtu", "1450", "type", "veth", "peer", "name", "veth1",
           "mtu", "1450", "netns", blue)
        ip("-n", host, "link", "set", "veth0", "master", "br0", "up")
        ip("-n", blue, "addr", "add", "10.0.2.10%d/24" % number, "dev", "veth1")
        ip("-n", blue, "link", "set", "veth1", "up")
    ping = ["ip", "netns", "exec", blues[0], "ping", "-c", "2", "-i", "0.2", "-W", "2", "-M", "do",
            "-s", "1422", "10.0.2.102"]
    assert subprocess.run(ping, stdout=subprocess.PIPE, timeout=20, check=False).returncode == 0
    too_big = ping[:-2] + ["1423", "10.0.2.102"]
    result = subprocess.run(too_big, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20,
                            universal_newlines=True, check=False)
    assert result.returncode != 0 and "mtu=1450" in result.stdout + result.stderr


def test_vxlan_module_four_ways_then_absent_twice(underlay):
    from test_modules_adhoc import module
    host, _other = underlay
    args = {"name": "ovl-vxlan", "netns": host, "vni": 4242, "local": "192.0.2.1", "device": "eth0",
            "remotes": ["192.0.2.2"]}
    checked = module("vxlan", args, "--check", "--diff")
    assert checked["changed"] and checked["before"] is None and "ovl-vxlan" not in links(host)
    assert checked["changes"][0]["action"] == "create"
    created = module("vxlan", args, "--diff")
    assert created["changed"] and created["vxlan"]["remotes"] == ["192.0.2.2"]
    again = module("vxlan", args, "--diff")
    assert not again["changed"] and again["vxlan"]["mtu"] == 1450
    assert not module("vxlan", args, "--check")["changed"]
    absent = {"name": "ovl-vxlan", "netns": host, "state": "absent"}
    assert module("vxlan", absent)["changed"] and "ovl-vxlan" not in links(host)
    assert not module("vxlan", absent)["changed"]
    failed = module("vxlan", dict(args, vni=2 ** 24))
    assert failed["failed"] and failed["field"] == "vni"
