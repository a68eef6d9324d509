# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which devices the userspace datapath receives from: ovs-vswitchd's own packet sockets.

A ``system`` port of a ``netdev`` bridge receives through a packet socket that ovs-vswitchd binds
to the device's ifindex. When the device is deleted the kernel unbinds that socket, and a device
made again under the same name is never bound again (OVS issue 313 upstream): OVSDB shows the port
with an ofport, no error and the new ifindex, and no frame passes. The database cannot tell; the
sockets can. Read from ``/proc`` (no process is started): the pid from ovs-vswitchd's pidfile
beside the database socket, its socket inodes, and ``/proc/self/net/packet``.
"""

import os

PIDFILE = "ovs-vswitchd.pid"


def receiving_ifindexes(db, proc="/proc"):
    """The ifindexes ovs-vswitchd holds a packet socket bound to, as a frozenset; None when that
    cannot be told here (a database that is not a local socket, no pidfile, ovs-vswitchd in another
    network namespace): then only what OVSDB itself reports counts."""
    if not db.startswith("unix:"):
        return None
    try:
        pid = _pid(os.path.join(os.path.dirname(db[len("unix:"):]), PIDFILE))
        if not _same_netns(os.path.join(proc, str(pid)), os.path.join(proc, "self")):
            return None
        inodes = _socket_inodes(os.path.join(proc, str(pid), "fd"))
        with open(os.path.join(proc, "self", "net", "packet")) as handle:
            return packet_ifindexes(handle.read(), inodes)
    except (OSError, ValueError):
        return None


def packet_ifindexes(table, inodes):
    """The bound ifindexes (> 0) of the sockets ``inodes`` in a ``/proc/net/packet`` table
    (columns: sk RefCnt Type Proto Iface R Rmem User Inode; an unbound socket shows -1 or 0)."""
    lines = table.splitlines()
    if not lines:
        return frozenset()
    headings = lines[0].split()
    iface, inode = headings.index("Iface"), headings.index("Inode")
    found = set()
    for line in lines[1:]:
        fields = line.split()
        if len(fields) == len(headings) and int(fields[inode]) in inodes and int(fields[iface]) > 0:
            found.add(int(fields[iface]))
    return frozenset(found)


def _pid(path):
    with open(path) as handle:
        return int(handle.read().strip())


def _same_netns(one, other):
    first, second = os.stat(os.path.join(one, "ns", "net")), os.stat(os.path.join(other, "ns", "net"))
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _socket_inodes(fd_dir):
    inodes = set()
    for name in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:["):-1]))
    return inodes
