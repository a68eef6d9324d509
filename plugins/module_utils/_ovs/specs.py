# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the Open vSwitch objects (ovs_bridge, ovs_port), written once (see _core/specs.py).

``db`` (the OVSDB socket) says where to connect rather than what to build: it is a module-level
option (``OVSDB_SPEC``), not an option of a topology item.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import STATE
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import DEFAULT_DB

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
