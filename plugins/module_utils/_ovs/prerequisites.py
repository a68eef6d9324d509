# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a host has for Open vSwitch, found in one pass: its programs, whether OVSDB answers, the
datapath the kernel offers, the service manager and the OS family. The role prerequisites installs
and starts only what this reports missing, so a re-run on a ready host is one task and no package
manager query.

The probes are injected (``run(argv) -> (rc, out, err)``, ``which(name) -> path or None``,
``read(path) -> text or None``, ``exists(path) -> bool``) so that every decision is testable.
"""

PROGRAMS = ("ovs-vsctl", "ovsdb-server", "ovs-vswitchd")
KMOD_PATH = "/sys/module/openvswitch"
PROBE_TIMEOUT = 3  # seconds ovs-vsctl waits for the database


def os_family(os_release):
    """Debian, RedHat or "" (unknown) from the text of /etc/os-release (ID and ID_LIKE)."""
    words = set()
    for line in (os_release or "").splitlines():
        key, _sep, value = line.partition("=")
        if key.strip() in ("ID", "ID_LIKE"):
            words.update(value.strip().strip("\"'").lower().split())
    if words & {"debian", "ubuntu"}:
        return "Debian"
    if words & {"rhel", "fedora", "centos", "rocky", "almalinux"}:
        return "RedHat"
    return ""


def service_manager(pid1_comm):
    return "systemd" if (pid1_comm or "").strip() == "systemd" else "other"


def kernel_module(exists, run, check_mode):
    """(state, changed): ``loaded`` (present or built in), ``loadable`` (check mode: modprobe --dry-run
    finds it), ``loaded now`` (modprobe loaded it: a change) or ``absent``."""
    if exists(KMOD_PATH):
        return "loaded", False
    rc, _out, _err = run(["modprobe"] + (["--dry-run"] if check_mode else []) + ["openvswitch"])
    if rc != 0:
        return "absent", False
    return ("loadable", False) if check_mode else ("loaded now", True)


def ovsdb_answers(run, vsctl, db):
    rc, _out, _err = run([vsctl, "--db=" + db, "--timeout=%d" % PROBE_TIMEOUT, "show"])
    return rc == 0


def find(run, which, read, exists, db, check_mode, load_kernel_module=True):
    """The report of the module ovs_prerequisites (a dict; ``changed`` when the kernel module was loaded)."""
    programs = dict((name, which(name)) for name in PROGRAMS)
    missing = [name for name in PROGRAMS if not programs[name]]
    if load_kernel_module:
        kmod, changed = kernel_module(exists, run, check_mode)
    else:
        kmod, changed = ("loaded" if exists(KMOD_PATH) else "absent"), False
    return {
        "changed": changed,
        "programs": programs,
        "missing": missing,
        "ovsdb_answers": bool(programs["ovs-vsctl"]) and ovsdb_answers(run, programs["ovs-vsctl"], db),
        "kernel_module": kmod,
        "datapath_type": "netdev" if kmod == "absent" else "system",
        "service_manager": service_manager(read("/proc/1/comm")),
        "os_family": os_family(read("/etc/os-release")),
    }
