"""Benchmark: the topology module against a hand-batched script, the seed's one-process-per-step
style and the single modules in loops. Runs each round inside ``tests/tools/sandbox --ovs`` (a throwaway
machine with its own network namespace and OVS): nothing touches the machine's own network.

    python bench/run.py [--sizes 100,500,1000] [--single-sizes 100] [--rounds 3] [--out bench/results]

Each round of each size runs in a sandbox of its own (made afresh), the hand-batched script and the
module side by side in it; the table gives each column's median over the rounds and its spread.

Prints a table and writes ``results.json`` and ``bench.svg`` (``bench.png`` instead when matplotlib
is installed) under ``--out``.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import scenario  # noqa: E402  (bench/ is not a package)
import plot  # noqa: E402

INSIDE = "_LINUXNET_BENCH_INSIDE"
SETTLE_TIMEOUT = 120.0


def reexec_in_sandbox(argv, script=__file__):
    """Run ``script`` (this file unless given) again inside the sandbox."""
    env = dict(os.environ, **{INSIDE: "1"})
    command = [os.path.join(ROOT, "tests", "tools", "sandbox"), "--ovs", "--", sys.executable,
               os.path.abspath(script)] + argv
    return subprocess.call(command, env=env)


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def timed(func, *args):
    started = time.monotonic()
    value = func(*args)
    return time.monotonic() - started, value


# ovs-vswitchd of the sandbox (tests/tools/sandbox --ovs), on the userspace datapath this machine has
OVS_PIDFILE = "/var/run/openvswitch/ovs-vswitchd.pid"
QUIET_WINDOW = 2.0   # seconds ovs-vswitchd must stay idle...
QUIET_CPU = 0.04     # ...using at most this many CPU-seconds in them
QUIET_TIMEOUT = 60.0


def ovs_cpu_seconds():
    with open(OVS_PIDFILE) as handle:
        pid = handle.read().strip()
    with open("/proc/%s/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))  # utime + stime


def wait_quiet():
    """Wait (bounded) until ovs-vswitchd has been idle for QUIET_WINDOW; the seconds waited.

    On the userspace datapath, ovs-vswitchd spends seconds of CPU after 500 ports appear (their
    links' first IPv6 packets are flooded to every port in user space): on a 2-core machine that
    would slow down whatever is timed next, the re-run in particular. Each variant starts quiet."""
    started = time.monotonic()
    while time.monotonic() - started < QUIET_TIMEOUT:
        before = ovs_cpu_seconds()
        time.sleep(QUIET_WINDOW)
        if ovs_cpu_seconds() - before <= QUIET_CPU:
            break
    return time.monotonic() - started


def quiet_timed(func, *args):
    """timed(), started when ovs-vswitchd is quiet (wait_quiet)."""
    wait_quiet()
    return timed(func, *args)


# -- state handling ----------------------------------------------------------------------------
def host_bench_links():
    out = run(["ip", "-o", "link", "show"]).stdout.decode()
    return sum(1 for line in out.splitlines() if ": bh" in line)


def ip_batch_netns(verb, names):
    """One ``ip -batch`` with a ``netns VERB NAME`` line per name."""
    if names:
        run(["ip", "-batch", "-"], input="".join("netns %s %s\n" % (verb, name) for name in names).encode())


def wait_host_ends_gone(poll=0.2):
    """Wait (bounded) until the kernel has removed every host end of the benchmark's veths."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while host_bench_links() and time.monotonic() < deadline:
        time.sleep(poll)
    if host_bench_links():
        raise SystemExit("the kernel did not remove the host ends within %ss" % SETTLE_TIMEOUT)


def reset():
    """Remove everything of a previous variant and wait until the kernel has finished."""
    run(["ovs-vsctl", "--if-exists", "del-br", scenario.BRIDGE])
    ip_batch_netns("delete", os.listdir("/run/netns"))
    wait_host_ends_gone()


def verify(n):
    """The state every variant must leave: N namespaces, links, addresses, ports."""
    namespaces = [name for name in os.listdir("/run/netns") if name.startswith("bns")]
    ports = run(["ovs-vsctl", "list-ports", scenario.BRIDGE]).stdout.decode().split()
    problems = []
    if len(namespaces) != n:
        problems.append("%d namespaces" % len(namespaces))
    if len(ports) != n:
        problems.append("%d ports" % len(ports))
    addrs = json.loads(run(["ip", "-j", "addr", "show"]).stdout.decode())
    host_addrs = sum(1 for link in addrs if link["ifname"].startswith("bh")
                     for a in link.get("addr_info", []) if a["family"] == "inet")
    if host_addrs != n:
        problems.append("%d host addresses" % host_addrs)
    for i in (0, n - 1):
        ns, _h, p, _ha, pa = scenario.names(i)
        inner = json.loads(run(["ip", "-n", ns, "-j", "addr", "show"]).stdout.decode())
        by_name = dict((link["ifname"], link) for link in inner)
        if "UP" not in by_name["lo"]["flags"] or "UP" not in by_name[p]["flags"]:
            problems.append("%s: lo or %s down" % (ns, p))
        if pa.split("/")[0] not in [a["local"] for a in by_name[p].get("addr_info", [])]:
            problems.append("%s: no %s" % (ns, pa))
    if problems:
        raise SystemExit("variant left a different state: %s" % ", ".join(problems))


def verify_deleted():
    """After ``state: deleted`` with the owner: no benchmark namespace, bridge or host end is left."""
    namespaces = [name for name in os.listdir("/run/netns") if name.startswith("bns")]
    bridges = run(["ovs-vsctl", "list-br"]).stdout.decode().split()
    if namespaces or scenario.BRIDGE in bridges or host_bench_links():
        raise SystemExit("delete left %d namespaces, bridge %s, %d host ends"
                         % (len(namespaces), scenario.BRIDGE in bridges, host_bench_links()))


# -- variants ----------------------------------------------------------------------------------
def hand_batched(n, tmp):
    host, per_ns, ovs = scenario.hand_batched(n)
    path = os.path.join(tmp, "host.batch")
    with open(path, "w") as handle:
        handle.write(host)
    run(["ip", "-batch", path])
    for ns, text in per_ns.items():
        run(["ip", "-n", ns, "-batch", "-"], input=text.encode())
    run(ovs)


def seed_style(n):
    for argv in scenario.seed_style(n):
        run(argv)


def ansible_env():
    collections = os.path.join(ROOT, ".build", "collections")
    # pipelining: the module is sent over stdin instead of a file (fair to every ansible variant)
    return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_PIPELINING="true",
                ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_LOCALHOST_WARNING="false",
                ANSIBLE_INVENTORY_UNPARSED_WARNING="false")


def playbook(plays, tmp, name):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as handle:
        json.dump(plays, handle)
    binary = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    started = children_cpu()
    proc = subprocess.run([binary, "-i", "localhost,", "-c", "local", "-e",
                           "ansible_python_interpreter=%s" % sys.executable, path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ansible_env(), check=False)
    LAST_PLAYBOOK_CPU[0] = children_cpu() - started
    if proc.returncode != 0:
        raise SystemExit("ansible-playbook %s failed:\n%s\n%s"
                         % (name, proc.stdout.decode()[-4000:], proc.stderr.decode()[-2000:]))
    return proc.stdout.decode()


LAST_PLAYBOOK_CPU = [0.0]  # CPU-seconds of the last playbook() and all it started (module included)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def controller_cpu(result):
    """CPU-seconds of the last topology playbook that were not the module's own process: what the
    controller (ansible-playbook, its worker, the payload's build) spent on the task."""
    return LAST_PLAYBOOK_CPU[0] - result["stats"]["cpu_seconds"]


def report(output):
    """The BENCH line of the playbook's report task (see scenario.REPORT)."""
    for line in output.splitlines():
        line = line.strip()
        if line.startswith('"msg": "BENCH '):
            return json.loads(json.loads(line[len('"msg": '):])[len("BENCH "):])
    raise SystemExit("no BENCH line in the playbook output:\n%s" % output[-3000:])


def topology(n, tmp, state="merged", inline=False):
    src = None if inline else os.path.join(tmp, "topology-%d.json" % n)
    name = "topology-%s-%s-%d" % (state, "inline" if inline else "src", n)
    return report(playbook(scenario.topology_playbook(n, state, src), tmp, name))


def ansible_floor(tmp):
    return report(playbook(scenario.ansible_floor_playbook(), tmp, "ansible-floor"))


def empty_play(tmp):
    playbook(scenario.empty_playbook(), tmp, "empty-play")


def topology_call(tmp):
    return report(playbook(scenario.topology_call_playbook(), tmp, "topology-call"))


def single_modules(n, tmp):
    playbook(scenario.single_modules_playbook(n), tmp, "single-%d" % n)


# -- driver ------------------------------------------------------------------------------------
def measure(n, with_single, tmp, skip=()):
    row = {"n": n}
    reset()
    row["hand_batched"] = quiet_timed(hand_batched, n, tmp)[0]
    verify(n)
    reset()
    if "seed" not in skip:
        row["seed_style"] = quiet_timed(seed_style, n)[0]
        verify(n)
        reset()
    row["empty_play"] = quiet_timed(empty_play, tmp)[0]
    row["ansible_floor"] = quiet_timed(ansible_floor, tmp)[0]
    row["topology_call"], call = quiet_timed(topology_call, tmp)
    if call.get("changed"):
        raise SystemExit("the topology call with nothing listed made %d changes" % call["changes"])
    row["topology_first"], first = quiet_timed(topology, n, tmp)
    row["controller_cpu_first"] = controller_cpu(first)
    verify(n)
    row["topology_rerun"], again = quiet_timed(topology, n, tmp)
    row["controller_cpu_rerun"] = controller_cpu(again)
    if again.get("changed"):
        raise SystemExit("the re-run made %d changes" % again["changes"])
    row["module_first"] = first["stats"]["seconds"]
    row["module_rerun"] = again["stats"]["seconds"]
    row["max_rss_mb"] = round(max(first["stats"]["max_rss_kb"], again["stats"]["max_rss_kb"]) / 1024.0, 1)
    row["changes"] = first["changes"]
    for phase in first["stats"]["phases"]:  # where the module's first run goes (results.json only)
        row["first run: " + phase["phase"]] = phase["seconds"]
    row["inline_rerun"], inline_again = quiet_timed(topology, n, tmp, "merged", True)
    if inline_again.get("changed"):
        raise SystemExit("the inline re-run made %d changes" % inline_again["changes"])
    row["topology_delete"] = quiet_timed(topology, n, tmp, "deleted")[0]
    verify_deleted()
    row["topology_reapply"] = timed(topology, n, tmp)[0]  # right after the delete, not waiting: must converge
    verify(n)
    reset()
    row["inline_first"] = quiet_timed(topology, n, tmp, "merged", True)[0]
    verify(n)
    if with_single:
        reset()
        row["single_modules"] = quiet_timed(single_modules, n, tmp)[0]
        verify(n)
    reset()
    return row


COLUMNS = (("n", "N", "%d"), ("hand_batched", "hand-batched", "%.2f"), ("seed_style", "seed style", "%.2f"),
           ("single_modules", "single modules", "%.2f"), ("topology_first", "topology", "%.2f"),
           ("topology_rerun", "re-run", "%.2f"), ("empty_play", "empty play", "%.2f"),
           ("ansible_floor", "ansible floor", "%.2f"), ("floor_allowed", "floor allowed", "%.2f"),
           ("topology_call", "topology call", "%.2f"), ("first_over_floor", "topology-floor", "%.2f"),
           ("rerun_over_floor", "re-run-floor", "%.2f"),
           ("module_first", "module only", "%.2f"),
           ("module_rerun", "module re-run", "%.2f"), ("controller_cpu_first", "controller CPU", "%.2f"),
           ("controller_cpu_rerun", "controller CPU re-run", "%.2f"), ("inline_first", "inline", "%.2f"),
           ("inline_rerun", "inline re-run", "%.2f"),
           ("topology_delete", "delete", "%.2f"), ("topology_reapply", "re-apply", "%.2f"),
           ("ratio_hand", "topo/hand", "%.2fx"), ("speedup_single", "single/topo", "%.1fx"),
           ("rerun_share", "re-run/first", "%.2f"), ("rerun_over_hand", "re-run/hand", "%.2f"),
           ("call_over_hand", "call/hand", "%.2f"), ("inline_ratio_hand", "inline/hand", "%.2fx"),
           ("max_rss_mb", "RSS MB", "%.1f"))


def median_row(samples):
    """Each column's median over the rounds, and its spread (``spread``: column -> [min, max]).

    Each round is derived on its own first, so a ratio's median is the median of ratios measured
    side by side in one round (script and module under the same load), not a ratio of medians."""
    row, spread = {}, {}
    for key in samples[0]:
        values = sorted(sample[key] for sample in samples if key in sample)
        row[key] = values[len(values) // 2]
        if key != "n":
            spread[key] = [values[0], values[-1]]
    row["rounds"] = len(samples)
    row["spread"] = spread
    return row


def derive(row):
    row["ratio_hand"] = row["topology_first"] / row["hand_batched"]
    row["rerun_share"] = row["topology_rerun"] / row["topology_first"]
    row["inline_ratio_hand"] = row["inline_first"] / row["hand_batched"]
    if "ansible_floor" in row:  # what this collection adds to any one-module play
        row["first_over_floor"] = row["topology_first"] - row["ansible_floor"]
        row["rerun_over_floor"] = row["topology_rerun"] - row["ansible_floor"]
        # re-run <= first / 2 is floor + r <= (floor + f) / 2: the largest floor that allows it
        row["floor_allowed"] = row["first_over_floor"] - 2 * row["rerun_over_floor"]
    # Both N = 500 targets (first <= 1.5 x hand, re-run <= first / 2) need re-run <= 0.75 x hand,
    # whatever the first run takes; a call with nothing listed is a lower bound of any re-run.
    row["rerun_over_hand"] = row["topology_rerun"] / row["hand_batched"]
    if "topology_call" in row:
        row["call_over_hand"] = row["topology_call"] / row["hand_batched"]
    if "single_modules" in row:
        row["speedup_single"] = row["single_modules"] / row["topology_first"]
    return row


def spread_cell(row, key, fmt):
    low, high = row["spread"][key]
    return (fmt % low) + "-" + (fmt % high)


def table(rows, spread=False):
    """The medians (or, with ``spread``, each column's min-max over the rounds) of each size."""
    header = [title for _key, title, _fmt in COLUMNS]
    lines = [header]
    for row in rows:
        cells = []
        for key, _title, fmt in COLUMNS:
            if key not in row:
                cells.append("-")
            elif spread and key in row.get("spread", {}):
                cells.append(spread_cell(row, key, fmt.rstrip("x")))
            else:
                cells.append(fmt % row[key])
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = []
    for index, line in enumerate(lines):
        text.append("  ".join(cell.rjust(width) for cell, width in zip(line, widths)))
        if index == 0:
            text.append("  ".join("-" * width for width in widths))
    return "\n".join(text)


def write_json(rows, out):
    with open(os.path.join(out, "results.json"), "w") as handle:
        json.dump({"machine": {"cpus": os.cpu_count(), "kernel": os.uname().release,
                               "load_average": os.getloadavg()}, "rows": rows}, handle, indent=2)


def single_sizes(args):
    return set(int(size) for size in args.single_sizes.split(",") if size)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,500,1000")
    parser.add_argument("--single-sizes", default="100")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    parser.add_argument("--skip", default="", help="comma-separated variants not to run: seed")
    parser.add_argument("--rounds", type=int, default=3, help="measure each size this many times, each round in "
                        "a fresh sandbox; the table gives each column's median and its spread (one machine's noise "
                        "is large against a few seconds)")
    parser.add_argument("--one-round", type=int, help=argparse.SUPPRESS)  # inside a sandbox: one round of N
    parser.add_argument("--row-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_round is not None:
        if os.environ.get(INSIDE) != "1":
            raise SystemExit("--one-round runs inside the sandbox only")
        with tempfile.TemporaryDirectory(prefix="linuxnet-bench-") as tmp:
            row = measure(args.one_round, args.one_round in single_sizes(args), tmp, args.skip.split(","))
        with open(args.row_out, "w") as handle:
            json.dump(row, handle)
        return 0
    sizes = [int(size) for size in args.sizes.split(",") if size]
    rows = []
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="linuxnet-bench-rows-") as rows_dir:
        for n in sizes:
            samples = []
            for index in range(args.rounds):  # script and module side by side in each round, a fresh sandbox each
                row_out = os.path.join(rows_dir, "round-%d-%d.json" % (n, index))
                status = reexec_in_sandbox(["--one-round", str(n), "--row-out", row_out, "--skip", args.skip,
                                            "--single-sizes", args.single_sizes])
                if status != 0:
                    raise SystemExit("round %d of N=%d failed (exit status %d)" % (index + 1, n, status))
                with open(row_out) as handle:
                    samples.append(derive(json.load(handle)))
            rows.append(median_row(samples))
            write_json(rows, args.out)  # after each size: a long run interrupted keeps what it measured
            print("N=%d done" % n, file=sys.stderr)
            print(table(rows[-1:]), file=sys.stderr)
    text = table(rows) + "\n\nspread over the rounds (min-max):\n" + table(rows, spread=True)
    with open(os.path.join(args.out, "table.txt"), "w") as handle:
        handle.write(text + "\n")
    picture = plot.write(rows, args.out)
    print(text)
    print("seconds, wall time, ansible-playbook start-up included for topology / inline / single modules / "
          "delete / re-apply; 'topology' reads the lists from a file (src), 'inline' has them in the task; "
          "'empty play' is ansible-playbook with a play of no task; 'ansible floor' is the same play as topology's "
          "with ansible.builtin.ping instead, and '-floor' what topology takes beyond it; 'floor allowed' is the "
          "largest floor with which this re-run would be half this first run (topology-floor - 2 x re-run-floor); "
          "'topology call' is the topology task with nothing listed; both N=500 "
          "targets together need re-run/hand <= 0.75, and call/hand bounds it from below; 'module only' is "
          "the module's own time; 'controller CPU' the CPU-seconds of the topology playbook outside the module's process "
          "(ansible-playbook, its worker, building the payload); RSS is the module process's peak")
    print("written: %s, %s" % (os.path.join(args.out, "results.json"), picture))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
