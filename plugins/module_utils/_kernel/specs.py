# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the kernel objects (netns, veth, vxlan, ns_addr, ns_route, ns_qdisc), written once (see _core/specs.py)."""

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

NS_LINK_SPEC = dict(
    name=dict(type="str", required=True),
    kind=dict(type="str", choices=["macvlan", "ipvlan", "vlan", "bridge", "dummy"]),
    netns=dict(type="str"),
    parent=dict(type="str"),
    mode=dict(type="str"),
    vlan_id=dict(type="int"),
    vlan_protocol=dict(type="str", choices=["802.1Q", "802.1ad"]),
    stp=dict(type="bool"),
    vlan_filtering=dict(type="bool"),
    ports=dict(type="list", elements="str"),
    master=dict(type="str"),
    mtu=dict(type="int"),
    mac=dict(type="str"),
    up=dict(type="bool", default=True),
    force=dict(type="bool", default=False),
    state=STATE,
)
NS_LINK_REQUIRED_IF = [("state", "present", ("kind",))]

NS_DEVICE_SPEC = dict(
    name=dict(type="str", required=True),
    netns=dict(type="str"),
    from_netns=dict(type="str"),
    force=dict(type="bool", default=False),
    wait=dict(type="int", default=5),
)
# Quantities are ``raw``: a number in the base unit or text with a unit (``10mbit``, ``20ms``, ``1%``),
# parsed strictly by _core/units.py (type str would turn 10 into "10" with a conversion warning).
NS_QDISC_SPEC = dict(
    dev=dict(type="str", required=True),
    netns=dict(type="str"),
    kind=dict(type="str", choices=["tbf", "netem"]),
    rate=dict(type="raw"),
    burst=dict(type="raw"),
    limit=dict(type="raw"),
    latency=dict(type="raw"),
    delay=dict(type="raw"),
    jitter=dict(type="raw"),
    loss=dict(type="raw"),
    duplicate=dict(type="raw"),
    reorder=dict(type="raw"),
    corrupt=dict(type="raw"),
    state=STATE,
)
NS_QDISC_REQUIRED_IF = [("state", "present", ("kind",))]

NS_NAT_SPEC = dict(
    netns=dict(type="str"),
    masquerade=dict(type="list", elements="dict", options=dict(
        source=dict(type="str", required=True),
        out_interface=dict(type="str", required=True),
    )),
    forwards=dict(type="list", elements="dict", options=dict(
        protocol=dict(type="str", default="tcp", choices=["tcp", "udp"]),
        port=dict(type="raw", required=True),
        to=dict(type="str", required=True),
        to_port=dict(type="int"),
        in_interface=dict(type="str"),
    )),
    forwarding=dict(type="bool", default=True),
    state=STATE,
)
# The single module names its owner; in the topology module the owner is the module's own.
NS_NAT_OWNER_SPEC = dict(owner=dict(type="str", default="linuxnet"))

NS_COMMAND_SPEC = dict(
    netns=dict(type="str", required=True),
    # raw, not a list: a string must reach the check that refuses it, not be split on commas
    argv=dict(type="raw", required=True),
    creates=dict(type="path"),
    removes=dict(type="path"),
    chdir=dict(type="path"),
)
