# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is the machine as it was before? The one leftover check of `make test`, the integration tests,
molecule's destroy and the demo: named network namespaces, links, mounts, cgroups (systemd-nspawn
and the keepers of machines make them), the modules' host lock file, lab state files, unfinished
root builds in the machines' cache, and the kinds of processes a lab starts (OVS daemons, unshare,
sshd, socat, nsenter, ssh ControlMasters, labctl inits and keepers, systemd-nspawn), each compared with a snapshot taken before.

Given lab workdirs, only state files and processes of those labs count (a process belongs to a lab
when its command line names the lab's workdir, or a parent's does), so labs of other runs on the same
machine are not reported; without (`make test`), every new one counts. New namespaces, links, mounts,
cgroups, unfinished root builds and a new lock file always count.

    python3 tests/tools/leftovers.py snapshot FILE [WORKDIR...]   record the machine (before)
    python3 tests/tools/leftovers.py compare FILE                 exit 1 listing what is new (after)
"""

import glob
import json
import os
import re
import subprocess
import sys
import time

# Read at call time, so that unit tests can point them at a fake machine.
PROC = "/proc"
LOCK_PATH = "/run/lock/linuxnet-netns.lock"  # plugins/module_utils/_core/hostlock.py LOCK_PATH
LAB_ROOT = "/tmp"  # where labs live: pytest /tmp/lnlab-*, molecule /tmp/lnmol-*, demo, role default
LAB_STATE_FILE = "state.json"  # roles/lab/files/labkit/plan.py STATE_FILE
ROOTS_CACHE = "/var/cache/linuxnet-netns/roots"  # roles/lab/files/labkit/roots.py DEFAULT_CACHE
CGROUP_ROOT = "/sys/fs/cgroup"
KEEPER_CGROUP = "lnlab-"  # roles/lab/files/labkit/cgroups.py PREFIX
NSPAWN_CGROUPS = ("payload", "supervisor")  # systemd-nspawn --keep-unit makes these below its cgroup
CGROUP_DEPTH = 4  # hierarchy/parent/lnlab-PID/payload: deep enough for what a keeper makes
SETTLE_TIMEOUT = 5.0  # seconds to wait for processes that are already ending
WATCHED = ("ovsdb-server", "ovs-vswitchd", "sshd", "unshare", "socat", "nsenter", "systemd-nspawn")
WATCHED_COMMANDS = ("labctl.py _init", "labctl.py _keeper")
MAX_PARENTS = 64  # the walk up a process's parents is bounded


# ---------------------------------------------------------------------------------------------
# Reading the machine


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def parse_stat(text):
    """(comm, state, ppid, start) from the text of /proc/PID/stat; None if it is not one."""
    if "(" not in text or ")" not in text:
        return None
    comm = text[text.index("(") + 1:text.rindex(")")]  # comm may itself hold ')' and spaces
    fields = text[text.rindex(")") + 2:].split()
    if len(fields) < 20:
        return None
    return comm, fields[0], int(fields[1]), fields[19]


def processes():
    """pid -> dict(comm, state, ppid, start, cmdline) for every process on the machine."""
    found = {}
    for entry in os.listdir(PROC):
        if not entry.isdigit():
            continue
        parsed = parse_stat(_read(os.path.join(PROC, entry, "stat")).decode(errors="replace"))
        if parsed is None:  # gone since listdir
            continue
        comm, state, ppid, start = parsed
        cmdline = _read(os.path.join(PROC, entry, "cmdline")).replace(b"\0", b" ").decode(errors="replace").strip()
        found[int(entry)] = {"comm": comm, "state": state, "ppid": ppid, "start": start, "cmdline": cmdline}
    return found


def alive(pids):
    """Those of pids that are running processes (not gone, not zombies)."""
    table = processes()
    return [pid for pid in pids if pid in table and table[pid]["state"] != "Z"]


def is_watched(proc):
    """Is it of a kind that a lab, OVS or an ssh connection to a lab starts?"""
    if proc["state"] == "Z":  # already dead, waiting to be reaped by the machine's init
        return False
    return (proc["comm"] in WATCHED or (proc["comm"] == "ssh" and "[mux]" in proc["cmdline"])
            or any(command in proc["cmdline"] for command in WATCHED_COMMANDS))


def parse_netns(text):
    """Names from `ip netns list` ("NAME" or "NAME (id: N)" per line)."""
    return set(line.split()[0] for line in text.splitlines() if line.strip())


def parse_links(text):
    """Names from `ip -o link` ("N: NAME[@PEER]: <FLAGS> ..." per line)."""
    return set(line.split(": ")[1].split("@")[0] for line in text.splitlines() if ": " in line)


def run_ip(*args):
    """stdout of `ip ARGS` (empty when it fails: then there is nothing to list)."""
    result = subprocess.run(["ip"] + list(args), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=30, check=False)
    return result.stdout


def parse_mountinfo(text):
    """Mount points from /proc/PID/mountinfo (the fifth field)."""
    return set(line.split()[4] for line in text.splitlines() if len(line.split()) > 4)


def cgroups():
    """The cgroup folders that machines make, down to CGROUP_DEPTH below CGROUP_ROOT (all hierarchies):
    a keeper's lnlab-PID and what systemd-nspawn makes (payload, supervisor). Other cgroups come and go
    with whatever else runs on the machine."""
    found = set()
    base_depth = CGROUP_ROOT.rstrip("/").count("/")
    for directory, subdirs, _files in os.walk(CGROUP_ROOT):
        if directory.count("/") - base_depth >= CGROUP_DEPTH:
            subdirs[:] = []
        name = os.path.basename(directory)
        if name.startswith(KEEPER_CGROUP) or name in NSPAWN_CGROUPS or ("/" + KEEPER_CGROUP) in directory:
            found.add(directory)
    return found


def lab_files(workdirs=None):
    """Existing files that say something is still there: the host lock file, the state file of
    every lab under LAB_ROOT and in `workdirs`, and unfinished root builds in ROOTS_CACHE."""
    candidates = [LOCK_PATH] + glob.glob(os.path.join(LAB_ROOT, "*", LAB_STATE_FILE))
    candidates += glob.glob(os.path.join(ROOTS_CACHE, "*.build-*"))
    candidates += [os.path.join(workdir, LAB_STATE_FILE) for workdir in workdirs or ()]
    return set(path for path in candidates if os.path.lexists(path))


def snapshot(workdirs=None):
    """The machine now: netns, links, files (sets) and watched processes (pid -> process dict)."""
    return {
        "netns": parse_netns(run_ip("netns", "list")),
        "links": parse_links(run_ip("-o", "link")),
        "files": lab_files(workdirs),
        "mounts": parse_mountinfo(_read(os.path.join(PROC, "self", "mountinfo")).decode(errors="replace")),
        "cgroups": cgroups(),
        "processes": dict((pid, proc) for pid, proc in processes().items() if is_watched(proc)),
    }


# ---------------------------------------------------------------------------------------------
# Judging: what is new, and whose


def names_workdir(text, workdir):
    """Does `text` name `workdir` as a whole path (/tmp/lnmol-a is not in /tmp/lnmol-ab/cp, nor in
    /var/tmp/lnmol-a)? Before it: a blank, '=' (ssh -o Option=PATH) or a quote; after it: '/', a
    blank, a quote or the end."""
    pattern = r"(?<![^\s=\"'])" + re.escape(workdir.rstrip("/")) + r"(?=[/\s\"']|$)"
    return re.search(pattern, text) is not None


def belongs_to(pid, table, workdirs):
    """Is the process one of the labs'? Every process a lab starts names the lab's workdir in its
    command line (inits, unshare, sshd, ssh ControlMasters, socat's log name) or descends from one
    that does (OVS daemons and sshd sessions inside a host)."""
    for _step in range(MAX_PARENTS):
        proc = table.get(pid)
        if proc is None:
            return False
        if any(names_workdir(proc["cmdline"], workdir) for workdir in workdirs):
            return True
        pid = proc["ppid"]
    return False


def new_since(before, now, table, workdirs=None):
    """Lines naming what is in `now` and was not in `before` (both from snapshot()). With workdirs (a
    list, even empty), lab state files and processes count only when they are those labs'; `table` is
    every process (processes()), for the walk up the parents."""
    def counts(path):
        return (workdirs is None or path == LOCK_PATH or path.startswith(ROOTS_CACHE + "/")
                or any(names_workdir(path, workdir) for workdir in workdirs))

    found = ["netns: %s" % name for name in sorted(now["netns"] - before["netns"])]
    found += ["link: %s" % name for name in sorted(now["links"] - before["links"])]
    found += ["mount: %s" % path for path in sorted(now["mounts"] - before["mounts"])]
    found += ["cgroup: %s" % path for path in sorted(now["cgroups"] - before["cgroups"])
              if cgroup_counts(path, table, workdirs)]
    found += ["file: %s" % path for path in sorted(now["files"] - before["files"]) if counts(path)]
    for pid, proc in sorted(now["processes"].items()):
        known = before["processes"].get(pid)
        if known is not None and known["start"] == proc["start"]:
            continue  # the same process as before (a reused pid has another start time)
        if workdirs is not None and not belongs_to(pid, table, workdirs):
            continue
        found.append("process: %d %s: %s" % (pid, proc["comm"], proc["cmdline"]))
    return found


def cgroup_counts(path, table, workdirs):
    """A new cgroup always counts, except, when judging some labs only, the lnlab-PID cgroup of a
    machine's keeper that is running for another lab (labkit/cgroups.py names them by the keeper's pid)."""
    found = re.search(r"/%s(\d+)(/|$)" % KEEPER_CGROUP, path)
    if workdirs is None or not found:
        return True
    keeper = table.get(int(found.group(1)))
    if keeper is None or keeper["state"] == "Z" or "labctl.py _keeper" not in keeper["cmdline"]:
        return True  # its keeper is gone: a leak, whoever's it was
    return belongs_to(int(found.group(1)), table, workdirs)


def left_behind(before, workdirs=None, timeout=None):
    """new_since(before, the machine now); waits up to `timeout` (SETTLE_TIMEOUT) while anything is found."""
    deadline = time.monotonic() + (SETTLE_TIMEOUT if timeout is None else timeout)
    while True:
        found = new_since(before, snapshot(workdirs), processes(), workdirs)
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.2)


# ---------------------------------------------------------------------------------------------
# Command line: a snapshot in a file, compared later (possibly by another process)


def save(path, before, workdirs):
    with open(path, "w") as handle:
        json.dump({
            "workdirs": workdirs,
            "netns": sorted(before["netns"]),
            "links": sorted(before["links"]),
            "files": sorted(before["files"]),
            "mounts": sorted(before["mounts"]),
            "cgroups": sorted(before["cgroups"]),
            "processes": dict((str(pid), {"start": proc["start"]}) for pid, proc in before["processes"].items()),
        }, handle, indent=1, sort_keys=True)


def load(path):
    """(snapshot, workdirs) as save() wrote them."""
    with open(path) as handle:
        data = json.load(handle)
    before = {
        "netns": set(data["netns"]),
        "links": set(data["links"]),
        "files": set(data["files"]),
        "mounts": set(data.get("mounts", [])),
        "cgroups": set(data.get("cgroups", [])),
        "processes": dict((int(pid), proc) for pid, proc in data["processes"].items()),
    }
    return before, data["workdirs"]


def compare(path):
    before, workdirs = load(path)
    left = left_behind(before, workdirs)
    if left:
        sys.stderr.write("left behind on this machine:\n%s\n" % "\n".join(left))
        return 1
    print("nothing left behind: named namespaces, links, mounts, cgroups, lab files and %s as before"
          % ("lab processes" if workdirs is None else "the lab's processes"))
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "snapshot":
        workdirs = [os.path.abspath(workdir) for workdir in argv[3:]] or None
        save(argv[2], snapshot(workdirs), workdirs)
        return 0
    if len(argv) == 3 and argv[1] == "compare":
        return compare(argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
