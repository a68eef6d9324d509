# -*- coding: utf-8 -*-
"""ovs_prerequisites' decisions: OS family, service manager, the kernel module and datapath, what is
missing, and that a ready host costs no more than the probe of OVSDB and the kernel module."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.prerequisites import (
    KMOD_PATH, PROGRAMS, find, kernel_module, os_family, service_manager)

DB = "unix:/var/run/openvswitch/db.sock"


@pytest.mark.parametrize("text, family", [
    ('ID=debian\nVERSION_ID="12"\n', "Debian"),
    ('ID=ubuntu\nID_LIKE=debian\n', "Debian"),
    ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "RedHat"),
    ('ID=fedora\n', "RedHat"),
    ('ID=alpine\n', ""),
    ("", ""),
    (None, ""),
    ('NAME="Debian-like ubuntu"\nID=arch\n', ""),  # only ID and ID_LIKE count
])
def test_os_family(text, family):
    assert os_family(text) == family


@pytest.mark.parametrize("comm, manager", [("systemd\n", "systemd"), ("unshare\n", "other"), (None, "other")])
def test_service_manager(comm, manager):
    assert service_manager(comm) == manager


class Probes:
    """Injected probes; records every command run."""

    def __init__(self, programs=PROGRAMS, kmod=False, modprobe_rc=1, ovsdb_rc=0):
        self.programs, self.kmod, self.modprobe_rc, self.ovsdb_rc = programs, kmod, modprobe_rc, ovsdb_rc
        self.ran = []

    def run(self, argv):
        self.ran.append(argv)
        return (self.modprobe_rc if argv[0] == "modprobe" else self.ovsdb_rc), "", ""

    def which(self, name):
        return "/usr/bin/" + name if name in self.programs else None

    def read(self, path):
        return {"/proc/1/comm": "systemd\n", "/etc/os-release": "ID=debian\n"}.get(path)

    def exists(self, path):
        return path == KMOD_PATH and self.kmod


@pytest.mark.parametrize("check_mode, kmod, rc, expected", [
    (False, True, 1, ("loaded", False)),
    (False, False, 0, ("loaded now", True)),
    (False, False, 1, ("absent", False)),
    (True, False, 0, ("loadable", False)),
    (True, False, 1, ("absent", False)),
])
def test_kernel_module(check_mode, kmod, rc, expected):
    probes = Probes(kmod=kmod, modprobe_rc=rc)
    assert kernel_module(probes.exists, probes.run, check_mode) == expected
    modprobes = [argv for argv in probes.ran if argv[0] == "modprobe"]
    assert modprobes == ([] if kmod else [["modprobe"] + (["--dry-run"] if check_mode else []) + ["openvswitch"]])


def test_a_ready_host_needs_nothing():
    probes = Probes(kmod=True)
    report = find(probes.run, probes.which, probes.read, probes.exists, DB, check_mode=False)
    assert report == {"changed": False, "programs": dict((name, "/usr/bin/" + name) for name in PROGRAMS),
                      "missing": [], "ovsdb_answers": True, "kernel_module": "loaded", "datapath_type": "system",
                      "service_manager": "systemd", "os_family": "Debian"}
    assert probes.ran == [["/usr/bin/ovs-vsctl", "--db=" + DB, "--timeout=3", "show"]]


def test_a_bare_host_lacks_every_program_and_is_not_asked_for_ovsdb():
    probes = Probes(programs=())
    report = find(probes.run, probes.which, probes.read, probes.exists, DB, check_mode=True)
    assert report["missing"] == list(PROGRAMS)
    assert report["ovsdb_answers"] is False and report["datapath_type"] == "netdev"
    assert all(argv[0] == "modprobe" for argv in probes.ran)


def test_daemons_down_and_no_kernel_module():
    probes = Probes(ovsdb_rc=1)
    report = find(probes.run, probes.which, probes.read, probes.exists, DB, check_mode=False,
                  load_kernel_module=False)
    assert report["missing"] == [] and report["ovsdb_answers"] is False
    assert report["kernel_module"] == "absent" and report["datapath_type"] == "netdev"
    assert not [argv for argv in probes.ran if argv[0] == "modprobe"]
