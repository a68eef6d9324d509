#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: ns_qdisc
short_description: Shape or impair a link with its root qdisc (tbf, netem)
version_added: 0.2.0
description:
  - Sets, reconciles or removes the root queueing discipline of one link in a named network namespace
    or the host's own, through netlink (no C(tc) is run).
  - C(tbf) limits the link's rate; C(netem) adds delay, jitter, loss, duplication, reordering, corruption
    and a rate.
  - The qdisc is read from the kernel and compared in the kernel's own units and rounding, so a re-run
    changes nothing; a change replaces the root qdisc in one request (C(tc qdisc replace)).
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (to enter namespaces), on the managed host
  - for C(netem), the kernel module C(sch_netem)
notes:
  - A qdisc acts on what the link sends (egress). To impair both directions of a veth, give each end
    its own qdisc (docs/shaping.md).
  - A qdisc carries no owner mark (the kernel gives it no free attribute); see the topology module for
    how O(linuxnet.netns.topology#module:state=overridden) treats them.
  - Each change also returns the equivalent C(tc) argv under C(command).
seealso:
  - module: linuxnet.netns.veth
  - module: linuxnet.netns.topology
extends_documentation_fragment:
  - linuxnet.netns.ns_qdisc
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: Shape what blue sends to 4 Mbit/s
  linuxnet.netns.ns_qdisc:
    netns: blue
    dev: veth1
    kind: tbf
    rate: 4mbit
    burst: 32kb
    latency: 50ms

- name: A lossy, slow link from red (needs sch_netem)
  linuxnet.netns.ns_qdisc:
    netns: red
    dev: veth3
    kind: netem
    delay: 40ms
    jitter: 5ms
    loss: 1%

- name: Back to the kernel's default qdisc
  linuxnet.netns.ns_qdisc:
    netns: blue
    dev: veth1
    state: absent
"""

RETURN = r"""
ns_qdisc:
  description: The root qdisc after the run (what check mode predicts), in bit/s, bytes, µs and percent; null when default.
  returned: always
  type: dict
  contains:
    netns:
      description: The namespace; null is the host's own.
      type: str
    dev:
      description: The link.
      type: str
    kind:
      description: C(tbf) or C(netem) (or, in RV(before), another kind made by hand, with no other key).
      type: str
    rate:
      description: Rate in bit/s (netem, 0 is none).
      type: int
    burst:
      description: tbf bucket in bytes.
      type: int
    limit:
      description: Queue length, bytes (tbf) or packets (netem).
      type: int
    delay:
      description: netem delay in µs.
      type: int
    jitter:
      description: netem jitter in µs.
      type: int
    loss:
      description: netem loss in percent.
      type: float
    duplicate:
      description: netem duplication in percent.
      type: float
    reorder:
      description: netem reordering in percent.
      type: float
    corrupt:
      description: netem corruption in percent.
      type: float
  sample: {"netns": "blue", "dev": "veth1", "kind": "tbf", "rate": 4000000, "burst": 32768, "limit": 57768}
before:
  description: The root qdisc as found (same keys as RV(ns_qdisc)); null when it was the kernel's default.
  returned: always
  type: dict
after:
  description: Same as RV(ns_qdisc).
  returned: always
  type: dict
changes:
  description:
    - What was (or, in check mode, would be) done. Each item has C(action), C(kind), C(name), details and
      C(command), the equivalent C(tc) argv.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "set", "kind": "qdisc", "name": "veth1@blue", "rate": {"before": 4000000, "after": 8000000},
            "command": ["tc", "-n", "blue", "qdisc", "replace", "dev", "veth1", "root", "tbf", "rate", "8000000bit",
                        "burst", "32768", "limit", "82768"]}]
diff:
  description: RV(before) and RV(after) as structured data.
  returned: when diff mode is on
  type: dict
missing:
  description: In check mode, the object whose absence was assumed to be fixed by an earlier task.
  returned: when something needed was missing in check mode
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.qdisc import QdiscResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_QDISC_REQUIRED_IF, NS_QDISC_SPEC


def main():
    module = AnsibleModule(argument_spec=NS_QDISC_SPEC, required_if=NS_QDISC_REQUIRED_IF, supports_check_mode=True)
    run_resource_module(module, QdiscResource, netlink_backend, result_key="ns_qdisc")


if __name__ == "__main__":
    main()
