# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes to links through a NetlinkSession: look up, set attributes, move, delete.

Each function names the link by namespace and ifname and looks its ifindex up right before the
request, so a plan computed from a dump stays valid after earlier steps moved things around.
"""

import errno
import time

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import write
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import DumpError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import link_index_of
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetnsFd, label


def link_index(session, netns, ifname, required=True):
    """The ifindex of ``ifname`` in ``netns``: one small request, not a decoded link message.
    MissingObjectError when there is none (None when not ``required``)."""
    found = link_index_of(session.netlink_socket(netns), ifname)
    if found is not None:
        return found
    if required:
        raise MissingObjectError("device", label(ifname, netns))
    return None


def set_link(session, netns, ifname, state=None, ifalias=None, mtu=None, address=None):
    """``ip link set IFNAME [up|down] [alias ALIAS] [mtu M] [address MAC]``.

    Link state and alias, what a large topology sets thousands of times, go in one request naming
    the link (write.set_link_by_name); MTU and MAC in one request naming its ifindex.
    """
    if mtu is not None or address is not None:
        write.set_link_attributes(session.netlink_socket(netns), link_index(session, netns, ifname),
                                  mtu=mtu, mac=address)
    if state is None and ifalias is None:
        return
    try:
        write.set_link_by_name(session.netlink_socket(netns), ifname, state=state, ifalias=ifalias)
    except DumpError as error:
        if error.errno == errno.ENODEV:
            raise MissingObjectError("device", label(ifname, netns))
        raise


def change_address(session, netns, ifname, add, cidr):
    """``ip addr add|del CIDR dev IFNAME`` in ``netns``."""
    index = link_index(session, netns, ifname)
    write.change_address(session.netlink_socket(netns), add, index, cidr)


def move_link(session, from_netns, ifname, to_netns):
    """``ip link set IFNAME netns TO`` (the kernel downs a link that changes namespace)."""
    index = link_index(session, from_netns, ifname)
    with NetnsFd(to_netns) as fd:
        write.set_link_attributes(session.netlink_socket(from_netns), index, netns_fd=fd)


def delete_link(session, netns, ifname):
    """Delete a link; already gone is fine (a veth dies with its peer)."""
    index = link_index(session, netns, ifname, required=False)
    if index is not None:
        write.delete_link(session.netlink_socket(netns), index)


def create_veth(session, name, netns, peer, peer_netns, mtu=None, mac=None, peer_mac=None):
    """Create a pair in ONE request, sent on ``netns``'s socket, the peer created in ``peer_netns``."""
    sock = session.netlink_socket(netns)
    if peer_netns == netns:
        add_retrying(lambda: write.create_veth(sock, name, peer, None, mtu, mac, peer_mac))
        return
    with NetnsFd(peer_netns) as fd:
        add_retrying(lambda: write.create_veth(sock, name, peer, fd, mtu, mac, peer_mac))


BUSY_RETRIES = 50  # 50 x 0.1 s: how long a name may stay held by a link the kernel is destroying
BUSY_ERRNOS = (errno.EEXIST, errno.EBUSY)


def add_retrying(add):
    """``add()`` (a link creation), retried (bounded) while the name is still held: the kernel
    destroys a deleted namespace, and the veth peers of its links, in the background, so right
    after ``ip netns delete`` the other end's name may still exist for a moment."""
    for attempt in range(BUSY_RETRIES + 1):
        try:
            add()
            return
        except DumpError as error:
            if error.errno not in BUSY_ERRNOS or attempt == BUSY_RETRIES:
                raise
            time.sleep(0.1)
