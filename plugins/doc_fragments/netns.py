# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a network namespace, written once: the netns module's (DOCUMENTATION) and those of
each item of the topology module's ``namespaces`` (TOPOLOGY). Their spec is NETNS_SPEC (_kernel/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import resource_fragment

OPTIONS = r"""
name:
  description:
    - Name of the namespace (letters, digits, C(_ . + -); not starting with C(.)).
  type: str
  required: true
state:
  description:
    - C(present) creates the namespace if needed and applies O(loopback) and O(sysctls).
    - C(absent) removes it. Every link inside dies with it (and the peer of each veth); they are
      reported in RV(changes). Already absent is not a change.
  type: str
  choices: [present, absent]
  default: present
loopback:
  description:
    - Bring the C(lo) device of the namespace up.
    - V(false) leaves the loopback device as it is.
  type: bool
  default: true
sysctls:
  description:
    - sysctls to set inside the namespace, as a dictionary of dotted keys and values, for example
      C(net.ipv4.ip_forward) set to C(1).
    - Only C(net.*) keys are accepted, the ones the kernel keeps per namespace. A key that does not
      exist inside the namespace is an error.
    - Values are compared as text with whitespace collapsed; booleans are C(1)/C(0).
  type: dict
"""


ModuleDocFragment = resource_fragment(
    "namespaces", "Network namespaces; each item takes the options of M(linuxnet.netns.netns).", OPTIONS)
