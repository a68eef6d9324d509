#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ns_ping
short_description: Check reachability from inside a network namespace with ping
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Pings a list of addresses from inside a network namespace (or from the host's own namespace)
    and compares what answered with what is expected (reachable, or unreachable for isolation checks).
  - Fails, naming every source/target pair that differs from its expectation, unless
    O(fail_on_mismatch=false).
  - The namespace is entered with C(nsenter --net=/run/netns/NAME), which only joins the network
    namespace before running C(ping) (unlike C(ip netns exec), it does not remount C(/sys) or bind
    C(/etc/netns) files). The name is validated before it becomes part of that path, the command is
    an argument list (never a shell) and every target must be an IP address.
  - Targets are pinged in parallel (up to O(max_concurrent) at a time), so the run takes about one
    O(timeout) (times O(retries)+1 for silent targets expected reachable), not one per target.
  - A target may name its own source namespace, so one task checks a whole matrix of pairs.
  - A run that sent no echo request at all (an overloaded host where ping's deadline passed before
    its first request, or a ping that could not start) says nothing about reachability; it is
    retried after a pause that doubles from 0.5 s (at most 4 s), and if O(retries) more runs send
    nothing either, the target's result is V(not measured), with the reason. Such a target is
    never counted as reachable or as isolated, and never a mismatch; see O(fail_on_not_measured).
  - Read-only. In check mode the pings are sent too (they change nothing), so a C(--check) run
    reports real reachability. C(changed) is always V(false).
extends_documentation_fragment:
  - linuxnet.netns.attributes.INFO_MODULE
options:
  netns:
    description:
      - Network namespace to ping from (a name under C(/run/netns), as made by C(ip netns add) or
        M(linuxnet.netns.netns)).
      - Omit for the host's own network namespace.
      - When the namespace does not exist the module fails; in check mode it warns instead and
        reports the targets with result V(skipped) (an earlier task of the play would create it).
    type: str
  targets:
    description:
      - Addresses to ping (IPv4 or IPv6).
      - An item is an address, expected to be O(expect), or a dictionary with the keys C(address),
        C(expect) (V(reachable) or V(unreachable)) for a per-target expectation, and C(netns), the
        namespace to ping this target from instead of O(netns) (empty or null for the host's own).
      - A (source, address) pair may be listed once.
    type: list
    elements: raw
    required: true
  expect:
    description:
      - What is expected of targets that do not state their own C(expect).
    type: str
    choices: [reachable, unreachable]
    default: reachable
  count:
    description:
      - Echo requests sent to each target (C(ping -c)). A target is reachable when at least one is
        answered.
      - Between 1 and 100.
    type: int
    default: 3
  timeout:
    description:
      - Seconds one ping run of a target may take at most (C(ping -w)), also the wait for each
        reply (C(ping -W)).
      - Between 1 and 60, and longer than (O(count) - 1) * O(interval).
    type: int
    default: 2
  retries:
    description:
      - How many more runs a target that answered nothing gets before it is declared unreachable.
        Only for targets expected reachable (a silent target expected unreachable is not retried).
      - Also how many more runs a target gets whose run sent nothing, whatever is expected.
      - Between 0 and 10.
    type: int
    default: 1
  interval:
    description:
      - Seconds between echo requests (C(ping -i)); below 0.2 needs root.
      - Between 0.01 and 10.
    type: float
    default: 0.2
  size:
    description:
      - Payload bytes per echo request (C(ping -s)); ping's default (56) when omitted.
      - With O(dont_fragment), V(1472) checks that a 1500-byte MTU path works for IPv4.
      - Between 0 and 65507.
    type: int
  dont_fragment:
    description:
      - Set the Don't Fragment bit and forbid local fragmentation (C(ping -M do)), for MTU checks.
        A packet larger than the path MTU is then unreachable.
    type: bool
    default: false
  fail_on_mismatch:
    description:
      - Fail when any target differs from its expectation. With V(false), the module only reports
        them in RV(mismatches).
    type: bool
    default: true
  fail_on_not_measured:
    description:
      - Fail when any target is V(not measured) after its retries. With V(false) (the default) the
        module warns and lists them in RV(not_measured); a play goes on.
    type: bool
    default: false
  max_concurrent:
    description:
      - How many pings run at the same time on the managed host.
      - Between 1 and 32.
    type: int
    default: 8
requirements:
  - C(ping) from iputils on the managed host; C(nsenter) (util-linux) when O(netns) is set.
  - Root (or CAP_SYS_ADMIN) to enter a namespace.
notes:
  - Targets must be IP addresses, not host names (no name resolution inside the namespace).
seealso:
  - module: linuxnet.netns.netns_info
"""

EXAMPLES = r"""
- name: Red reaches blue (the seed's ip netns exec red ping 10.0.2.100)
  linuxnet.netns.ns_ping:
    netns: red
    targets:
      - 10.0.2.100

- name: Blue reaches its host end and cannot reach an isolated namespace
  linuxnet.netns.ns_ping:
    netns: blue
    targets:
      - 10.0.2.16
      - address: 10.0.2.101
        expect: unreachable

- name: A full 1500-byte frame crosses the path without fragmentation
  linuxnet.netns.ns_ping:
    netns: blue
    targets: [10.0.2.101]
    size: 1472
    dont_fragment: true

- name: Record reachability without failing
  linuxnet.netns.ns_ping:
    netns: red
    targets: [10.0.2.100, 10.0.2.22]
    fail_on_mismatch: false
  register: reach
"""

RETURN = r"""
results:
  description: One entry per target, in the order of O(targets).
  returned: always
  type: list
  elements: dict
  contains:
    source:
      description: The namespace the pings were sent from; V(null) for the host's own.
      type: str
      sample: red
    target:
      description: The address pinged (normalised).
      type: str
      sample: 10.0.2.100
    expected:
      description: V(reachable) or V(unreachable).
      type: str
      sample: reachable
    result:
      description: >-
        V(reachable) (at least one reply), V(unreachable), V(not measured) (no echo request went out,
        see RV(results[].reason)), or V(skipped) (check mode, namespace missing).
      type: str
      sample: reachable
    rtt_ms:
      description: Average round trip in milliseconds; V(null) without replies.
      type: float
      sample: 0.061
    loss_pct:
      description: Packet loss in percent of the last run.
      type: float
      sample: 0.0
    transmitted:
      description: Echo requests sent in the last run.
      type: int
      sample: 3
    received:
      description: Replies received in the last run.
      type: int
      sample: 3
    attempts:
      description: Runs made (1 + retries used).
      type: int
      sample: 1
    command:
      description: The argument list that was run.
      type: list
      elements: str
      sample: [nsenter, --net=/run/netns/red, --, ping, -4, -n, -c, "3", -i, "0.2", -W, "2", -w, "2", 10.0.2.100]
    error:
      description: What ping printed on error (for example C(connect, Network is unreachable)), when it did.
      type: str
      returned: when ping printed an error
    reason:
      description: Why nothing was measured (the last run sent no echo request, or ping could not run).
      type: str
      returned: when the result is V(not measured)
      sample: ping sent no echo request within its 2 s deadline (an overloaded host?)
mismatches:
  description: The entries of RV(results) whose result differs from what was expected (never a V(not measured) one).
  returned: always
  type: list
  elements: dict
  sample: []
not_measured:
  description: The entries of RV(results) whose result is V(not measured) (each with its C(reason)).
  returned: always
  type: list
  elements: dict
  sample: []
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import ping as _ping


def argument_spec():
    return dict(
        netns=dict(type="str"),
        targets=dict(type="list", elements="raw", required=True),
        expect=dict(type="str", choices=list(_ping.EXPECTATIONS), default="reachable"),
        count=dict(type="int", default=3),
        timeout=dict(type="int", default=2),
        retries=dict(type="int", default=1),
        interval=dict(type="float", default=0.2),
        size=dict(type="int"),
        dont_fragment=dict(type="bool", default=False),
        fail_on_mismatch=dict(type="bool", default=True),
        fail_on_not_measured=dict(type="bool", default=False),
        max_concurrent=dict(type="int", default=8),
    )


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    try:
        options = _ping.PingOptions(
            netns=params["netns"], count=params["count"], timeout=params["timeout"],
            retries=params["retries"], interval=params["interval"], size=params["size"],
            dont_fragment=params["dont_fragment"], max_concurrent=params["max_concurrent"])
        targets = _ping.normalise_targets(params["targets"], params["expect"])
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)

    ping_bin = module.get_bin_path("ping", required=True)
    sources = set(target.get("source", options.netns) for target in targets)
    nsenter_bin = module.get_bin_path("nsenter", required=True) if sources - {None} else "nsenter"

    def run(argv):
        return module.run_command(argv, expand_user_and_vars=False, environ_update={"LC_ALL": "C"})

    try:
        results, warnings = _ping.ping_or_skip(run, options, targets, module.check_mode, ping_bin, nsenter_bin)
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)
    for warning in warnings:
        module.warn(warning)

    found = _ping.mismatches(results)
    unmeasured = _ping.not_measured(results)
    result = {"changed": False, "results": results, "mismatches": found, "not_measured": unmeasured}
    if found and params["fail_on_mismatch"]:
        module.fail_json(msg=_ping.mismatch_message(found, len(results)), **result)
    if unmeasured:
        message = _ping.not_measured_message(unmeasured, len(results))
        if params["fail_on_not_measured"]:
            module.fail_json(msg=message, **result)
        module.warn(message)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
