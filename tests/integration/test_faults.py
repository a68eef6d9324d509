# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults survived, nothing lost (docs/faults.md): OVS stopped or restarted, drift behind Ansible's
back, ansible-playbook killed mid-play, an unreachable host, two runs at once.

One lab of four hosts for the module (fixture `flab`); each test uses its own host, so tests do not
see each other's objects. Each test's time is printed (not judged: see the fixture ``budget``). After
each fault and its repair, frames are shown to pass, not only the state (assert_mixed_state,
assert_many_traffic, assert_restarted_ovs_forwards).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import time

import pytest

import lab_harness
import leftovers
from host_state import snapshot
from ovs_daemons import OVS_START, start_ovs, stop_ovs

HERE = os.path.join(os.path.dirname(__file__), "playbooks", "faults")
MIXED = os.path.join(HERE, "mixed.yml")
MANY = os.path.join(HERE, "many.yml")
OVS_RESTART = os.path.join(HERE, "ovs_restart.yml")


@pytest.fixture(scope="module")
def flab(new_lab):
    lab = new_lab(hosts=4, prefix="ifl")
    result = lab.up()
    if result.returncode != 0:
        pytest.fail("lab did not come up: %s" % result.stderr, pytrace=False)
    yield lab
    assert lab.down().returncode == 0


@pytest.fixture
def budget(request):
    """Prints how long the test took. It does not fail a slow test: speed is the benchmarks' to judge
    (under load these took 2-10 times as long), and every playbook run is bounded by the harness's
    timeout (lab_harness.TIMEOUT), every wait of the test by its own count of tries."""
    name = request.node.name.replace("test_", "", 1)
    started = time.monotonic()
    yield
    print("\n[faults] %s: %.1f s" % (name, time.monotonic() - started))


# -- helpers ------------------------------------------------------------------------------------

def out(lab, host, *argv):
    result = lab.exec(host, list(argv))
    assert result.returncode == 0, "%s: %s" % (argv, result.stderr)
    return result.stdout


def recap(result, host):
    match = re.search(r"^%s\s+:\s+(.*)$" % re.escape(host), result.stdout, re.M)
    assert match, result.stdout + result.stderr
    return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1)))


def show(result):
    return "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-8000:], result.stderr[-3000:])


def play(lab, path, host, report=None, **extra):
    extra_vars = dict(extra, target=host)
    if report:
        extra_vars["faults_report"] = report
    return lab.playbook(path, extra_vars=extra_vars)


def play_report(lab, host, tmp_path, name):
    """mixed.yml on host; (result, registered results as a dict)."""
    report = str(tmp_path / ("%s.json" % name))
    result = play(lab, MIXED, host, report)
    with open(report) as handle:
        return result, json.load(handle)


def netns_names(lab, host):
    return sorted(line.split()[0] for line in out(lab, host, "ip", "netns", "list").splitlines() if line.strip())


def link_names(lab, host, netns=None):
    argv = ["ip", "-j"] + (["-n", netns] if netns else []) + ["link", "show"]
    return sorted(link["ifname"] for link in json.loads(out(lab, host, *argv)))


def addresses(lab, host, dev, netns=None):
    argv = ["ip", "-j"] + (["-n", netns] if netns else []) + ["addr", "show", "dev", dev]
    return sorted("%s/%s" % (info["local"], info["prefixlen"]) for link in json.loads(out(lab, host, *argv))
                  for info in link.get("addr_info", []) if info.get("scope") == "global")


def ports(lab, host, bridge):
    return sorted(out(lab, host, "ovs-vsctl", "--timeout=10", "list-ports", bridge).split())


def reaches(lab, host, netns, address, attempts=3):
    """A ping from ``netns`` on ``host`` answered within ``attempts`` tries of one second."""
    argv = ["ip", "netns", "exec", netns, "ping", "-c1", "-W1", "-q", address]
    return any(lab.exec(host, argv).returncode == 0 for _attempt in range(attempts))


def link_local(lab, host, dev, netns=None):
    """The fe80:: address of ``dev`` (the kernel gives every veth end one once it is up)."""
    argv = ["ip", "-j", "-6"] + (["-n", netns] if netns else []) + ["addr", "show", "dev", dev, "scope", "link"]
    found = [info["local"] for link in json.loads(out(lab, host, *argv)) for info in link.get("addr_info", [])]
    assert found, "%s has no link-local address on %s" % (dev, host)
    return found[0]


def reaches_link_local(lab, host, netns, dev, address, attempts=5):
    """A ping from ``netns`` out of ``dev`` to the link-local ``address``, within ``attempts`` tries of
    one second (a fresh address is tentative for about a second: duplicate address detection)."""
    argv = ["ip", "netns", "exec", netns, "ping", "-6", "-c1", "-W1", "-q", "%s%%%s" % (address, dev)]
    return any(lab.exec(host, argv).returncode == 0 for _attempt in range(attempts))


def assert_many_traffic(lab, host, count, prefix="f", bridge=None):
    """Frames pass on many.yml's pairs (the first and the last): each namespace reaches its host end
    over its veth, and, with the bridge, the first namespace reaches the last one through it. The
    pairs have no addresses of their own: the pings go to the ends' link-local addresses."""
    for index in sorted(set([1, count])):
        netns, inner, outer = "%s%d" % (prefix, index), "%sn%d" % (prefix, index), "%sh%d" % (prefix, index)
        assert reaches_link_local(lab, host, netns, inner, link_local(lab, host, outer)), (host, netns)
    if bridge and count > 1:
        last = link_local(lab, host, "%sn%d" % (prefix, count), "%s%d" % (prefix, count))
        assert reaches_link_local(lab, host, prefix + "1", prefix + "n1", last), (host, bridge)


def assert_mixed_state(lab, host):
    """mixed.yml's objects, and traffic: blue and red reach each other over br0, veth7/veth8, br1."""
    assert {"blue", "red"} <= set(netns_names(lab, host))
    assert link_names(lab, host, "blue") == ["lo", "veth1"]
    assert link_names(lab, host, "red") == ["lo", "veth3"]
    assert addresses(lab, host, "veth1", "blue") == ["10.0.2.100/24"]
    assert addresses(lab, host, "veth3", "red") == ["10.0.2.101/24"]
    assert {"veth0", "veth2", "veth7", "veth8"} <= set(link_names(lab, host))
    assert ports(lab, host, "br0") == ["veth0", "veth7"]
    assert ports(lab, host, "br1") == ["veth2", "veth8"]
    assert reaches(lab, host, "blue", "10.0.2.101") and reaches(lab, host, "red", "10.0.2.100")


def assert_pinged(got):
    """mixed.yml's last task: ns_ping both ways, after whatever the run repaired."""
    assert not got["ping"].get("failed") and all(entry["result"] == "reachable" for entry in got["ping"]["results"]), \
        got["ping"]


def assert_converges(lab, path, host, **extra):
    """A re-run changes something, the next one nothing."""
    again = play(lab, path, host, **extra)
    assert again.returncode == 0, show(again)
    third = play(lab, path, host, **extra)
    assert third.returncode == 0, show(third)
    assert recap(third, host)["changed"] == 0, show(third)
    return again


def assert_many_state(lab, host, count, prefix="f", bridge=None):
    names = ["%s%d" % (prefix, index) for index in range(1, count + 1)]
    assert [name for name in netns_names(lab, host) if name.startswith(prefix)] == sorted(names)
    host_links = link_names(lab, host)
    for index, name in enumerate(names, 1):
        assert link_names(lab, host, name) == sorted(["lo", "%sn%d" % (prefix, index)]), name
        assert "%sh%d" % (prefix, index) in host_links
    assert len([link for link in host_links if link.startswith(prefix + "h")]) == count  # nothing duplicated
    if bridge:
        assert ports(lab, host, bridge) == sorted("%sh%d" % (prefix, index) for index in range(1, count + 1))


# -- 5. one of four hosts unreachable (first: no ssh connection to the lab exists yet) --------------

def test_unreachable(flab, budget):
    down = flab.hosts[3]
    sshd_pid = out(flab, down, "cat", "/run/sshd/sshd.pid").strip()
    out(flab, down, "kill", sshd_pid)
    try:
        result = flab.playbook(MANY, extra_vars={"faults_count": 2, "faults_prefix": "u"})
        assert result.returncode != 0, show(result)
        assert recap(result, down)["unreachable"] == 1, show(result)
        assert re.search(r"UNREACHABLE!.*\n?.*%s|\[%s\]: UNREACHABLE!" % (re.escape(down), re.escape(down)),
                         result.stdout), show(result)
        for host in flab.hosts[:3]:
            counts = recap(result, host)
            assert counts["failed"] == 0 and counts["unreachable"] == 0 and counts["changed"] == 2, show(result)
            assert_many_state(flab, host, 2, prefix="u")
        assert netns_names(flab, down) == []  # nothing reached it
    finally:
        config = os.path.join(flab.workdir, "hosts", down, "sshd_config")
        out(flab, down, shutil.which("sshd") or "/usr/sbin/sshd", "-f", config, "-E", os.path.join(flab.workdir, "hosts", down, "sshd.log"))
    again = flab.playbook(MANY, extra_vars={"faults_count": 2, "faults_prefix": "u"})
    assert again.returncode == 0, show(again)
    assert recap(again, down)["changed"] == 2 and recap(again, flab.hosts[0])["changed"] == 0, show(again)
    for host in flab.hosts:
        assert_many_state(flab, host, 2, prefix="u")
        assert_many_traffic(flab, host, 2, prefix="u")


# -- 1. OVS stopped before a run, and restarted in the middle of one -------------------------------

def test_ovs_stopped(flab, budget, tmp_path):
    host = flab.hosts[0]
    before = snapshot(flab, host)
    stop_ovs(flab, host)
    try:
        result, registered = play_report(flab, host, tmp_path, "stopped")
        assert result.returncode != 0, show(result)
        failed = registered["bridges"]["results"][0]
        assert failed["failed"], failed
        assert "db.sock" in failed["msg"] and "not answering" in failed["msg"], failed["msg"]
        # the netlink parts do not depend on OVS: applied, and nothing else touched
        for key in ("netns", "veth", "addr", "patch"):
            assert registered[key]["changed"] and not registered[key].get("failed"), registered[key]
        assert "blue" in netns_names(flab, host) and addresses(flab, host, "veth1", "blue") == ["10.0.2.100/24"]
        after = snapshot(flab, host)
        assert after["ovs"] == "no ovs"
        assert after["netns"] == sorted(before["netns"] + ["blue", "red"])
        for name in before["netns"] + ["(host)"]:  # what was there before is as it was
            if name == "(host)":
                kept = [link for link in before[name]["links"] if link in after[name]["links"]]
                assert kept == before[name]["links"]
            else:
                assert after[name] == before[name], name
    finally:
        start_ovs(flab, host)
    again = assert_converges(flab, MIXED, host)
    assert recap(again, host)["changed"] == 3, show(again)  # the bridges, the two ports tasks
    assert_mixed_state(flab, host)


def test_ovs_restarted_mid_play(flab, budget):
    host = flab.hosts[1]
    result = play(flab, OVS_RESTART, host, faults_ovs_start=OVS_START)
    assert result.returncode == 0, show(result)
    assert ports(flab, host, "br0") == ["veth5", "veth7"]
    assert_restarted_ovs_forwards(flab, host)
    again = play(flab, OVS_RESTART, host, faults_ovs_start=OVS_START)
    assert again.returncode == 0, show(again)
    # only the two command tasks report a change; every linuxnet.netns task is unchanged
    assert recap(again, host)["changed"] == 2, show(again)
    assert ports(flab, host, "br0") == ["veth5", "veth7"]
    assert {"veth5", "veth7"} <= set(link_names(flab, host))
    assert link_names(flab, host, "rst1") == ["lo", "veth8"] and link_names(flab, host, "rst2") == ["lo", "veth6"]
    assert_restarted_ovs_forwards(flab, host)


def assert_restarted_ovs_forwards(lab, host):
    """rst1 reaches rst2 through br0's two ports, made after the restart (link-local addresses)."""
    assert reaches_link_local(lab, host, "rst1", "veth8", link_local(lab, host, "veth6", "rst2")), host


# -- 2. drift behind Ansible's back -------------------------------------------------------------------

def diff_of(registered):
    return json.dumps(registered["diff"]["before"]), json.dumps(registered["diff"]["after"])


def test_drift(flab, budget, tmp_path):
    host = flab.hosts[2]
    first, _first_report = play_report(flab, host, tmp_path, "first")
    assert first.returncode == 0, show(first)
    assert_mixed_state(flab, host)

    # a namespace deleted: blue goes, and with it veth1 and its peer veth0
    out(flab, host, "ip", "netns", "delete", "blue")
    result, got = play_report(flab, host, tmp_path, "netns")
    assert result.returncode == 0, show(result)
    for key in ("netns", "veth", "addr"):
        assert got[key]["changed"], got[key]
    assert got["netns"]["diff"]["before"] != got["netns"]["diff"]["after"]
    before, after = diff_of(got["veth"])
    assert "veth1" not in before and "veth1" in after and '"blue"' in after
    assert "10.0.2.100/24" not in diff_of(got["addr"])[0] and "10.0.2.100/24" in diff_of(got["addr"])[1]
    assert not any(got[key]["changed"] for key in ("patch", "bridges", "ports"))
    # veth0 came back with the pair: its port is added again, or OVS keeps the dead device
    repaired = got["ns_ports"]["results"][0]
    assert [c["action"] for c in repaired["changes"]] == ["repair"] and repaired["diff"]["before"]["fault"], repaired
    assert_pinged(got)
    assert_mixed_state(flab, host)

    # the veth pair of red deleted (veth2 and veth3): made again, its port repaired, red reached
    out(flab, host, "ip", "link", "del", "veth2")
    result, got = play_report(flab, host, tmp_path, "veth")
    assert result.returncode == 0, show(result)
    assert got["red_veth"]["changed"] and got["red_addr"]["changed"]
    assert [c["action"] for c in got["ns_ports"]["results"][1]["changes"]] == ["repair"], got["ns_ports"]
    assert_pinged(got)
    assert_mixed_state(flab, host)

    # a veth end moved to another namespace, a port moved to another bridge
    out(flab, host, "ip", "netns", "add", "green")
    out(flab, host, "ip", "-n", "blue", "link", "set", "veth1", "netns", "green")
    out(flab, host, "ovs-vsctl", "--timeout=10", "del-port", "br0", "veth7", "--", "add-port", "br1", "veth7")
    assert not reaches(flab, host, "red", "10.0.2.100", attempts=1)  # br0 and br1 are apart now
    result, got = play_report(flab, host, tmp_path, "moved")
    assert result.returncode == 0, show(result)
    # moved back, then brought up again (a link moved between namespaces comes down)
    assert [c["action"] for c in got["veth"]["changes"]] == ["move", "set"], got["veth"]
    before, after = diff_of(got["veth"])
    assert '"green"' in before and '"green"' not in after and '"blue"' in after
    assert got["addr"]["changed"]  # the address did not survive the move to green
    moved, kept = got["ports"]["results"]
    assert moved["changed"] and [c["action"] for c in moved["changes"]] == ["move"], moved["changes"]
    before, after = diff_of(moved)
    assert '"br1"' in before and '"br0"' in after
    assert not kept["changed"]
    assert link_names(flab, host, "green") == ["lo"]
    assert_mixed_state(flab, host)
    assert_pinged(got)
    print("\n[faults] diffs: veth %s; port %s" % (got["veth"]["diff"], moved["diff"]))

    # a veth end renamed: the pair is not what the play says, and replacing it needs force: the run
    # stops with a clear error and leaves the host as it was; with force it is made whole again
    out(flab, host, "ip", "link", "set", "veth8", "name", "veth8x")
    renamed = snapshot(flab, host)
    result, got = play_report(flab, host, tmp_path, "renamed")
    assert result.returncode != 0, show(result)
    assert got["patch"]["failed"] and "veth8x" in got["patch"]["msg"] and "force" in got["patch"]["msg"], got["patch"]
    assert snapshot(flab, host) == renamed
    report = str(tmp_path / "forced.json")
    result = play(flab, MIXED, host, report, faults_force=True)
    assert result.returncode == 0, show(result)
    with open(report) as handle:
        got = json.load(handle)
    assert got["patch"]["changed"]
    before, after = diff_of(got["patch"])
    assert "veth8x" in before and "veth8x" not in after and "veth8" in after
    assert "veth8x" not in link_names(flab, host)
    assert_pinged(got)
    assert_mixed_state(flab, host)

    # an address removed
    out(flab, host, "ip", "-n", "blue", "addr", "flush", "dev", "veth1")
    result, got = play_report(flab, host, tmp_path, "address")
    assert result.returncode == 0, show(result)
    assert [key for key in sorted(got) if got[key]["changed"]] == ["addr"], got
    assert "10.0.2.100/24" not in diff_of(got["addr"])[0] and "10.0.2.100/24" in diff_of(got["addr"])[1]
    result, got = play_report(flab, host, tmp_path, "again")
    assert result.returncode == 0 and recap(result, host)["changed"] == 0, show(result)
    assert_mixed_state(flab, host)


# -- 4. ansible-playbook killed with SIGKILL in the middle of a long play ----------------------------

def start_playbook(lab, path, extra_vars):
    """ansible-playbook in a process group of its own (killed by that group's id); stdout piped."""
    lab_harness.ensure_collection_link()
    argv = [os.path.join(lab_harness.BIN, "ansible-playbook"), "-i", lab.inventory, path,
            "--extra-vars", json.dumps(extra_vars)]
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=lab_harness.REPO, env=lab_harness.ansible_env(), start_new_session=True)


def read_until(process, pattern, timeout):
    """Lines of the process's output until one matches `pattern` (bounded by `timeout`)."""
    deadline = time.monotonic() + timeout
    seen = []
    os.set_blocking(process.stdout.fileno(), True)
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if re.search(pattern, line):
            return seen
    return None


def kill_playbook(process):
    """SIGKILL to ansible-playbook's process group AND to its workers: each worker calls setsid() and
    leads a session of its own, so the group alone would leave the running task's worker finishing
    its loop (observed: the veth loop completed after the kill)."""
    table = leftovers.processes()
    workers = [pid for pid, proc in table.items() if proc["ppid"] == process.pid]
    os.killpg(process.pid, signal.SIGKILL)
    for pid in workers:
        try:
            os.killpg(pid, signal.SIGKILL)  # the worker's own group (its ssh client is in it)
        except OSError:
            pass  # already gone, or not a group leader (then the first killpg reached it)


def test_sigkill(flab, budget):
    host = flab.hosts[3]
    extra = {"target": host, "faults_prefix": "k", "faults_count": 20}
    process = start_playbook(flab, MANY, extra)
    try:
        seen = read_until(process, r"^TASK \[Veth pairs", 200)
        assert seen is not None, "no veth loop in the output"
        seen = read_until(process, r"^changed: \[%s\] => \(item=10\)" % re.escape(host), 200)
        assert seen is not None, "the veth loop did not reach item 10"
    finally:
        if process.poll() is None:
            kill_playbook(process)
        process.wait(timeout=30)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    names = [name for name in netns_names(flab, host) if name.startswith("k")]
    assert len(names) == 20  # the namespace loop had finished; the veth loop was cut
    time.sleep(2)  # a module already running on the host when its ssh session died ends by itself
    made = [link for link in link_names(flab, host) if link.startswith("kh")]
    assert 10 <= len(made) < 20, made
    again = assert_converges(flab, MANY, host, faults_prefix="k", faults_count=20)
    assert recap(again, host)["changed"] == 1, show(again)  # only the veth loop had work left
    assert_many_state(flab, host, 20, prefix="k")
    assert_many_traffic(flab, host, 20, prefix="k")
    print("\n[faults] sigkill: %d of 20 veth pairs made before the kill" % len(made))


# -- 6. two runs against the same host at once -----------------------------------------------------

def test_concurrent(flab, budget):
    host = flab.hosts[0]
    extra = {"target": host, "faults_prefix": "c", "faults_count": 10, "faults_bridge": "brc"}
    processes = [start_playbook(flab, MANY, extra) for _copy in range(2)]
    outputs = []
    for process in processes:
        try:
            outputs.append(process.communicate(timeout=240)[0])
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
    codes = [process.returncode for process in processes]
    print("\n[faults] concurrent: return codes %s" % codes)
    for text in outputs:
        for line in text.splitlines():
            if "fatal:" in line or "FAILED" in line:
                print("[faults] concurrent: %s" % line[:400])
    assert codes == [0, 0], "\n=====\n".join(outputs)
    assert_many_state(flab, host, 10, prefix="c", bridge="brc")
    assert_many_traffic(flab, host, 10, prefix="c", bridge="brc")
    third = play(flab, MANY, host, faults_prefix="c", faults_count=10, faults_bridge="brc")
    assert third.returncode == 0 and recap(third, host)["changed"] == 0, show(third)
