# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two_bridge role shaping its links (``two_bridge_qdiscs``), through real ansible-playbook
(connection local, inside tests/tools/sandbox --ovs): the seed's layout, a tbf on blue's end
and a different one on the host end towards blue, a re-run unchanged, then null gives the
default back. Traffic: blue still reaches red across both bridges and the link.
"""

import json
import os
import subprocess
import sys

from conftest import COLLECTIONS, ROOT
from topology_helpers import clean_host, run

import pytest

PLAYBOOK = os.path.join(ROOT, ".venv", "bin", "ansible-playbook")
TBF = {"kind": "tbf", "rate": "4mbit", "burst": "32kb", "latency": "50ms"}


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()


def role(tmp_path, qdiscs):
    """ansible-playbook with the two_bridge role; returns its recap line's counters."""
    path = tmp_path / "play.yml"
    path.write_text(json.dumps([{"hosts": "localhost", "connection": "local", "gather_facts": False,
                                 "roles": [{"role": "linuxnet.netns.two_bridge", "vars": {
                                     "two_bridge_datapath_type": "netdev", "two_bridge_qdiscs": qdiscs}}]}]))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1")
    proc = subprocess.run([PLAYBOOK, "-i", "localhost,", "-e", "ansible_python_interpreter=" + sys.executable,
                           str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          env=env, timeout=300, cwd=str(tmp_path), check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    recap = [line for line in proc.stdout.splitlines() if line.startswith("localhost")][-1]
    return dict(field.split("=") for field in recap.split(":", 1)[1].split())


def root_qdisc(netns, dev):
    prefix = ["tc"] + (["-n", netns] if netns else [])
    return [q for q in json.loads(run(prefix + ["-j", "qdisc", "show", "dev", dev])) if q.get("root")][0]


def pings(netns, address):
    ping = ["ip", "netns", "exec", netns, "ping", "-c1", "-W2", address]
    return subprocess.run(ping, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20, check=False).returncode == 0


def test_the_role_shapes_both_ends_of_blues_veth_and_gives_the_default_back(tmp_path):
    shaped = {"veth1": TBF, "veth0": dict(TBF, rate="2mbit")}
    assert int(role(tmp_path, shaped)["changed"]) >= 1
    blue, host = root_qdisc("blue", "veth1"), root_qdisc(None, "veth0")
    assert blue["kind"] == host["kind"] == "tbf"
    assert blue["options"]["rate"] == 500000 and host["options"]["rate"] == 250000  # bytes/s: both directions
    assert root_qdisc("red", "veth3")["kind"] == "noqueue"  # an end not named is left alone
    assert pings("blue", "10.0.2.101")
    assert role(tmp_path, shaped)["changed"] == "0"  # re-run unchanged

    assert int(role(tmp_path, {"veth1": None, "veth0": None})["changed"]) >= 1
    assert root_qdisc("blue", "veth1")["kind"] == "noqueue" and root_qdisc(None, "veth0")["kind"] == "noqueue"
    assert pings("blue", "10.0.2.101")
