# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routes: destination/gateway normalisation, reading unicast routes from a netlink dump, and
adding, replacing or deleting one through a NetlinkSession."""

import ipaddress
import socket

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_int, validate_ip
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import write
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import route_oif, route_records
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import link_index

MAIN_TABLE = 254
LOCAL_TABLE = 255
RTN_UNICAST = 1
DEFAULT_METRIC = {4: 0, 6: 1024}  # what the kernel stores when no metric is given
TABLE_MAX = 0xFFFFFFFF


def normalise_gateway(field, value):
    """None or an IPv4/IPv6 address as text."""
    return validate_ip(field, None if value == "" else value, unicast=True)


def normalise_dest(field, value, gateway=None):
    """``10.1.0.0/16`` form; ``default`` is 0.0.0.0/0 (or ::/0 with an IPv6 gateway).

    A bare address is a host route (/32, /128). Host bits set under the prefix are rejected:
    the kernel would refuse them and they usually hide a typo.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "must be a CIDR destination or 'default'")
    text = value.strip()
    if text == "default":
        version = ipaddress.ip_address(gateway).version if gateway else 4
        return "0.0.0.0/0" if version == 4 else "::/0"
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError as error:
        raise ValidationError(field, value, "is not a CIDR destination (%s)" % error)
    if "/" in text and network.network_address != ipaddress.ip_interface(text).ip:
        raise ValidationError(field, value, "has host bits set; the network is %s" % network)
    return network.with_prefixlen


def validate_table(field, value):
    value = validate_int(field, value, 1, TABLE_MAX, default=MAIN_TABLE)
    if value == LOCAL_TABLE:
        raise ValidationError(field, value, "is the kernel's local table; it is not managed here")
    return value


def validate_metric(field, value, version):
    return validate_int(field, value, 0, 0xFFFFFFFF, default=DEFAULT_METRIC[version])


def dest_version(dest):
    return ipaddress.ip_network(dest).version


def route_record(raw, names):
    """Plain data of one route as dump.route_records reads it; ``names`` maps ifindex -> ifname."""
    dst = raw["dst"]
    if dst is None:
        dst = "0.0.0.0" if raw["family"] == socket.AF_INET else "::"
    dest = ipaddress.ip_network("%s/%s" % (dst, raw["dst_len"]), strict=False).with_prefixlen
    return {
        "dest": dest,
        "gateway": raw["gateway"],
        "dev": names.get(raw["oif"]) if raw["oif"] is not None else None,
        "metric": raw["priority"] if raw["priority"] is not None else 0,
        "table": raw["rta_table"] or raw["table"],
        "protocol": raw["proto"],
        "scope": raw["scope"],
    }


def dump_routes(sock, names):
    """Unicast routes of every table but the kernel's local one, read straight from the socket
    (pyroute2's decoding took 15 ms per namespace: netns_info over 300 namespaces spent 4.4 s in it)."""
    routes = []
    for raw in route_records(sock):
        if raw["type"] != RTN_UNICAST:
            continue
        record = route_record(raw, names)
        if record["table"] == LOCAL_TABLE:
            continue
        routes.append(record)
    return routes


def route_key(route):
    """What identifies a route here: destination, table and metric."""
    return (route["dest"], route["table"], route["metric"])


def change_route(session, netns, request, dest, table, metric, gateway=None, dev=None):
    """``ip route add|replace|del DEST [via GATEWAY] [dev DEV] metric METRIC table TABLE`` in
    ``netns`` (``request``: add, replace or del; ``dest`` a normalised CIDR). MissingObjectError
    when ``dev`` does not exist."""
    oif = link_index(session, netns, dev) if dev is not None else None
    write.change_route(session.netlink_socket(netns), request, dest, table, metric, gateway=gateway, oif=oif)


def route_device(session, netns, address):
    """The ifindex of the device ``netns`` sends a packet to ``address`` through (``ip route get``),
    or None when it has no route there."""
    return route_oif(session.netlink_socket(netns), address)
