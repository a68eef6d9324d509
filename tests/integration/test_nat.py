# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""NAT through ansible-playbook on a lab host, proven with traffic over the lab's underlay.

The first host runs the seed's layout with ``two_bridge_egress: eth0`` (its underlay interface) and
a port forward of its underlay port 8080 to blue's port 80. Blue reaches a listener on the second
host's underlay address, which sees the first host's address (masqueraded); a client on the second
host reaches a listener in blue through the forward. The listeners are ended by the pids they
report; the layout is removed afterwards, also when a check fails.
"""

import json
import os
import select
import subprocess
import sys

import pytest

from lab_harness import LABCTL

HERE = os.path.dirname(os.path.abspath(__file__))
PLAYBOOK = os.path.join(HERE, "playbooks", "nat.yml")
LISTENER = os.path.join(HERE, "..", "tools", "peer_listener.py")


def underlay_address(lab, host):
    return [entry["address"] for entry in lab.status["hosts"] if entry["name"] == host][0].split("/")[0]


def ok(result):
    assert result.returncode == 0, "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-3000:])
    return result


class Listeners:
    """peer_listener.py processes on lab hosts, each ended by the pid it reported."""

    def __init__(self, lab):
        self.lab = lab
        self.started = []  # (host, pid, process)

    def listen(self, host, address, port, netns=None):
        prefix = ["ip", "netns", "exec", netns] if netns else []
        argv = [sys.executable, LABCTL, "exec", "--workdir", self.lab.workdir, host, "--"] + prefix + [
            sys.executable, LISTENER, address, str(port), "90"]
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, universal_newlines=True)
        ready = select.select([process.stdout], [], [], 20)[0]
        line = process.stdout.readline() if ready else ""
        assert line.startswith("listening "), "listener on %s did not start: %r" % (host, line)
        self.started.append((host, int(line.split()[1]), process))

    def stop(self):
        for host, pid, process in self.started:
            self.lab.exec(host, ["kill", str(pid)])
            process.wait(timeout=20)
            process.stdout.close()


def ask(lab, host, address, port, netns=None, timeout=10):
    """The source the listener saw, or ``error: ...`` (a short ``timeout`` where no answer is expected)."""
    prefix = ["ip", "netns", "exec", netns] if netns else []
    return lab.exec(host, prefix + [sys.executable, LISTENER, "--ask", address, str(port), str(timeout)]).stdout.strip()


@pytest.fixture
def nat_host(lab, tmp_path):
    host, other = lab.hosts[0], lab.hosts[1]
    extra = {"target": host, "egress": "eth0"}
    listeners = Listeners(lab)
    try:
        yield host, other, extra, listeners
    finally:
        listeners.stop()
        lab.playbook(PLAYBOOK, extra_vars=dict(extra, nat_state="absent"))


def test_egress_and_a_port_forward_over_the_underlay(lab, nat_host, tmp_path):
    host, other, extra, listeners = nat_host
    here, there = underlay_address(lab, host), underlay_address(lab, other)
    ok(lab.playbook(PLAYBOOK, extra_vars=dict(extra, egress="")))  # the layout, egress off (the default)
    listeners.listen(other, there, 7000)
    listeners.listen(host, "10.0.2.100", 80, netns="blue")
    assert ask(lab, host, there, 7000, netns="blue", timeout=2).startswith("error")  # no egress yet
    assert ask(lab, other, here, 8080, timeout=2).startswith("error")  # no forward yet

    result_file = str(tmp_path / "forward.json")
    ok(lab.playbook(PLAYBOOK, extra_vars=dict(extra, result_file=result_file)))
    with open(result_file) as handle:
        forward = json.load(handle)
    assert forward["changed"] and forward["nat"]["table"] == "linuxnet_it_forward"
    assert ask(lab, host, there, 7000, netns="blue") == here  # the far side sees the host's address
    assert ask(lab, other, here, 8080) == there  # the forward reaches blue, which sees the client

    again = ok(lab.playbook(PLAYBOOK, extra_vars=extra))
    assert "changed=0" in again.stdout, again.stdout[-4000:]

    ok(lab.playbook(PLAYBOOK, extra_vars=dict(extra, nat_state="absent")))
    tables = lab.exec(host, ["nft", "list", "tables"]).stdout
    assert "linuxnet_" not in tables, tables
