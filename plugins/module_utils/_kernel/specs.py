# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the kernel objects (netns, veth, vxlan, ns_addr, ns_route), written once (see _core/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import STATE

NETNS_SPEC = dict(
    name=dict(type="str", required=True),
    state=STATE,
    loopback=dict(type="bool", default=True),
    sysctls=dict(type="dict"),
)

VETH_SPEC = dict(
    name=dict(type="str", required=True),
    peer=dict(type="str", required=True),
    netns=dict(type="str"),
    peer_netns=dict(type="str"),
    mtu=dict(type="int"),
    mac=dict(type="str"),
    peer_mac=dict(type="str"),
    up=dict(type="bool", default=True),
    force=dict(type="bool", default=False),
    state=STATE,
)

VXLAN_SPEC = dict(
    name=dict(type="str", required=True),
    netns=dict(type="str"),
    vni=dict(type="int"),
    dstport=dict(type="int", default=4789),
    local=dict(type="str"),
    device=dict(type="str"),
    learning=dict(type="bool", default=True),
    remotes=dict(type="list", elements="str"),
    mtu=dict(type="int"),
    up=dict(type="bool", default=True),
    force=dict(type="bool", default=False),
    state=STATE,
)
VXLAN_REQUIRED_IF = [("state", "present", ("vni",))]

NS_ADDR_SPEC = dict(
    dev=dict(type="str", required=True),
    netns=dict(type="str"),
    address=dict(type="list", elements="str", default=[]),
    purge=dict(type="bool", default=False),
    up=dict(type="bool", default=True),
    state=STATE,
)

NS_ROUTE_SPEC = dict(
    netns=dict(type="str"),
    dest=dict(type="str", required=True),
    gateway=dict(type="str"),
    dev=dict(type="str"),
    metric=dict(type="int"),
    table=dict(type="int"),
    state=STATE,
)

NS_COMMAND_SPEC = dict(
    netns=dict(type="str", required=True),
    # raw, not a list: a string must reach the check that refuses it, not be split on commas
    argv=dict(type="raw", required=True),
    creates=dict(type="path"),
    removes=dict(type="path"),
    chdir=dict(type="path"),
)
