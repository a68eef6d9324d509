# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab of simulated hosts: separate machines as far as Ansible can tell, and nothing left after it."""

import json
import os
import re
import sys
import time

import lab_harness
import leftovers

PLAYBOOKS = os.path.join(os.path.dirname(__file__), "playbooks")


def ok(result):
    assert result.returncode == 0, "rc=%s\n%s\n%s" % (result.returncode, result.stdout, result.stderr)
    return result.stdout


def test_lab_is_up(lab):
    assert lab.hosts == ["itest1", "itest2"]
    status = json.loads(ok(lab_harness.labctl("status", "--workdir", lab.workdir)))
    assert status["running"] is True
    assert [host["address"] for host in status["hosts"]] == ["192.168.250.11/24", "192.168.250.12/24"]


def test_ping_over_ssh(lab):
    out = ok(lab.ansible("ansible.builtin.ping"))
    for host in lab.hosts:
        assert "%s | SUCCESS" % host in out
    # the modules ran in an ssh session that came from the lab's underlay bridge to the host's eth0
    out = ok(lab.ansible("ansible.builtin.command", "printenv SSH_CONNECTION"))
    for host, address in zip(lab.hosts, ("192.168.250.11", "192.168.250.12")):
        assert "%s | CHANGED | rc=0 >>\n192.168.250.1 " % host in out
        assert " %s 22\n" % address in out + "\n"


def test_each_host_has_its_own_hostname(lab):
    for host in lab.hosts:
        assert ok(lab.exec(host, ["hostname"])).strip() == host
    out = ok(lab.ansible("ansible.builtin.command", "hostname"))
    for host in lab.hosts:
        assert "%s | CHANGED | rc=0 >>\n%s" % (host, host) in out


def test_each_host_has_its_own_netns_list(lab, machine_before):
    first, second = lab.hosts
    ok(lab.playbook(os.path.join(PLAYBOOKS, "lab_netns_add.yml"), extra_vars={"netns": "x"}, limit=first))
    try:
        assert ok(lab.exec(first, ["ip", "netns", "list"])).split() == ["x"]
        assert ok(lab.exec(second, ["ip", "netns", "list"])).split() == []
        assert "x" not in leftovers.snapshot()["netns"] - machine_before["netns"]
    finally:
        ok(lab.playbook(os.path.join(PLAYBOOKS, "lab_netns_add.yml"),
                        extra_vars={"netns": "x", "remove": True}, limit=first))
    assert ok(lab.exec(first, ["ip", "netns", "list"])).split() == []


def test_each_host_has_its_own_ovs(lab):
    first, second = lab.hosts
    ok(lab.exec(first, ["ovs-vsctl", "--timeout=10", "add-br", "br-itest", "--", "set", "bridge", "br-itest",
                        "datapath_type=netdev"]))
    try:
        uuids = set()
        for host in lab.hosts:
            ok(lab.exec(host, ["ovs-vsctl", "--timeout=10", "show"]))
            uuids.add(ok(lab.exec(host, ["ovs-vsctl", "--timeout=10", "get", "Open_vSwitch", ".", "_uuid"])).strip())
        assert len(uuids) == 2
        assert ok(lab.exec(first, ["ovs-vsctl", "--timeout=10", "list-br"])).split() == ["br-itest"]
        assert ok(lab.exec(second, ["ovs-vsctl", "--timeout=10", "list-br"])).split() == []
    finally:
        ok(lab.exec(first, ["ovs-vsctl", "--timeout=10", "--if-exists", "del-br", "br-itest"]))


def test_machine_links_unchanged(lab, machine_before):
    now = leftovers.snapshot()
    assert now["links"] == machine_before["links"]
    assert now["netns"] == machine_before["netns"]


def test_up_again_is_unchanged(lab):
    params = lab.status["params"]
    again = json.loads(ok(lab_harness.labctl("up", "--workdir", lab.workdir, "--hosts", "2", "--prefix", "itest",
                                             "--python", params["python"], "--lifetime", str(params["lifetime"]))))
    assert again["changed"] is False
    assert again["hosts"] == [dict(host, alive=True) for host in lab.status["hosts"]]


def test_down_removes_everything(new_lab, machine_before):
    lab = new_lab(hosts=2, prefix="idown")
    ok(lab.up())
    ok(lab.ansible("ansible.builtin.ping"))  # leaves ssh ControlMasters that down must end
    pids = lab.pids()
    assert lab_harness.left_behind(machine_before, [lab], timeout=0)  # the check does see a running lab
    assert json.loads(ok(lab.down()))["changed"] is True
    assert leftovers.alive(pids) == []
    assert not os.path.exists(lab.workdir)
    assert lab_harness.left_behind(machine_before, [lab]) == []
    assert json.loads(ok(lab.down()))["changed"] is False


def test_failing_host_is_named_and_nothing_is_left(new_lab, machine_before):
    lab = new_lab(hosts=2, prefix="ifail", extra_args=["--sshd", "/bin/false"])
    result = lab.up()
    assert result.returncode == 1
    assert "labctl: ifail1: " in result.stderr or "labctl: ifail2: " in result.stderr
    assert not os.path.exists(lab.workdir)
    assert lab_harness.left_behind(machine_before, [lab]) == []


def test_bad_parameter_is_named_and_nothing_is_started(new_lab, machine_before):
    lab = new_lab(hosts=300, prefix="ibad")
    result = lab.up()
    assert result.returncode == 1
    assert "subnet: '192.168.250.0/24' is too small for 300 hosts" in result.stderr
    assert lab_harness.left_behind(machine_before, [lab]) == []


def test_exec_on_unknown_host_fails(lab):
    result = lab.exec("nohost", ["true"])
    assert result.returncode == 1
    assert "'nohost' is not a running host" in result.stderr


def test_role_playbooks_up_up_down_down(new_lab, machine_before):
    lab = new_lab(hosts=2, prefix="irole")  # a workdir of its own, covered by the leftover check
    extra = json.dumps({"lab_workdir": lab.workdir, "lab_hosts": 2, "lab_prefix": "irole",
                        "lab_python": sys.executable})

    def changed(playbook):
        result = lab_harness.run_ansible([os.path.join(lab_harness.BIN, "ansible-playbook"),
                                          os.path.join(lab_harness.REPO, "playbooks", playbook), "-e", extra])
        recap = re.search(r"localhost\s*: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=0", ok(result))
        assert recap, result.stdout
        return int(recap.group(1))

    assert changed("lab_up.yml") == 1
    lab.record()
    assert changed("lab_up.yml") == 0
    assert "irole2 | SUCCESS" in ok(lab.ansible("ansible.builtin.ping"))
    assert changed("lab_down.yml") == 1
    assert not os.path.exists(lab.workdir)
    assert lab_harness.left_behind(machine_before, [lab]) == []
    assert changed("lab_down.yml") == 0


def test_lab_ends_by_itself_after_its_lifetime(new_lab, machine_before):
    lab = new_lab(hosts=1, prefix="ilife", extra_args=["--lifetime", "2"])  # the last --lifetime wins
    ok(lab.up())
    pids = lab.pids()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and leftovers.alive(pids):
        time.sleep(0.2)
    assert leftovers.alive(pids) == []
    status = json.loads(ok(lab_harness.labctl("status", "--workdir", lab.workdir)))
    assert status["running"] is False
    assert json.loads(ok(lab.down()))["changed"] is True
    assert lab_harness.left_behind(machine_before, [lab]) == []
