# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machines: Debian 12 and 13 roots booted with systemd as PID 1 in systemd-nspawn, reached by
Ansible over real SSH; the prerequisites role on both; a real reboot; power-off on down, also after a
failure; and the bad inputs (unknown distribution, a root that cannot be built, a machine that does
not boot in its time), each failing with a message that names the host and leaving nothing behind."""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile

import pytest
import yaml

import lab_harness
import leftovers

PLAYBOOKS = os.path.join(os.path.dirname(__file__), "playbooks")
MACHINES = ("--kind", "machine", "--distribution", "bookworm,trixie")
VENV_PYTHON = "/opt/linuxnet/venv/bin/python"  # roles/lab/files/labkit/roots.py VENV
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def ok(result):
    assert result.returncode == 0, "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-3000:])
    return result.stdout


def recap(stdout):
    """host -> (ok, changed, unreachable, failed) from ansible-playbook's PLAY RECAP."""
    return dict((host, tuple(int(n) for n in counts)) for host, *counts in RECAP.findall(stdout))


@pytest.fixture(scope="module")
def machines(new_lab):
    """imach1 (Debian 12) and imach2 (Debian 13), booted with systemd, for this module."""
    lab = new_lab(hosts=2, prefix="imach", extra_args=MACHINES)
    result = lab.up()
    if result.returncode != 0:
        pytest.fail("machines did not come up: %s" % result.stderr, pytrace=False)
    yield lab
    ok(lab.down())


def on(lab, host, *argv):
    return ok(lab.exec(host, list(argv))).strip()


def unit(lab, host, question, name="openvswitch-switch"):
    """systemctl is-enabled / is-active NAME: its answer (the exit status says no more than the word)."""
    return lab.exec(host, ["systemctl", question, name]).stdout.strip()


# ---------------------------------------------------------------------------------------------
# Real systemd hosts over real SSH


def test_inventory_says_kind_and_distribution(machines):
    with open(machines.inventory) as handle:
        hosts = yaml.safe_load(handle)["lab"]["hosts"]
    assert {name: (host["lab_kind"], host["lab_distribution"], host["ansible_python_interpreter"])
            for name, host in hosts.items()} == {
        "imach1": ("machine", "bookworm", VENV_PYTHON), "imach2": ("machine", "trixie", VENV_PYTHON)}


def test_systemd_hosts_of_both_releases_over_ssh(machines):
    out = ok(machines.ansible("ansible.builtin.setup", "gather_subset=min"))
    facts = dict((host, json.loads(body)["ansible_facts"]) for host, body in
                 re.findall(r"^(\S+) \| SUCCESS => (\{.*?^\})", out, re.M | re.S))
    assert sorted(facts) == ["imach1", "imach2"]
    assert [facts[host]["ansible_distribution_major_version"] for host in ("imach1", "imach2")] == ["12", "13"]
    assert {facts[host]["ansible_service_mgr"] for host in facts} == {"systemd"}
    assert [facts[host]["ansible_python"]["version"]["minor"] for host in ("imach1", "imach2")] == [11, 13]
    out = ok(machines.ansible("ansible.builtin.command", "printenv SSH_CONNECTION"))
    assert out.count("192.168.250.1 ") == 2  # every session came from the underlay bridge
    for host in machines.hosts:
        assert on(machines, host, "cat", "/proc/1/comm") == "systemd"
        assert on(machines, host, "systemctl", "is-system-running", "--wait") == "running"
        assert on(machines, host, "hostname") == host


# ---------------------------------------------------------------------------------------------
# The prerequisites role: check mode, apply, re-run unchanged


def test_prerequisites_on_systemd_hosts(machines):
    playbook = os.path.join(PLAYBOOKS, "prerequisites.yml")
    for host in machines.hosts:
        assert unit(machines, host, "is-enabled") == "disabled"  # as the root has it
    check = ok(machines.playbook(playbook, check=True))
    assert all(counts[1] > 0 and counts[3] == 0 for counts in recap(check).values()), check
    for host in machines.hosts:  # check mode wrote nothing
        assert unit(machines, host, "is-active") == "inactive"
    applied = ok(machines.playbook(playbook))
    # what changes is Open vSwitch, started and enabled through systemd (the modules need nothing installed)
    started = applied.split("Start the Open vSwitch service (systemd)", 1)[1].split("TASK [", 1)[0]
    assert started.count("changed: [") == 2 and applied.count("changed: [") == 2, applied
    assert "datapath=netdev" in applied
    for host in machines.hosts:
        assert unit(machines, host, "is-enabled") == "enabled"
        assert unit(machines, host, "is-active") == "active"
        assert on(machines, host, "ovs-vsctl", "show")
        # the modules need no third-party library: the managed Python has no pyroute2, and they run
        assert machines.exec(host, [VENV_PYTHON, "-c", "import pyroute2"]).returncode != 0
    again = ok(machines.playbook(playbook))
    assert {host: counts[1] for host, counts in recap(again).items()} == {"imach1": 0, "imach2": 0}, again


# ---------------------------------------------------------------------------------------------
# A real reboot


def test_reboot_keeps_the_ovs_database_and_ssh_answers_again(machines, machine_before):
    host = "imach2"
    on(machines, host, "systemctl", "enable", "--now", "openvswitch-switch")  # as the role leaves it
    on(machines, host, "ovs-vsctl", "--may-exist", "add-br", "keep0", "--", "set", "bridge", "keep0",
       "datapath_type=netdev")
    on(machines, host, "ip", "netns", "add", "gone0")
    machines.record()
    before = [h for h in machines.status["hosts"] if h["name"] == host][0]["boot"]
    outside_before = leftovers.snapshot()
    result = json.loads(ok(machines.reboot(host)))
    assert result["host"] == host and result["boots"] == before["boots"] + 1
    machines.record()
    after = [h for h in machines.status["hosts"] if h["name"] == host][0]["boot"]
    assert after["leader"]["pid"] != before["leader"]["pid"]
    assert not leftovers.alive([before["nspawn"]["pid"], before["leader"]["pid"]])
    # /run and every namespace are gone; the disk (OVS database) is kept and systemd started OVS again
    assert on(machines, host, "ip", "netns", "list") == ""
    assert on(machines, host, "systemctl", "is-active", "openvswitch-switch", "--wait") == "active"
    assert "keep0" in on(machines, host, "ovs-vsctl", "--timeout=10", "list-br").split()
    out = ok(machines.ansible("ansible.builtin.ping", pattern=host))
    assert "%s | SUCCESS" % host in out
    out = ok(machines.ansible("ansible.builtin.command", "ping -c 1 -W 2 192.168.250.12", pattern="imach1"))
    assert "1 received" in out
    # the machine's own network namespace and its processes are as they were
    outside_after = leftovers.snapshot()
    assert outside_after["netns"] == outside_before["netns"] and outside_after["links"] == outside_before["links"]
    assert outside_after["mounts"] == outside_before["mounts"]
    on(machines, host, "ovs-vsctl", "del-br", "keep0")


def test_reboot_playbook(machines):
    machines.record()
    before = machines.status["hosts"][0]["boot"]["boots"]
    argv = [os.path.join(lab_harness.BIN, "ansible-playbook"), "playbooks/lab_reboot.yml",
            "--extra-vars", json.dumps({"lab_workdir": machines.workdir, "lab_reboot_hosts": ["imach1"]})]
    ok(lab_harness.run_ansible(argv))
    machines.record()
    assert machines.status["hosts"][0]["boot"]["boots"] == before + 1
    assert "imach1 | SUCCESS" in ok(machines.ansible("ansible.builtin.ping", pattern="imach1"))


def test_a_light_host_cannot_reboot(lab):
    result = lab.reboot(lab.hosts[0])
    assert result.returncode == 1
    assert "%s: a light host has no systemd to reboot" % lab.hosts[0] in result.stderr


# ---------------------------------------------------------------------------------------------
# down powers every machine off, also after a failure


def test_down_after_a_killed_keeper_ends_every_recorded_process(new_lab, machine_before):
    lab = new_lab(hosts=1, prefix="ikill", extra_args=("--kind", "machine", "--distribution", "trixie"))
    ok(lab.up())
    pids = lab.pids()
    keeper = lab.status["hosts"][0]["keeper"]["pid"]
    os.kill(keeper, signal.SIGKILL)  # the keeper fails: systemd-nspawn and the machine are left running
    assert leftovers.alive(pids) != []
    ok(lab.down())
    assert leftovers.alive(pids) == []
    assert not os.path.exists(lab.workdir)
    assert lab_harness.left_behind(machine_before, [lab]) == []


# ---------------------------------------------------------------------------------------------
# Bad input: each names the host and leaves nothing behind


def failed_up(lab, *extra):
    result = lab_harness.labctl("up", "--workdir", lab.workdir, "--hosts", str(lab.count), "--prefix", lab.prefix,
                                "--lifetime", "600", *extra)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not os.path.exists(lab.workdir)
    return result.stderr


def test_unknown_distribution_names_the_host(new_lab, machine_before):
    lab = new_lab(hosts=2, prefix="ibad")
    err = failed_up(lab, "--kind", "machine", "--distribution", "bookworm,buster")
    assert "labctl: ibad2: unknown distribution 'buster' (known: bookworm, trixie)" in err
    assert lab_harness.left_behind(machine_before, [lab]) == []


def test_root_without_network_fails_naming_the_hosts(new_lab, machine_before, tmp_path):
    lab = new_lab(hosts=2, prefix="inonet")
    cache = str(tmp_path / "roots")
    # labctl in a network namespace of its own with nothing in it: debootstrap reaches no mirror
    result = subprocess.run(["unshare", "--net", "--", sys.executable, lab_harness.LABCTL, "up", "--workdir",
                             lab.workdir, "--hosts", "2", "--prefix", "inonet", "--kind", "machine",
                             "--distribution", "trixie", "--cache", cache, "--lifetime", "600"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 1
    assert "labctl: inonet1, inonet2: the root of trixie could not be built: " in result.stderr
    assert "debootstrap" in result.stderr
    assert not os.path.exists(lab.workdir)
    assert os.listdir(cache) == ["trixie.lock"]  # no partial root, no stamp
    assert lab_harness.left_behind(machine_before, [lab]) == []


FULL_DISK = """
import json, os, subprocess, sys
cache = sys.argv[1]
os.makedirs(cache)
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", cache], check=True)
result = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900)
print(json.dumps({"rc": result.returncode, "stderr": result.stderr, "cache": sorted(os.listdir(cache))}))
"""


def test_root_on_a_full_disk_fails_naming_the_host(new_lab, machine_before):
    lab = new_lab(hosts=1, prefix="ifull")
    cache = tempfile.mkdtemp(prefix="lnfull-", dir="/tmp")
    try:
        # a cache on a 24 MB tmpfs, in a mount namespace of its own (the mount goes with it)
        wrapper = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-c", FULL_DISK,
             os.path.join(cache, "roots"), sys.executable, lab_harness.LABCTL, "up", "--workdir", lab.workdir,
             "--hosts", "1", "--prefix", "ifull", "--kind", "machine", "--distribution", "bookworm",
             "--cache", os.path.join(cache, "roots"), "--lifetime", "600"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1000, check=False)
        report = json.loads(wrapper.stdout)
    finally:
        os.rmdir(os.path.join(cache, "roots"))
        os.rmdir(cache)
    assert report["rc"] == 1, report
    assert "labctl: ifull1: the root of bookworm could not be built" in report["stderr"]
    assert report["cache"] == ["bookworm.lock"], report
    assert not os.path.exists(lab.workdir)
    assert lab_harness.left_behind(machine_before, [lab]) == []


def test_machine_that_does_not_boot_in_its_time(new_lab, machine_before):
    lab = new_lab(hosts=1, prefix="islow")
    err = failed_up(lab, "--kind", "machine", "--distribution", "bookworm", "--boot-timeout", "0.3")
    assert "labctl: islow1: did not boot within 0.3 s (SSH on 192.168.250.11 did not answer)" in err
    assert lab_harness.left_behind(machine_before, [lab]) == []
