# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interface addresses: normalisation with ipaddress, and reading them from a netlink dump."""

import ipaddress
import socket

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import address_records

LINK_LOCAL_V6 = ipaddress.ip_network("fe80::/10")


def normalise_address(field, value):
    """``10.0.2.100/24`` form of an interface address; a bare address is a host address (/32, /128).

    Accepts ``10.0.2.100/255.255.255.0``. Rejects what cannot be a host's address: the network or
    broadcast address of its own prefix (``10.0.2.0/24``), multicast, unspecified, loopback.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "must be an address in CIDR form, e.g. 10.0.2.100/24")
    try:
        iface = ipaddress.ip_interface(value.strip())
    except ValueError as error:
        raise ValidationError(field, value, "is not an IPv4/IPv6 address with prefix (%s)" % error)
    address, network = iface.ip, iface.network
    if address.is_multicast or address.is_unspecified or address.is_loopback:
        raise ValidationError(field, value, "is not usable as an interface address")
    if network.prefixlen < network.max_prefixlen - 1:
        if address == network.network_address:
            raise ValidationError(field, value, "is the network address of %s, not a host address"
                                  % network)
        if address.version == 4 and address == network.broadcast_address:
            raise ValidationError(field, value, "is the broadcast address of %s, not a host address"
                                  % network)
    return iface.with_prefixlen


def is_link_local(cidr):
    iface = ipaddress.ip_interface(cidr)
    return iface.version == 6 and iface.ip in LINK_LOCAL_V6


def address_sort_key(cidr):
    """IPv4 before IPv6, then by address, then prefix, for a normalised ``address/prefix``.
    (inet_pton, not ipaddress: a re-run sorts every address of every namespace.)"""
    address, _slash, prefix = cidr.partition("/")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return (family == socket.AF_INET6, socket.inet_pton(family, address), int(prefix or 0))


def sort_addresses(cidrs):
    return sorted(set(cidrs), key=address_sort_key)


def dump_addresses(sock):
    """ifindex -> sorted list of CIDRs, for every address of the namespace."""
    by_index = {}
    for index, cidr in address_records(sock):
        by_index.setdefault(index, []).append(cidr)
    return dict((index, sort_addresses(cidrs)) for index, cidrs in by_index.items())
