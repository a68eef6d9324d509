# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A light host: ``unshare --mount --net --uts --pid --fork`` running a tiny init as PID 1, with
private tmpfs on the folders that network namespaces, Open vSwitch and sshd keep state in, its own
userspace OVS and an sshd on ``eth0`` (no systemd; starts in well under a second).

Every kind of host offers the same functions to labkit.lab: tools, start, configure, records,
exec_argv, reboot."""

import os
import time

from labkit import plan
from labkit.errors import LabError
from labkit.procs import child_pid, init_command, proc_record, run, spawn, wait_ready

HOST_TIMEOUT = 10.0  # seconds for one host to come up
# Each host mounts a tmpfs of its own on these; /run holds netns, openvswitch (/var/run) and sshd.
PRIVATE_MOUNTS = ("/run", "/etc/openvswitch", "/var/log/openvswitch")
RUN_DIRS = ("/run/netns", "/run/openvswitch", "/run/sshd")
TOOLS = ("sshd", "ovsdb-tool", "ovsdb-server", "ovs-vsctl", "ovs-vswitchd", "mount", "mkdir", "hostname")
OVS_SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"


def records(host):
    return [host[key] for key in ("unshare", "init") if host.get(key)]


def exec_argv(lab, host):
    """nsenter into the host's mount, net, uts and pid namespaces."""
    return [lab.tools.get("nsenter", "nsenter"), "-t", str(host["init"]["pid"]), "-m", "-n", "-u", "-p", "--"]


def start(lab, host, lifetime):
    """Start the host's namespaces and init; record both pids (configuration comes later)."""
    what = host["name"]
    argv = [lab.tools["unshare"], "--mount", "--net", "--uts", "--pid", "--fork", "--kill-child",
            "--mount-proc", "--propagation", "private", "--"] + init_command(lifetime, lab.workdir)
    log = lab.path(plan.HOSTS_DIR, what, "init.log")
    process = spawn(argv, log)
    host["unshare"] = proc_record(process.pid)
    lab.save()
    wait_ready(process, what, log, HOST_TIMEOUT)
    init = child_pid(process.pid, HOST_TIMEOUT)
    if init is None:
        raise LabError("%s: no init process under unshare pid %d" % (what, process.pid))
    host["init"] = proc_record(init)
    lab.save()


def configure(lab, host):
    """Private dirs, hostname, lo, eth0 on the underlay bridge, OVS, sshd: all within HOST_TIMEOUT."""
    name = host["name"]
    tools = lab.tools
    deadline = time.monotonic() + HOST_TIMEOUT
    nsenter = exec_argv(lab, host)

    def on_host(*argv):
        run(nsenter + list(argv), name, deadline - time.monotonic())

    for directory in PRIVATE_MOUNTS:
        on_host(tools["mount"], "-t", "tmpfs", "-o", "mode=0755,size=64m", "tmpfs", directory)
    on_host(tools["mkdir"], "-m", "0755", *RUN_DIRS)
    on_host(tools["hostname"], name)
    on_host(tools["ip"], "link", "set", "lo", "up")
    underlay_end = "veth%d" % (lab.state["hosts"].index(host) + 1)
    run(lab.in_underlay([tools["ip"], "link", "add", underlay_end, "type", "veth", "peer", "name", "eth0",
                         "netns", str(host["init"]["pid"])]), name, deadline - time.monotonic())
    run(lab.in_underlay([tools["ip"], "link", "set", underlay_end, "master", plan.UNDERLAY_BRIDGE, "up"]), name,
        deadline - time.monotonic())
    on_host(tools["ip"], "addr", "add", host["address"], "dev", "eth0")
    on_host(tools["ip"], "link", "set", "eth0", "up")
    on_host(tools["ovsdb-tool"], "create", "/etc/openvswitch/conf.db", OVS_SCHEMA)
    on_host(tools["ovsdb-server"], "/etc/openvswitch/conf.db", "--remote=punix:/var/run/openvswitch/db.sock",
            "--pidfile=/var/run/openvswitch/ovsdb-server.pid", "--detach", "--no-chdir", "-vconsole:off",
            "--log-file=/var/log/openvswitch/ovsdb-server.log")
    on_host(tools["ovs-vsctl"], "--no-wait", "init")
    on_host(tools["ovs-vswitchd"], "--pidfile=/var/run/openvswitch/ovs-vswitchd.pid", "--detach",
            "--no-chdir", "-vconsole:off", "--log-file=/var/log/openvswitch/ovs-vswitchd.log")
    host_dir = lab.path(plan.HOSTS_DIR, name)
    config = os.path.join(host_dir, "sshd_config")
    with open(config, "w") as handle:
        handle.write(plan.render_sshd_config(host["address"].split("/")[0],
                                             os.path.join(host_dir, "ssh_host_ed25519_key"),
                                             lab.path("authorized_keys")))
    on_host(tools["sshd"], "-f", config, "-E", os.path.join(host_dir, "sshd.log"))
    on_host(tools["ovs-vsctl"], "--timeout=%d" % max(1, int(deadline - time.monotonic())), "show")


def reboot(lab, host, timeout):
    raise LabError("%s: a light host has no systemd to reboot; use a lab of kind machine" % host["name"])


def host_vars(lab, host):
    """What the inventory says of a light host: its kind and (the controller's) distribution."""
    return {"lab_kind": "light", "lab_distribution": os_release_codename()}


def os_release_codename(path="/etc/os-release"):
    try:
        with open(path) as handle:
            pairs = dict(line.strip().split("=", 1) for line in handle if "=" in line)
    except OSError:
        return "unknown"
    return pairs.get("VERSION_CODENAME", "unknown").strip('"') or "unknown"
