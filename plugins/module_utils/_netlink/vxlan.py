# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VXLAN links through a NetlinkSession: their attributes, creation, learning, flood list.

The flood list is the set of all-zero FDB entries of the link (``bridge fdb append 00:00:00:00:00:00
dev NAME dst REMOTE``): broadcast and unknown unicast frames go once to each destination.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import write
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import fdb_records, vxlan_attributes
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import link_index

FLOOD_MAC = "00:00:00:00:00:00"


def read_vxlan(session, netns, index):
    """``vni``, ``dstport``, ``local`` (text), ``device_index`` and ``learning`` of link ``index``."""
    return vxlan_attributes(session.netlink_socket(netns), index)


def flood_remotes(session, netns, index):
    """The destinations (text, unsorted, each once) of the all-zero FDB entries of link ``index``."""
    return set(dst for lladdr, dst in fdb_records(session.netlink_socket(netns), index)
               if lladdr == FLOOD_MAC and dst)


def create_vxlan(session, netns, name, vni, dstport, learning, local=None, device_index=None, mtu=None):
    """``ip link add NAME type vxlan id VNI dstport PORT [local ADDR] [dev DEVICE] [no]learning``."""
    write.create_vxlan(session.netlink_socket(netns), name, vni, dstport, learning, local=local,
                       device_index=device_index, mtu=mtu)


def set_learning(session, netns, name, learning):
    """``ip link set NAME type vxlan [no]learning``."""
    write.set_vxlan_learning(session.netlink_socket(netns), link_index(session, netns, name), learning)


def change_flood_remote(session, netns, name, add, remote):
    """``bridge fdb append|del 00:00:00:00:00:00 dev NAME dst REMOTE``."""
    write.change_fdb(session.netlink_socket(netns), add, link_index(session, netns, name), FLOOD_MAC, remote)
