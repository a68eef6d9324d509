# -*- coding: utf-8 -*-
"""Benchmark: N OVS ports added to one bridge, the collection's way against plain ovs-vsctl.

Run inside the sandbox (private OVS, userspace datapath), with the collection importable:

  tests/tools/sandbox --ovs -- env PYTHONPATH=$PWD/.build/collections \
      ANSIBLE_COLLECTIONS_PATH=$PWD/.build/collections .venv/bin/python bench/ovs_ports.py

Ports are ``internal`` ports (OVS makes the device; no veth needed). Every method starts from the
same empty netdev bridge, waits for ovs-vswitchd like ovs-vsctl does by default, and is repeated
(median reported). Measured in the same run:

  sequential   N ovs-vsctl processes, one add-port each (what a per-port loop costs)
  chained      ONE ovs-vsctl process, N add-port commands chained with -- (the reference)
  module path  the module's code: one read, N OvsPort plans, ONE transaction (in process)
  module no-op the same path when every port is already right (one read + N plans, no write)
  ansible ping ansible.builtin.ping, the fixed cost of any one ad hoc module call here
  ansible      one real module call (ansible localhost -m linuxnet.netns.ovs_port), with N ports
               already on the bridge: Ansible's fixed cost plus a read of the whole state
Stdlib only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import converge_many
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import OvsdbClient

BRIDGE = "bench0"
VSCTL = ["ovs-vsctl", "--timeout=600"]


def run(argv):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=900, check=False)
    if result.returncode != 0:
        raise SystemExit("%s failed: %s" % (argv[:6], result.stderr))
    return result.stdout


def runner(argv):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=900, check=False)
    return result.returncode, result.stdout, result.stderr


def names(count):
    return ["bp%d" % index for index in range(count)]


def fresh_bridge():
    run(VSCTL + ["--if-exists", "del-br", BRIDGE, "--", "add-br", BRIDGE, "--", "set", "Bridge", BRIDGE,
                 "datapath_type=netdev"])


def sequential(count):
    for name in names(count):
        run(VSCTL + ["add-port", BRIDGE, name, "--", "set", "Interface", name, "type=internal"])


def chained(count):
    argv = list(VSCTL)
    for name in names(count):
        argv += ["--", "add-port", BRIDGE, name, "--", "set", "Interface", name, "type=internal"]
    run(argv)


def module_path(count, check_mode=False):
    client = OvsdbClient(runner)
    resources = [OvsPort({"name": name, "bridge": BRIDGE, "type": "internal"}, client) for name in names(count)]
    outcomes = converge_many(client, resources, check_mode)
    return sum(1 for outcome in outcomes if outcome.changed)


def ansible_call(count, module="linuxnet.netns.ovs_port"):
    args = json.dumps({"bridge": BRIDGE, "name": "bp%d" % (count - 1), "type": "internal"})
    argv = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-c", "local", "-m", module]
    if module != "ansible.builtin.ping":
        argv += ["-a", args]
    env = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit("ansible failed: %s %s" % (result.stdout, result.stderr))


def timed(prepare, action, repeat):
    samples = []
    for _attempt in range(repeat):
        prepare()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def port_count():
    return len(run(VSCTL + ["list-ports", BRIDGE]).split())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sequential-repeat", type=int, default=1,
                        help="repeats of the slow one-process-per-port method (0: skip it)")
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args()
    count = options.ports

    def filled():
        fresh_bridge()
        chained(count)

    rows = []
    # chained and module path alternate, so both see the same machine load; each starts from an empty bridge
    pairs = {"chained": [], "module": []}
    for _attempt in range(options.repeat):
        pairs["chained"].append(timed(fresh_bridge, lambda: chained(count), 1)[0])
        assert port_count() == count
        pairs["module"].append(timed(fresh_bridge, lambda: module_path(count), 1)[0])
        assert port_count() == count
    rows.append(("chained: 1 ovs-vsctl, %d add-port" % count, statistics.median(pairs["chained"]),
                 pairs["chained"]))
    rows.append(("module path: 1 read + %d plans + 1 transaction" % count, statistics.median(pairs["module"]),
                 pairs["module"]))
    ratios = [module / chained_s for module, chained_s in zip(pairs["module"], pairs["chained"])]
    rows.append(("module path, all present (no-op)",)
                + timed(lambda: None, lambda: module_path(count), options.repeat))
    rows.append(("module path, check mode, all pending",)
                + timed(fresh_bridge, lambda: module_path(count, check_mode=True), options.repeat))
    client = OvsdbClient(runner)
    filled()
    rows.append(("read of the whole state (%d ports)" % count,) + timed(lambda: None, client.read, options.repeat))
    rows.append(("ansible -m ovs_port, 1 call, %d ports present" % count,)
                + timed(lambda: None, lambda: ansible_call(count), options.repeat))
    rows.append(("ansible -m ansible.builtin.ping (Ansible's own cost)",)
                + timed(lambda: None, lambda: ansible_call(count, "ansible.builtin.ping"), options.repeat))
    if options.sequential_repeat:
        rows.append(("sequential: %d ovs-vsctl add-port" % count,)
                    + timed(fresh_bridge, lambda: sequential(count), options.sequential_repeat))
        assert port_count() == count
    run(VSCTL + ["del-br", BRIDGE])

    reference = rows[0][1]
    print("%d internal ports on one netdev bridge; median of %d runs (sequential: %d)"
          % (count, options.repeat, options.sequential_repeat))
    print("module path / chained, per alternating pair: %s (median %.2f)"
          % (", ".join("%.2f" % ratio for ratio in ratios), statistics.median(ratios)))
    print("%-52s %10s %10s" % ("method", "seconds", "x chained"))
    for label, median, _samples in rows:
        print("%-52s %10.3f %10.2f" % (label, median, median / reference))
    if options.json:
        with open(options.json, "w") as handle:
            json.dump([{"method": label, "median_s": median, "samples_s": samples}
                       for label, median, samples in rows], handle, indent=2)


if __name__ == "__main__":
    main()
