# -*- coding: utf-8 -*-
"""Shared fixtures of the OVS kernel tests (run inside tests/tools/sandbox --ovs only)."""

import json
import os
import subprocess

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import OvsdbClient
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge

IN_SANDBOX = os.path.exists("/var/run/openvswitch/db.sock") and os.uname()[1] == "linuxnet-sandbox"
requires_sandbox = pytest.mark.skipif(not IN_SANDBOX, reason="needs tests/tools/sandbox --ovs")
# Columns ovs-vswitchd updates on its own; everything else is configuration.
VOLATILE = {"statistics", "status", "link_state", "link_speed", "link_resets", "admin_state", "mtu", "ofport",
            "duplex", "mac_in_use", "ifindex", "lacp_current", "bond_active_slave", "error", "rstp_status",
            "cfm_fault", "cfm_fault_status", "cfm_health", "cfm_flap_count", "cfm_remote_mpids", "cfm_remote_opstate",
            "bfd_status", "datapath_id", "is_connected", "role", "rstp_statistics", "cur_cfg", "next_cfg"}


def run(argv, check=True):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if check and result.returncode != 0:
        raise AssertionError("%s failed: %s" % (argv, result.stderr))
    return result


def runner(argv):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    return result.returncode, result.stdout, result.stderr


def vsctl(*args):
    return run(["ovs-vsctl", "--timeout=10"] + list(args)).stdout.strip()


def column_json(table, record, column):
    """One cell as ovs-vsctl --data=json gives it."""
    out = vsctl("--format=json", "--data=json", "--columns=" + column, "list", table, record)
    return json.loads(out)["data"][0][0]


def dump():
    """Every configuration column of Bridge, Port, Interface and Controller, for before/after comparisons."""
    out = run(["ovs-vsctl", "--timeout=10", "--format=json", "--data=json", "--", "list", "Bridge",
               "--", "list", "Port", "--", "list", "Interface", "--", "list", "Controller"]).stdout
    tables = []
    for line in out.splitlines():
        document = json.loads(line)
        rows = [dict((k, v) for k, v in zip(document["headings"], row) if k not in VOLATILE)
                for row in document["data"]]
        tables.append(sorted(rows, key=lambda row: json.dumps(row, sort_keys=True)))
    return tables


@pytest.fixture
def client():
    """An OvsdbClient on the sandbox's OVS; every bridge, namespace and veth is removed afterwards."""
    if not IN_SANDBOX:
        pytest.skip("needs tests/tools/sandbox --ovs")
    yield OvsdbClient(runner)
    for name in vsctl("list-br").split():
        run(["ovs-vsctl", "--timeout=10", "del-br", name], check=False)
    for name in os.listdir("/run/netns"):
        run(["ip", "netns", "delete", name], check=False)
    for line in run(["ip", "-o", "link", "show", "type", "veth"]).stdout.splitlines():
        run(["ip", "link", "delete", line.split(":")[1].strip().split("@")[0]], check=False)


def netdev_bridge(client, name):
    vsctl("add-br", name, "--", "set", "Bridge", name, "datapath_type=netdev")


def veth(name, peer):
    run(["ip", "link", "add", name, "type", "veth", "peer", "name", peer])
    run(["ip", "link", "set", name, "up"])
    run(["ip", "link", "set", peer, "up"])


def four_steps(make):
    """check -> changed, nothing written; apply -> changed; re-run -> unchanged; re-run in check ->
    unchanged. ``make()`` builds a fresh resource each time. Returns the outcome of the real run."""
    before = dump()
    checked = converge(make(), check_mode=True)
    assert checked.changed, "check mode saw nothing to do"
    assert dump() == before, "check mode wrote to OVSDB"
    applied = converge(make(), check_mode=False)
    assert applied.changed
    assert applied.diff() == checked.diff(), "check mode and the real run disagree"
    rerun = converge(make(), check_mode=False)
    assert not rerun.changed, "not idempotent: %r" % rerun.changes
    assert rerun.before == applied.after, "the predicted state is not what OVSDB holds"
    assert not converge(make(), check_mode=True).changed
    return applied


def absent_twice(make):
    first = converge(make(), check_mode=False)
    assert first.changed and first.after is None
    assert not converge(make(), check_mode=False).changed
    assert not converge(make(), check_mode=True).changed
