# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tests/tools/leftovers.py against a fake machine: a /proc of its own, canned `ip` output, a lock
path and a lab root in tmp_path."""

import importlib.util
import json
import os

import pytest

REPO = os.path.join(os.path.dirname(__file__), "..", "..", "..")


def load(name, *path):
    """A Python file of the checkout that is not on sys.path, as a module."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(REPO, *path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


leftovers = load("leftovers", "tests", "tools", "leftovers.py")

IP_LINK = ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\\    link/loopback 00:00:00:00:00:00\n"
           "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP\\    link/ether 52:54:00:12:34:56\n")
LAB = "/tmp/lnlab-abc"


class FakeMachine:
    """Processes as /proc directories, `ip netns list` / `ip -o link` as text, files under tmp_path."""

    def __init__(self, tmp_path, monkeypatch):
        self.proc = tmp_path / "proc"
        self.proc.mkdir()
        (self.proc / "self").mkdir()  # not a pid: skipped
        self.lab_root = tmp_path / "tmp"
        self.lab_root.mkdir()
        self.lock = tmp_path / "run" / "lock" / "linuxnet-netns.lock"
        self.ip = {("netns", "list"): "", ("-o", "link"): IP_LINK}
        monkeypatch.setattr(leftovers, "PROC", str(self.proc))
        monkeypatch.setattr(leftovers, "LAB_ROOT", str(self.lab_root))
        monkeypatch.setattr(leftovers, "LOCK_PATH", str(self.lock))
        monkeypatch.setattr(leftovers, "run_ip", lambda *args: self.ip[args])
        monkeypatch.setattr(leftovers, "SETTLE_TIMEOUT", 0)
        self.cgroup = tmp_path / "cgroup"
        (self.cgroup / "unified").mkdir(parents=True)
        monkeypatch.setattr(leftovers, "CGROUP_ROOT", str(self.cgroup))
        self.roots = tmp_path / "roots"
        self.roots.mkdir()
        monkeypatch.setattr(leftovers, "ROOTS_CACHE", str(self.roots))
        self.mountinfo = ["22 1 0:21 / / rw - ext4 /dev/vda rw"]
        (self.proc / "self" / "mountinfo").write_text(self.mountinfo[0] + "\n")

    def mount(self, point):
        self.mountinfo.append("99 22 0:50 / %s rw - overlay overlay rw" % point)
        (self.proc / "self" / "mountinfo").write_text("\n".join(self.mountinfo) + "\n")

    def start(self, pid, comm, cmdline, ppid=1, start=1000, state="S"):
        folder = self.proc / str(pid)
        folder.mkdir(exist_ok=True)
        rest = [state, str(ppid)] + ["0"] * 17 + [str(start)] + ["0"] * 10
        (folder / "stat").write_text("%d (%s) %s\n" % (pid, comm, " ".join(rest)))
        (folder / "cmdline").write_bytes(cmdline.replace(" ", "\0").encode() + b"\0")

    def end(self, pid):
        for name in ("stat", "cmdline"):
            (self.proc / str(pid) / name).unlink()
        (self.proc / str(pid)).rmdir()

    def add_link(self, index, name):
        self.ip[("-o", "link")] += "%d: %s: <BROADCAST,MULTICAST> mtu 1500\\    link/ether 02:00:00:00:00:%02x\n" % (
            index, name, index)

    def lab_state(self, workdir_name):
        folder = self.lab_root / workdir_name
        folder.mkdir()
        (folder / "state.json").write_text("{}")
        return str(folder)

    def check(self, before, workdirs=None):
        return leftovers.new_since(before, leftovers.snapshot(workdirs), leftovers.processes(), workdirs)


@pytest.fixture
def machine(tmp_path, monkeypatch):
    fake = FakeMachine(tmp_path, monkeypatch)
    fake.start(1, "systemd", "/sbin/init")
    fake.start(300, "sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups")  # the machine's own
    return fake


# ---------------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("text, names", [
    ("", set()),
    ("x\n", {"x"}),
    ("blue (id: 0)\nred\n\n", {"blue", "red"}),
])
def test_parse_netns(text, names):
    assert leftovers.parse_netns(text) == names


def test_parse_links_drops_the_peer_part():
    text = IP_LINK + "7: veth1@if6: <BROADCAST,MULTICAST,UP> mtu 1500\\    link/ether 02:00:00:00:00:07 link-netnsid 0\n"
    assert leftovers.parse_links(text) == {"lo", "eth0", "veth1"}


@pytest.mark.parametrize("text, parsed", [
    ("42 (sshd) S 7 " + "0 " * 17 + "555 0 0", ("sshd", "S", 7, "555")),
    ("42 (a) (b c) Z 7 " + "0 " * 17 + "556 0", ("a) (b c", "Z", 7, "556")),  # comm may hold ')' and spaces
    ("", None),
    ("42 (sshd) S 7 0", None),  # cut short
])
def test_parse_stat(text, parsed):
    assert leftovers.parse_stat(text) == parsed


def test_processes_reads_proc(machine):
    machine.start(42, "ovs-vswitchd", "ovs-vswitchd --pidfile --detach", ppid=41, start=777)
    (machine.proc / "43").mkdir()  # ended between listdir and read: no stat
    table = leftovers.processes()
    assert sorted(table) == [1, 42, 300]
    assert table[42] == {"comm": "ovs-vswitchd", "state": "S", "ppid": 41, "start": "777",
                         "cmdline": "ovs-vswitchd --pidfile --detach"}


def test_alive_leaves_out_gone_and_zombies(machine):
    machine.start(50, "unshare", "unshare --net")
    machine.start(51, "unshare", "", state="Z")
    assert leftovers.alive([50, 51, 52]) == [50]


@pytest.mark.parametrize("comm, cmdline, state, watched", [
    ("ovsdb-server", "ovsdb-server /etc/openvswitch/conf.db", "S", True),
    ("ovs-vswitchd", "ovs-vswitchd --detach", "S", True),
    ("sshd", "sshd: root@notty", "S", True),
    ("unshare", "unshare --net -- python3", "S", True),
    ("socat", "socat -lp /tmp/lnlab-abc STDIO TCP:192.168.250.11:22", "S", True),
    ("nsenter", "nsenter --net=/proc/9/ns/net socat", "S", True),
    ("ssh", "ssh: /tmp/lnlab-abc/cp/192.168.250.11 [mux]", "S", True),
    ("python3", "/usr/bin/python3 /x/roles/lab/files/labctl.py _init 3600 /tmp/lnlab-abc", "S", True),
    ("python3", "/usr/bin/python3 /x/roles/lab/files/labctl.py _keeper /tmp/lnlab-abc m1 /r 3600", "S", True),
    ("systemd-nspawn", "systemd-nspawn --quiet --register=no --boot", "S", True),
    ("sshd", "", "Z", False),  # a zombie is already dead
    ("ssh", "ssh -o ControlMaster=auto root@192.168.250.11", "S", False),  # a client, not a ControlMaster
    ("bash", "bash", "S", False),
    ("python3", "/usr/bin/python3 labctl.py status --workdir /tmp/lnlab-abc", "S", False),
])
def test_is_watched(comm, cmdline, state, watched):
    assert leftovers.is_watched({"comm": comm, "cmdline": cmdline, "state": state}) is watched


# ---------------------------------------------------------------------------------------------
# Judging


def test_nothing_new_is_nothing(machine):
    before = leftovers.snapshot()
    assert machine.check(before) == []
    assert machine.check(before, []) == []


def test_whole_machine_reports_everything_new(machine):
    machine.start(400, "ovsdb-server", "ovsdb-server /etc/openvswitch/conf.db")  # there before: not reported
    before = leftovers.snapshot()
    machine.ip[("netns", "list")] = "red (id: 0)\n"
    machine.add_link(9, "veth9")
    machine.lock.parent.mkdir(parents=True)
    machine.lock.write_text("")
    workdir = machine.lab_state("lnlab-xyz")
    machine.start(500, "socat", "socat -lp /tmp/elsewhere STDIO TCP:10.0.0.1:22")
    machine.start(501, "bash", "bash")  # not a kind a lab starts
    assert machine.check(before) == [
        "netns: red",
        "link: veth9",
        "file: %s" % machine.lock,
        "file: %s/state.json" % workdir,
        "process: 500 socat: socat -lp /tmp/elsewhere STDIO TCP:10.0.0.1:22",
    ]


def test_machines_mounts_cgroups_and_root_builds_count(machine):
    before = leftovers.snapshot()
    machine.mount("/tmp/lnlab-abc/machines/m1/root")
    (machine.cgroup / "unified" / "lnlab-77" / "payload").mkdir(parents=True)
    (machine.cgroup / "memory" / "session-9").mkdir(parents=True)  # not of a lab's kind: comes and goes
    (machine.cgroup / "unified" / "supervisor").mkdir()  # systemd-nspawn's, outside a keeper's cgroup
    (machine.roots / "trixie-0123456789ab.build-77").mkdir()
    (machine.roots / "trixie-0123456789ab").mkdir()  # a finished root is the cache, not a leftover
    expected = [
        "mount: /tmp/lnlab-abc/machines/m1/root",
        "cgroup: %s/unified/lnlab-77" % machine.cgroup,
        "cgroup: %s/unified/lnlab-77/payload" % machine.cgroup,
        "cgroup: %s/unified/supervisor" % machine.cgroup,
        "file: %s/trixie-0123456789ab.build-77" % machine.roots,
    ]
    assert machine.check(before) == expected
    assert machine.check(before, []) == expected  # whoever made them: they always count


def test_a_running_keeper_of_another_lab_keeps_its_cgroup(machine):
    before = leftovers.snapshot()
    machine.start(80, "python3", "/usr/bin/python3 /x/labctl.py _keeper /tmp/lnlab-other m1 /r 3600")
    machine.start(81, "python3", "/usr/bin/python3 /x/labctl.py _keeper %s m1 /r 3600" % LAB)
    for pid in (80, 81, 82):  # 82: a keeper that is gone
        (machine.cgroup / "unified" / ("lnlab-%d" % pid) / "payload").mkdir(parents=True)
    found = machine.check(before, [LAB])
    assert [line for line in found if line.startswith("cgroup")] == [
        "cgroup: %s/unified/lnlab-81" % machine.cgroup, "cgroup: %s/unified/lnlab-81/payload" % machine.cgroup,
        "cgroup: %s/unified/lnlab-82" % machine.cgroup, "cgroup: %s/unified/lnlab-82/payload" % machine.cgroup]
    assert len([line for line in machine.check(before) if line.startswith("cgroup")]) == 6


def test_parse_mountinfo():
    text = "22 1 0:21 / / rw,relatime - ext4 /dev/vda rw\n30 22 0:25 / /run rw - tmpfs tmpfs rw\n\n"
    assert leftovers.parse_mountinfo(text) == {"/", "/run"}


def test_reused_pid_is_a_new_process(machine):
    machine.start(600, "sshd", "sshd: old", start=1000)
    before = leftovers.snapshot()
    machine.start(600, "sshd", "sshd: new", start=2000)
    assert machine.check(before) == ["process: 600 sshd: sshd: new"]


def test_labs_only_their_own_state_files_and_processes(machine):
    before = leftovers.snapshot()
    mine = machine.lab_state("lnmol-a")
    machine.lab_state("lnmol-ab")  # another lab, whose name begins like this one's
    machine.start(700, "python3", "python3 labctl.py _init 60 %s" % mine)
    machine.start(701, "unshare", "unshare --net -- python3 labctl.py _init 60 %s" % mine)
    machine.start(702, "ovs-vswitchd", "ovs-vswitchd --detach", ppid=700)  # names no workdir; its parent does
    machine.start(703, "ssh", "ssh: %s/cp/192.168.250.11 [mux]" % mine)
    machine.start(710, "python3", "python3 labctl.py _init 60 %sb" % mine)
    machine.start(711, "ovs-vswitchd", "ovs-vswitchd --detach", ppid=710)
    machine.start(712, "ssh", "ssh: %sb/cp/192.168.250.11 [mux]" % mine)
    machine.start(720, "sshd", "sshd: root@pts/0")  # nobody's lab
    machine.ip[("netns", "list")] = "red\n"
    assert machine.check(before, [mine]) == [
        "netns: red",
        "file: %s/state.json" % mine,
        "process: 700 python3: python3 labctl.py _init 60 %s" % mine,
        "process: 701 unshare: unshare --net -- python3 labctl.py _init 60 %s" % mine,
        "process: 702 ovs-vswitchd: ovs-vswitchd --detach",
        "process: 703 ssh: ssh: %s/cp/192.168.250.11 [mux]" % mine,
    ]
    assert machine.check(before, []) == ["netns: red"]  # no labs: only what always counts
    assert len(machine.check(before)) == 1 + 2 + 8  # the whole machine: everything new


def test_new_lock_file_counts_for_labs_too(machine):
    before = leftovers.snapshot([LAB])
    machine.lock.parent.mkdir(parents=True)
    machine.lock.write_text("")
    assert machine.check(before, [LAB]) == ["file: %s" % machine.lock]


def test_parent_walk_ends_on_a_loop():
    table = {5: {"ppid": 6, "cmdline": "a"}, 6: {"ppid": 5, "cmdline": "b"}}
    assert leftovers.belongs_to(5, table, [LAB]) is False


@pytest.mark.parametrize("text, named", [
    ("socat -lp /tmp/lnlab-abc STDIO", True),
    ("labctl.py _init 60 /tmp/lnlab-abc", True),
    ("sshd -f /tmp/lnlab-abc/hosts/h1/sshd_config", True),
    ("labctl.py _init 60 /tmp/lnlab-abcd", False),
    ("-o UserKnownHostsFile=/tmp/lnlab-abc/known_hosts", True),
    ("ProxyCommand='nsenter socat -lp /tmp/lnlab-abc'", True),
    ("/tmp/lnlab-abc", True),
    ("ssh: /tmp/lnlab-abc.old/cp/h [mux]", False),
    ("sshd -f /var/tmp/lnlab-abc/sshd_config", False),
])
def test_names_workdir(text, named):
    assert leftovers.names_workdir(text, LAB) is named


def test_left_behind_waits_for_ending_processes(machine, monkeypatch):
    before = leftovers.snapshot()
    machine.start(800, "ovs-vswitchd", "ovs-vswitchd --detach")
    naps = []

    def nap(seconds):
        naps.append(seconds)
        machine.end(800)  # it was already ending

    monkeypatch.setattr(leftovers, "SETTLE_TIMEOUT", 5.0)
    monkeypatch.setattr(leftovers.time, "sleep", nap)
    assert leftovers.left_behind(before) == []
    assert len(naps) == 1
    machine.start(801, "ovs-vswitchd", "ovs-vswitchd --detach")
    assert leftovers.left_behind(before, timeout=0) == ["process: 801 ovs-vswitchd: ovs-vswitchd --detach"]


# ---------------------------------------------------------------------------------------------
# Command line


def test_command_line_snapshot_and_compare(machine, tmp_path, capsys):
    saved = str(tmp_path / "before.json")
    assert leftovers.main(["leftovers.py", "snapshot", saved]) == 0
    with open(saved) as handle:
        assert json.load(handle)["processes"] == {"300": {"start": "1000"}}  # watched kinds only
    assert leftovers.main(["leftovers.py", "compare", saved]) == 0
    assert capsys.readouterr().out == "nothing left behind: named namespaces, links, mounts, cgroups, lab files and lab processes as before\n"
    machine.start(900, "unshare", "unshare --net")
    assert leftovers.main(["leftovers.py", "compare", saved]) == 1
    assert capsys.readouterr().err == "left behind on this machine:\nprocess: 900 unshare: unshare --net\n"


def test_command_line_with_a_lab(machine, tmp_path, capsys):
    saved = str(tmp_path / "before.json")
    assert leftovers.main(["leftovers.py", "snapshot", saved, LAB]) == 0
    machine.start(900, "unshare", "unshare --net")  # not the lab's
    assert leftovers.main(["leftovers.py", "compare", saved]) == 0
    assert "the lab's processes as before" in capsys.readouterr().out
    machine.start(901, "socat", "socat -lp %s STDIO" % LAB)
    assert leftovers.main(["leftovers.py", "compare", saved]) == 1
    assert capsys.readouterr().err == "left behind on this machine:\nprocess: 901 socat: socat -lp %s STDIO\n" % LAB


@pytest.mark.parametrize("argv", [[], ["snapshot"], ["compare"], ["compare", "a", "b"], ["check", "a"]])
def test_command_line_usage(argv, capsys):
    assert leftovers.main(["leftovers.py"] + argv) == 2
    assert "snapshot FILE [WORKDIR...]" in capsys.readouterr().err


def test_names_match_the_files_that_define_them(monkeypatch):
    labctl = load("labctl", "roles", "lab", "files", "labctl.py")
    assert leftovers.LAB_STATE_FILE == labctl.STATE_FILE
    from ansible_collections.linuxnet.netns.plugins.module_utils._core import hostlock as _hostlock
    monkeypatch.undo()  # tests/unit/conftest.py points the lock into tmp_path
    assert leftovers.LOCK_PATH == _hostlock.LOCK_PATH
