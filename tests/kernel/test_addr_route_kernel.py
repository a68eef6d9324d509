# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_addr and ns_route resources against the real kernel (inside the sandbox)."""

import pytest

from conftest import ip, ip_json, kernel_view

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.address import AddressResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.route import RouteResource
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge


def run(cls, params, check=False):
    with NetlinkSession() as session:
        return converge(cls(params, Snapshot(session)), check)


def addresses(netns, dev):
    found = ip_json(netns, "addr", "show", "dev", dev)[0]["addr_info"]
    return sorted("%s/%s" % (a["local"], a["prefixlen"]) for a in found if a.get("scope") != "link")


def routes(netns, *argv):
    return ip_json(netns, "route", "show", *argv)


def routes6(netns, *argv):
    return ip_json(netns, "-6", "route", "show", *argv)


@pytest.fixture
def pair(make_netns):
    """ktv0 on the sandbox's namespace <-> ktv1 in a fresh namespace, both down, no address."""
    blue = make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", blue)
    return blue


def test_addresses_cycle(pair):
    blue = pair
    params = {"dev": "ktv1", "netns": blue, "address": ["10.0.2.100/24", "fd00:2::100/64"]}
    before = kernel_view(blue)
    checked = run(AddressResource, params, check=True)
    assert [c.action for c in checked.changes] == ["add", "add", "set"]
    assert kernel_view(blue) == before

    assert run(AddressResource, params).changed
    assert addresses(blue, "ktv1") == ["10.0.2.100/24", "fd00:2::100/64"]
    assert "UP" in ip_json(blue, "link", "show", "ktv1")[0]["flags"]
    assert not run(AddressResource, params).changed
    assert not run(AddressResource, dict(params, address=["10.0.2.100/255.255.255.0", "fd00:2::100/64"])).changed

    ip("-n", blue, "addr", "del", "10.0.2.100/24", "dev", "ktv1")
    ip("-n", blue, "addr", "add", "10.0.2.7/24", "dev", "ktv1")
    repaired = run(AddressResource, dict(params, purge=True))
    assert [(c.action, c.details["address"]) for c in repaired.changes] == [
        ("delete", "10.0.2.7/24"), ("add", "10.0.2.100/24")]
    assert addresses(blue, "ktv1") == ["10.0.2.100/24", "fd00:2::100/64"]

    absent = dict(params, state="absent", address=["fd00:2::100/64"])
    assert run(AddressResource, absent).changed
    assert addresses(blue, "ktv1") == ["10.0.2.100/24"]
    assert not run(AddressResource, absent).changed


def test_address_on_missing_device(pair):
    params = {"dev": "nosuch", "netns": pair, "address": ["10.0.2.1/24"]}
    assert run(AddressResource, params, check=True).missing == {"kind": "device", "name": "nosuch@" + pair}
    with pytest.raises(MissingObjectError):
        run(AddressResource, params)
    assert not run(AddressResource, dict(params, state="absent")).changed


def test_routes_cycle(pair):
    blue = pair
    run(AddressResource, {"dev": "ktv1", "netns": blue, "address": ["10.0.2.100/24"]})
    params = {"netns": blue, "dest": "default", "gateway": "10.0.2.1"}
    before = kernel_view(blue)
    assert run(RouteResource, params, check=True).changed
    assert kernel_view(blue) == before

    created = run(RouteResource, params)
    assert created.changed
    assert routes(blue, "default")[0]["gateway"] == "10.0.2.1"
    assert not run(RouteResource, params).changed

    ip("-n", blue, "route", "replace", "default", "via", "10.0.2.254")
    fixed = run(RouteResource, params)
    assert fixed.changes[0].details == {"gateway": {"before": "10.0.2.254", "after": "10.0.2.1"}}
    assert routes(blue, "default")[0]["gateway"] == "10.0.2.1"

    table = {"netns": blue, "dest": "10.9.0.0/16", "dev": "ktv1", "table": 100, "metric": 10}
    assert run(RouteResource, table).changed
    found = routes(blue, "table", "100")
    assert found[0]["dst"] == "10.9.0.0/16" and found[0]["metric"] == 10 and "gateway" not in found[0]
    assert not run(RouteResource, table).changed

    for p in (params, table):
        gone = dict(p, state="absent")
        assert run(RouteResource, gone).changed
        assert not run(RouteResource, gone).changed
    assert routes(blue, "default") == [] and routes(blue, "table", "100") == []


def test_ipv6_routes_and_a_table_above_255_cycle(pair):
    """The route requests once sent through pyroute2 (IPv6, a 32-bit table, gateway and dev, replace,
    delete), now the codec's: what ``ip -6 route`` shows after each."""
    blue = pair
    ip("-n", blue, "link", "set", "ktv1", "up")
    ip("-n", blue, "addr", "add", "fd00:2::100/64", "dev", "ktv1", "nodad")
    params = {"netns": blue, "dest": "fd00:9::/48", "gateway": "fd00:2::1", "dev": "ktv1", "table": 70000,
              "metric": 300}
    assert run(RouteResource, params).changed
    found = routes6(blue, "table", "70000")
    assert [(r["dst"], r["gateway"], r["dev"], r["metric"], r["protocol"]) for r in found] == [
        ("fd00:9::/48", "fd00:2::1", "ktv1", 300, "static")]
    assert not run(RouteResource, params).changed

    moved = dict(params, gateway="fd00:2::7")
    assert run(RouteResource, moved).changes[0].action == "set"
    assert [r["gateway"] for r in routes6(blue, "table", "70000")] == ["fd00:2::7"]
    default = {"netns": blue, "dest": "::/0", "gateway": "fd00:2::1"}
    assert run(RouteResource, default).changed
    assert [(r["dst"], r["gateway"], r["metric"]) for r in routes6(blue, "default")] == [
        ("default", "fd00:2::1", 1024)]

    for p in (moved, default):
        gone = dict(p, state="absent")
        assert run(RouteResource, gone).changed
        assert not run(RouteResource, gone).changed
    assert routes6(blue, "table", "70000") == [] and routes6(blue, "default") == []


def test_route_in_missing_namespace(make_netns):
    ghost = make_netns(create=False)
    params = {"netns": ghost, "dest": "default", "gateway": "10.0.2.1"}
    assert run(RouteResource, params, check=True).missing == {"kind": "netns", "name": ghost}
    with pytest.raises(MissingObjectError):
        run(RouteResource, params)
    assert not run(RouteResource, dict(params, state="absent")).changed


def test_the_raw_route_read_matches_pyroute2_field_by_field(pair):
    """dump_routes reads the socket directly; pyroute2's decoding of the same dump must agree."""
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import LOCAL_TABLE, RTN_UNICAST, dump_routes

    blue = pair
    ip("-n", blue, "link", "set", "ktv1", "up")
    ip("-n", blue, "addr", "add", "10.0.2.100/24", "dev", "ktv1")
    ip("-n", blue, "addr", "add", "fd00:2::100/64", "dev", "ktv1", "nodad")
    for argv in (["default", "via", "10.0.2.1"], ["10.9.0.0/16", "dev", "ktv1", "table", "100", "metric", "10"],
                 ["10.8.0.0/24", "via", "10.0.2.7", "metric", "300"], ["fd00:9::/48", "via", "fd00:2::1"],
                 ["::/0", "via", "fd00:2::1", "table", "70000"], ["blackhole", "10.7.0.0/16"]):
        ip(*(["-n", blue, "route", "add"] + argv))
    from pyroute2 import IPRoute

    with NetlinkSession() as session, IPRoute(use_socket=session.netlink_socket(blue), groups=0) as ipr:
        names = dict((link["index"], link.get_attr("IFLA_IFNAME")) for link in ipr.link("dump"))
        raw = dump_routes(session.netlink_socket(blue), names)
        decoded = []
        for msg in ipr.route("dump"):
            table = msg.get_attr("RTA_TABLE") or msg["table"]
            if msg["type"] != RTN_UNICAST or table == LOCAL_TABLE:
                continue
            oif, priority = msg.get_attr("RTA_OIF"), msg.get_attr("RTA_PRIORITY")
            dst = msg.get_attr("RTA_DST") or ("0.0.0.0" if msg["family"] == 2 else "::")
            decoded.append({"dest": "%s/%s" % (dst, msg["dst_len"]), "gateway": msg.get_attr("RTA_GATEWAY"),
                            "dev": names.get(oif) if oif is not None else None,
                            "metric": priority if priority is not None else 0, "table": table,
                            "protocol": msg["proto"], "scope": msg["scope"]})
    assert raw == decoded
    by_dest = dict(((route["dest"], route["table"]), route) for route in raw)
    assert by_dest[("0.0.0.0/0", 254)]["gateway"] == "10.0.2.1"
    assert by_dest[("10.9.0.0/16", 100)]["metric"] == 10 and by_dest[("10.9.0.0/16", 100)]["dev"] == "ktv1"
    assert by_dest[("::/0", 70000)]["gateway"] == "fd00:2::1"
    assert by_dest[("fd00:9::/48", 254)]["gateway"] == "fd00:2::1"
    assert ("10.7.0.0/16", 254) not in by_dest  # a blackhole route is not unicast
