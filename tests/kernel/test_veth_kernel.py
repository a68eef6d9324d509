# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""veth resource against the real kernel (inside the sandbox)."""

import os

import pytest

from conftest import ip, kernel_view, links

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    ConflictError, MissingObjectError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource


def run(params, check=False):
    with NetlinkSession() as session:
        return converge(VethResource(params, Snapshot(session)), check)


def test_host_to_namespace_full_cycle(make_netns):
    blue = make_netns()
    params = {"name": "ktv0", "peer": "ktv1", "peer_netns": blue, "mtu": 1400}
    before = kernel_view(None, blue)
    checked = run(params, check=True)
    assert checked.changed and checked.changes[0].action == "create"
    assert kernel_view(None, blue) == before

    created = run(params)
    assert created.changed
    host_end, blue_end = links(None)["ktv0"], links(blue)["ktv1"]
    assert host_end["mtu"] == blue_end["mtu"] == 1400
    assert "UP" in host_end["flags"] and "UP" in blue_end["flags"]
    assert "link_netnsid" in host_end  # the peer is in another namespace
    assert "ktv1" not in links(None)

    again = run(params)
    assert not again.changed and again.before["peer"]["netns"] == blue
    assert not run(params, check=True).changed

    absent = dict(params, state="absent")
    assert run(absent).changed
    assert "ktv0" not in links(None) and "ktv1" not in links(blue)
    assert not run(absent).changed


def test_between_two_namespaces_with_macs(make_netns):
    blue, red = make_netns(), make_netns()
    params = {"name": "ktv2", "netns": blue, "peer": "ktv3", "peer_netns": red,
              "mac": "02:00:00:00:02:01", "peer_mac": "02:00:00:00:02:02"}
    created = run(params)
    assert created.changed
    assert links(blue)["ktv2"]["address"] == "02:00:00:00:02:01"
    assert links(red)["ktv3"]["address"] == "02:00:00:00:02:02"
    assert "ktv2" not in links(None) and "ktv3" not in links(None)
    assert not run(params).changed
    # the pair is found from either side
    assert not run({"name": "ktv3", "netns": red, "peer": "ktv2", "peer_netns": blue}).changed


def test_both_ends_in_one_namespace_with_mtu_and_macs(make_netns):
    # one request makes the pair: no peer namespace given, the peer stays with the first end
    blue = make_netns()
    params = {"name": "ktv4", "netns": blue, "peer": "ktv5", "peer_netns": blue, "mtu": 9000,
              "mac": "02:00:00:00:04:01", "peer_mac": "02:00:00:00:04:02"}
    assert run(params).changed
    first, second = links(blue)["ktv4"], links(blue)["ktv5"]
    assert (first["mtu"], second["mtu"]) == (9000, 9000)
    assert (first["address"], second["address"]) == ("02:00:00:00:04:01", "02:00:00:00:04:02")
    assert "link_netnsid" not in first and "ktv4" not in links(None)
    assert not run(params).changed


def test_drift_moved_end_mtu_and_down_are_reconciled(make_netns):
    blue = make_netns()
    params = {"name": "ktv0", "peer": "ktv1", "peer_netns": blue, "mtu": 1400}
    run(params)
    ip("-n", blue, "link", "set", "ktv1", "netns", "1")  # the sandbox's own namespace (pid 1)
    ip("link", "set", "ktv0", "mtu", "1300")
    ip("link", "set", "ktv0", "down")
    assert "ktv1" in links(None)

    fixed = run(params)
    assert sorted((c.action, c.name) for c in fixed.changes) == sorted([
        ("move", "ktv1"), ("set", "ktv0"), ("set", "ktv0"), ("set", "ktv1@" + blue)])
    assert "ktv1" not in links(None)
    blue_end = links(blue)["ktv1"]
    assert "UP" in blue_end["flags"] and blue_end["mtu"] == 1400
    assert links(None)["ktv0"]["mtu"] == 1400 and "UP" in links(None)["ktv0"]["flags"]
    assert not run(params).changed


def test_name_held_by_a_bridge_fails_then_force_replaces_it(make_netns):
    blue = make_netns()
    ip("-n", blue, "link", "add", "ktv1", "type", "bridge")
    params = {"name": "ktv0", "peer": "ktv1", "peer_netns": blue}
    before = kernel_view(None, blue)
    with pytest.raises(ConflictError) as error:
        run(params)
    assert "bridge" in error.value.msg
    assert kernel_view(None, blue) == before

    forced = run(dict(params, force=True))
    assert [c.action for c in forced.changes] == ["delete", "create"]
    assert links(blue)["ktv1"]["linkinfo"]["info_kind"] == "veth"
    assert not run(dict(params, force=True)).changed


def test_name_held_by_another_pair_is_a_conflict(make_netns):
    blue = make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv9", "netns", blue)
    with pytest.raises(ConflictError) as error:
        run({"name": "ktv0", "peer": "ktv1", "peer_netns": blue})
    assert "paired with ktv9@" + blue in error.value.msg
    # absent does not touch a pair that is not this one
    assert not run({"name": "ktv0", "peer": "ktv1", "peer_netns": blue, "state": "absent"}).changed
    assert "ktv0" in links(None)


def test_missing_namespace_check_mode_warns_real_run_fails(make_netns):
    ghost = make_netns(create=False)
    params = {"name": "ktv0", "peer": "ktv1", "peer_netns": ghost}
    checked = run(params, check=True)
    assert checked.changed and checked.missing == {"kind": "netns", "name": ghost}
    assert checked.warnings
    with pytest.raises(MissingObjectError):
        run(params)
    assert ghost not in os.listdir("/run/netns") and "ktv0" not in links(None)
    assert not run(dict(params, state="absent")).changed


def test_force_on_loopback_reports_the_refusal(make_netns):
    from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
    blue = make_netns()
    with pytest.raises(BackendError) as error:
        run({"name": "lo", "netns": blue, "peer": "ktv1", "peer_netns": blue, "force": True})
    assert error.value.msg.startswith("delete link lo@%s failed" % blue)
    assert error.value.details["done"] == []
    assert "ktv1" not in links(blue) and "lo" in links(blue)
