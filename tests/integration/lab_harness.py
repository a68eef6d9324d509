# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for integration tests: a lab of simulated hosts (roles/lab/files/labctl.py), ansible runs
against it, and a snapshot of the machine to prove that nothing was left behind."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import tempfile
import time

__metaclass__ = type

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LABCTL = os.path.join(REPO, "roles", "lab", "files", "labctl.py")
BIN = os.path.dirname(sys.executable)  # the venv that runs pytest also has ansible
COLLECTIONS = os.path.join(REPO, ".build", "collections")
COLLECTION_LINK = os.path.join(COLLECTIONS, "ansible_collections", "linuxnet", "netns")
WATCHED = ("ovsdb-server", "ovs-vswitchd", "sshd", "unshare", "socat", "nsenter")
TIMEOUT = 600  # seconds for one ansible run
LAB_LIFETIME = 3600  # a test lab ends by itself after this, even if the test run was killed


def labctl(*args):
    """Run labctl.py with this Python; return the CompletedProcess (text, never raises on failure)."""
    return subprocess.run([sys.executable, LABCTL] + list(args), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, check=False)


def ensure_collection_link():
    """The same link as `make collection-link`: the checkout is linuxnet.netns."""
    if not os.path.lexists(COLLECTION_LINK):
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink(REPO, COLLECTION_LINK)


def ansible_env():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_ROLES_PATH=os.path.join(REPO, "roles"),
               ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    return env


class Lab:
    """A lab brought up with labctl.py in a workdir of its own (under /tmp: short socket paths)."""

    def __init__(self, hosts=2, prefix="itest", extra_args=()):
        self.workdir = tempfile.mkdtemp(prefix="lnlab-", dir="/tmp")
        self.count = hosts
        self.prefix = prefix
        self.extra_args = list(extra_args)
        self.inventory = os.path.join(self.workdir, "inventory.yml")
        self.hosts = []
        self.status = {}

    def up(self):
        """Start the lab; return labctl's CompletedProcess (check .returncode)."""
        result = labctl("up", "--workdir", self.workdir, "--hosts", str(self.count), "--prefix", self.prefix,
                        "--python", sys.executable, "--lifetime", str(LAB_LIFETIME), *self.extra_args)
        if result.returncode == 0:
            self.record(json.loads(result.stdout))
        return result

    def record(self, status=None):
        """Remember the lab's hosts (from labctl's up or status output)."""
        self.status = status or json.loads(labctl("status", "--workdir", self.workdir).stdout)
        self.hosts = [host["name"] for host in self.status["hosts"]]

    def down(self):
        return labctl("down", "--workdir", self.workdir)

    def pids(self):
        """Every pid that labctl recorded for this lab (underlay, unshare and init of each host)."""
        found = [self.status["underlay"]["pid"]] if self.status else []
        for host in self.status.get("hosts", []):
            found.extend(host[key]["pid"] for key in ("unshare", "init"))
        return found

    def exec(self, host, argv):
        """Run argv on a host (its namespaces); CompletedProcess with text output."""
        return subprocess.run([sys.executable, LABCTL, "exec", "--workdir", self.workdir, host, "--"] + list(argv),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)

    def ansible(self, module, args=None, pattern="all"):
        """An ad-hoc ansible run against the lab's inventory."""
        argv = [os.path.join(BIN, "ansible"), "-i", self.inventory, pattern, "-m", module]
        if args:
            argv += ["-a", args]
        return run_ansible(argv)

    def playbook(self, path, extra_vars=None, check=False, diff=True, tags=None, limit=None):
        """ansible-playbook against the lab's inventory, with the worktree's collection."""
        argv = [os.path.join(BIN, "ansible-playbook"), "-i", self.inventory, path]
        if limit:
            argv += ["--limit", limit]
        if check:
            argv.append("--check")
        if diff:
            argv.append("--diff")
        if tags:
            argv += ["--tags", ",".join(tags)]
        if extra_vars:
            argv += ["--extra-vars", json.dumps(extra_vars)]
        return run_ansible(argv)


def run_ansible(argv):
    """Run an ansible command (a list) from the worktree, with its collection; text output."""
    ensure_collection_link()
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=REPO,
                          env=ansible_env(), timeout=TIMEOUT, check=False)


# ---------------------------------------------------------------------------------------------
# What the machine looks like: named namespaces, links, and the kinds of processes a lab starts


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def processes():
    """pid -> dict(comm, ppid, state, start, cmdline) for every process on the machine."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _read("/proc/%s/stat" % entry).decode(errors="replace")
        if ")" not in stat:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        found[int(entry)] = {
            "comm": comm, "state": fields[0], "ppid": int(fields[1]), "start": fields[19],
            "cmdline": _read("/proc/%s/cmdline" % entry).replace(b"\0", b" ").decode(errors="replace").strip(),
        }
    return found


def alive(pids):
    """Those of pids that are running processes (not gone, not zombies)."""
    table = processes()
    return [pid for pid in pids if pid in table and table[pid]["state"] != "Z"]


def is_watched(proc):
    if proc["state"] == "Z":  # already dead, waiting to be reaped by the machine's init
        return False
    return (proc["comm"] in WATCHED or ("[mux]" in proc["cmdline"] and proc["comm"] == "ssh")
            or "labctl.py _init" in proc["cmdline"])


def _lines(argv):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    return result.stdout.splitlines()


def machine_snapshot():
    return {
        "netns": set(line.split()[0] for line in _lines(["ip", "netns", "list"]) if line.strip()),
        "links": set(line.split(": ")[1].split("@")[0] for line in _lines(["ip", "-o", "link"]) if ": " in line),
        "processes": dict((pid, proc) for pid, proc in processes().items() if is_watched(proc)),
    }


def belongs_to(pid, table, labs):
    """Is the process one of the labs'? Every process a lab starts names the lab's workdir in its
    command line (inits, unshare, sshd, ssh ControlMasters, socat's log name) or descends from one
    that does (OVS daemons and sshd sessions inside a host)."""
    steps = 0
    while pid in table and steps < 64:  # a bounded walk up the parents
        proc = table[pid]
        if any(lab.workdir in proc["cmdline"] for lab in labs):
            return True
        pid = proc["ppid"]
        steps += 1
    return False


def leftovers(before, labs, timeout=5.0):
    """What is on the machine now that was not before: new named namespaces, new links, and new
    lab-kind processes that belong to one of `labs` (processes of other runs on the machine are not
    ours to judge). Waits up to `timeout` for processes that are already ending."""
    deadline = time.monotonic() + timeout
    while True:
        now = machine_snapshot()
        table = processes()
        found = ["netns: %s" % name for name in sorted(now["netns"] - before["netns"])]
        found += ["link: %s" % name for name in sorted(now["links"] - before["links"])]
        found += ["process: %d %s" % (pid, proc["cmdline"]) for pid, proc in sorted(now["processes"].items())
                  if (pid not in before["processes"] or before["processes"][pid]["start"] != proc["start"])
                  and belongs_to(pid, table, labs)]
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)
