# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Links of a type (macvlan, ipvlan, vlan, bridge, dummy): their IFLA_INFO_DATA both ways, the
creation in ONE request on the target namespace's socket, the in-place changes, the reads.

A link is created by the socket of the namespace it is to live in (its parent, master and name
resolved there), so it never exists in the host's namespace, not even for a moment. The
attribute order is pyroute2's for the same call (unit test test_link_type_requests.py compares the
bytes); the kernel does not care about the order.
"""

import errno
import socket
import struct

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import (
    BE16, IFF_UP, IFINFO, IFLA_ADDRESS, IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_LINK, IFLA_LINKINFO,
    IFLA_MASTER, IFLA_MTU, NLM_F_CREATE, NLM_F_EXCL, RTM_GETLINK, RTM_NEWLINK, DumpError, ack_request, attributes,
    mac_bytes,
    nested, nla, nla_text, nla_u32, request_one)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import SKIP_STATS
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import label

U16 = struct.Struct("=H")

MACVLAN_MODES = {"private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16}
IPVLAN_MODES = {"l2": 0, "l3": 1, "l3s": 2}
VLAN_PROTOCOLS = {"802.1Q": 0x8100, "802.1ad": 0x88A8}
# The kernel module each type needs, named in the message when the kernel lacks the type.
KERNEL_MODULES = {"macvlan": "macvlan", "ipvlan": "ipvlan", "vlan": "8021q", "bridge": "bridge", "dummy": "dummy"}
IFLA_MACVLAN_MODE = 1
IFLA_IPVLAN_MODE = 1
IFLA_VLAN_ID, IFLA_VLAN_PROTOCOL = 1, 5
IFLA_BR_STP_STATE, IFLA_BR_VLAN_FILTERING = 5, 7


def _name_of(table, number):
    for name, value in table.items():
        if value == number:
            return name
    return None


# -- IFLA_INFO_DATA of each type, from plain options and back ---------------------------------------
def encode_data(kind, options):
    """The IFLA_INFO_DATA payload of ``kind`` for ``options`` (keys: mode, vlan_id, vlan_protocol,
    stp, vlan_filtering); an option that is None is left out (a change sends only what changes)."""
    data = b""
    if kind == "macvlan" and options.get("mode") is not None:
        data += nla_u32(IFLA_MACVLAN_MODE, MACVLAN_MODES[options["mode"]])
    elif kind == "ipvlan" and options.get("mode") is not None:
        data += nla(IFLA_IPVLAN_MODE, U16.pack(IPVLAN_MODES[options["mode"]]))
    elif kind == "vlan":
        if options.get("vlan_id") is not None:
            data += nla(IFLA_VLAN_ID, U16.pack(options["vlan_id"]))
        if options.get("vlan_protocol") is not None:
            data += nla(IFLA_VLAN_PROTOCOL, BE16.pack(VLAN_PROTOCOLS[options["vlan_protocol"]]))
    elif kind == "bridge":
        if options.get("stp") is not None:
            data += nla_u32(IFLA_BR_STP_STATE, int(options["stp"]))
        if options.get("vlan_filtering") is not None:
            data += nla(IFLA_BR_VLAN_FILTERING, bytes([int(options["vlan_filtering"])]))
    return data


def decode_data(kind, info):
    """The options of ``kind`` from its IFLA_INFO_DATA attributes ({type: bytes})."""
    if kind == "macvlan":
        raw = info.get(IFLA_MACVLAN_MODE)
        return {"mode": _name_of(MACVLAN_MODES, struct.unpack("=I", raw[:4])[0]) if raw else None}
    if kind == "ipvlan":
        raw = info.get(IFLA_IPVLAN_MODE)
        return {"mode": _name_of(IPVLAN_MODES, U16.unpack(raw[:2])[0]) if raw else None}
    if kind == "vlan":
        vid, proto = info.get(IFLA_VLAN_ID), info.get(IFLA_VLAN_PROTOCOL)
        return {"vlan_id": U16.unpack(vid[:2])[0] if vid else None,
                "vlan_protocol": _name_of(VLAN_PROTOCOLS, BE16.unpack(proto[:2])[0]) if proto else "802.1Q"}
    if kind == "bridge":
        stp, filtering = info.get(IFLA_BR_STP_STATE), info.get(IFLA_BR_VLAN_FILTERING)
        return {"stp": bool(struct.unpack("=I", stp[:4])[0]) if stp else False,
                "vlan_filtering": bool(bytearray(filtering)[0]) if filtering else False}
    return {}


def _link_info(kind, data):
    info = nla_text(IFLA_INFO_KIND, kind)
    if data:
        info += nla(IFLA_INFO_DATA, data)
    return nla(IFLA_LINKINFO, info)


# -- requests ------------------------------------------------------------------------------------------
def create_typed_link(sock, name, kind, options, parent_index=None, mtu=None, mac=None, master_index=None,
                      up=False, seq=0x4C60):
    """``ip link add NAME [link PARENT] [mtu M] [address MAC] [master MASTER] [up] type KIND ...`` in
    ONE request, in the socket's namespace (EEXIST: the name is taken; EOPNOTSUPP: no such type in
    this kernel)."""
    flag = IFF_UP if up else 0
    body = IFINFO.pack(socket.AF_UNSPEC, 0, 0, flag, flag) + nla_text(IFLA_IFNAME, name)
    if parent_index is not None:
        body += nla_u32(IFLA_LINK, parent_index)
    if mtu:
        body += nla_u32(IFLA_MTU, mtu)
    if mac:
        body += nla(IFLA_ADDRESS, mac_bytes(mac))
    if master_index is not None:
        body += nla_u32(IFLA_MASTER, master_index)
    body += _link_info(kind, encode_data(kind, options))
    ack_request(sock, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, body, seq)


def change_typed_link(sock, index, kind, options, seq=0x4C61):
    """``ip link set dev INDEX type KIND ...``: the options the kernel changes in place."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0) + _link_info(kind, encode_data(kind, options))
    ack_request(sock, RTM_NEWLINK, 0, body, seq)


def set_master(sock, index, master_index, seq=0x4C62):
    """``ip link set dev INDEX master MASTER`` (``nomaster``: master_index 0)."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0) + nla_u32(IFLA_MASTER, master_index)
    ack_request(sock, RTM_NEWLINK, 0, body, seq)


def typed_link_options(sock, index, kind, seq=0x4C63):
    """The options of link ``index`` (of type ``kind``) as decode_data gives them; DumpError(ENODEV)
    when the link is gone."""
    body = IFINFO.pack(socket.AF_UNSPEC, 0, index, 0, 0) + SKIP_STATS
    _kind, data, start, end = request_one(sock, RTM_GETLINK, body, seq)
    info = nested(nested(attributes(data, start + IFINFO.size, end).get(IFLA_LINKINFO)).get(IFLA_INFO_DATA))
    return decode_data(kind, info)


# -- through a session, by namespace ---------------------------------------------------------------------
def create_link(session, netns, name, kind, options, parent_index=None, mtu=None, mac=None, master_index=None,
                up=False):
    """create_typed_link on ``netns``'s socket; a kernel without the type is a BackendError naming
    the kernel module it needs."""
    try:
        create_typed_link(session.netlink_socket(netns), name, kind, options, parent_index=parent_index, mtu=mtu,
                          mac=mac, master_index=master_index, up=up)
    except DumpError as error:
        if error.errno != errno.EOPNOTSUPP:
            raise
        if options.get("vlan_filtering"):
            raise unsupported_filtering("create", name, netns, error)
        raise BackendError("create %s %s: this kernel has no %s link type (its module %s is not loaded or not"
                           " built)" % (kind, label(name, netns), kind, KERNEL_MODULES[kind]), errno=error.errno)


def unsupported_filtering(what, name, netns, error):
    return BackendError("%s bridge %s: this kernel refuses vlan_filtering (it is built without bridge VLAN"
                        " filtering)" % (what, label(name, netns)), errno=error.errno)


def change_link(session, netns, name, index, kind, options):
    try:
        change_typed_link(session.netlink_socket(netns), index, kind, options)
    except DumpError as error:
        if error.errno == errno.EOPNOTSUPP and "vlan_filtering" in options:
            raise unsupported_filtering("change", name, netns, error)
        raise


def change_master(session, netns, index, master_index):
    set_master(session.netlink_socket(netns), index, master_index)


def link_options(session, netns, index, kind):
    return typed_link_options(session.netlink_socket(netns), index, kind)
