# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns_service and ns_command on systemd machines (Debian 12 and 13), over real SSH: a small HTTP
server (python3 -m http.server, a unit the test installs) bound to blue, fetched from red over a veth
pair; check mode, diff, re-run unchanged, restart_required; the namespace deleted stops it; bad input
refused before anything changes; after a real reboot, with no Ansible run, it answers red again (the
namespaces made again by the topology module's persist unit, the server started once blue exists).
playbooks/netns_service.yml asserts each step; this file, what the machine shows from outside the
play: systemctl, the process's namespace, the host's isolation, the boot order."""

import os
import time

import pytest

from test_machines import MACHINES, ok, on, recap

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "netns_service.yml")
UNIT = "linuxnet-web.service"
# from the machine's own namespace: blue's server must not be reachable (no route, no address there)
CONNECT = ("import socket, sys\n"
           "try:\n"
           "    socket.create_connection(('10.0.9.1', 8080), timeout=2)\n"
           "except OSError as error:\n"
           "    print('refused', error)\n"
           "else:\n"
           "    print('connected')\n")


@pytest.fixture(scope="module")
def services(new_lab):
    """svc1 (Debian 12) and svc2 (Debian 13), booted with systemd; the play's down phase at the end."""
    lab = new_lab(hosts=2, prefix="svc", extra_args=MACHINES)
    result = lab.up()
    if result.returncode != 0:
        pytest.fail("machines did not come up: %s" % result.stderr, pytrace=False)
    yield lab
    down = lab.playbook(PLAYBOOK, extra_vars={"phase": "down"})
    ok(lab.down())
    ok(down)


def play(lab, phase):
    out = ok(lab.playbook(PLAYBOOK, extra_vars={"phase": phase}))
    assert set(recap(out)) == set(lab.hosts), out
    return out


def main_pid(lab, host):
    return on(lab, host, "systemctl", "show", "--property=MainPID", "--value", UNIT)


def test_a_running_server_bound_to_blue_answers_red(services):
    play(services, "build")  # the play asserts the four steps, the restart and the page from red
    for host in services.hosts:
        cat = on(services, host, "systemctl", "cat", UNIT)
        assert "NetworkNamespacePath=/run/netns/blue" in cat and "BindsTo=linuxnet-netns-ready@blue.service" in cat
        assert on(services, host, "ip", "netns", "identify", main_pid(services, host)) == "blue"
        assert on(services, host, "systemctl", "is-active", "linuxnet-netns-ready@blue.service") == "active"
        assert on(services, host, "/usr/bin/python3", "-c", CONNECT).startswith("refused"), host


def test_bad_input_is_refused_before_anything_changes(services):
    before = dict((host, on(services, host, "ls", "-R", "/etc/systemd/system")) for host in services.hosts)
    play(services, "bad")  # the play asserts each message, field and value
    for host in services.hosts:
        assert on(services, host, "ls", "-R", "/etc/systemd/system") == before[host]
        assert on(services, host, "ip", "netns", "identify", main_pid(services, host)) == "blue"


def test_the_namespace_deleted_stops_the_service_and_it_comes_back_with_it(services):
    play(services, "gone")  # blue deleted: the unit stops; blue again, started: red fetches the page
    for host in services.hosts:
        assert on(services, host, "ip", "netns", "identify", main_pid(services, host)) == "blue"
        log = on(services, host, "journalctl", "--no-pager", "-u", "linuxnet-netns-ready@blue.service")
        assert "Stopped" in log, log


FETCH = ("import urllib.request; "
         "print(urllib.request.urlopen('http://10.0.9.1:8080/', timeout=5).read().decode().strip())")
BOOT_WAIT = 60  # seconds for the server to answer after SSH does


def answers_after_boot(lab, host):
    """What red fetches from blue, retried (bounded) while the boot finishes; plain ip netns exec, no Ansible."""
    deadline = time.monotonic() + BOOT_WAIT
    while True:
        done = lab.exec(host, ["ip", "netns", "exec", "red", "/usr/bin/python3", "-c", FETCH])
        if done.returncode == 0 or time.monotonic() > deadline:
            return done
        time.sleep(1)


def test_after_a_reboot_the_service_answers_without_ansible(services):
    play(services, "persist")
    for host in services.hosts:
        ok(services.reboot(host))
    for host in services.hosts:
        done = answers_after_boot(services, host)
        assert done.returncode == 0 and done.stdout.strip() == "served from blue", (host, done.stdout, done.stderr)
        assert on(services, host, "ip", "netns", "identify", main_pid(services, host)) == "blue"
        # ordered: the ready unit ran after the owner's topology unit had made blue again
        ready = on(services, host, "systemctl", "show", "--property=ActiveEnterTimestampMonotonic", "--value",
                   "linuxnet-netns-ready@blue.service")
        made = on(services, host, "systemctl", "show", "--property=ActiveEnterTimestampMonotonic", "--value",
                  "linuxnet-netns-topology@svc.service")
        assert int(made) > 0 and int(ready) >= int(made), (host, made, ready)
