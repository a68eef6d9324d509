# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole play on a bare (sandboxed) host: --check reports every change and fails nowhere,
the real run makes them, a re-run changes nothing."""

import json
import os
import subprocess

from conftest import COLLECTIONS, ROOT, kernel_view

PLAYBOOK = os.path.join(ROOT, ".venv", "bin", "ansible-playbook")

PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - linuxnet.netns.netns: {name: %(blue)s, sysctls: {net.ipv4.ip_forward: 1}}
    - linuxnet.netns.veth: {name: ktv0, peer: ktv1, peer_netns: %(blue)s, mtu: 1400}
    - linuxnet.netns.ns_addr: {dev: ktv0, address: [10.0.2.1/24]}
    - linuxnet.netns.ns_addr: {dev: ktv1, netns: %(blue)s, address: [10.0.2.100/24]}
    - linuxnet.netns.ns_route: {netns: %(blue)s, dest: default, gateway: 10.0.2.1}
"""


def play(path, *extra):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    result = subprocess.run([PLAYBOOK, path] + list(extra), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, universal_newlines=True, env=env, timeout=300,
                            cwd=ROOT, check=False)
    recaps = [line for line in result.stdout.splitlines() if line.startswith("localhost ")]
    assert recaps, result.stdout
    recap = recaps[-1]
    counts = dict(item.split("=") for item in recap.split(":", 1)[1].split())
    return result.returncode, dict((key, int(value)) for key, value in counts.items()), result.stdout


def test_play_check_then_run_then_rerun(make_netns, tmp_path):
    blue = make_netns(create=False)
    path = tmp_path / "play.yml"
    path.write_text(PLAY % {"blue": blue})
    bare = kernel_view(None)

    rc, counts, out = play(str(path), "--check", "--diff")
    assert rc == 0 and counts["changed"] == 5 and counts["failed"] == 0, out
    assert "check mode assumes an earlier task creates it" in out
    assert kernel_view(None) == bare

    rc, counts, out = play(str(path))
    assert rc == 0 and counts["changed"] == 5, out
    route = json.loads(subprocess.run(["ip", "-j", "-n", blue, "route", "show", "default"], check=True,
                                      stdout=subprocess.PIPE, universal_newlines=True).stdout)
    assert route[0]["gateway"] == "10.0.2.1"

    for extra in ((), ("--check",)):
        rc, counts, out = play(str(path), *extra)
        assert rc == 0 and counts["changed"] == 0, out
