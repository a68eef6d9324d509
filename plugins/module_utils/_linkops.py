# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes to links through a NetlinkSession: look up, set attributes, move, delete.

Each function names the link by namespace and ifname and looks its ifindex up right before the
request, so a plan computed from a dump stays valid after earlier steps moved things around.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.linuxnet.netns.plugins.module_utils._errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import NetnsFd, label


def link_index(session, netns, ifname, required=True):
    found = session.ipr(netns).link_lookup(ifname=ifname)
    if found:
        return found[0]
    if required:
        raise MissingObjectError("device", label(ifname, netns))
    return None


def set_link(session, netns, ifname, **attrs):
    """``attrs``: pyroute2 link attributes (mtu=, address=, state='up'|'down')."""
    session.ipr(netns).link("set", index=link_index(session, netns, ifname), **attrs)


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
    peer_spec = {"ifname": peer}
    request = {"ifname": name, "kind": "veth", "peer": peer_spec}
    if mtu:
        request["mtu"] = mtu
        peer_spec["mtu"] = mtu
    if mac:
        request["address"] = mac
    if peer_mac:
        peer_spec["address"] = peer_mac
    if peer_netns == netns:
        session.ipr(netns).link("add", **request)
        return
    with NetnsFd(peer_netns) as fd:
        peer_spec["net_ns_fd"] = fd
        session.ipr(netns).link("add", **request)
