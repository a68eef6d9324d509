"""Benchmark: one nftables read and one write, through ``nft -j`` (a process per call, what ns_nat
does) against libnftables' Python binding in process (Debian's python3-nftables), inside the
sandbox. Run with the system interpreter, where the binding is installed:

    tests/tools/sandbox -- /usr/bin/python3 bench/nft_calls.py [--calls 200]

The write is ns_nat's own batch (add, delete and add the table, its two chains, one masquerade and
one forward); each variant's write is checked by a read-back. Prints the median, 10th and 90th
percentile per call in milliseconds, the import of the binding and the load average.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, ".build", "collections"))

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nat_rules  # noqa: E402

TABLE = "linuxnet_bench"
RULES = {"masquerade": [{"source": "10.0.2.0/24", "out_interface": "lo"}],
         "forwards": [{"protocol": "tcp", "port": 8080, "to": "10.0.2.100", "to_port": 80, "in_interface": "lo"}]}
BATCH = {"nftables": nat_rules.table_batch(TABLE, RULES)}
LIST = {"nftables": [{"list": {"ruleset": None}}]}


def by_process_read():
    out = subprocess.run(["nft", "-j", "list", "ruleset"], stdout=subprocess.PIPE, check=True).stdout
    return json.loads(out)["nftables"]


def by_process_write():
    subprocess.run(["nft", "-j", "-f", "-"], input=json.dumps(BATCH).encode(), check=True)


def binding():
    started = time.perf_counter()
    import nftables  # pylint: disable=import-outside-toplevel
    imported = time.perf_counter() - started
    nft = nftables.Nftables()
    nft.set_json_output(True)

    def read():
        rc, out, err = nft.json_cmd(LIST)
        assert rc == 0, err
        return out["nftables"]

    def write():
        rc, _out, err = nft.json_cmd(BATCH)
        assert rc == 0, err
    return imported, read, write


def timed(func, calls):
    times = []
    for _ in range(calls):
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
    imported, lib_read, lib_write = binding()
    print("load average before: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    print("import nftables: %.1f ms" % (imported * 1000))
    for name, read, write in (("nft -j (a process per call)", by_process_read, by_process_write),
                              ("libnftables in process", lib_read, lib_write)):
        write()
        read_back(read())
        for what, func in (("read", read), ("write", write)):
            print("%-28s %-5s median %7.2f ms  p10 %7.2f  p90 %7.2f  (%d calls)" % ((name, what) + timed(func, calls)
                                                                                      + (calls,)))
        read_back(read())
    print("load average after: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
