# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of a link's root qdisc, written once: the ns_qdisc module's (DOCUMENTATION) and those of
each item of the topology module's ``qdiscs`` (TOPOLOGY). Their spec is NS_QDISC_SPEC (_kernel/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import topology_list


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  dev:
    description: The link whose root qdisc this is (a veth end, a vxlan link, any link of the namespace).
    type: str
    required: true
  netns:
    description: The namespace of O(dev). Omitted, the host's own namespace.
    type: str
  state:
    description:
      - C(present) makes the link's root qdisc the one described (replacing whatever root qdisc it had,
        in one request); C(absent) removes a root qdisc that is not the kernel's default, which then
        comes back. A link or namespace that does not exist is not a change for C(absent).
    type: str
    choices: [present, absent]
    default: present
  kind:
    description:
      - C(tbf) shapes to a rate (token bucket); C(netem) delays, drops, duplicates, reorders and corrupts.
      - Required when O(state=present).
    type: str
    choices: [tbf, netem]
  rate:
    description:
      - The rate, in bit/s as a number or with a unit as C(tc) writes it (C(10mbit), C(1.5gbit), C(100kbps),
        C(512kibit)). The kernel keeps bytes per second, so a rate is a multiple of 8 bit/s.
      - Required for C(tbf); for C(netem) optional (omitted or 0, no rate limit).
    type: raw
  burst:
    description:
      - C(tbf) only, required. The bucket size, in bytes as a number or with a unit (C(32kb), C(1m), C(1500)).
        At least the link's MTU, or full-size packets never pass.
      - The kernel keeps the burst as the time it takes at O(rate) (in 64 ns ticks), so at high rates a
        few bytes more or less are the same burst; the module reports the smallest byte count of that time.
    type: raw
  latency:
    description:
      - C(tbf) only. How long a packet may wait; the module turns it into O(limit) as C(tc) does
        (rate × latency + burst). Give O(latency) or O(limit), not both.
      - A time in µs as a number or with a unit (C(50ms), C(1s), C(250us)).
    type: raw
  limit:
    description:
      - For C(tbf), the queue length in bytes (C(64kb)); give O(latency) or O(limit), not both.
      - For C(netem), the queue length in packets; default 1000.
    type: raw
  delay:
    description: C(netem) only. The delay of every packet, a time (C(20ms)); default none.
    type: raw
  jitter:
    description: C(netem) only. Random variation of O(delay), a time (C(5ms)); default none.
    type: raw
  loss:
    description: C(netem) only. Share of packets dropped, a percentage 0 to 100 (C(1%), C(0.5)).
    type: raw
  duplicate:
    description: C(netem) only. Share of packets sent twice, a percentage.
    type: raw
  reorder:
    description:
      - C(netem) only. Share of packets sent at once while the others wait O(delay), a percentage;
        needs O(delay).
    type: raw
  corrupt:
    description: C(netem) only. Share of packets with one bit flipped, a percentage.
    type: raw
"""


# The topology module's ``qdiscs``: the same options, as the sub-options of each item.
ModuleDocFragment.TOPOLOGY = topology_list(
    "qdiscs", [
        "Root qdiscs (tbf shaping, netem impairment) of links; each item takes the options of"
        " M(linuxnet.netns.ns_qdisc).",
        "A qdisc is set after its link exists (a veth end or vxlan link made by the same run).",
    ],
    ModuleDocFragment.DOCUMENTATION)
