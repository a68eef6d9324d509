"""Benchmark of the fleet: site.yml (vxlan overlay) on N light lab hosts over real SSH, against a play
of one ansible.builtin.ping in the same run.

    python bench/fleet.py [--sizes 4,8,16] [--tries 1] [--variant NAME ...] [--out bench/results/fleet]

For each size and try, a fresh lab of N light hosts (roles/lab/files/labctl.py) and, in this order:
the ping play (the floor), site.yml's first run, a re-run that changes nothing, and a re-run after one
drift on one host (blue's address on the first host flushed). For each: wall time, the whole machine's
CPU-seconds (/proc/stat: every host and the controller share this machine's cores), that per host, the
ratios against the ping play of the same try, the load average before it, and where the re-run went
(the collection's task_timing callback). The lab is removed after each try, also on failure.

Variants (--variant, repeatable; default: default):
  default            the lab inventory as labctl writes it (pipelining, ControlPersist 60 s)
  no-pipelining      the same with ansible_ssh_pipelining=false
  no-controlpersist  the same with a new SSH connection for every task (ControlMaster=no)
  mitogen            Mitogen's mitogen_linear strategy; --mitogen-venv names a venv with mitogen and an
                     ansible-core it supports (not in requirements.txt; see docs/fleet.md)

Writes results.json, table.txt, fleet.svg (the lab's CPU per host against N) and fleet-machine.svg (the
machine's) under --out. Every ansible run is bounded (--timeout).
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import fleet_plot  # noqa: E402  (bench/ is not a package)

LABCTL = os.path.join(ROOT, "roles", "lab", "files", "labctl.py")
SITE = os.path.join(ROOT, "site.yml")
PING_PLAY = os.path.join(HERE, "fleet_ping.yml")
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
PHASES = ("ping", "first", "noop", "drift")
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
LAB_LIFETIME = 3600  # the lab's processes end by themselves after this, even if this run is killed
DRIFT = ["ip", "-n", "blue", "addr", "flush", "dev", "veth1"]
VARIANT_VARS = {
    "default": {},
    "no-pipelining": {"ansible_ssh_pipelining": False},
    "no-controlpersist": {"ansible_ssh_args": "-o ControlMaster=no -o ControlPath=none"},
    "mitogen": {},
}


def machine_cpu_seconds():
    """Busy CPU-seconds of the whole machine since boot (every core): /proc/stat's first line less idle
    and iowait (guest time is already counted in user)."""
    with open("/proc/stat") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / float(os.sysconf("SC_CLK_TCK"))


def proc_cpu(stat_line):
    """utime + stime + cutime + cstime (seconds) of a /proc/PID/stat line, and its parent pid."""
    fields = stat_line.rsplit(")", 1)[1].split()
    return int(fields[1]), sum(int(value) for value in fields[11:15]) / float(os.sysconf("SC_CLK_TCK"))


def lab_cpu_seconds(workdir):
    """CPU-seconds of this run's own processes: the controller's (ansible-playbook and what it waited for,
    from getrusage) and every live process of the lab (each host's processes, the sshd sessions and modules
    in them, OVS; the SSH control masters and relays), found as the processes whose command line names the
    lab's workdir and all their descendants; (controller, lab). Unlike machine_cpu_seconds it leaves out the other work on
    the machine; it misses the CPU of lab processes that ended before the count (none between phases)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    parents, cpu, roots = {}, {}, set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as handle:
                parents[int(name)], cpu[int(name)] = proc_cpu(handle.read())
            with open("/proc/%s/cmdline" % name, "rb") as handle:
                if workdir.encode() in handle.read():
                    roots.add(int(name))
        except (IOError, OSError, ValueError, IndexError):
            continue
    found, changed = set(roots), True
    while changed:  # descendants, to a fixed point (bounded by the number of processes)
        grown = found | set(pid for pid, parent in parents.items() if parent in found)
        changed, found = grown != found, grown
    return usage.ru_utime + usage.ru_stime, sum(cpu[pid] for pid in found)


def load_average():
    with open("/proc/loadavg") as handle:
        return [float(value) for value in handle.read().split()[:3]]


def labctl(*args):
    return subprocess.run([sys.executable, LABCTL] + list(args), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=1200, check=False)


def ensure_collection_link():
    link = os.path.join(COLLECTIONS, "ansible_collections", "linuxnet", "netns")
    if not os.path.lexists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)


def ansible_env(forks, timing_file, variant, mitogen_venv):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_ROLES_PATH=os.path.join(ROOT, "roles"),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORKS=str(forks),
               ANSIBLE_CALLBACKS_ENABLED="linuxnet.netns.task_timing", LINUXNET_TASK_TIMING_OUTPUT=timing_file,
               LINUXNET_TASK_TIMING_TOP="0")
    if variant == "mitogen":
        plugins = subprocess.run([os.path.join(mitogen_venv, "bin", "python"), "-c",
                                  "import ansible_mitogen, os; print(os.path.dirname(ansible_mitogen.__file__))"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        env.update(ANSIBLE_STRATEGY_PLUGINS=os.path.join(plugins, "plugins", "strategy"),
                   ANSIBLE_STRATEGY="mitogen_linear")
    return env


def ansible_bin(variant, mitogen_venv):
    venv = mitogen_venv if variant == "mitogen" else os.path.dirname(os.path.dirname(sys.executable))
    return os.path.join(venv, "bin", "ansible-playbook")


def text_of(output):
    """What a timed-out run had printed (bytes, text or None) as text."""
    return output.decode(errors="replace") if isinstance(output, bytes) else (output or "")


def timed_playbook(args, workdir, playbook, forks, variant, tmp, name):
    """One ansible-playbook run: wall seconds, machine and lab CPU-seconds, load before, recap, rc, tasks."""
    inventory = os.path.join(workdir, "inventory.yml")
    timing_file = os.path.join(tmp, name + ".tasks.json")
    argv = [ansible_bin(variant, args.mitogen_venv), "-i", inventory, playbook, "-e",
            json.dumps(dict(VARIANT_VARS[variant], two_bridge_overlay="vxlan"))]
    env = ansible_env(forks, timing_file, variant, args.mitogen_venv)
    load = load_average()
    (controller, hosts), cpu, started = lab_cpu_seconds(workdir), machine_cpu_seconds(), time.monotonic()
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=ROOT, env=env,
                              timeout=args.timeout, check=False)
        rc, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc, stdout, stderr = "timeout", text_of(exc.stdout), text_of(exc.stderr)
    wall, cpu = time.monotonic() - started, machine_cpu_seconds() - cpu
    controller_after, hosts_after = lab_cpu_seconds(workdir)
    controller, hosts = controller_after - controller, hosts_after - hosts
    own = controller + hosts
    with open(os.path.join(tmp, name + ".log"), "w") as handle:
        handle.write(stdout + "\n" + stderr)
    recap = dict((host, {"ok": int(ok), "changed": int(ch), "bad": int(un) + int(fa)})
                 for host, ok, ch, un, fa in RECAP.findall(stdout))
    tasks = []
    if os.path.exists(timing_file):
        with open(timing_file) as handle:
            tasks = json.load(handle)
    return {"wall": round(wall, 2), "cpu": round(cpu, 2), "cpu_per_host": round(cpu / forks, 3), "load": load,
            "lab_cpu": round(own, 2), "lab_cpu_per_host": round(own / forks, 3),
            "controller_cpu": round(controller, 2), "hosts_cpu": round(hosts, 2),
            "rc": rc, "changed": sum(host["changed"] for host in recap.values()),
            "failed_hosts": sorted(host for host, counts in recap.items() if counts["bad"]) or
            ([] if rc == 0 else ["(rc=%s)" % rc]),
            "tasks_per_host": round(sum(host["ok"] for host in recap.values()) / float(max(len(recap), 1)), 1),
            "slowest": [(task["seconds"], ("%s : " % task["role"] if task["role"] else "") + task["name"])
                        for task in sorted(tasks, key=lambda item: -item["seconds"])[:8]]}


def one_try(args, size, variant, tmp):
    """A fresh lab of ``size`` hosts, the four phases, the lab removed; the phases' figures."""
    workdir = tempfile.mkdtemp(prefix="lnfleet-", dir="/tmp")
    try:
        up = labctl("up", "--workdir", workdir, "--hosts", str(size), "--prefix", "flt", "--python", sys.executable,
                    "--lifetime", str(LAB_LIFETIME))
        if up.returncode != 0:
            raise SystemExit("lab of %d hosts did not come up: %s" % (size, up.stderr))
        hosts = [host["name"] for host in json.loads(up.stdout)["hosts"]]
        result = {}
        for phase in PHASES:
            if phase == "drift":
                subprocess.run([sys.executable, LABCTL, "exec", "--workdir", workdir, hosts[0], "--"] + DRIFT,
                               capture_output=True, timeout=60, check=True)
            playbook = PING_PLAY if phase == "ping" else SITE
            result[phase] = timed_playbook(args, workdir, playbook, size, variant, tmp,
                                           "%s-%d-%s" % (variant, size, phase))
            sys.stderr.write("  %s N=%d %s: %.1f s, %.1f CPU-s (lab %.1f), rc=%s, load %.1f\n" % (
                variant, size, phase, result[phase]["wall"], result[phase]["cpu"], result[phase]["lab_cpu"],
                result[phase]["rc"], result[phase]["load"][0]))
        return result
    finally:
        down = labctl("down", "--workdir", workdir)
        if down.returncode != 0:
            sys.stderr.write("labctl down failed for %s: %s\n" % (workdir, down.stderr))


def ratios(result):
    ping = result["ping"]
    return dict(("%s_%s" % (phase, key), round(result[phase][key] / ping[key], 2) if ping[key] else None)
                for phase in PHASES[1:] for key in ("wall", "cpu", "lab_cpu"))


def table(rows):
    """One line per try: each phase as wall s / machine CPU-s / lab CPU-s, the no-op re-run's CPU per host,
    and the ratios (wall, machine CPU, lab CPU) against the ping play of the same try."""
    head = ("| variant | N | try | load | ping | first run | no-op re-run | after a drift | no-op CPU/host "
            "(machine, lab) | first/ping | no-op/ping | drift changed | failed |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        res, rat = row["result"], row["ratios"]
        failed = sorted(set(sum((res[phase]["failed_hosts"] for phase in PHASES), [])))
        cells = ["%.1f / %.1f / %.1f" % (res[phase]["wall"], res[phase]["cpu"], res[phase]["lab_cpu"])
                 for phase in PHASES]
        ratio = ["%.1fx / %.1fx / %.1fx" % (rat[phase + "_wall"], rat[phase + "_cpu"], rat[phase + "_lab_cpu"])
                 for phase in ("first", "noop")]
        lines.append("| %s | %d | %d | %.1f | %s | %.2f, %.2f | %s | %d | %s |" % (
            row["variant"], row["n"], row["try"], res["ping"]["load"][0], " | ".join(cells),
            res["noop"]["cpu_per_host"], res["noop"]["lab_cpu_per_host"], " | ".join(ratio),
            res["drift"]["changed"], ", ".join(failed) or "-"))
    return "\n".join(lines) + "\n"


def slowest(rows):
    """Where the no-op re-run of each variant's largest try went."""
    out = []
    for row in rows:
        out.append("no-op re-run, %s, N=%d, try %d (%.1f tasks per host):" % (
            row["variant"], row["n"], row["try"], row["result"]["noop"]["tasks_per_host"]))
        out.extend("  %6.2f s  %s" % (seconds, name) for seconds, name in row["result"]["noop"]["slowest"])
    return "\n".join(out) + "\n"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--sizes", default="4,8,16", help="lab sizes, comma-separated (default: 4,8,16)")
    parser.add_argument("--tries", type=int, default=1, help="tries per size and variant (default: 1)")
    parser.add_argument("--variant", action="append", choices=sorted(VARIANT_VARS),
                        help="repeatable; default: default")
    parser.add_argument("--mitogen-venv", default="/tmp/mitogen-venv", help="venv with mitogen (variant mitogen)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds for one ansible run (default: 900)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "fleet"))
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ensure_collection_link()
    os.makedirs(args.out, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    rows, started = [], time.monotonic()
    tmp = tempfile.mkdtemp(prefix="fleet-logs-", dir=args.out)
    for variant in args.variant or ["default"]:
        for size in sizes:
            for attempt in range(1, args.tries + 1):
                result = one_try(args, size, variant, tmp)
                rows.append({"variant": variant, "n": size, "try": attempt, "result": result,
                             "ratios": ratios(result)})
                with open(os.path.join(args.out, "results.json"), "w") as handle:
                    json.dump({"rows": rows, "logs": tmp}, handle, indent=1)
    text = table(rows) + "\n" + slowest(rows) + "\n(%d s in all; logs in %s)\n" % (time.monotonic() - started, tmp)
    with open(os.path.join(args.out, "table.txt"), "w") as handle:
        handle.write(text)
    sys.stdout.write(text)
    sys.stdout.write("pictures: %s, %s\n" % (
        fleet_plot.write_svg(rows, os.path.join(args.out, "fleet.svg")),
        fleet_plot.write_svg(rows, os.path.join(args.out, "fleet-machine.svg"), metric="cpu_per_host")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
