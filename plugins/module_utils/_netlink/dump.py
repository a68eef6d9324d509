# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Link and address dumps read straight from the netlink socket, decoding only what is used.

pyroute2 decodes every attribute of every message (statistics, per-family data...): about half a
millisecond per link, most of the time of a whole-host read with a thousand namespaces. The dumps
here ask the kernel to leave the statistics out (IFLA_EXT_MASK / RTEXT_FILTER_SKIP_STATS) and read
only the attributes the resources compare, into plain records (links.LINK_FIELDS; (ifindex, cidr)
for addresses). These are the only readers: pyroute2 is used for the rarer writes. The socket is the one under the session's
IPRoute; requests are strictly one at a time, so the two never share a reply.
"""

import errno
import ipaddress
import os
import select
import socket
import struct

NLMSG_ERROR = 2
NLMSG_DONE = 3
RTM_GETLINK = 18
RTM_NEWLINK = 16
RTM_GETADDR = 22
RTM_NEWADDR = 20
NLM_F_REQUEST = 1
NLM_F_DUMP = 0x300
IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_MASTER = 1, 3, 4, 5, 10
IFLA_OPERSTATE, IFLA_LINKINFO, IFLA_IFALIAS, IFLA_GROUP, IFLA_EXT_MASK, IFLA_LINK_NETNSID = 16, 18, 20, 27, 29, 37
IFLA_INFO_KIND = 1
IFA_ADDRESS, IFA_LOCAL = 1, 2
RTEXT_FILTER_SKIP_STATS = 1 << 3
IFF_UP = 1
OPERSTATES = ("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP")
HEADER = struct.Struct("=IHHII")
IFINFO = struct.Struct("=BxHiII")
IFADDR = struct.Struct("=BBBBI")
NLA = struct.Struct("=HH")
RECV_SIZE = 1 << 20
TIMEOUT = 30.0


class DumpError(OSError):
    """The kernel answered a dump with an error (``errno`` set)."""


def _align(length):
    return (length + 3) & ~3


def attributes(data, offset, end):
    """{type: bytes} of the attributes in ``data[offset:end]`` (the last of a type wins)."""
    found = {}
    while offset + 4 <= end:
        length, kind = NLA.unpack_from(data, offset)
        if length < 4:
            break
        found[kind & 0x3FFF] = data[offset + 4:offset + length]
        offset += _align(length)
    return found


def _text(raw):
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace") if raw is not None else None


def _u32(raw):
    return struct.unpack("=I", raw[:4])[0] if raw is not None else None


def _s32(raw):
    return struct.unpack("=i", raw[:4])[0] if raw is not None else None


def _replies(sock, seq):
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
            offset += _align(length)


def _error_code(data, start):
    """The errno of an NLMSG_ERROR message (0: an acknowledgement)."""
    return -struct.unpack_from("=i", data, start)[0]


def _send(sock, msg_type, flags, body, seq):
    sock.sendto(HEADER.pack(HEADER.size + len(body), msg_type, NLM_F_REQUEST | flags, seq, 0) + body, (0, 0))


def dump(sock, msg_type, body, seq):
    """Send one dump request; yield (type, data, payload offset, end) of every reply message."""
    _send(sock, msg_type, NLM_F_DUMP, body, seq)
    for kind, data, start, end in _replies(sock, seq):
        if kind == NLMSG_DONE:
            return
        if kind == NLMSG_ERROR:
            code = _error_code(data, start)
            if code:
                raise DumpError(code, os.strerror(code))
            return
        yield kind, data, start, end


def _mac(raw):
    return ":".join("%02x" % byte for byte in bytearray(raw)) if raw is not None else None


def link_records(sock, seq=0x4C4E):
    """Every link of the socket's namespace, as links.new_link_record makes them."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + NLA.pack(8, IFLA_EXT_MASK) + struct.pack(
        "=I", RTEXT_FILTER_SKIP_STATS)
    records = []
    for kind, data, start, end in dump(sock, RTM_GETLINK, body, seq):
        if kind != RTM_NEWLINK:
            continue
        _family, _type, index, flags, _change = IFINFO.unpack_from(data, start)
        attrs = attributes(data, start + IFINFO.size, end)
        info = attrs.get(IFLA_LINKINFO)
        kind_name = _text(attributes(info, 0, len(info)).get(IFLA_INFO_KIND)) if info is not None else None
        operstate = attrs.get(IFLA_OPERSTATE)
        records.append({
            "ifname": _text(attrs.get(IFLA_IFNAME)),
            "index": index,
            "kind": kind_name,
            "mtu": _u32(attrs.get(IFLA_MTU)),
            "mac": _mac(attrs.get(IFLA_ADDRESS)),
            "up": bool(flags & IFF_UP),
            "operstate": OPERSTATES[bytearray(operstate)[0]] if operstate and bytearray(operstate)[0] < len(OPERSTATES)
            else None,
            "master_index": _u32(attrs.get(IFLA_MASTER)),
            "link_index": _u32(attrs.get(IFLA_LINK)),
            "link_nsid": _s32(attrs.get(IFLA_LINK_NETNSID)),
            "alias": _text(attrs.get(IFLA_IFALIAS)) or None,
            "group": _u32(attrs.get(IFLA_GROUP)),
        })
    return records


def address_records(sock, seq=0x4C4F):
    """(ifindex, cidr) of every address of the socket's namespace."""
    body = IFADDR.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
    records = []
    for kind, data, start, end in dump(sock, RTM_GETADDR, body, seq):
        if kind != RTM_NEWADDR:
            continue
        family, prefixlen, _flags, _scope, index = IFADDR.unpack_from(data, start)
        attrs = attributes(data, start + IFADDR.size, end)
        raw = attrs.get(IFA_LOCAL) or attrs.get(IFA_ADDRESS)
        if raw is None or family not in (socket.AF_INET, socket.AF_INET6):
            continue
        records.append((index, "%s/%d" % (address_text(family, bytes(raw)), prefixlen)))
    return records


RTM_NEWROUTE = 24
RTM_GETROUTE = 26
RTA_DST, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_TABLE = 1, 4, 5, 6, 15
RTMSG = struct.Struct("=BBBBBBBBI")


def route_records(sock, seq=0x4C57):
    """Every route of the socket's namespace, IPv4 and IPv6, every table: dicts with ``family``,
    ``dst_len``, ``table``, ``proto``, ``scope``, ``type`` (the rtmsg header) and ``dst``,
    ``gateway`` (text), ``oif``, ``priority``, ``rta_table`` (attributes, None when absent)."""
    body = RTMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0)
    records = []
    for kind, data, start, end in dump(sock, RTM_GETROUTE, body, seq):
        if kind != RTM_NEWROUTE:
            continue
        family, dst_len, _src_len, _tos, table, proto, scope, route_type, _flags = RTMSG.unpack_from(data, start)
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        attrs = attributes(data, start + RTMSG.size, end)
        dst, gateway = attrs.get(RTA_DST), attrs.get(RTA_GATEWAY)
        records.append({
            "family": family, "dst_len": dst_len, "table": table, "proto": proto, "scope": scope,
            "type": route_type,
            "dst": address_text(family, bytes(dst)) if dst is not None else None,
            "gateway": address_text(family, bytes(gateway)) if gateway is not None else None,
            "oif": _u32(attrs.get(RTA_OIF)),
            "priority": _u32(attrs.get(RTA_PRIORITY)),
            "rta_table": _u32(attrs.get(RTA_TABLE)),
        })
    return records


def address_text(family, raw):
    """The address as ipaddress writes it. inet_ntop is ten times faster and writes the same text
    (RFC 5952), except an IPv4-mapped IPv6 address, which ipaddress writes all in hex."""
    if family == socket.AF_INET:
        return socket.inet_ntop(family, raw[:4])
    text = socket.inet_ntop(family, raw[:16])
    return str(ipaddress.ip_address(raw[:16])) if "." in text else text


RTM_NEWNSID = 88
RTM_GETNSID = 90
NETNSA_NSID = 1
NETNSA_FD = 3
RTGEN = struct.Struct("=B3x")


def request_one(sock, msg_type, body, seq):
    """Send one plain request; return (type, data, payload offset, end) of its reply message."""
    _send(sock, msg_type, 0, body, seq)
    for kind, data, start, end in _replies(sock, seq):
        if kind == NLMSG_ERROR:
            code = _error_code(data, start)
            raise DumpError(code, os.strerror(code))
        return kind, data, start, end


def nsid_of_fd(sock, fd, seq=0x4C50):
    """The id the socket's namespace gives the namespace open as ``fd`` (None: not assigned)."""
    body = RTGEN.pack(socket.AF_UNSPEC) + NLA.pack(8, NETNSA_FD) + struct.pack("=I", fd)
    _kind, data, start, end = request_one(sock, RTM_GETNSID, body, seq)
    nsid = _s32(attributes(data, start + RTGEN.size, end).get(NETNSA_NSID))
    return None if nsid is None or nsid < 0 else nsid


def link_index_of(sock, ifname, seq=0x4C51):
    """The ifindex of ``ifname`` in the socket's namespace, or None (one request, header only)."""
    body = (IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + _nla(IFLA_IFNAME, ifname.encode("utf-8") + b"\0")
            + _nla(IFLA_EXT_MASK, struct.pack("=I", RTEXT_FILTER_SKIP_STATS)))
    try:
        _kind, data, start, _end = request_one(sock, RTM_GETLINK, body, seq)
    except DumpError as error:
        if error.errno == errno.ENODEV:
            return None
        raise
    return IFINFO.unpack_from(data, start)[2]


def raw_socket(ipr):
    """The kernel socket under a session's IPRoute (session.LazyIPRoute always has one)."""
    return ipr.raw_socket


# -- one request and its acknowledgement (the writes are in write.py) --------------------------
NLM_F_ACK = 4


def _nla(kind, payload):
    return NLA.pack(4 + len(payload), kind) + payload + b"\0" * (_align(len(payload)) - len(payload))


def ack_request(sock, msg_type, flags, body, seq):
    """Send one request with NLM_F_ACK and wait for its acknowledgement (DumpError on refusal)."""
    _send(sock, msg_type, NLM_F_ACK | flags, body, seq)
    for kind, data, start, _end in _replies(sock, seq):
        if kind == NLMSG_ERROR:
            code = _error_code(data, start)
            if code:
                raise DumpError(code, os.strerror(code))
            return
