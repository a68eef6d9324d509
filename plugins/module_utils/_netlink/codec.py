# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rtnetlink wire codec: message layouts, attribute packing and parsing, one request at a time.

Every netlink request of the collection is built and read here, with ``struct`` (dump.py holds the
reads, write.py the writes; both use only this file). A request is sent on a session's socket and
its replies are read before the next one is sent, so no two requests ever share a reply.
A refusal from the kernel raises DumpError, an OSError carrying the kernel's errno.
"""

import errno
import ipaddress
import os
import select
import socket
import struct

# -- netlink header, flags, control messages --------------------------------------------------------
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLM_F_REPLACE = 0x100
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLM_F_APPEND = 0x800
HEADER = struct.Struct("=IHHII")
NLA = struct.Struct("=HH")
U32 = struct.Struct("=I")
S32 = struct.Struct("=i")
BE16 = struct.Struct(">H")
RECV_SIZE = 1 << 20
TIMEOUT = 30.0

# -- rtnetlink message types and their fixed headers ------------------------------------------------
RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK = 16, 17, 18, 19
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26
RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 28, 29, 30
RTM_NEWNSID, RTM_GETNSID = 88, 90
IFINFO = struct.Struct("=BxHiII")  # ifinfomsg: family, type, index, flags, change
IFADDR = struct.Struct("=BBBBI")  # ifaddrmsg: family, prefixlen, flags, scope, index
RTMSG = struct.Struct("=BBBBBBBBI")  # rtmsg: family, dst_len, src_len, tos, table, proto, scope, type, flags
NDMSG = struct.Struct("=BxxxiHBB")  # ndmsg: family, ifindex, state, flags, type
RTGEN = struct.Struct("=B3x")  # rtgenmsg: family

# -- attributes ---------------------------------------------------------------------------------------
IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_MASTER = 1, 3, 4, 5, 10
IFLA_OPERSTATE, IFLA_LINKINFO, IFLA_IFALIAS, IFLA_GROUP, IFLA_NET_NS_FD = 16, 18, 20, 27, 28
IFLA_EXT_MASK, IFLA_LINK_NETNSID = 29, 37
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
VETH_INFO_PEER = 1
IFLA_VXLAN_ID, IFLA_VXLAN_LINK, IFLA_VXLAN_LOCAL, IFLA_VXLAN_LEARNING = 1, 3, 4, 7
IFLA_VXLAN_PORT, IFLA_VXLAN_LOCAL6 = 15, 17
IFA_ADDRESS, IFA_LOCAL = 1, 2
RTA_DST, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_TABLE = 1, 4, 5, 6, 15
NDA_DST, NDA_LLADDR = 1, 2
NETNSA_NSID, NETNSA_FD = 1, 3
RTEXT_FILTER_SKIP_STATS = 1 << 3
IFF_UP = 1
AF_BRIDGE = 7


class DumpError(OSError):
    """The kernel refused a request, or answered a dump with an error (``errno`` set)."""


def align(length):
    return (length + 3) & ~3


def nla(kind, payload):
    """One attribute: its header, ``payload`` (bytes) and the padding to four bytes."""
    return NLA.pack(4 + len(payload), kind) + payload + b"\0" * (align(len(payload)) - len(payload))


def nla_text(kind, value):
    """A NUL-terminated string attribute."""
    return nla(kind, value.encode("utf-8") + b"\0")


def nla_u32(kind, value):
    return nla(kind, U32.pack(value))


def attributes(data, offset, end):
    """{type: bytes} of the attributes in ``data[offset:end]`` (the last of a type wins)."""
    found = {}
    while offset + 4 <= end:
        length, kind = NLA.unpack_from(data, offset)
        if length < 4:
            break
        found[kind & 0x3FFF] = data[offset + 4:offset + length]
        offset += align(length)
    return found


def nested(raw):
    """The attributes inside a nested attribute (an empty dict for None)."""
    return attributes(raw, 0, len(raw)) if raw is not None else {}


def text(raw):
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace") if raw is not None else None


def u32(raw):
    return U32.unpack(raw[:4])[0] if raw is not None else None


def s32(raw):
    return S32.unpack(raw[:4])[0] if raw is not None else None


def mac_text(raw):
    return ":".join("%02x" % byte for byte in bytearray(raw)) if raw is not None else None


def mac_bytes(mac):
    """``02:00:00:00:00:01`` as its six bytes."""
    return bytes.fromhex(mac.replace(":", ""))


def address_text(family, raw):
    """The address as ipaddress writes it. inet_ntop is ten times faster and writes the same text
    (RFC 5952), except an IPv4-mapped IPv6 address, which ipaddress writes all in hex."""
    if family == socket.AF_INET:
        return socket.inet_ntop(family, raw[:4])
    text_form = socket.inet_ntop(family, raw[:16])
    return str(ipaddress.ip_address(raw[:16])) if "." in text_form else text_form


def ip_packed(address):
    """(family, packed bytes) of an IPv4 or IPv6 address given as text."""
    parsed = ipaddress.ip_address(address)
    return (socket.AF_INET if parsed.version == 4 else socket.AF_INET6), parsed.packed


# -- one request on a socket --------------------------------------------------------------------------
def replies(sock, seq):
    """Every reply message to request ``seq``, as (type, data, payload offset, end), across reads;
    DumpError(ETIMEDOUT) when the kernel stays silent for TIMEOUT. The caller stops iterating."""
    while True:
        ready, _w, _x = select.select([sock], [], [], TIMEOUT)
        if not ready:
            raise DumpError(errno.ETIMEDOUT, "no netlink reply within %ss" % TIMEOUT)
        data = sock.recv(RECV_SIZE)
        offset = 0
        while offset + HEADER.size <= len(data):
            length, kind, _flags, reply_seq, _pid = HEADER.unpack_from(data, offset)
            if length < HEADER.size:
                break
            if reply_seq == seq:
                yield kind, data, offset + HEADER.size, offset + length
            offset += align(length)


def error_code(data, start):
    """The errno of an NLMSG_ERROR message (0: an acknowledgement)."""
    return -S32.unpack_from(data, start)[0]


def message(msg_type, flags, body, seq):
    """One request message: the netlink header (NLM_F_REQUEST added, port id 0: the kernel's
    reply goes to this socket) and ``body``."""
    return HEADER.pack(HEADER.size + len(body), msg_type, NLM_F_REQUEST | flags, seq, 0) + body


def send(sock, msg_type, flags, body, seq):
    sock.sendto(message(msg_type, flags, body, seq), (0, 0))


def dump(sock, msg_type, body, seq):
    """Send one dump request; yield (type, data, payload offset, end) of every reply message."""
    send(sock, msg_type, NLM_F_DUMP, body, seq)
    for kind, data, start, end in replies(sock, seq):
        if kind == NLMSG_DONE:
            return
        if kind == NLMSG_ERROR:
            code = error_code(data, start)
            if code:
                raise DumpError(code, os.strerror(code))
            return
        yield kind, data, start, end


def request_one(sock, msg_type, body, seq):
    """Send one plain request; return (type, data, payload offset, end) of its reply message."""
    send(sock, msg_type, 0, body, seq)
    for kind, data, start, end in replies(sock, seq):
        if kind == NLMSG_ERROR:
            code = error_code(data, start)
            raise DumpError(code, os.strerror(code))
        return kind, data, start, end


def ack_request(sock, msg_type, flags, body, seq):
    """Send one request with NLM_F_ACK and wait for its acknowledgement (DumpError on refusal)."""
    send(sock, msg_type, NLM_F_ACK | flags, body, seq)
    for kind, data, start, _end in replies(sock, seq):
        if kind == NLMSG_ERROR:
            code = error_code(data, start)
            if code:
                raise DumpError(code, os.strerror(code))
            return
