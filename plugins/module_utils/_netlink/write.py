# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writes, each ONE request on a session's socket, waiting for its acknowledgement.

Messages are built by codec.py; a refusal raises codec.DumpError with the kernel's errno. The
requests that pyroute2 once sent (link set/move/delete, routes, VXLAN links and their flood
entries) carry the same bytes it sent, header fields, flags and attribute order included (unit
test test_netlink_requests.py compares them), at a tenth of its time per request or less and
without its import (docs/design-netlink.md).
"""

import ipaddress
import socket

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import (
    AF_BRIDGE, BE16, IFA_ADDRESS, IFA_LOCAL, IFADDR, IFF_UP, IFINFO, IFLA_ADDRESS, IFLA_GROUP, IFLA_IFALIAS,
    IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_LINKINFO, IFLA_MTU, IFLA_NET_NS_FD, IFLA_VXLAN_ID,
    IFLA_VXLAN_LEARNING, IFLA_VXLAN_LINK, IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6, IFLA_VXLAN_PORT, NDA_DST,
    NDA_LLADDR, NDMSG, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, RTA_DST, RTA_GATEWAY, RTA_OIF,
    RTA_PRIORITY, RTA_TABLE, RTM_DELADDR, RTM_DELLINK, RTM_DELNEIGH, RTM_DELROUTE, RTM_NEWADDR, RTM_NEWLINK,
    RTM_NEWNEIGH, RTM_NEWROUTE, RTM_SETLINK, RTMSG, ack_request, ip_packed, mac_bytes, nla, nla_text, nla_u32)

RTPROT_STATIC = 4
RT_TABLE_MAIN = 254
RTN_UNICAST = 1
NUD_NOARP, NUD_PERMANENT = 0x40, 0x80
NTF_SELF = 0x02
# How a route request treats an existing route, as ``ip route add|replace|del`` (``add`` fails on one)
ROUTE_REQUESTS = {"add": (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL),
                  "replace": (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE),
                  "del": (RTM_DELROUTE, 0)}


def set_link_by_name(sock, ifname, state=None, ifalias=None, seq=0x4C52):
    """``ip link set IFNAME [up|down] [alias ALIAS]`` in one request, the kernel finding the link
    by name (no lookup first)."""
    flags = change = 0
    if state is not None:
        change = IFF_UP
        flags = IFF_UP if state == "up" else 0
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, flags, change) + nla_text(IFLA_IFNAME, ifname)
    if ifalias is not None:
        body += nla(IFLA_IFALIAS, ifalias.encode("utf-8"))
    ack_request(sock, RTM_SETLINK, 0, body, seq)


def set_link_attributes(sock, index, mtu=None, mac=None, netns_fd=None, seq=0x4C5A):
    """``ip link set dev INDEX [mtu M] [address MAC] [netns FD]``: RTM_NEWLINK on an existing link."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0)
    if mtu is not None:
        body += nla_u32(IFLA_MTU, mtu)
    if mac is not None:
        body += nla(IFLA_ADDRESS, mac_bytes(mac))
    if netns_fd is not None:
        body += nla_u32(IFLA_NET_NS_FD, netns_fd)
    ack_request(sock, RTM_NEWLINK, 0, body, seq)


def delete_link(sock, index, seq=0x4C5B):
    """``ip link del dev INDEX`` (ENODEV: no such link)."""
    ack_request(sock, RTM_DELLINK, 0, IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0), seq)


def change_address(sock, add, index, cidr, seq=0x4C53):
    """``ip addr add|del CIDR dev INDEX``."""
    iface = ipaddress.ip_interface(cidr)
    family = socket.AF_INET if iface.version == 4 else socket.AF_INET6
    packed = iface.ip.packed
    body = (IFADDR.pack(family, iface.network.prefixlen, 0, 0, index) + nla(IFA_LOCAL, packed)
            + nla(IFA_ADDRESS, packed))
    if add:
        ack_request(sock, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, body, seq)
    else:
        ack_request(sock, RTM_DELADDR, 0, body, seq)


def _link_attributes(ifname, mtu, mac):
    """An ifinfomsg naming a new link, with its MTU and MAC when given."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + nla_text(IFLA_IFNAME, ifname)
    if mtu:
        body += nla_u32(IFLA_MTU, mtu)
    if mac:
        body += nla(IFLA_ADDRESS, mac_bytes(mac))
    return body


def create_veth(sock, name, peer, peer_netns_fd=None, mtu=None, mac=None, peer_mac=None, seq=0x4C54):
    """``ip link add NAME [mtu M] [address MAC] type veth peer name PEER [netns FD] [mtu M]
    [address MAC]`` in one request, in the socket's namespace; the peer is made in the namespace
    open as ``peer_netns_fd`` (None: the same one). Refused with EEXIST when a name is taken."""
    peer_body = _link_attributes(peer, mtu, peer_mac)
    if peer_netns_fd is not None:
        peer_body += nla_u32(IFLA_NET_NS_FD, peer_netns_fd)
    link_info = nla(IFLA_INFO_KIND, b"veth") + nla(IFLA_INFO_DATA, nla(1, peer_body))
    body = _link_attributes(name, mtu, mac) + nla(IFLA_LINKINFO, link_info)
    ack_request(sock, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, body, seq)


def _vxlan_info(data):
    return nla(IFLA_LINKINFO, nla_text(IFLA_INFO_KIND, "vxlan") + nla(IFLA_INFO_DATA, data))


def create_vxlan(sock, name, vni, dstport, learning, local=None, device_index=None, mtu=None, seq=0x4C5C):
    """``ip link add NAME [mtu M] type vxlan id VNI dstport PORT [local ADDR] [dev INDEX]
    [no]learning`` in the socket's namespace (EEXIST when the name is taken)."""
    data = nla_u32(IFLA_VXLAN_ID, vni) + nla(IFLA_VXLAN_PORT, BE16.pack(dstport))
    data += nla(IFLA_VXLAN_LEARNING, bytes([int(learning)]))
    if local is not None:
        family, packed = ip_packed(local)
        data += nla(IFLA_VXLAN_LOCAL if family == socket.AF_INET else IFLA_VXLAN_LOCAL6, packed)
    if device_index is not None:
        data += nla_u32(IFLA_VXLAN_LINK, device_index)
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + nla_text(IFLA_IFNAME, name)
    if mtu:
        body += nla_u32(IFLA_MTU, mtu)
    ack_request(sock, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, body + _vxlan_info(data), seq)


def set_vxlan_learning(sock, index, learning, seq=0x4C5D):
    """``ip link set dev INDEX type vxlan [no]learning``."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0)
    body += _vxlan_info(nla(IFLA_VXLAN_LEARNING, bytes([int(learning)])))
    ack_request(sock, RTM_NEWLINK, 0, body, seq)


def change_fdb(sock, add, index, lladdr, dst, seq=0x4C5E):
    """``bridge fdb append|del LLADDR dev INDEX dst DST``: a permanent entry of the device itself
    (``self``); ``append`` adds a destination beside those of the same MAC (the flood list)."""
    body = NDMSG.pack(AF_BRIDGE, index, NUD_NOARP | NUD_PERMANENT, NTF_SELF, 0)
    body += nla(NDA_LLADDR, mac_bytes(lladdr)) + nla(NDA_DST, ip_packed(dst)[1])
    if add:
        ack_request(sock, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_APPEND, body, seq)
    else:
        ack_request(sock, RTM_DELNEIGH, 0, body, seq)


def change_route(sock, request, dest, table, metric, gateway=None, oif=None, seq=0x4C5F):
    """``ip route add|replace|del DEST [via GATEWAY] [dev OIF] metric METRIC table TABLE``;
    ``request`` is one of ROUTE_REQUESTS. A default route (prefix 0) carries no RTA_DST. A table
    above 254 is 254 in the one-byte header field (RTA_TABLE carries all 32 bits, and the kernel
    reads that); a deletion names neither protocol nor type, so it matches any."""
    msg_type, flags = ROUTE_REQUESTS[request]
    network = ipaddress.ip_network(dest)
    family = socket.AF_INET if network.version == 4 else socket.AF_INET6
    adding = msg_type == RTM_NEWROUTE
    header_table = table if table < RT_TABLE_MAIN else RT_TABLE_MAIN
    body = RTMSG.pack(family, network.prefixlen, 0, 0, header_table, RTPROT_STATIC if adding else 0, 0,
                      RTN_UNICAST if adding else 0, 0)
    if network.prefixlen:
        body += nla(RTA_DST, network.network_address.packed)
    body += nla_u32(RTA_TABLE, table) + nla_u32(RTA_PRIORITY, metric)
    if gateway is not None:
        body += nla(RTA_GATEWAY, ip_packed(gateway)[1])
    if oif is not None:
        body += nla_u32(RTA_OIF, oif)
    ack_request(sock, msg_type, flags, body, seq)


def set_link_group(sock, index, group, seq=0x4C55):
    """``ip link set dev INDEX group GROUP``."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0) + nla_u32(IFLA_GROUP, group)
    ack_request(sock, RTM_SETLINK, 0, body, seq)


def delete_link_group(sock, group, seq=0x4C56):
    """``ip link delete group GROUP``: every link of the group in one request. The kernel checks
    that it can delete each of them before it deletes any (ENODEV: the group is empty)."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, 0, 0) + nla_u32(IFLA_GROUP, group)
    ack_request(sock, RTM_DELLINK, 0, body, seq)
