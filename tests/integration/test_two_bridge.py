# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two_bridge and verify roles on lab hosts over SSH: the seed's exact state, idempotence,
joined <-> isolated, reachability checked both ways, a check-mode run on a bare host, the uplink
moved under the SSH session, and removal.

Tests run in order on a lab of their own (fixture `lab` below: itb1 builds, itb2 stays bare until the uplink
test moves its SSH address), so the session lab other tests compare snapshots on is never touched.
"""

import json
import os
import re
import time

import pytest

from host_state import snapshot
from ovs_daemons import restart_ovs

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "two_bridge.yml")
BASE = {"two_bridge_datapath_type": "netdev"}  # lab hosts have no OVS kernel module
TIMINGS = {}


def run(lab, host, check=False, **extra):
    extra_vars = dict(BASE, target=host, **extra)
    started = time.monotonic()
    result = lab.playbook(PLAYBOOK, extra_vars=extra_vars, check=check)
    return result, time.monotonic() - started


def recap(result, host):
    """The PLAY RECAP counters of one host as a dict."""
    match = re.search(r"^%s\s+:\s+(.*)$" % re.escape(host), result.stdout, re.M)
    assert match, result.stdout + result.stderr
    return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1)))


def ok(result):
    assert result.returncode == 0, "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-3000:])
    return result


def out(lab, host, *argv):
    result = lab.exec(host, list(argv))
    assert result.returncode == 0, "%s: %s" % (argv, result.stderr)
    return result.stdout


def links(lab, host, netns=None):
    """{name: (up, sorted global addresses)} from `ip -j addr`."""
    argv = ["ip", "-j"] + (["-n", netns] if netns else []) + ["addr", "show"]
    found = {}
    for link in json.loads(out(lab, host, *argv)):
        addresses = sorted("%s/%s" % (info["local"], info["prefixlen"]) for info in link.get("addr_info", [])
                           if info.get("scope") == "global")
        found[link["ifname"]] = ("UP" in link.get("flags", []), addresses)
    return found


def ports(lab, host, bridge):
    return sorted(out(lab, host, "ovs-vsctl", "--timeout=10", "list-ports", bridge).split())


def bridges(lab, host):
    return sorted(out(lab, host, "ovs-vsctl", "--timeout=10", "list-br").split())


def assert_seed_state(lab, host, joined=True):
    assert sorted(line.split()[0] for line in out(lab, host, "ip", "netns", "list").splitlines()) == ["blue", "red"]
    assert links(lab, host, "blue")["veth1"] == (True, ["10.0.2.100/24"])
    assert links(lab, host, "red")["veth3"] == (True, ["10.0.2.101/24"])
    assert sorted(links(lab, host, "blue")) == ["lo", "veth1"]
    assert sorted(links(lab, host, "red")) == ["lo", "veth3"]
    host_links = links(lab, host)
    assert host_links["veth0"] == (True, ["10.0.2.16/24"])
    assert host_links["veth2"] == (True, ["10.0.2.17/24"])
    assert host_links["br1"] == (True, ["10.0.2.22/24"])
    assert bridges(lab, host) == ["br0", "br1"]
    if joined:
        assert host_links["veth7"] == (True, ["10.0.2.181/24"])
        assert host_links["veth8"] == (True, ["10.0.2.182/24"])
        assert ports(lab, host, "br0") == ["veth0", "veth7"]
        assert ports(lab, host, "br1") == ["veth2", "veth8"]
    else:
        assert "veth7" not in host_links and "veth8" not in host_links
        assert ports(lab, host, "br0") == ["veth0"]
        assert ports(lab, host, "br1") == ["veth2"]


@pytest.fixture(scope="module")
def lab(new_lab):
    """This module's own two hosts (overrides the session lab); down at its end, or by new_lab at the latest."""
    module_lab = new_lab(hosts=2, prefix="itb")
    ok(module_lab.up())
    yield module_lab
    ok(module_lab.down())


def test_defaults_build_the_seed(lab):
    host = lab.hosts[0]
    result, TIMINGS["first_run"] = run(lab, host)
    ok(result)
    assert recap(result, host)["changed"] > 0
    assert_seed_state(lab, host)


def test_rerun_is_unchanged(lab):
    host = lab.hosts[0]
    result, TIMINGS["rerun"] = run(lab, host)
    assert recap(ok(result), host)["changed"] == 0
    result = run(lab, host, check=True)[0]
    assert recap(ok(result), host)["changed"] == 0


def test_verify_joined(lab):
    host = lab.hosts[0]
    result, TIMINGS["verify"] = run(lab, host, verify=True)
    ok(result)
    assert recap(result, host)["changed"] == 0
    assert re.search(r"red\s+10\.0\.2\.100\s+blue@\S+\s+reachable\s+reachable\s+[\d.]+\s+OK", result.stdout), result.stdout
    assert re.search(r"blue\s+10\.0\.2\.101\s+red@\S+\s+reachable\s+reachable", result.stdout)


def test_isolated_then_joined(lab):
    host = lab.hosts[0]
    result, TIMINGS["isolate"] = run(lab, host, two_bridge_mode="isolated", verify=True)
    assert recap(ok(result), host)["changed"] > 0
    assert re.search(r"red\s+10\.0\.2\.100\s+blue@\S+\s+unreachable\s+unreachable\s+-\s+OK", result.stdout), result.stdout
    assert_seed_state(lab, host, joined=False)
    result = run(lab, host, two_bridge_mode="isolated")[0]
    assert recap(ok(result), host)["changed"] == 0

    # an expectation that does not hold is named, isolation included
    matrix = [{"from": "red", "to": "10.0.2.100", "expect": "reachable"},
              {"from": "blue", "to": "10.0.2.16", "expect": "unreachable"}]
    result = run(lab, host, two_bridge_mode="isolated", verify=True, verify_matrix=matrix, verify_retries=0)[0]
    assert result.returncode != 0
    assert "2 of 2 pairs on %s differ from what was expected" % host in result.stdout
    assert "red -> 10.0.2.100 expected reachable, got unreachable" in result.stdout
    assert "blue -> 10.0.2.16 expected unreachable, got reachable" in result.stdout

    result = run(lab, host, verify=True)[0]
    assert recap(ok(result), host)["changed"] > 0
    assert_seed_state(lab, host)
    result = run(lab, host)[0]
    assert recap(ok(result), host)["changed"] == 0


def assert_reachable(result):
    """The verify role's pings both ways (it fails the play on a pair not as expected)."""
    assert re.search(r"red\s+10\.0\.2\.100\s+blue@\S+\s+reachable\s+reachable\s+[\d.]+\s+OK", result.stdout), \
        result.stdout[-6000:]
    assert re.search(r"blue\s+10\.0\.2\.101\s+red@\S+\s+reachable\s+reachable", result.stdout), result.stdout[-6000:]


def test_repairs_restore_traffic(lab):
    """Issue 17's faults on a converged host, each repaired by the role (the topology module) and
    proven by pings both ways, then a re-run that changes nothing. A port whose device is made
    again stays dead in the userspace datapath until it is added again (OVS issue 313)."""
    host = lab.hosts[0]
    faults = [  # (name, why it breaks traffic, what provokes it)
        ("veth7 deleted", "the link pair between the bridges", ["ip", "link", "del", "veth7"]),
        ("namespace red deleted", "veth3 goes, and with it veth2, a port of br1", ["ip", "netns", "delete", "red"]),
        ("veth7 moved to br1", "both ends of the link pair on br1", ["ovs-vsctl", "--timeout=10", "del-port", "br0",
                                                                     "veth7", "--", "add-port", "br1", "veth7"]),
    ]
    for name, _why, argv in faults:
        out(lab, host, *argv)
        result, TIMINGS["repair: " + name] = run(lab, host, verify=True, verify_retries=5)
        assert recap(ok(result), host)["changed"] > 0, name
        assert_reachable(result)
        assert_seed_state(lab, host)
        assert recap(ok(run(lab, host)[0]), host)["changed"] == 0, name
    restart_ovs(lab, host)  # both daemons, by the pids they recorded; the devices stay
    result = run(lab, host, verify=True, verify_retries=5)[0]  # retries: this machine's load, not ARP
    assert recap(ok(result), host)["changed"] == 0
    assert_reachable(result)


def test_check_mode_on_a_bare_host_writes_nothing(lab):
    host = lab.hosts[1]
    before = snapshot(lab, host)
    result = run(lab, host, check=True, verify=True)[0]
    assert recap(ok(result), host)["changed"] > 0
    assert "check mode assumes an earlier task creates it" in result.stdout + result.stderr
    assert snapshot(lab, host) == before


def test_uplink_moves_under_the_ssh_session(lab):
    """eth0 carries the SSH session; its address moves to br0 and Ansible still reaches the host."""
    host = lab.hosts[1]
    address = links(lab, host)["eth0"][1]
    assert address, "the lab host's eth0 has an address"
    result = run(lab, host, two_bridge_uplink="eth0")[0]
    assert recap(ok(result), host)["changed"] > 0
    host_links = links(lab, host)
    assert host_links["eth0"][1] == [] and host_links["br0"][1] == address
    assert "eth0" in ports(lab, host, "br0")
    assert "SUCCESS" in ok(lab.ansible("ansible.builtin.ping", pattern=host)).stdout
    result = run(lab, host, two_bridge_uplink="eth0")[0]
    assert recap(ok(result), host)["changed"] == 0
    result = run(lab, host, two_bridge_uplink="eth0", check=True)[0]
    assert recap(ok(result), host)["changed"] == 0


def test_absent_removes_everything(lab):
    host = lab.hosts[0]
    result = run(lab, host, two_bridge_state="absent")[0]
    assert recap(ok(result), host)["changed"] > 0
    assert out(lab, host, "ip", "netns", "list").strip() == ""
    assert bridges(lab, host) == []
    assert not set(links(lab, host)) & {"veth0", "veth2", "veth7", "veth8", "br0", "br1"}
    result = run(lab, host, two_bridge_state="absent")[0]
    assert recap(ok(result), host)["changed"] == 0


def test_overlay_address_plan_on_two_hosts(new_lab):
    """Hosts sharing an overlay get their own block of the subnet (tunnels are the overlay role's)."""
    plan_lab = new_lab(hosts=2, prefix="iplan")
    ok(plan_lab.up())
    try:
        result = plan_lab.playbook(PLAYBOOK, extra_vars=dict(BASE, two_bridge_overlay="vxlan", verify=True,
                                                             verify_cross_host=False))
        ok(result)
        for index, host in enumerate(plan_lab.hosts):
            block = "10.0.%d" % (2 + index)
            assert links(plan_lab, host, "blue")["veth1"] == (True, [block + ".100/16"])
            assert links(plan_lab, host, "red")["veth3"] == (True, [block + ".101/16"])
            host_links = links(plan_lab, host)
            assert host_links["br1"][1] == [block + ".22/16"]
            assert host_links["veth7"][1] == [block + ".181/16"]
            assert re.search(r"red\s+%s\.100\s+blue@\S+\s+reachable\s+reachable" % re.escape(block), result.stdout)
    finally:
        ok(plan_lab.down())


@pytest.fixture(scope="module", autouse=True)
def report_timings():
    yield
    if TIMINGS:
        print("\ntwo_bridge timings on a lab host (s): %s"
              % ", ".join("%s=%.1f" % (key, value) for key, value in sorted(TIMINGS.items())))
