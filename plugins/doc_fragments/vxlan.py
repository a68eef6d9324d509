# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a kernel VXLAN link, written once: the vxlan module's (DOCUMENTATION) and those of each
item of the topology module's ``vxlans`` (TOPOLOGY). Their spec is the one the vxlan module hands to
AnsibleModule."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import resource_fragment

OPTIONS = r"""
name:
  description: Name of the link (an interface name, at most 15 bytes).
  type: str
  required: true
netns:
  description: Namespace of the link. Omitted, the host's own namespace.
  type: str
vni:
  description: VXLAN network identifier (0-16777215). Required with O(state=present).
  type: int
dstport:
  description: UDP destination port (1-65535).
  type: int
  default: 4789
local:
  description: Local underlay address (source of the tunnel packets). Omitted, left as it is (any, on creation).
  type: str
device:
  description: Underlay device the tunnel packets leave through. Omitted, left as it is (chosen by routing, on creation).
  type: str
learning:
  description: Whether the link learns the remote endpoint of each inner MAC address.
  type: bool
  default: true
remotes:
  description:
    - Underlay addresses of the other endpoints (the flood list), of the same family as O(local).
      Entries not listed are removed. Omitted or empty, the link has no remote.
  type: list
  elements: str
mtu:
  description: MTU (68-65535). Omitted, left as it is (on creation the kernel picks the underlay MTU minus the overhead, 1450 for IPv4 over 1500).
  type: int
up:
  description: Link state, V(true) up, V(false) down.
  type: bool
  default: true
force:
  description:
    - When a device that is not a vxlan link holds O(name) in O(netns), delete it and create the link.
    - Without it, such a device is an error and nothing is changed.
  type: bool
  default: false
state:
  description:
    - C(present) creates or reconciles the link.
    - C(absent) deletes the vxlan link O(name); a device of another kind with that name is left alone.
  type: str
  choices: [present, absent]
  default: present
"""


ModuleDocFragment = resource_fragment("vxlans", [
    "Kernel VXLAN links with their flood lists; each item takes the options of M(linuxnet.netns.vxlan).",
    "A link is made after the namespace it is in and its underlay O(linuxnet.netns.vxlan#module:device),"
    " and before what uses it (an item of O(ports) of its name, its O(addresses)).",
], OPTIONS)
