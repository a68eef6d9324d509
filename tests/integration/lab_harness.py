# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for integration tests: a lab of simulated hosts (roles/lab/files/labctl.py), ansible runs
against it, and the check that nothing was left behind (tests/tools/leftovers.py, on sys.path through
conftest.py)."""

import json
import os
import subprocess
import sys
import tempfile

import leftovers

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LABCTL = os.path.join(REPO, "roles", "lab", "files", "labctl.py")
BIN = os.path.dirname(sys.executable)  # the venv that runs pytest also has ansible
COLLECTIONS = os.path.join(REPO, ".build", "collections")
COLLECTION_LINK = os.path.join(COLLECTIONS, "ansible_collections", "linuxnet", "netns")
TIMEOUT = 600  # seconds for one ansible run
LABCTL_TIMEOUT = 1200  # seconds for one labctl run (a machine lab on a fresh machine builds its roots first)
LAB_LIFETIME = 3600  # a test lab ends by itself after this, even if the test run was killed


def labctl(*args):
    """Run labctl.py with this Python; return the CompletedProcess (text, never raises on failure)."""
    return subprocess.run([sys.executable, LABCTL] + list(args), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=LABCTL_TIMEOUT, check=False)


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
        """Every pid that labctl recorded for this lab (underlay; unshare and init of each light host;
        keeper, systemd-nspawn and systemd of each machine, as of the last record())."""
        found = [self.status["underlay"]["pid"]] if self.status else []
        for host in self.status.get("hosts", []):
            found.extend(host[key]["pid"] for key in ("unshare", "init", "keeper") if host.get(key))
            found.extend(host["boot"][key]["pid"] for key in ("nspawn", "leader") if host.get("boot", {}).get(key))
        return found

    def reboot(self, host, timeout=120):
        """labctl reboot HOST: CompletedProcess; the JSON result in stdout."""
        return labctl("reboot", "--workdir", self.workdir, host, "--timeout", str(timeout))

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

    def playbook(self, path, extra_vars=None, check=False, diff=True, tags=None, limit=None, inventories=()):
        """ansible-playbook against the lab's inventory (and ``inventories`` after it: groups, host
        variables), with the worktree's collection."""
        argv = [os.path.join(BIN, "ansible-playbook"), "-i", self.inventory]
        for inventory in inventories:
            argv += ["-i", inventory]
        argv.append(path)
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


def left_behind(before, labs, timeout=None):
    """What is on the machine now that was not `before` (tests/tools/leftovers.py snapshot()): new
    named namespaces, links and lock file, and state files and processes of `labs` (those of other
    runs on the machine are not ours to judge)."""
    return leftovers.left_behind(before, [lab.workdir for lab in labs], timeout)
