# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writes a large topology makes thousands of times, each ONE request on a session's raw socket.

pyroute2 runs every request through its asyncio core and encodes it with its generic message
classes: about 1.5 ms per veth pair created, five times what the kernel needs (500 pairs: 0.95 s
through pyroute2, 0.15 s by ``ip -batch``). These few requests are therefore built here with
``struct``; the rarer writes (moves, deletions, MTU or MAC changes) still go through pyroute2.
Each request waits for its acknowledgement; a refusal raises dump.DumpError with the errno.
"""

import ipaddress
import socket
import struct

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import (
    IFA_ADDRESS, IFA_LOCAL, IFADDR, IFF_UP, IFINFO, IFLA_ADDRESS, IFLA_IFALIAS, IFLA_IFNAME, IFLA_INFO_KIND,
    IFLA_GROUP, IFLA_LINKINFO, IFLA_MTU, RTM_NEWADDR, RTM_NEWLINK, _nla, ack_request)

RTM_DELLINK = 17
RTM_SETLINK = 19
RTM_DELADDR = 21
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
IFLA_NET_NS_FD = 28
IFLA_INFO_DATA = 2
VETH_INFO_PEER = 1
U32 = struct.Struct("=I")


def set_link_by_name(sock, ifname, state=None, ifalias=None, seq=0x4C52):
    """``ip link set IFNAME [up|down] [alias ALIAS]`` in one request, the kernel finding the link
    by name (no lookup first)."""
    flags = change = 0
    if state is not None:
        change = IFF_UP
        flags = IFF_UP if state == "up" else 0
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, flags, change) + _nla(IFLA_IFNAME, ifname.encode("utf-8") + b"\0")
    if ifalias is not None:
        body += _nla(IFLA_IFALIAS, ifalias.encode("utf-8"))
    ack_request(sock, RTM_SETLINK, 0, body, seq)


def change_address(sock, add, index, cidr, seq=0x4C53):
    """``ip addr add|del CIDR dev INDEX``."""
    iface = ipaddress.ip_interface(cidr)
    family = socket.AF_INET if iface.version == 4 else socket.AF_INET6
    packed = iface.ip.packed
    body = (IFADDR.pack(family, iface.network.prefixlen, 0, 0, index) + _nla(IFA_LOCAL, packed)
            + _nla(IFA_ADDRESS, packed))
    if add:
        ack_request(sock, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, body, seq)
    else:
        ack_request(sock, RTM_DELADDR, 0, body, seq)


def _link_attributes(ifname, mtu, mac):
    """An ifinfomsg naming a new link, with its MTU and MAC when given."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + _nla(IFLA_IFNAME, ifname.encode("utf-8") + b"\0")
    if mtu:
        body += _nla(IFLA_MTU, U32.pack(mtu))
    if mac:
        body += _nla(IFLA_ADDRESS, bytes.fromhex(mac.replace(":", "")))
    return body


def create_veth(sock, name, peer, peer_netns_fd=None, mtu=None, mac=None, peer_mac=None, seq=0x4C54):
    """``ip link add NAME [mtu M] [address MAC] type veth peer name PEER [netns FD] [mtu M]
    [address MAC]`` in one request, in the socket's namespace; the peer is made in the namespace
    open as ``peer_netns_fd`` (None: the same one). Refused with EEXIST when a name is taken."""
    peer_body = _link_attributes(peer, mtu, peer_mac)
    if peer_netns_fd is not None:
        peer_body += _nla(IFLA_NET_NS_FD, U32.pack(peer_netns_fd))
    link_info = _nla(IFLA_INFO_KIND, b"veth") + _nla(IFLA_INFO_DATA, _nla(VETH_INFO_PEER, peer_body))
    body = _link_attributes(name, mtu, mac) + _nla(IFLA_LINKINFO, link_info)
    ack_request(sock, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, body, seq)


def set_link_group(sock, index, group, seq=0x4C55):
    """``ip link set dev INDEX group GROUP``."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0) + _nla(IFLA_GROUP, U32.pack(group))
    ack_request(sock, RTM_SETLINK, 0, body, seq)


def delete_link_group(sock, group, seq=0x4C56):
    """``ip link delete group GROUP``: every link of the group in one request. The kernel checks
    that it can delete each of them before it deletes any (ENODEV: the group is empty)."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + _nla(IFLA_GROUP, U32.pack(group))
    ack_request(sock, RTM_DELLINK, 0, body, seq)
