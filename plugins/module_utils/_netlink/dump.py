# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reads: dumps and lookups sent on a session's socket, decoding only what is used.

pyroute2 decodes every attribute of every message (statistics, per-family data...): about half a
millisecond per link, most of the time of a whole-host read with a thousand namespaces. The dumps
here ask the kernel to leave the statistics out (IFLA_EXT_MASK / RTEXT_FILTER_SKIP_STATS) and read
only the attributes the resources compare, into plain records (links.LINK_FIELDS; (ifindex, cidr)
for addresses). Messages are built and parsed by codec.py.
"""

import errno
import socket

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import (
    AF_BRIDGE, IFA_ADDRESS, IFA_LOCAL, IFADDR, IFF_UP, IFINFO, IFLA_ADDRESS, IFLA_EXT_MASK, IFLA_GROUP,
    IFLA_IFALIAS, IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_LINK, IFLA_LINK_NETNSID, IFLA_LINKINFO,
    IFLA_MASTER, IFLA_MTU, IFLA_OPERSTATE, IFLA_VXLAN_ID, IFLA_VXLAN_LEARNING, IFLA_VXLAN_LINK,
    IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6, IFLA_VXLAN_PORT, NDA_DST, NDA_LLADDR, NDMSG, NETNSA_FD,
    NETNSA_NSID, RTA_DST, RTA_GATEWAY, RTA_OIF, RTA_PRIORITY, RTA_TABLE, RTEXT_FILTER_SKIP_STATS, RTGEN,
    RTM_GETADDR, RTM_GETLINK, RTM_GETNEIGH, RTM_GETNSID, RTM_GETROUTE, RTM_NEWADDR, RTM_NEWLINK,
    RTM_NEWNEIGH, RTM_NEWROUTE, RTMSG, BE16, DumpError, address_text, attributes, dump, ip_packed, mac_text,
    nested, nla, nla_text, nla_u32, request_one, s32, text, u32)

OPERSTATES = ("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP")
SKIP_STATS = nla_u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS)


def inet(fields):
    """The message's family (its header's first field) is IPv4 or IPv6."""
    return fields[0] in (socket.AF_INET, socket.AF_INET6)


def dumped(sock, request, reply, header, body, seq, keep=None):
    """(header fields, attributes) of every ``reply`` message the dump ``request`` returns; with
    ``keep``, only of the messages whose header fields it accepts (the others are not decoded)."""
    for kind, data, start, end in dump(sock, request, body, seq):
        if kind != reply:
            continue
        fields = header.unpack_from(data, start)
        if keep is None or keep(fields):
            yield fields, attributes(data, start + header.size, end)


def link_records(sock, seq=0x4C4E):
    """Every link of the socket's namespace, as links.new_link_record makes them."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + SKIP_STATS
    records = []
    for fields, attrs in dumped(sock, RTM_GETLINK, RTM_NEWLINK, IFINFO, body, seq):
        _family, _type, index, flags, _change = fields
        operstate = attrs.get(IFLA_OPERSTATE)
        records.append({
            "ifname": text(attrs.get(IFLA_IFNAME)),
            "index": index,
            "kind": text(nested(attrs.get(IFLA_LINKINFO)).get(IFLA_INFO_KIND)),
            "mtu": u32(attrs.get(IFLA_MTU)),
            "mac": mac_text(attrs.get(IFLA_ADDRESS)),
            "up": bool(flags & IFF_UP),
            "operstate": OPERSTATES[bytearray(operstate)[0]] if operstate and bytearray(operstate)[0] < len(OPERSTATES)
            else None,
            "master_index": u32(attrs.get(IFLA_MASTER)),
            "link_index": u32(attrs.get(IFLA_LINK)),
            "link_nsid": s32(attrs.get(IFLA_LINK_NETNSID)),
            "alias": text(attrs.get(IFLA_IFALIAS)) or None,
            "group": u32(attrs.get(IFLA_GROUP)),
        })
    return records


def address_records(sock, seq=0x4C4F):
    """(ifindex, cidr) of every address of the socket's namespace."""
    body = IFADDR.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
    records = []
    for fields, attrs in dumped(sock, RTM_GETADDR, RTM_NEWADDR, IFADDR, body, seq, keep=inet):
        family, prefixlen, _flags, _scope, index = fields
        raw = attrs.get(IFA_LOCAL) or attrs.get(IFA_ADDRESS)
        if raw is None:
            continue
        records.append((index, "%s/%d" % (address_text(family, bytes(raw)), prefixlen)))
    return records


def route_records(sock, seq=0x4C57):
    """Every route of the socket's namespace, IPv4 and IPv6, every table: dicts with ``family``,
    ``dst_len``, ``table``, ``proto``, ``scope``, ``type`` (the rtmsg header) and ``dst``,
    ``gateway`` (text), ``oif``, ``priority``, ``rta_table`` (attributes, None when absent)."""
    body = RTMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0)
    records = []
    for fields, attrs in dumped(sock, RTM_GETROUTE, RTM_NEWROUTE, RTMSG, body, seq, keep=inet):
        family, dst_len, _src_len, _tos, table, proto, scope, route_type, _flags = fields
        dst, gateway = attrs.get(RTA_DST), attrs.get(RTA_GATEWAY)
        records.append({
            "family": family, "dst_len": dst_len, "table": table, "proto": proto, "scope": scope,
            "type": route_type,
            "dst": address_text(family, bytes(dst)) if dst is not None else None,
            "gateway": address_text(family, bytes(gateway)) if gateway is not None else None,
            "oif": u32(attrs.get(RTA_OIF)),
            "priority": u32(attrs.get(RTA_PRIORITY)),
            "rta_table": u32(attrs.get(RTA_TABLE)),
        })
    return records


def nsid_of_fd(sock, fd, seq=0x4C50):
    """The id the socket's namespace gives the namespace open as ``fd`` (None: not assigned)."""
    body = RTGEN.pack(socket.AF_UNSPEC) + nla_u32(NETNSA_FD, fd)
    _kind, data, start, end = request_one(sock, RTM_GETNSID, body, seq)
    nsid = s32(attributes(data, start + RTGEN.size, end).get(NETNSA_NSID))
    return None if nsid is None or nsid < 0 else nsid


def link_index_of(sock, ifname, seq=0x4C51):
    """The ifindex of ``ifname`` in the socket's namespace, or None (one request, header only)."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + nla_text(IFLA_IFNAME, ifname) + SKIP_STATS
    try:
        _kind, data, start, _end = request_one(sock, RTM_GETLINK, body, seq)
    except DumpError as error:
        if error.errno == errno.ENODEV:
            return None
        raise
    return IFINFO.unpack_from(data, start)[2]


def vxlan_attributes(sock, index, seq=0x4C58):
    """The VXLAN attributes of link ``index``: ``vni``, ``dstport``, ``local`` (text), ``device_index``
    and ``learning``; None for an attribute the kernel did not report (an unset local address or
    underlay device). Raises DumpError(ENODEV) when the link is gone."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0) + SKIP_STATS
    _kind, data, start, end = request_one(sock, RTM_GETLINK, body, seq)
    info = nested(nested(attributes(data, start + IFINFO.size, end).get(IFLA_LINKINFO)).get(IFLA_INFO_DATA))
    local4, local6 = info.get(IFLA_VXLAN_LOCAL), info.get(IFLA_VXLAN_LOCAL6)
    port, learning = info.get(IFLA_VXLAN_PORT), info.get(IFLA_VXLAN_LEARNING)
    return {
        "vni": u32(info.get(IFLA_VXLAN_ID)),
        "dstport": BE16.unpack(port[:2])[0] if port is not None else None,
        "local": (address_text(socket.AF_INET, bytes(local4)) if local4 is not None
                  else address_text(socket.AF_INET6, bytes(local6)) if local6 is not None else None),
        "device_index": u32(info.get(IFLA_VXLAN_LINK)),
        "learning": bool(learning[0]) if learning else False,
    }


def fdb_records(sock, index, seq=0x4C59):
    """(lladdr, dst) of every bridge FDB entry of link ``index`` (``bridge fdb show dev``): the MAC
    as text, the destination address as text or None."""
    body = NDMSG.pack(AF_BRIDGE, 0, 0, 0, 0)
    records = []
    for _fields, attrs in dumped(sock, RTM_GETNEIGH, RTM_NEWNEIGH, NDMSG, body, seq,
                                 keep=lambda fields: fields[1] == index):  # (family, ifindex, ...)
        dst = attrs.get(NDA_DST)
        family = socket.AF_INET if dst is not None and len(dst) == 4 else socket.AF_INET6
        records.append((mac_text(attrs.get(NDA_LLADDR)), address_text(family, bytes(dst)) if dst else None))
    return records


def route_oif(sock, address, seq=0x4C64):
    """The ifindex of the device the socket's namespace would send a packet to ``address`` through
    (``ip route get ADDRESS``), or None when it has no route there."""
    family, packed = ip_packed(address)
    body = RTMSG.pack(family, len(packed) * 8, 0, 0, 0, 0, 0, 0, 0) + nla(RTA_DST, packed)
    try:
        _kind, data, start, end = request_one(sock, RTM_GETROUTE, body, seq)
    except DumpError as error:
        if error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EINVAL):
            return None
        raise
    return u32(attributes(data, start + RTMSG.size, end).get(RTA_OIF))
