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
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetnsFd, label
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import DumpError, link_index_of, raw_socket
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.write import change_address as change_address_raw
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.write import create_veth as create_veth_raw
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.write import set_link_by_name


def link_index(session, netns, ifname, required=True):
    # one small request, not a decoded link message (see dump.py)
    found = link_index_of(raw_socket(session.ipr(netns)), ifname)
    if found is not None:
        return found
    if required:
        raise MissingObjectError("device", label(ifname, netns))
    return None


RAW_LINK_ATTRS = frozenset(("state", "ifalias"))


def set_link(session, netns, ifname, **attrs):
    """``attrs``: pyroute2 link attributes (mtu=, address=, state='up'|'down', ifalias=).

    Link state and alias, what a large topology sets thousands of times, go in one raw request
    naming the link (write.set_link_by_name); anything else through pyroute2.
    """
    ipr = session.ipr(netns)
    if set(attrs) <= RAW_LINK_ATTRS:
        try:
            set_link_by_name(raw_socket(ipr), ifname, **attrs)
        except DumpError as error:
            if error.errno == errno.ENODEV:
                raise MissingObjectError("device", label(ifname, netns))
            raise
        return
    ipr.link("set", index=link_index(session, netns, ifname), **attrs)


def change_address(session, netns, ifname, add, cidr):
    """``ip addr add|del CIDR dev IFNAME`` in ``netns``."""
    index = link_index(session, netns, ifname)
    change_address_raw(raw_socket(session.ipr(netns)), add, index, cidr)


def move_link(session, from_netns, ifname, to_netns):
    index = link_index(session, from_netns, ifname)
    with NetnsFd(to_netns) as fd:
        session.ipr(from_netns).link("set", index=index, net_ns_fd=fd)


def delete_link(session, netns, ifname):
    """Delete a link; already gone is fine (a veth dies with its peer)."""
    index = link_index(session, netns, ifname, required=False)
    if index is not None:
        session.ipr(netns).link("del", index=index)


def create_veth(session, name, netns, peer, peer_netns, mtu=None, mac=None, peer_mac=None):
    """Create a pair in ONE request, sent on ``netns``'s socket, the peer created in ``peer_netns``."""
    sock = raw_socket(session.ipr(netns))
    if peer_netns == netns:
        add_retrying(lambda: create_veth_raw(sock, name, peer, None, mtu, mac, peer_mac))
        return
    with NetnsFd(peer_netns) as fd:
        add_retrying(lambda: create_veth_raw(sock, name, peer, fd, mtu, mac, peer_mac))


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
