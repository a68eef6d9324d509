# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a veth pair, written once: the veth module's (DOCUMENTATION) and those of each item of
the topology module's ``veths`` (TOPOLOGY). Their spec is VETH_SPEC (_kernel/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import resource_fragment

OPTIONS = r"""
name:
  description: Name of the first end (an interface name, at most 15 bytes).
  type: str
  required: true
peer:
  description: Name of the other end.
  type: str
  required: true
netns:
  description: Namespace of O(name). Omitted, the host's own namespace.
  type: str
peer_netns:
  description: Namespace of O(peer). Omitted, the host's own namespace.
  type: str
state:
  description:
    - C(present) creates or reconciles the pair.
    - C(absent) deletes the pair wherever its ends are among O(netns) and O(peer_netns). A device
      with one of the names that is not this pair is left alone. Already absent, or whose namespaces
      are gone, is not a change.
  type: str
  choices: [present, absent]
  default: present
mtu:
  description: MTU of both ends (68-65535). Omitted, left as it is (1500 on creation).
  type: int
mac:
  description: MAC address of O(name) (unicast). Omitted, left as it is (random on creation).
  type: str
peer_mac:
  description: MAC address of O(peer) (unicast). Omitted, left as it is (random on creation).
  type: str
up:
  description: Link state of both ends, V(true) up, V(false) down.
  type: bool
  default: true
force:
  description:
    - When a device that is not this pair holds O(name) in O(netns) or O(peer) in O(peer_netns)
      (another veth's end, a bridge, C(lo)...), delete it and create the pair.
    - Without it, such a device is an error and nothing is changed.
    - Deleting a device that is an end of another veth pair removes that pair's other end too.
      The kernel's own devices (C(lo)) cannot be deleted; the run then fails without changing anything.
  type: bool
  default: false
"""


ModuleDocFragment = resource_fragment(
    "veths", "veth pairs; each item takes the options of M(linuxnet.netns.veth).", OPTIONS)
