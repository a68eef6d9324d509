# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns_info's gathering against the real kernel and a real OVS, and one Snapshot shared by many resources."""

import contextlib

from conftest import count_calls, ip
from ovs_kernel_helpers import runner, vsctl

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.info import gather, read_ovs
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import OvsdbClient
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource


def test_gather_resolves_peers_across_namespaces(make_netns, session):
    blue, red = make_netns(), make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", blue)
    ip("-n", blue, "link", "add", "ktv2", "type", "veth", "peer", "name", "ktv3", "netns", red)
    ip("-n", blue, "link", "add", "ktbr", "type", "bridge")
    ip("-n", blue, "link", "set", "ktv2", "master", "ktbr")
    ip("-n", red, "addr", "add", "10.0.3.1/24", "dev", "ktv3")
    ip("-n", red, "link", "set", "ktv3", "up")

    info = gather(Snapshot(session), only=[blue, red, "nosuch"])
    assert info["missing"] == ["nosuch"]
    assert sorted(info["namespaces"]) == sorted([blue, red])
    assert info["host"]["links"]["ktv0"]["peer"] == {"name": "ktv1", "netns": blue, "resolved": True}
    blue_links = info["namespaces"][blue]["links"]
    assert blue_links["ktv1"]["peer"] == {"name": "ktv0", "netns": None, "resolved": True}
    assert blue_links["ktv2"]["peer"]["netns"] == red and blue_links["ktv2"]["master"] == "ktbr"
    red_view = info["namespaces"][red]
    assert red_view["links"]["ktv3"]["addresses"][0] == "10.0.3.1/24"
    assert red_view["links"]["ktv3"]["state"] == "up"
    assert {"dest": "10.0.3.0/24", "dev": "ktv3"}.items() <= red_view["routes"][0].items()


def test_one_snapshot_plans_many_pairs(make_netns, session):
    blue = make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", blue)
    snapshot = Snapshot(session)
    wanted = [VethResource({"name": "ktv0", "peer": "ktv1", "peer_netns": blue, "up": False}, snapshot),
              VethResource({"name": "ktv4", "peer": "ktv5", "peer_netns": blue}, snapshot)]
    plans = [resource.plan(*resource.read()) for resource in wanted]
    assert plans[0] == [] and plans[1][0].action == "create"


def test_ovs_report_lists_bridges_ports_and_ofports(make_netns):  # make_netns removes ktv7/ktv8
    ip("link", "add", "ktv7", "type", "veth", "peer", "name", "ktv8")
    vsctl("add-br", "ktbr0", "--", "set", "bridge", "ktbr0", "datapath_type=netdev",
          "--", "add-port", "ktbr0", "ktv7", "tag=10")
    try:
        ofport = int(vsctl("get", "Interface", "ktv7", "ofport"))  # add-port waited for ovs-vswitchd
        assert ofport > 0
        view = read_ovs(contextlib.nullcontext(OvsdbClient(runner)))
        assert view["available"], view
        bridge = view["bridges"]["ktbr0"]
        assert bridge["datapath_type"] == "netdev"
        assert bridge["ports"]["ktv7"] == {"tag": 10, "interfaces": {"ktv7": {"type": "system", "ofport": ofport}}}
        assert bridge["ports"]["ktbr0"]["interfaces"]["ktbr0"]["type"] == "internal"  # the bridge's own port
    finally:
        vsctl("--if-exists", "del-br", "ktbr0")


def test_ovs_report_of_a_database_that_is_not_there():
    view = read_ovs(contextlib.nullcontext(OvsdbClient(runner, "unix:/nonexistent/db.sock")))
    assert view["available"] is False and view["bridges"] == {}
    assert "unix:/nonexistent/db.sock" in view["reason"] and "not answering" in view["reason"]


def test_gather_asks_each_namespace_id_about_once_not_n_squared(make_netns, session, monkeypatch):
    """40 namespaces, each with a veth to the host: the ids are resolved lazily, about two requests
    per peer (one each way); asking every namespace from every namespace made N * N (1,640 here)."""
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import snapshot as _snapshot

    names = [make_netns() for _i in range(40)]
    for i, name in enumerate(names):
        ip("link", "add", "kq%d" % i, "type", "veth", "peer", "name", "kr%d" % i, "netns", name)
    requests = count_calls(monkeypatch, _snapshot.NetnsFd, "__enter__")  # each id request opens the other namespace first
    info = gather(Snapshot(session), only=names)
    for i, name in enumerate(names):
        assert info["namespaces"][name]["links"]["kr%d" % i]["peer"] == {"name": "kq%d" % i, "netns": None,
                                                                         "resolved": True}
    assert len(requests) <= 2 * (len(names) + 1) + len(ip("netns", "list").splitlines())
