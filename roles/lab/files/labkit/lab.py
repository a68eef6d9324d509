# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One lab: its workdir, its recorded state (DIR/state.json), and how to bring it up, down and reboot a host.

The underlay is a network namespace held by a process of its own (``unshare --net``), with the bridge
br0. Hosts are of one kind per lab: light (labkit.light) or machine (labkit.machine); both offer the
same functions, looked up in KINDS."""

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

from labkit import light, machine, plan, roots
from labkit.errors import LabError
from labkit.procs import find_tools, init_command, is_alive, proc_record, run, spawn, stop_procs, wait_gone, \
    wait_ready, STOP_TIMEOUT

KINDS = {"light": light, "machine": machine}
BASE_TOOLS = ("unshare", "nsenter", "ip", "socat", "ssh-keygen")
GENERATED = (plan.STATE_FILE, plan.INVENTORY_FILE, plan.CLIENT_KEY, plan.CLIENT_KEY + ".pub", plan.KNOWN_HOSTS,
             "authorized_keys", "underlay.log", plan.HOSTS_DIR, plan.CONTROL_DIR, machine.MACHINES_DIR)
UNDERLAY_TIMEOUT = 10.0
REBOOT_TIMEOUT = 120.0


class Lab:
    """One lab: its workdir, its recorded state, and how to bring it up and down."""

    def __init__(self, workdir):
        plan.check_workdir(workdir)
        self.workdir = workdir
        self.state_path = os.path.join(workdir, plan.STATE_FILE)
        self.inventory_path = os.path.join(workdir, plan.INVENTORY_FILE)
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

    def save(self):
        temporary = self.state_path + ".tmp"
        with open(temporary, "w") as handle:
            json.dump(self.state, handle, indent=2, sort_keys=True)
        os.replace(temporary, self.state_path)

    # -- status ------------------------------------------------------------------------------

    def host_records(self, host):
        kind = host.get("kind", "light")
        return machine.records(host, self.workdir) if kind == "machine" else light.records(host)

    def records(self):
        """Every recorded process: the underlay's init, each host's processes."""
        if not self.state:
            return []
        found = [self.state["underlay"]] if self.state.get("underlay") else []
        for host in self.state["hosts"]:
            found.extend(self.host_records(host))
        return found

    def host_alive(self, host):
        if host.get("kind") == "machine":
            boot = machine.read_boot(self.workdir, host["name"])
            return is_alive(host.get("keeper")) and is_alive(boot.get("leader"))
        return bool(host.get("init")) and is_alive(host["init"])

    def is_running(self):
        return (bool(self.state) and self.state.get("complete", False)
                and all(is_alive(record) for record in self.records())
                and all(self.host_alive(host) for host in self.state["hosts"]))

    def describe_host(self, host):
        found = dict(host, alive=self.host_alive(host))
        if host.get("kind") == "machine":
            found["boot"] = machine.read_boot(self.workdir, host["name"])
        return found

    def status(self):
        if not self.state:
            return {"running": False, "workdir": self.workdir, "hosts": []}
        underlay = self.state.get("underlay")
        return {
            "running": self.is_running(),
            "workdir": self.workdir,
            "inventory": self.inventory_path,
            "params": self.state["params"],
            "roots": self.state.get("roots", {}),
            "underlay": dict(underlay, alive=is_alive(underlay)) if underlay else None,
            "hosts": [self.describe_host(host) for host in self.state["hosts"]],
        }

    def host(self, name):
        for host in (self.state or {}).get("hosts", []):
            if host["name"] == name and self.host_alive(host):
                return host
        raise LabError("host: %r is not a running host of the lab in %s" % (name, self.workdir))

    def exec_argv(self, name):
        self.tools = find_tools(("nsenter",))
        host = self.host(name)
        return KINDS[host.get("kind", "light")].exec_argv(self, host)

    # -- up ----------------------------------------------------------------------------------

    def up(self, params):
        names = plan.host_names(params["prefix"], params["hosts"])
        distributions = plan.plan_distributions(names, params["kind"], params["distributions"])
        bridge_address, addresses = plan.plan_addresses(params["subnet"], params["hosts"])
        kind = KINDS[params["kind"]]
        tools = find_tools(BASE_TOOLS + kind.TOOLS, {"sshd": params.get("sshd")})
        if self.state and self.state.get("params") == params and self.is_running():
            return False
        if self.state:
            self.down()
        self.tools = tools
        os.makedirs(self.path(plan.HOSTS_DIR), exist_ok=True)
        os.makedirs(self.path(plan.CONTROL_DIR), mode=0o700, exist_ok=True)
        self.state = {"params": params, "complete": False, "underlay": None, "hosts": [
            {"name": name, "address": address, "kind": params["kind"], "distribution": distribution}
            for name, address, distribution in zip(names, addresses, distributions)]}
        self.save()
        try:
            self._make_keys()
            if params["kind"] == "machine":
                self._ensure_roots(params)
            self._start_underlay(bridge_address, params["lifetime"])
            for host in self.state["hosts"]:
                kind.start(self, host, params["lifetime"])
            self._configure_all(kind)
            self._write_inventory(params["python"])
            self.state["complete"] = True
            self.save()
        except BaseException:
            self.down()
            raise
        return True

    def _ensure_roots(self, params):
        """Every distribution the machines need, from the cache or built now; each host learns its root."""
        self.state["roots"] = {}
        for distribution in sorted(set(host["distribution"] for host in self.state["hosts"])):
            users = [host for host in self.state["hosts"] if host["distribution"] == distribution]
            spec = roots.recipe(distribution, params["mirror"])
            path, seconds = roots.ensure_root(params["cache"], spec, self.tools,
                                              ", ".join(host["name"] for host in users))
            self.state["roots"][distribution] = {"path": path, "built_seconds": round(seconds, 1),
                                                 "stamp": roots.read_stamp(path)}
            for host in users:
                host["root"] = path
        self.save()

    def _configure_all(self, kind):
        hosts = self.state["hosts"]
        with ThreadPoolExecutor(max_workers=min(8, len(hosts))) as pool:
            failures = [future.exception() for future in [pool.submit(kind.configure, self, host) for host in hosts]]
        for failure in failures:
            if failure is not None:
                raise failure

    def _make_keys(self):
        run([self.tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", "linuxnet-lab",
             "-f", self.path(plan.CLIENT_KEY)], "client key", UNDERLAY_TIMEOUT)
        shutil.copyfile(self.path(plan.CLIENT_KEY + ".pub"), self.path("authorized_keys"))
        known = []
        for host in self.state["hosts"]:
            host_dir = self.path(plan.HOSTS_DIR, host["name"])
            os.makedirs(host_dir, exist_ok=True)
            key = os.path.join(host_dir, "ssh_host_ed25519_key")
            run([self.tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", host["name"], "-f", key],
                "%s: host key" % host["name"], UNDERLAY_TIMEOUT)
            with open(key + ".pub") as public:
                key_type, blob = public.read().split()[:2]
            known.append("%s %s %s\n" % (host["address"].split("/")[0], key_type, blob))
        with open(self.path(plan.KNOWN_HOSTS), "w") as handle:
            handle.writelines(known)

    def in_underlay(self, argv):
        return [self.tools["nsenter"], "--net=/proc/%d/ns/net" % self.state["underlay"]["pid"]] + argv

    def _start_underlay(self, bridge_address, lifetime):
        log = self.path("underlay.log")
        process = spawn([self.tools["unshare"], "--net", "--"] + init_command(lifetime, self.workdir), log)
        self.state["underlay"] = dict(proc_record(process.pid), address=bridge_address)
        self.save()
        wait_ready(process, "underlay", log, UNDERLAY_TIMEOUT)
        ip = self.tools["ip"]
        for argv in (["link", "set", "lo", "up"],
                     ["link", "add", plan.UNDERLAY_BRIDGE, "type", "bridge"],
                     ["addr", "add", bridge_address, "dev", plan.UNDERLAY_BRIDGE],
                     ["link", "set", plan.UNDERLAY_BRIDGE, "up"]):
            run(self.in_underlay([ip] + argv), "underlay", UNDERLAY_TIMEOUT)

    def _write_inventory(self, python):
        hosts = [(host["name"], host["address"].split("/")[0],
                  KINDS[host["kind"]].host_vars(self, host)) for host in self.state["hosts"]]
        text = plan.render_inventory(self.workdir, hosts, self.state["underlay"]["pid"], python,
                                     self.tools["nsenter"], self.tools["socat"])
        with open(self.inventory_path, "w") as handle:
            handle.write(text)

    # -- reboot ------------------------------------------------------------------------------

    def reboot(self, name, timeout=REBOOT_TIMEOUT):
        host = self.host(name)
        self.tools = find_tools(BASE_TOOLS + KINDS[host["kind"]].TOOLS)
        return KINDS[host["kind"]].reboot(self, host, timeout)

    # -- down --------------------------------------------------------------------------------

    def stop_control_masters(self, only=None):
        """End the ssh ControlMaster processes that connections to this lab left (ControlPersist);
        with `only` (an address), just the one to that host."""
        control_dir = self.path(plan.CONTROL_DIR)
        if not os.path.isdir(control_dir):
            return []
        ssh = shutil.which("ssh") or "ssh"
        masters = []
        for socket_name in sorted(os.listdir(control_dir)):
            if only is not None and socket_name != only:
                continue
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
        """Power machines off, end every recorded process, remove the generated files.
        Return True if anything was there."""
        existed = bool(self.state) or any(os.path.lexists(self.path(name)) for name in GENERATED)
        left = self.stop_control_masters()
        for host in (self.state or {}).get("hosts", []):
            if host.get("kind") == "machine":
                left += machine.stop(host, self.workdir)
        left += stop_procs(self.records())
        if left:
            raise LabError("processes that would not end (pids %s); state kept in %s"
                           % (", ".join(str(record["pid"]) for record in left), self.state_path))
        for name in GENERATED + (plan.STATE_FILE + ".tmp",):
            target = self.path(name)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            elif os.path.lexists(target):
                os.unlink(target)
        self.state = None
        return existed
