# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A cgroup of its own for each machine's keeper. systemd-nspawn --keep-unit puts the machine under
the cgroup it runs in (payload/, supervisor/); in a shared cgroup two machines' systemd would manage
the same cgroups (stopping a service on one would end it on the other). The keeper makes
lnlab-<pid> below its cgroup in each hierarchy systemd uses (the unified one, and name=systemd on a
hybrid machine), runs systemd-nspawn in it, and removes it when the machine is off."""

import os

PREFIX = "lnlab-"  # tests/tools/leftovers.py KEEPER_CGROUP


def hierarchies(mountinfo="/proc/self/mountinfo", own="/proc/self/cgroup"):
    """[(mount point, this process's path in it)] for the unified (cgroup2) and name=systemd hierarchies."""
    paths = {}
    with open(own) as handle:
        for line in handle:
            _number, controllers, path = line.rstrip("\n").split(":", 2)
            paths[controllers] = path
    found = []
    with open(mountinfo) as handle:
        for line in handle:
            fields = line.split()
            separator = fields.index("-")
            fstype, options = fields[separator + 1], fields[separator + 3]
            if fstype == "cgroup2" and "" in paths:
                found.append((fields[4], paths[""]))
            elif fstype == "cgroup" and "name=systemd" in options.split(",") and "name=systemd" in paths:
                found.append((fields[4], paths["name=systemd"]))
    return found


def enter_own(pid):
    """Make PREFIX<pid> below this process's cgroup in each hierarchy and move this process there.
    Returns the list of (parent dir, own dir) for leave_own."""
    made = []
    for mount, path in hierarchies():
        parent = os.path.join(mount, path.lstrip("/"))
        own = os.path.join(parent, "%s%d" % (PREFIX, pid))
        os.makedirs(own, exist_ok=True)
        made.append((parent, own))
        with open(os.path.join(own, "cgroup.procs"), "w") as handle:
            handle.write(str(pid))
    return made


def leave_own(made, pid):
    """Move this process back to its parent cgroups and remove its own (empty by now), bottom-up."""
    for parent, own in made:
        try:
            with open(os.path.join(parent, "cgroup.procs"), "w") as handle:
                handle.write(str(pid))
        except OSError:
            pass
        for directory, _subdirs, _files in os.walk(own, topdown=False):
            try:
                os.rmdir(directory)
            except OSError:
                pass


def remove_left(pid):
    """After a keeper that was killed: remove its PREFIX<pid> cgroups below this process's (empty by now)."""
    for mount, path in hierarchies():
        own = os.path.join(mount, path.lstrip("/"), "%s%d" % (PREFIX, pid))
        for directory, _subdirs, _files in os.walk(own, topdown=False):
            try:
                os.rmdir(directory)
            except OSError:
                pass
