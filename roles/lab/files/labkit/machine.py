# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A machine: systemd as PID 1 in ``systemd-nspawn``, on an overlay of a cached Debian root (labkit.roots).

Each machine has a keeper (``labctl.py _keeper``), started in a mount namespace of its own and in
the lab's underlay network namespace. The keeper mounts a private tmpfs on /run (systemd-nspawn's
own bookkeeping stays there) and the machine's overlay (lower: the cached root; upper: its disk in
WORKDIR/machines/NAME/upper, kept across reboots, removed by `down`), then runs systemd-nspawn. When
the machine reboots (systemd-nspawn ends with status 133) the keeper starts it again on the same
overlay; on TERM it powers the machine off (systemd-nspawn passes SIGRTMIN+3 to the machine's
systemd), bounded, then KILL. Its mounts go with its mount namespace. systemd-nspawn puts the outer
end of the machine's veth (vb-NAME) on the underlay bridge; inside, host0 gets the machine's address
from a unit in the overlay. The machine's own network namespace is never touched.

WORKDIR/machines/NAME/boot.json: the current boot (count, systemd-nspawn and the machine's systemd,
each with pid and start time), written by the keeper as soon as each exists.
"""

import json
import os
import signal
import subprocess
import time
import uuid

from labkit import cgroups, plan, roots
from labkit.errors import LabError
from labkit.procs import (child_pid, is_alive, labctl_command, proc_record, run, say_ready, spawn, stop_procs,
                          wait_gone, wait_ready)

MACHINES_DIR = "machines"
BOOT_FILE = "boot.json"
REBOOT_STATUS = 133  # systemd-nspawn's exit status when the machine asked for a reboot
BOOT_TIMEOUT = 60.0  # seconds from systemd-nspawn's start until SSH answers
POWEROFF_TIMEOUT = 20.0  # seconds for an orderly poweroff before KILL
LEADER_TIMEOUT = 10.0  # seconds until systemd-nspawn has started the machine's systemd
MAX_BOOTS = 1000  # a machine that keeps rebooting ends after this many boots
SSH_ATTEMPT = 5.0  # seconds for one SSH probe
TOOLS = ("systemd-nspawn", "ssh", "mount", "timeout") + roots.TOOLS
NSPAWN_ENV = {"SYSTEMD_NSPAWN_UNIFIED_HIERARCHY": "1"}
UNDERLAY_UNIT = "lab-underlay.service"


def machine_dir(workdir, name, *parts):
    return os.path.join(workdir, MACHINES_DIR, name, *parts)


def read_boot(workdir, name):
    try:
        with open(machine_dir(workdir, name, BOOT_FILE)) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def write_boot(workdir, name, boot):
    path = machine_dir(workdir, name, BOOT_FILE)
    with open(path + ".tmp", "w") as handle:
        json.dump(boot, handle, sort_keys=True)
    os.replace(path + ".tmp", path)


# ---------------------------------------------------------------------------------------------
# What labkit.lab calls for a host of kind machine


def records(host, workdir):
    boot = read_boot(workdir, host["name"])
    return [record for record in (host.get("keeper"), boot.get("nspawn"), boot.get("leader")) if record]


def leader(workdir, host):
    """The running machine's systemd (PID 1 inside), or LabError."""
    boot = read_boot(workdir, host["name"])
    if not is_alive(boot.get("leader")):
        raise LabError("%s: the machine is not running (no systemd in %s)" % (host["name"], BOOT_FILE))
    return boot["leader"]


def exec_argv(lab, host):
    """nsenter into every namespace of the machine's systemd."""
    return [lab.tools.get("nsenter", "nsenter"), "-t", str(leader(lab.workdir, host)["pid"]), "-a", "--"]


def host_vars(lab, host):
    return {"lab_kind": "machine", "lab_distribution": host["distribution"],
            "ansible_python_interpreter": os.path.join(roots.VENV, "bin", "python")}


def start(lab, host, lifetime):
    """Seed the machine's disk, start its keeper (recorded at once), wait until it has mounted and booted."""
    name = host["name"]
    seed_disk(lab, host)
    argv = [lab.tools["unshare"], "--mount", "--propagation", "private", "--",
            lab.tools["nsenter"], "--net=/proc/%d/ns/net" % lab.state["underlay"]["pid"], "--"]
    argv += labctl_command("_keeper", lab.workdir, name, host["root"], lifetime)
    log = machine_dir(lab.workdir, name, "keeper.log")
    process = spawn(argv, log)
    host["keeper"] = proc_record(process.pid)
    lab.save()
    try:
        wait_ready(process, name, log, LEADER_TIMEOUT)
    except LabError as exc:  # the logs go with the failed lab: say what they said
        raise LabError("%s%s%s" % (exc, log_tail(log, "keeper"), console_tail(lab.workdir, name))) from None


def configure(lab, host):
    """Bounded wait until the machine answers over SSH through the underlay."""
    wait_ssh(lab, host, lab.state["params"].get("boot_timeout", BOOT_TIMEOUT))


def reboot(lab, host, timeout):
    """A real reboot: systemctl reboot inside, the keeper starts it again, wait until SSH answers."""
    name = host["name"]
    before = read_boot(lab.workdir, name)
    started = time.monotonic()
    run(exec_argv(lab, host) + ["systemctl", "reboot"], "%s: reboot" % name, SSH_ATTEMPT * 2)
    deadline = started + timeout
    while time.monotonic() < deadline:
        boot = read_boot(lab.workdir, name)
        if boot.get("boots", -1) > before.get("boots", -1) and is_alive(boot.get("leader")):
            break
        if not is_alive(host.get("keeper")):
            raise LabError("%s: the machine did not come back from its reboot (see %s)"
                           % (name, machine_dir(lab.workdir, name, "console.log")))
        time.sleep(0.1)
    else:
        raise LabError("%s: not booted again within %.1f s of systemctl reboot" % (name, timeout))
    lab.stop_control_masters(host["address"].split("/")[0])
    wait_ssh(lab, host, max(deadline - time.monotonic(), 1.0))
    return {"host": name, "boots": read_boot(lab.workdir, name)["boots"],
            "seconds": round(time.monotonic() - started, 1)}


def stop(host, workdir):
    """Power the machine off through its keeper (bounded), then end whatever of it is left."""
    keeper = host.get("keeper")
    if is_alive(keeper):
        os.kill(keeper["pid"], signal.SIGTERM)
        wait_gone([keeper], POWEROFF_TIMEOUT + 5.0)
    left = stop_procs(records(host, workdir))
    boot = read_boot(workdir, host["name"])
    if is_alive(boot.get("leader")):  # systemd-nspawn gone, the machine's systemd orphaned
        os.kill(boot["leader"]["pid"], signal.SIGKILL)
        wait_gone([boot["leader"]], 5.0)
    if keeper and not left:
        cgroups.remove_left(keeper["pid"])
    return left


# ---------------------------------------------------------------------------------------------
# The machine's disk: files the lab puts into its overlay before the first boot


def seed_disk(lab, host):
    name = host["name"]
    lower, upper = host["root"], machine_dir(lab.workdir, name, "upper")
    for directory in ("upper", "work", "root"):
        os.makedirs(machine_dir(lab.workdir, name, directory), mode=0o755, exist_ok=True)
    key = lab.path(plan.HOSTS_DIR, name, "ssh_host_ed25519_key")
    with open(key) as private, open(key + ".pub") as public, open(lab.path("authorized_keys")) as authorized:
        files = [
            ("etc/hostname", name + "\n", 0o644),
            ("etc/machine-id", uuid.uuid4().hex + "\n", 0o444),
            ("etc/ssh/ssh_host_ed25519_key", private.read(), 0o600),
            ("etc/ssh/ssh_host_ed25519_key.pub", public.read(), 0o644),
            ("etc/ssh/sshd_config.d/lab.conf", plan.render_machine_sshd_config(), 0o644),
            ("root/.ssh/authorized_keys", authorized.read(), 0o600),
            ("etc/systemd/system/" + UNDERLAY_UNIT, plan.render_underlay_unit(host["address"]), 0o644),
        ]
    umask = os.umask(0)
    try:
        for relative, text, mode in files:
            seed_file(lower, upper, relative, text, mode)
        make_dirs_like(lower, upper, "etc/systemd/system/multi-user.target.wants")
    finally:
        os.umask(umask)
    wants = os.path.join(upper, "etc/systemd/system/multi-user.target.wants")
    os.symlink("/etc/systemd/system/" + UNDERLAY_UNIT, os.path.join(wants, UNDERLAY_UNIT))


def make_dirs_like(lower, upper, relative):
    """Create the folders of `relative` in upper with the mode they have in lower (0700 for new ones);
    labctl runs as root, as the lower's folders are owned. Call with umask 0 (seed_disk)."""
    path = ""
    for part in relative.split("/"):
        path = os.path.join(path, part)
        target = os.path.join(upper, path)
        if os.path.isdir(target):
            continue
        try:
            mode = os.stat(os.path.join(lower, path)).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o700
        os.mkdir(target, mode)


def seed_file(lower, upper, relative, text, mode):
    """Write one file of the machine's disk with exactly `mode` (umask 0: the mode given is the mode)."""
    make_dirs_like(lower, upper, os.path.dirname(relative))
    path = os.path.join(upper, relative)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "w") as handle:
        handle.write(text)


# ---------------------------------------------------------------------------------------------
# SSH through the underlay


def ssh_probe_argv(lab, host):
    return lab.in_underlay([lab.tools["ssh"], "-o", "BatchMode=yes", "-o", "ConnectTimeout=2",
                            "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + lab.path(plan.KNOWN_HOSTS),
                            "-o", "IdentitiesOnly=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none",
                            "-o", "LogLevel=ERROR", "-i", lab.path(plan.CLIENT_KEY),
                            "root@" + host["address"].split("/")[0], "true"])


def wait_ssh(lab, host, timeout):
    """Until `ssh root@ADDRESS true` succeeds, at most `timeout` seconds; LabError naming the host."""
    name = host["name"]
    argv = ssh_probe_argv(lab, host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_alive(host.get("keeper")):
            raise LabError("%s: the machine ended while booting%s" % (name, console_tail(lab.workdir, name)))
        try:
            if subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=min(SSH_ATTEMPT, max(deadline - time.monotonic(), 0.1)),
                              check=False).returncode == 0:
                return
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.2)
    raise LabError("%s: did not boot within %.1f s (SSH on %s did not answer)%s"
                   % (name, timeout, host["address"].split("/")[0], console_tail(lab.workdir, name)))


def console_tail(workdir, name, lines=5):
    return log_tail(machine_dir(workdir, name, "console.log"), "console", lines)


def log_tail(path, what, lines=5):
    """'; WHAT (PATH) ends:' and the last lines of a log, or nothing when it is empty or absent."""
    try:
        with open(path, errors="replace") as handle:
            last = [line.rstrip() for line in handle.readlines()[-lines:]]
    except OSError:
        return ""
    return "; %s (%s) ends:\n  %s" % (what, path, "\n  ".join(last)) if last else ""


# ---------------------------------------------------------------------------------------------
# The keeper (labctl.py _keeper WORKDIR NAME ROOT LIFETIME): runs in its own mount namespace


def nspawn_argv(name, merged):
    return ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "--boot", "--directory", merged,
            "--machine", name, "--network-bridge", plan.UNDERLAY_BRIDGE, "--resolv-conf=off", "--timezone=off",
            "--link-journal=no", "--console=passive"]


def keeper_main(workdir, name, lower, lifetime):
    merged = machine_dir(workdir, name, "root")
    run(["mount", "-t", "tmpfs", "-o", "mode=0755,size=16m", "tmpfs", "/run"], name, 5.0)
    run(["mount", "-t", "overlay", "overlay", "-o", "lowerdir=%s,upperdir=%s,workdir=%s" % (
        lower, machine_dir(workdir, name, "upper"), machine_dir(workdir, name, "work")), merged], name, 5.0)
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopping.append(True))
    own = cgroups.enter_own(os.getpid())
    try:
        boot_loop(workdir, name, merged, stopping, time.monotonic() + lifetime)
    finally:
        cgroups.leave_own(own, os.getpid())
    return 0


def boot_loop(workdir, name, merged, stopping, deadline):
    """Boot the machine; again after each reboot; power it off when asked to stop or at the deadline."""
    env = dict(os.environ, **NSPAWN_ENV)
    for boots in range(MAX_BOOTS):
        with open(machine_dir(workdir, name, "console.log"), "ab") as console:
            process = subprocess.Popen(nspawn_argv(name, merged), stdin=subprocess.DEVNULL, stdout=console,
                                       stderr=console, env=env)
        boot = {"boots": boots, "nspawn": proc_record(process.pid), "leader": None}
        write_boot(workdir, name, boot)
        found = child_pid(process.pid, LEADER_TIMEOUT, comm="systemd")
        boot["leader"] = proc_record(found) if found else None
        write_boot(workdir, name, boot)
        if boots == 0:
            say_ready()
        status = wait_machine(process, stopping, deadline)
        if status is None:
            power_off(process, boot["leader"])
            return
        if status != REBOOT_STATUS:
            return


def wait_machine(process, stopping, deadline):
    """systemd-nspawn's exit status, or None when the keeper is asked to stop or its lifetime is over."""
    while not stopping and time.monotonic() < deadline:
        try:
            return process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
    return None


def power_off(process, machine_leader):
    """TERM to systemd-nspawn: an orderly poweroff of the machine, bounded; KILL after POWEROFF_TIMEOUT."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=POWEROFF_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5.0)
    if machine_leader and is_alive(machine_leader):
        os.kill(machine_leader["pid"], signal.SIGKILL)
        wait_gone([machine_leader], 5.0)
