#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A lab of simulated hosts on one machine, reachable by Ansible over real SSH.

    labctl.py up --workdir DIR [--hosts N] [--prefix P] [--subnet CIDR] [--python PATH]
    labctl.py down --workdir DIR
    labctl.py status --workdir DIR
    labctl.py exec --workdir DIR HOST -- COMMAND [ARGS...]

Each host is a process started with ``unshare --mount --net --uts --pid --fork``: its own network
namespace, hostname, PID namespace (killing its init kills everything in it), and private tmpfs on
the folders that network namespaces, Open vSwitch and sshd keep state in. It runs its own
ovsdb-server/ovs-vswitchd (userspace) and an sshd on ``eth0``. ``eth0`` is one end of a veth pair
whose other end sits on the Linux bridge ``br0`` of the lab's underlay: a network namespace held
by a process of its own (never a named namespace of the machine). Addresses: the underlay bridge
takes the subnet's first address, host ``i`` (1-based) the address ``network + 10 + i``.

Nothing is created in the machine's own network namespace. Every pid is recorded (with its start
time, so that a reused pid is never signalled) in DIR/state.json; ``down`` ends exactly those.
Output of up/down/status is one JSON object on stdout; errors go to stderr with exit status 1.
"""

import argparse
import fcntl
import ipaddress
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

STATE_FILE = "state.json"
INVENTORY_FILE = "inventory.yml"
CLIENT_KEY = "id_ed25519"
KNOWN_HOSTS = "known_hosts"
HOSTS_DIR = "hosts"
CONTROL_DIR = "cp"
GENERATED = (STATE_FILE, INVENTORY_FILE, CLIENT_KEY, CLIENT_KEY + ".pub", KNOWN_HOSTS, "authorized_keys",
             "underlay.log", HOSTS_DIR, CONTROL_DIR)

GROUP = "lab"
UNDERLAY_BRIDGE = "br0"
HOST_OFFSET = 10  # host i gets network + HOST_OFFSET + i
HOST_TIMEOUT = 10.0  # seconds for one host to come up
STOP_TIMEOUT = 5.0  # seconds between TERM and KILL, and again after KILL
DEFAULT_LIFETIME = 24 * 3600  # the lab's processes end by themselves after this
MAX_SOCKET_PATH = 100  # unix socket paths (ssh ControlPath) must stay below 108 bytes
# Each host mounts a tmpfs of its own on these; /run holds netns, openvswitch (/var/run) and sshd.
PRIVATE_MOUNTS = ("/run", "/etc/openvswitch", "/var/log/openvswitch")
RUN_DIRS = ("/run/netns", "/run/openvswitch", "/run/sshd")
TOOLS = ("unshare", "nsenter", "ip", "socat", "sshd", "ssh-keygen", "ovsdb-tool", "ovsdb-server", "ovs-vsctl",
         "ovs-vswitchd", "mount", "mkdir", "hostname")
OVS_SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
PREFIX_RE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
WORKDIR_RE = re.compile(r"^/[A-Za-z0-9_./-]+$")


class LabError(Exception):
    """Something the user must know about; printed without a traceback."""


# ---------------------------------------------------------------------------------------------
# Pure parts: names, addresses, generated files


def host_names(prefix, count):
    """Names of the lab's hosts: PREFIX1 .. PREFIXN."""
    if not PREFIX_RE.match(prefix):
        raise LabError("prefix: %r must be lower-case letters, digits and '-', starting with a letter" % prefix)
    if count < 1:
        raise LabError("hosts: %r must be at least 1" % count)
    return ["%s%d" % (prefix, index) for index in range(1, count + 1)]


def plan_addresses(subnet, count):
    """Return (underlay bridge address, [host addresses]) as 'ADDR/PREFIXLEN' strings."""
    try:
        network = ipaddress.IPv4Network(subnet, strict=True)
    except ValueError as exc:
        raise LabError("subnet: %r is not an IPv4 network (%s)" % (subnet, exc)) from None
    last = HOST_OFFSET + count
    if network.num_addresses - 2 < last:
        raise LabError("subnet: %r is too small for %d hosts (addresses .%d to .%d are needed)"
                       % (subnet, count, HOST_OFFSET + 1, last))

    def at(offset):
        return "%s/%d" % (network.network_address + offset, network.prefixlen)

    return at(1), [at(HOST_OFFSET + index) for index in range(1, count + 1)]


def check_workdir(workdir):
    """The workdir ends up in ssh options and socket paths: absolute, plain characters, short."""
    if not WORKDIR_RE.match(workdir) or "/../" in workdir + "/":
        raise LabError("workdir: %r must be an absolute path of letters, digits, '_', '.', '-' and '/'" % workdir)
    longest = os.path.join(workdir, CONTROL_DIR, "255.255.255.255")
    if len(longest) > MAX_SOCKET_PATH:
        raise LabError("workdir: %r is too long for ssh control sockets (at most %d characters)"
                       % (workdir, MAX_SOCKET_PATH - len(longest) + len(workdir)))


def to_yaml(value, indent=0):
    """A small YAML emitter for dicts of dicts/strings/ints (strings JSON-quoted: valid YAML)."""
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append("%s%s:" % (" " * indent, key))
            lines.append(to_yaml(item, indent + 2))
        else:
            lines.append("%s%s: %s" % (" " * indent, key, json.dumps(item)))
    return "\n".join(line for line in lines if line)


def render_inventory(workdir, hosts, underlay_pid, python, nsenter="nsenter", socat="socat"):
    """The inventory: group GROUP, one entry per host, ssh entering the underlay to reach it.

    ``hosts`` is a list of (name, address without prefix length).
    """
    # socat's log name (-lp) is the workdir: it tells in ps which lab a relay belongs to
    proxy = "%s --net=/proc/%d/ns/net %s -lp %s STDIO TCP:%%h:%%p" % (nsenter, underlay_pid, socat, workdir)
    ssh_options = [
        "ProxyCommand=%s" % proxy,
        "StrictHostKeyChecking=yes",
        "UserKnownHostsFile=%s" % os.path.join(workdir, KNOWN_HOSTS),
        "ControlPath=%s" % os.path.join(workdir, CONTROL_DIR, "%h"),
        "IdentitiesOnly=yes",
    ]
    group_vars = {
        "ansible_user": "root",
        "ansible_ssh_private_key_file": os.path.join(workdir, CLIENT_KEY),
        "ansible_python_interpreter": python,
        "ansible_ssh_args": "-o ControlMaster=auto -o ControlPersist=60s",
        "ansible_ssh_common_args": " ".join("-o '%s'" % option for option in ssh_options),
        "ansible_ssh_pipelining": True,
    }
    document = {GROUP: {
        "hosts": dict((name, {"ansible_host": address}) for name, address in hosts),
        "vars": group_vars,
    }}
    header = "# Generated by labctl.py; removed by `labctl.py down --workdir %s`.\n" % workdir
    return header + to_yaml(document) + "\n"


def render_sshd_config(address, host_key, authorized_keys, log_level="ERROR"):
    """sshd for one host: its eth0 address only, root by the lab's ed25519 key only."""
    options = [
        ("ListenAddress", address),
        ("HostKey", host_key),
        ("PidFile", "/run/sshd/sshd.pid"),
        ("AuthorizedKeysFile", authorized_keys),
        ("PermitRootLogin", "prohibit-password"),
        ("AuthenticationMethods", "publickey"),
        ("PubkeyAcceptedAlgorithms", "ssh-ed25519"),
        ("PasswordAuthentication", "no"),
        ("KbdInteractiveAuthentication", "no"),
        ("UsePAM", "no"),
        ("StrictModes", "no"),  # the workdir may live under /tmp
        ("UseDNS", "no"),
        ("PrintMotd", "no"),
        ("LogLevel", log_level),
        ("Subsystem", "sftp internal-sftp"),
    ]
    return "".join("%s %s\n" % option for option in options)


# ---------------------------------------------------------------------------------------------
# Processes, identified by pid and start time


def start_time(pid):
    """Start time of a process in clock ticks since boot, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[19]) if fields[0] != "Z" else None


def proc_record(pid):
    return {"pid": pid, "start": start_time(pid)}


def is_alive(record):
    return record["start"] is not None and start_time(record["pid"]) == record["start"]


def signal_proc(record, signum):
    if is_alive(record):
        try:
            os.kill(record["pid"], signum)
        except ProcessLookupError:
            pass


def wait_gone(records, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(is_alive(record) for record in records):
            return True
        time.sleep(0.02)
    return not any(is_alive(record) for record in records)


def stop_procs(records):
    """TERM, bounded wait, KILL, bounded wait. Return the records still alive (should be none)."""
    for record in records:
        signal_proc(record, signal.SIGTERM)
    if not wait_gone(records, STOP_TIMEOUT):
        for record in records:
            signal_proc(record, signal.SIGKILL)
        wait_gone(records, STOP_TIMEOUT)
    return [record for record in records if is_alive(record)]


def run(argv, what, timeout):
    """Run argv (a list, no shell); raise LabError naming `what` if it fails or takes too long."""
    try:
        result = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=max(timeout, 0.1), check=False)
    except subprocess.TimeoutExpired:
        raise LabError("%s: %s did not finish within %.1f s" % (what, argv[0], timeout)) from None
    except OSError as exc:
        raise LabError("%s: cannot run %s: %s" % (what, argv[0], exc)) from None
    if result.returncode != 0:
        message = (result.stderr or result.stdout).decode(errors="replace").strip()
        raise LabError("%s: %s failed (exit %d): %s" % (what, " ".join(argv), result.returncode, message))
    return result


def find_tools(sshd=None):
    """Absolute paths of the programs a lab needs; LabError listing those that are missing."""
    tools = dict((tool, shutil.which(tool)) for tool in TOOLS)
    if sshd:
        tools["sshd"] = sshd
    missing = sorted(tool for tool, path in tools.items() if not path)
    if missing:
        raise LabError("missing programs: %s (install them, see bindep.txt)" % ", ".join(missing))
    return tools


def init_command(lifetime, workdir):
    """The init process of a host or of the underlay (see ``init_main``); the workdir names its lab in ps."""
    return [sys.executable, os.path.abspath(__file__), "_init", str(lifetime), workdir]


def spawn(argv, log_path):
    """Start argv (ending in init_command) in a session of its own, stderr to log_path; return the Popen.

    The caller records the pid at once (so that `down` finds it whatever happens next), then calls
    wait_ready."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                                start_new_session=True)


def wait_ready(process, what, log_path, timeout):
    """Wait (bounded) until the init started by spawn() says it is ready."""
    try:
        ready = select.select([process.stdout], [], [], timeout)[0]
        line = process.stdout.readline() if ready else b""
    finally:
        process.stdout.close()
    if line.strip() != b"ready":
        raise LabError("%s: did not start within %.1f s (see %s)" % (what, timeout, log_path))


def child_pid(pid, timeout):
    """The single child of pid (the init that `unshare --fork` started)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as children:
                found = children.read().split()
        except OSError:
            found = []
        if found:
            return int(found[0])
        time.sleep(0.01)
    return None


def init_main(lifetime):
    """PID 1 of a host (or the underlay's holder): reap children, end on TERM/INT/HUP or after lifetime."""
    stop = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop | {signal.SIGCHLD})
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    os.close(1)
    os.open(os.devnull, os.O_WRONLY)
    deadline = time.monotonic() + lifetime
    while time.monotonic() < deadline:
        info = signal.sigtimedwait(stop | {signal.SIGCHLD}, max(deadline - time.monotonic(), 0.001))
        if info is not None and info.si_signo in stop:
            return 0
        while True:
            try:
                pid = os.waitpid(-1, os.WNOHANG)[0]
            except ChildProcessError:
                break
            if pid == 0:
                break
    return 0


# ---------------------------------------------------------------------------------------------
# The lab


class Lab:
    """One lab: its workdir, its recorded state, and how to bring it up and down."""

    def __init__(self, workdir):
        check_workdir(workdir)
        self.workdir = workdir
        self.state_path = os.path.join(workdir, STATE_FILE)
        self.inventory_path = os.path.join(workdir, INVENTORY_FILE)
        self.state = self._load()
        self.tools = {}

    def path(self, *parts):
        return os.path.join(self.workdir, *parts)

    def _load(self):
        try:
            with open(self.state_path) as handle:
                return json.load(handle)
        except FileNotFoundError:
            return None
        except ValueError as exc:
            raise LabError("%s: unreadable (%s); remove it by hand" % (self.state_path, exc)) from None

    def _save(self):
        temporary = self.state_path + ".tmp"
        with open(temporary, "w") as handle:
            json.dump(self.state, handle, indent=2, sort_keys=True)
        os.replace(temporary, self.state_path)

    # -- status ------------------------------------------------------------------------------

    def records(self):
        """Every recorded process: the underlay's init, each host's unshare and init."""
        if not self.state:
            return []
        found = [self.state["underlay"]] if self.state.get("underlay") else []
        for host in self.state["hosts"]:
            found.extend(host[key] for key in ("unshare", "init") if host.get(key))
        return found

    def is_running(self):
        return (bool(self.state) and self.state.get("complete", False)
                and all(is_alive(record) for record in self.records()))

    def status(self):
        if not self.state:
            return {"running": False, "workdir": self.workdir, "hosts": []}
        underlay = self.state.get("underlay")
        return {
            "running": self.is_running(),
            "workdir": self.workdir,
            "inventory": self.inventory_path,
            "params": self.state["params"],
            "underlay": dict(underlay, alive=is_alive(underlay)) if underlay else None,
            "hosts": [dict(host, alive=bool(host.get("init")) and is_alive(host["init"]))
                      for host in self.state["hosts"]],
        }

    def host(self, name):
        for host in (self.state or {}).get("hosts", []):
            if host["name"] == name and host.get("init") and is_alive(host["init"]):
                return host
        raise LabError("host: %r is not a running host of the lab in %s" % (name, self.workdir))

    # -- up ----------------------------------------------------------------------------------

    def up(self, params):
        names = host_names(params["prefix"], params["hosts"])
        bridge_address, addresses = plan_addresses(params["subnet"], params["hosts"])
        tools = find_tools(params.get("sshd"))
        if self.state and self.state.get("params") == params and self.is_running():
            return False
        if self.state:
            self.down()
        self.tools = tools
        lifetime = params["lifetime"]
        os.makedirs(self.path(HOSTS_DIR), exist_ok=True)
        os.makedirs(self.path(CONTROL_DIR), mode=0o700, exist_ok=True)
        self.state = {"params": params, "complete": False, "underlay": None, "hosts": [
            {"name": name, "address": address} for name, address in zip(names, addresses)]}
        self._save()
        try:
            self._make_keys()
            self._start_underlay(bridge_address, lifetime)
            for host in self.state["hosts"]:
                self._start_host(host, lifetime)
            with ThreadPoolExecutor(max_workers=min(8, len(names))) as pool:
                failures = [future.exception() for future in
                            [pool.submit(self._configure_host, host) for host in self.state["hosts"]]]
            for failure in failures:
                if failure is not None:
                    raise failure
            self._write_inventory(params["python"])
            self.state["complete"] = True
            self._save()
        except BaseException:
            self.down()
            raise
        return True

    def _make_keys(self):
        run([self.tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", "linuxnet-lab",
             "-f", self.path(CLIENT_KEY)], "client key", HOST_TIMEOUT)
        shutil.copyfile(self.path(CLIENT_KEY + ".pub"), self.path("authorized_keys"))
        known = []
        for host in self.state["hosts"]:
            host_dir = self.path(HOSTS_DIR, host["name"])
            os.makedirs(host_dir, exist_ok=True)
            key = os.path.join(host_dir, "ssh_host_ed25519_key")
            run([self.tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", host["name"], "-f", key],
                "%s: host key" % host["name"], HOST_TIMEOUT)
            with open(key + ".pub") as public:
                kind, blob = public.read().split()[:2]
            known.append("%s %s %s\n" % (host["address"].split("/")[0], kind, blob))
        with open(self.path(KNOWN_HOSTS), "w") as handle:
            handle.writelines(known)

    def _in_underlay(self, argv):
        return [self.tools["nsenter"], "--net=/proc/%d/ns/net" % self.state["underlay"]["pid"]] + argv

    def _start_underlay(self, bridge_address, lifetime):
        log = self.path("underlay.log")
        process = spawn([self.tools["unshare"], "--net", "--"] + init_command(lifetime, self.workdir), log)
        self.state["underlay"] = dict(proc_record(process.pid), address=bridge_address)
        self._save()
        wait_ready(process, "underlay", log, HOST_TIMEOUT)
        ip = self.tools["ip"]
        for argv in (["link", "set", "lo", "up"],
                     ["link", "add", UNDERLAY_BRIDGE, "type", "bridge"],
                     ["addr", "add", bridge_address, "dev", UNDERLAY_BRIDGE],
                     ["link", "set", UNDERLAY_BRIDGE, "up"]):
            run(self._in_underlay([ip] + argv), "underlay", HOST_TIMEOUT)

    def _start_host(self, host, lifetime):
        """Start the host's namespaces and init; record both pids (configuration comes later)."""
        what = host["name"]
        argv = [self.tools["unshare"], "--mount", "--net", "--uts", "--pid", "--fork", "--kill-child",
                "--mount-proc", "--propagation", "private", "--"] + init_command(lifetime, self.workdir)
        log = self.path(HOSTS_DIR, what, "init.log")
        process = spawn(argv, log)
        host["unshare"] = proc_record(process.pid)
        self._save()
        wait_ready(process, what, log, HOST_TIMEOUT)
        init = child_pid(process.pid, HOST_TIMEOUT)
        if init is None:
            self._save()
            raise LabError("%s: no init process under unshare pid %d" % (what, process.pid))
        host["init"] = proc_record(init)
        self._save()

    def _configure_host(self, host):
        """Private dirs, hostname, lo, eth0 on the underlay bridge, OVS, sshd: all within HOST_TIMEOUT."""
        name = host["name"]
        deadline = time.monotonic() + HOST_TIMEOUT
        nsenter = [self.tools["nsenter"], "-t", str(host["init"]["pid"]), "-m", "-n", "-u", "-p", "--"]

        def on_host(*argv):
            run(nsenter + list(argv), name, deadline - time.monotonic())

        for directory in PRIVATE_MOUNTS:
            on_host(self.tools["mount"], "-t", "tmpfs", "-o", "mode=0755,size=64m", "tmpfs", directory)
        on_host(self.tools["mkdir"], "-m", "0755", *RUN_DIRS)
        on_host(self.tools["hostname"], name)
        ip = self.tools["ip"]
        on_host(ip, "link", "set", "lo", "up")
        index = self.state["hosts"].index(host) + 1
        underlay_end = "veth%d" % index
        run(self._in_underlay([ip, "link", "add", underlay_end, "type", "veth", "peer", "name", "eth0",
                               "netns", str(host["init"]["pid"])]), name, deadline - time.monotonic())
        run(self._in_underlay([ip, "link", "set", underlay_end, "master", UNDERLAY_BRIDGE, "up"]), name,
            deadline - time.monotonic())
        on_host(ip, "addr", "add", host["address"], "dev", "eth0")
        on_host(ip, "link", "set", "eth0", "up")
        on_host(self.tools["ovsdb-tool"], "create", "/etc/openvswitch/conf.db", OVS_SCHEMA)
        on_host(self.tools["ovsdb-server"], "/etc/openvswitch/conf.db", "--remote=punix:/var/run/openvswitch/db.sock",
                "--pidfile=/var/run/openvswitch/ovsdb-server.pid", "--detach", "--no-chdir", "-vconsole:off",
                "--log-file=/var/log/openvswitch/ovsdb-server.log")
        on_host(self.tools["ovs-vsctl"], "--no-wait", "init")
        on_host(self.tools["ovs-vswitchd"], "--pidfile=/var/run/openvswitch/ovs-vswitchd.pid", "--detach",
                "--no-chdir", "-vconsole:off", "--log-file=/var/log/openvswitch/ovs-vswitchd.log")
        host_dir = self.path(HOSTS_DIR, name)
        config = os.path.join(host_dir, "sshd_config")
        with open(config, "w") as handle:
            handle.write(render_sshd_config(host["address"].split("/")[0],
                                            os.path.join(host_dir, "ssh_host_ed25519_key"),
                                            self.path("authorized_keys")))
        on_host(self.tools["sshd"], "-f", config, "-E", os.path.join(host_dir, "sshd.log"))
        on_host(self.tools["ovs-vsctl"], "--timeout=%d" % max(1, int(deadline - time.monotonic())), "show")

    def _write_inventory(self, python):
        hosts = [(host["name"], host["address"].split("/")[0]) for host in self.state["hosts"]]
        text = render_inventory(self.workdir, hosts, self.state["underlay"]["pid"], python,
                                self.tools["nsenter"], self.tools["socat"])
        with open(self.inventory_path, "w") as handle:
            handle.write(text)

    # -- down --------------------------------------------------------------------------------

    def _stop_control_masters(self):
        """End the ssh ControlMaster processes that connections to this lab left (ControlPersist)."""
        control_dir = self.path(CONTROL_DIR)
        if not os.path.isdir(control_dir):
            return []
        ssh = shutil.which("ssh") or "ssh"
        masters = []
        for socket_name in sorted(os.listdir(control_dir)):
            socket_path = os.path.join(control_dir, socket_name)
            check = subprocess.run([ssh, "-S", socket_path, "-O", "check", "lab"], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=STOP_TIMEOUT,
                                   check=False)
            found = re.search(rb"pid=(\d+)", check.stderr + check.stdout)
            if found:
                masters.append(proc_record(int(found.group(1))))
                subprocess.run([ssh, "-S", socket_path, "-O", "exit", "lab"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=STOP_TIMEOUT,
                               check=False)
        if masters and not wait_gone(masters, STOP_TIMEOUT):
            return stop_procs(masters)
        return []

    def down(self):
        """End every recorded process, remove the generated files. Return True if anything was there."""
        existed = bool(self.state) or any(os.path.lexists(self.path(name)) for name in GENERATED)
        left = self._stop_control_masters() + stop_procs(self.records())
        if left:
            raise LabError("processes that would not end (pids %s); state kept in %s"
                           % (", ".join(str(record["pid"]) for record in left), self.state_path))
        for name in GENERATED + (STATE_FILE + ".tmp",):
            target = self.path(name)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            elif os.path.lexists(target):
                os.unlink(target)
        self.state = None
        return existed


# ---------------------------------------------------------------------------------------------
# Command line


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("%r is not a positive integer" % text)
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start the lab (unchanged if it runs with the same parameters)")
    up.add_argument("--hosts", type=positive_int, default=3)
    up.add_argument("--prefix", default="labhost")
    up.add_argument("--subnet", default="192.168.250.0/24", help="underlay subnet (inside the lab only)")
    up.add_argument("--python", default=sys.executable, help="ansible_python_interpreter of the hosts")
    up.add_argument("--lifetime", type=positive_int, default=DEFAULT_LIFETIME,
                    help="seconds after which the lab's processes end by themselves")
    up.add_argument("--sshd", default=None, help="sshd program (default: sshd from PATH)")
    for name, text in (("down", "stop the lab and remove its files"), ("status", "the lab as JSON")):
        commands.add_parser(name, help=text)
    exec_parser = commands.add_parser("exec", help="run a command on a host")
    exec_parser.add_argument("host")
    exec_parser.add_argument("argv", nargs=argparse.REMAINDER)
    init = commands.add_parser("_init")  # internal: the init process of hosts and underlay
    init.add_argument("lifetime", type=int)
    init.add_argument("lab", help="the workdir of the lab (only to tell the lab's processes apart)")
    for sub in (up, commands.choices["down"], commands.choices["status"], exec_parser):
        sub.add_argument("--workdir", required=True)
    return parser.parse_args(argv)


def locked(workdir):
    """An exclusive lock on the workdir, so that two controllers never work on one lab at once."""
    os.makedirs(workdir, exist_ok=True)
    handle = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def exec_on_host(workdir, name, argv):
    """Replace this process with argv run in host `name`'s namespaces (mount, net, uts, pid)."""
    host = Lab(workdir).host(name)
    command = argv[1:] if argv[:1] == ["--"] else argv
    if not command:
        raise LabError("exec: no command given")
    nsenter = shutil.which("nsenter") or "nsenter"
    os.execv(nsenter, [nsenter, "-t", str(host["init"]["pid"]), "-m", "-n", "-u", "-p", "--"] + command)


def lab_command(args, workdir):
    """up, down or status, under the workdir's lock; returns the JSON result."""
    if args.command != "up" and not os.path.isdir(workdir):
        return Lab(workdir).status() if args.command == "status" else {"changed": False, "workdir": workdir}
    lock = locked(workdir)
    try:
        lab = Lab(workdir)
        if args.command == "up":
            params = {"hosts": args.hosts, "prefix": args.prefix, "subnet": args.subnet,
                      "python": args.python, "lifetime": args.lifetime, "sshd": args.sshd}
            changed = lab.up(params)
            return dict(lab.status(), changed=changed)
        if args.command == "down":
            return {"changed": lab.down(), "workdir": workdir}
        return lab.status()
    finally:
        os.close(lock)
        if args.command != "status" and not os.listdir(workdir):  # down, or a failed up: leave no empty dir
            os.rmdir(workdir)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "_init":
        return init_main(args.lifetime)
    try:
        workdir = os.path.abspath(args.workdir)
        check_workdir(workdir)
        if args.command == "exec":
            exec_on_host(workdir, args.host, args.argv)
        result = lab_command(args, workdir)
    except LabError as exc:
        sys.stderr.write("labctl: %s\n" % exc)
        return 1
    sys.stdout.write(json.dumps(result, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
