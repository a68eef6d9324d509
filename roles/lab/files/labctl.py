#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A lab of hosts on one machine, reachable by Ansible over real SSH.

    labctl.py up --workdir DIR [--hosts N] [--prefix P] [--subnet CIDR] [--python PATH]
                 [--kind light|machine] [--distribution bookworm[,trixie...]] [--cache DIR]
    labctl.py down --workdir DIR
    labctl.py status --workdir DIR
    labctl.py reboot --workdir DIR HOST [--timeout SECONDS]
    labctl.py exec --workdir DIR HOST -- COMMAND [ARGS...]

A light host (the default) is a process in namespaces of its own with its own userspace OVS and an
sshd (labkit/light.py); a machine is a Debian 12 or 13 root booted with systemd as PID 1 in
systemd-nspawn (labkit/machine.py, roots cached by labkit/roots.py). Both sit on the bridge of the
lab's underlay: a network namespace held by a process of its own, never a named namespace of the
machine. Nothing is created in the machine's own network namespace. Every pid is recorded (with its
start time, so that a reused pid is never signalled) in DIR/state.json; ``down`` ends exactly those.
Output of up/down/status/reboot is one JSON object on stdout; errors go to stderr with exit status 1.
"""

import argparse
import fcntl
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
from labkit import machine, roots  # noqa: E402
from labkit.errors import LabError  # noqa: E402
from labkit.lab import Lab  # noqa: E402
from labkit.plan import (STATE_FILE, check_workdir, host_names, plan_addresses, plan_distributions,  # noqa: E402
                         render_inventory, render_sshd_config)
from labkit.procs import init_main  # noqa: E402

# What tests and tools take from labctl (the pure parts live in labkit.plan).
__all__ = ["LabError", "STATE_FILE", "check_workdir", "host_names", "plan_addresses", "plan_distributions",
           "render_inventory", "render_sshd_config", "main"]

DEFAULT_LIFETIME = 24 * 3600  # the lab's processes end by themselves after this


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("%r is not a positive integer" % text)
    return value


def positive_float(text):
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("%r is not a positive number" % text)
    return value


def add_up_parser(commands):
    up = commands.add_parser("up", help="start the lab (unchanged if it runs with the same parameters)")
    up.add_argument("--hosts", type=positive_int, default=3)
    up.add_argument("--prefix", default="labhost")
    up.add_argument("--subnet", default="192.168.250.0/24", help="underlay subnet (inside the lab only)")
    up.add_argument("--python", default=sys.executable, help="ansible_python_interpreter of light hosts")
    up.add_argument("--lifetime", type=positive_int, default=DEFAULT_LIFETIME,
                    help="seconds after which the lab's processes end by themselves")
    up.add_argument("--sshd", default=None, help="sshd program of light hosts (default: sshd from PATH)")
    up.add_argument("--kind", default="light", help="light (processes in namespaces) or machine (systemd-nspawn)")
    up.add_argument("--distribution", default="bookworm",
                    help="machines: bookworm or trixie, or a comma-separated list taken in turn, host by host")
    up.add_argument("--cache", default=roots.DEFAULT_CACHE, help="machines: where roots are cached")
    up.add_argument("--mirror", default=roots.DEFAULT_MIRROR, help="machines: the Debian mirror of debootstrap")
    up.add_argument("--boot-timeout", type=positive_float, default=machine.BOOT_TIMEOUT,
                    help="machines: seconds until SSH answers after the start")
    return up


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    with_workdir = [add_up_parser(commands)]
    for name, text in (("down", "stop the lab and remove its files"), ("status", "the lab as JSON")):
        with_workdir.append(commands.add_parser(name, help=text))
    reboot = commands.add_parser("reboot", help="reboot a machine (systemctl reboot) and wait until SSH answers")
    reboot.add_argument("host")
    reboot.add_argument("--timeout", type=positive_float, default=120.0)
    exec_parser = commands.add_parser("exec", help="run a command on a host")
    exec_parser.add_argument("host")
    exec_parser.add_argument("argv", nargs=argparse.REMAINDER)
    with_workdir += [reboot, exec_parser]
    init = commands.add_parser("_init")  # internal: the init process of light hosts and the underlay
    init.add_argument("lifetime", type=int)
    init.add_argument("lab", help="the workdir of the lab (only to tell the lab's processes apart)")
    keeper = commands.add_parser("_keeper")  # internal: runs and reboots one machine
    for name, kind in (("lab", str), ("name", str), ("root", str), ("lifetime", int)):
        keeper.add_argument(name, type=kind)
    for sub in with_workdir:
        sub.add_argument("--workdir", required=True)
    return parser.parse_args(argv)


def up_params(args):
    return {"hosts": args.hosts, "prefix": args.prefix, "subnet": args.subnet, "python": args.python,
            "lifetime": args.lifetime, "sshd": args.sshd, "kind": args.kind,
            "distributions": [part.strip() for part in args.distribution.split(",") if part.strip()],
            "cache": os.path.abspath(args.cache), "mirror": args.mirror, "boot_timeout": args.boot_timeout}


def locked(workdir):
    """An exclusive lock on the workdir, so that two controllers never work on one lab at once."""
    os.makedirs(workdir, exist_ok=True)
    handle = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def exec_on_host(workdir, name, argv):
    """Replace this process with argv run in host `name`'s namespaces."""
    command = argv[1:] if argv[:1] == ["--"] else argv
    if not command:
        raise LabError("exec: no command given")
    prefix = Lab(workdir).exec_argv(name)
    os.execv(prefix[0], prefix + command)


def lab_command(args, workdir):
    """up, down, status or reboot, under the workdir's lock; returns the JSON result."""
    if args.command != "up" and not os.path.isdir(workdir):
        if args.command == "reboot":
            raise LabError("host: %r is not a running host of the lab in %s" % (args.host, workdir))
        return Lab(workdir).status() if args.command == "status" else {"changed": False, "workdir": workdir}
    lock = locked(workdir)
    try:
        lab = Lab(workdir)
        if args.command == "up":
            changed = lab.up(up_params(args))
            return dict(lab.status(), changed=changed)
        if args.command == "down":
            return {"changed": lab.down(), "workdir": workdir}
        if args.command == "reboot":
            return dict(lab.reboot(args.host, args.timeout), changed=True)
        return lab.status()
    finally:
        os.close(lock)
        if args.command in ("up", "down") and not os.listdir(workdir):  # down, or a failed up: no empty dir
            os.rmdir(workdir)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "_init":
        return init_main(args.lifetime)
    if args.command == "_keeper":
        return machine.keeper_main(args.lab, args.name, args.root, args.lifetime)
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
