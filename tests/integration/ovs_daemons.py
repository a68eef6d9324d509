# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A lab host's Open vSwitch daemons stopped by the pids they recorded and started again with the
commands roles/lab/files/labctl.py uses (the database file survives a stop)."""

import shutil
import time

import pytest

OVS_RUN = "/var/run/openvswitch"
OVSDB_SERVER = [shutil.which("ovsdb-server") or "ovsdb-server", "/etc/openvswitch/conf.db",
                "--remote=punix:%s/db.sock" % OVS_RUN, "--pidfile=%s/ovsdb-server.pid" % OVS_RUN, "--detach",
                "--no-chdir", "-vconsole:off", "--log-file=/var/log/openvswitch/ovsdb-server.log"]
OVS_VSWITCHD = [shutil.which("ovs-vswitchd") or "ovs-vswitchd", "--pidfile=%s/ovs-vswitchd.pid" % OVS_RUN,
                "--detach", "--no-chdir", "-vconsole:off", "--log-file=/var/log/openvswitch/ovs-vswitchd.log"]
OVS_START = [OVSDB_SERVER, OVS_VSWITCHD]
DAEMONS = ("ovs-vswitchd", "ovsdb-server")


def _out(lab, host, *argv):
    result = lab.exec(host, list(argv))
    assert result.returncode == 0, "%s: %s" % (argv, result.stderr)
    return result.stdout


def ovs_pids(lab, host, daemons=DAEMONS):
    return [_out(lab, host, "cat", "%s/%s.pid" % (OVS_RUN, daemon)).strip() for daemon in daemons]


def stop_ovs(lab, host, daemons=DAEMONS):
    """SIGTERM to the daemons by the pids in their pid files; wait (bounded) until they are gone."""
    pids = ovs_pids(lab, host, daemons)
    _out(lab, host, "kill", *pids)
    for _attempt in range(100):
        if all(lab.exec(host, ["kill", "-0", pid]).returncode != 0 for pid in pids):
            return
        time.sleep(0.1)
    pytest.fail("OVS daemons %s on %s did not stop" % (pids, host))


def start_ovs(lab, host, daemons=DAEMONS):
    commands = dict(zip(DAEMONS, (OVS_VSWITCHD, OVSDB_SERVER)))
    for daemon in reversed(daemons):  # the database first
        _out(lab, host, *commands[daemon])
    _out(lab, host, "ovs-vsctl", "--timeout=10", "show")


def restart_ovs(lab, host):
    """Both daemons stopped and started again: what a package upgrade or a crash does."""
    stop_ovs(lab, host)
    start_ovs(lab, host)
