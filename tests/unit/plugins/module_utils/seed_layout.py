# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two_bridge role's defaults (roles/two_bridge/defaults/main.yml): the seed's layout, for the
tests of the plan and of what the topology module makes of it."""

SEED_NAMESPACES = [
    {"name": "blue", "veth": "veth0", "peer": "veth1", "address": "10.0.2.100/24", "host_address": "10.0.2.16/24",
     "bridge": "br0"},
    {"name": "red", "veth": "veth2", "peer": "veth3", "address": "10.0.2.101/24", "host_address": "10.0.2.17/24",
     "bridge": "br1"},
]
SEED_BRIDGES = [{"name": "br0", "address": None}, {"name": "br1", "address": "10.0.2.22/24"}]
SEED_LINK = {"name": "veth7", "peer": "veth8", "bridge": "br0", "peer_bridge": "br1", "address": "10.0.2.181/24",
             "peer_address": "10.0.2.182/24"}
