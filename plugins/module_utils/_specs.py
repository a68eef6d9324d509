# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the resources, written once.

Each single module (netns, veth, ns_addr, ns_route, ovs_bridge, ovs_port) uses its spec as its
argument_spec, and the topology module uses the SAME dicts as the ``options`` of its list items,
so an item of ``veths`` takes exactly the options of the veth module. Options that say where to
connect rather than what to build (``db``, the OVSDB socket) are module-level: ``OVSDB_SPEC``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.linuxnet.netns.plugins.module_utils._ovsdb import DEFAULT_DB

STATE = dict(type="str", default="present", choices=["present", "absent"])

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

OVS_BRIDGE_SPEC = dict(
    name=dict(type="str", required=True),
    state=STATE,
    datapath_type=dict(type="str", choices=["system", "netdev"]),
    fail_mode=dict(type="str", choices=["standalone", "secure"]),
    stp=dict(type="bool"),
    protocols=dict(type="list", elements="str"),
    external_ids=dict(type="dict"),
    purge_external_ids=dict(type="bool", default=False),
    other_config=dict(type="dict"),
    purge_other_config=dict(type="bool", default=False),
    controller=dict(type="list", elements="str"),
    mtu=dict(type="int"),
)

OVS_PORT_SPEC = dict(
    bridge=dict(type="str"),
    name=dict(type="str", required=True),
    state=STATE,
    type=dict(type="str", choices=["system", "internal", "patch", "vxlan", "gre", "geneve"]),
    options=dict(type="dict"),
    tag=dict(type="int"),
    trunks=dict(type="list", elements="int"),
    vlan_mode=dict(type="str", choices=["access", "trunk", "native-tagged", "native-untagged"]),
    protected=dict(type="bool"),
    external_ids=dict(type="dict"),
    purge_external_ids=dict(type="bool", default=False),
    other_config=dict(type="dict"),
    purge_other_config=dict(type="bool", default=False),
    mtu_request=dict(type="int"),
    ofport_request=dict(type="int"),
)
OVS_PORT_REQUIRED_IF = [("state", "present", ("bridge",))]

OVSDB_SPEC = dict(
    db=dict(type="str", default=DEFAULT_DB),
)


def with_connection(spec, connection):
    """A module's full argument_spec: the resource spec plus its connection options."""
    merged = dict(spec)
    merged.update(connection)
    return merged
