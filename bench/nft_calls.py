"""Benchmark: one nftables read and one write per call, three ways, inside the sandbox: ``nft -j``
(a process per call), libnftables through ctypes in process (what ns_nat does,
``_kernel/nft.py``), and Debian's python3-nftables binding (the same library through its own
ctypes wrapper; measured when it can be imported, so run it with the system interpreter):

    make collection-link && tests/tools/sandbox -- /usr/bin/python3 bench/nft_calls.py [--calls 200]

The write is ns_nat's own batch (add, delete and add the table, its two chains, one masquerade and
one forward); each variant's write is checked by a read-back. Prints the median, 10th and 90th
percentile per call in milliseconds and the load average.
"""

import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, ".build", "collections"))

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nat_rules, nft  # noqa: E402

TABLE = "linuxnet_bench"
RULES = {"masquerade": [{"source": "10.0.2.0/24", "out_interface": "lo"}],
         "forwards": [{"protocol": "tcp", "port": 8080, "to": "10.0.2.100", "to_port": 80, "in_interface": "lo"}]}
BATCH = json.dumps({"nftables": nat_rules.table_batch(TABLE, RULES)})


def through_module(use_library):
    """read and write through _kernel/nft.py, with or without libnftables."""
    def call(text):
        nft._loaded.clear()  # pylint: disable=protected-access
        if not use_library:
            nft._loaded["lib"] = None  # pylint: disable=protected-access
        rc, out, err = nft.run_text(text)
        assert rc == 0, err
        return out

    return (lambda: json.loads(call(nft.LIST_RULESET))["nftables"]), (lambda: call(BATCH))


def through_binding():
    try:
        import nftables  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    handle = nftables.Nftables()
    handle.set_json_output(True)

    def call(text):
        rc, out, err = handle.cmd(text)
        assert rc == 0, err
        return out
    return (lambda: json.loads(call(nft.LIST_RULESET))["nftables"]), (lambda: call(BATCH))


def timed(func, calls):
    times = []
    for _call in range(calls):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[calls // 10], times[9 * calls // 10]


def read_back(objects):
    found = nat_rules.read_table([entry for entry in objects if "metainfo" not in entry], TABLE)
    assert found == dict(RULES, unrecognised=[]), found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    calls = parser.parse_args().calls
    variants = [("nft -j (a process per call)", through_module(False)),
                ("libnftables, ctypes (ns_nat)", through_module(True)),
                ("python3-nftables binding", through_binding())]
    print("load average before: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    for name, calls_of in variants:
        if calls_of is None:
            print("%-30s not importable by %s" % (name, sys.executable))
            continue
        read, write = calls_of
        write()
        read_back(read())
        for what, func in (("read", read), ("write", write)):
            median, low, high = timed(func, calls)
            print("%-30s %-5s median %7.2f ms  p10 %7.2f  p90 %7.2f  (%d calls)" % (name, what, median, low, high, calls))
        read_back(read())
    print("load average after: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
