# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns resource and the namespace plumbing against the real kernel (inside the sandbox)."""

import os
import subprocess

import pytest

from conftest import count_calls, ip, kernel_view, links, wait_until

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import NetnsResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsfs import run_in_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.sysctl import read_sysctls


def run(params, check=False):
    with NetlinkSession() as session:
        return converge(NetnsResource(params, Snapshot(session)), check)


def sysctl_in(netns, key):
    out = subprocess.run(["ip", "netns", "exec", netns, "sysctl", "-n", key], stdout=subprocess.PIPE,
                         universal_newlines=True, timeout=10, check=True).stdout
    return out.strip()


def test_looking_at_a_missing_namespace_creates_nothing(make_netns, session):
    name = make_netns(create=False)
    with pytest.raises(MissingObjectError) as error:
        session.netlink_socket(name)
    assert error.value.details["missing"] == {"kind": "netns", "name": name}
    assert name not in os.listdir("/run/netns")


def test_create_rerun_check_and_absent_twice(make_netns):
    name = make_netns(create=False)
    params = {"name": name, "sysctls": {"net.ipv4.ip_forward": 1, "net.ipv6.conf.all.forwarding": "1"}}
    before = kernel_view(None)
    checked = run(params, check=True)
    assert checked.changed and [c.action for c in checked.changes] == ["create", "set", "set", "set"]
    assert kernel_view(None) == before and name not in os.listdir("/run/netns")

    created = run(params)
    assert created.changed and created.after["loopback_up"]
    assert name in os.listdir("/run/netns")
    assert links(name)["lo"]["operstate"] == "UNKNOWN" and "UP" in links(name)["lo"]["flags"]
    assert sysctl_in(name, "net.ipv4.ip_forward") == "1"
    assert open("/proc/sys/net/ipv4/ip_forward").read().strip() == "0"  # the sandbox's own untouched

    again = run(params)
    assert not again.changed and again.before == again.after
    assert not run(params, check=True).changed

    ip("-n", name, "link", "add", "br9", "type", "bridge")
    gone = run({"name": name, "state": "absent"})
    assert gone.changed
    assert [link["name"] for link in gone.changes[0].details["links_removed"]] == ["lo", "br9"]
    assert name not in os.listdir("/run/netns")
    assert not run({"name": name, "state": "absent"}).changed


def test_sysctl_drift_is_reconciled(make_netns):
    name = make_netns()
    ip("netns", "exec", name, "sysctl", "-qw", "net.ipv4.ip_forward=1")
    outcome = run({"name": name, "sysctls": {"net.ipv4.ip_forward": 0}})
    assert [c.details for c in outcome.changes] == [{"key": "net.ipv4.ip_forward", "before": "1", "after": "0"}]
    assert sysctl_in(name, "net.ipv4.ip_forward") == "0"


def test_unknown_sysctl_fails_before_any_change(make_netns):
    name = make_netns()
    with pytest.raises(ValidationError) as error:
        run({"name": name, "sysctls": {"net.ipv4.no_such_thing": 1}})
    assert error.value.details["value"] == "net.ipv4.no_such_thing"


def test_namespace_removal_takes_its_veth_peer_along(make_netns):
    name = make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", name)
    outcome = run({"name": name, "state": "absent"})
    assert {"name": "ktv1", "kind": "veth", "peer": {"name": "ktv0", "netns": None}} in \
        outcome.changes[0].details["links_removed"]
    assert wait_until(lambda: "ktv0" not in links(None))


def test_the_veths_of_a_removed_namespace_go_in_one_request(make_netns, monkeypatch):
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import group_delete

    blue = make_netns()
    for i in range(3):
        ip("link", "add", "ktg%d" % i, "type", "veth", "peer", "name", "kth%d" % i, "netns", blue)
    group_deletions = count_calls(monkeypatch, group_delete, "delete_link_group")
    result = run({"name": blue, "state": "absent"})
    assert [change.action for change in result.changes] == ["delete"]
    assert len(group_deletions) == 1
    assert not [name for name in links(None) if name.startswith("ktg")]  # the names are free at once
    assert blue not in os.listdir("/run/netns")


def test_run_in_netns_is_confined_to_its_thread(make_netns):
    name = make_netns()
    own = os.readlink("/proc/self/ns/net")
    inside = run_in_netns(name, lambda: os.readlink("/proc/thread-self/ns/net"))
    assert inside != own and os.readlink("/proc/self/ns/net") == own
    assert read_sysctls(name, ["net.ipv4.ip_forward"]) == {"net.ipv4.ip_forward": "0"}
