# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""linuxnet.netns.topology with src: the action plugin reads the lists on the controller. Real
ansible-playbook against the sandbox: the same host as the lists given in the task; bad files fail
naming the file and the key, before anything changes."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import COLLECTIONS, ROOT

from topology_helpers import clean_host, host_view, run, seed, topology

PLAYBOOK = os.path.join(ROOT, ".venv", "bin", "ansible-playbook")


@pytest.fixture(autouse=True)
def clean():
    clean_host()
    yield
    clean_host()


def play(tmp_path, task_args, *extra):
    """The topology task's registered result for these arguments (printed by a debug task)."""
    path = tmp_path / "play.yml"
    path.write_text(json.dumps([{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"linuxnet.netns.topology": task_args, "register": "result", "ignore_errors": True},
        {"ansible.builtin.debug": {"msg": "RESULT {{ result | to_json }}"}}]}]))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1")
    proc = subprocess.run([PLAYBOOK, "-i", "localhost,", "-e", "ansible_python_interpreter=" + sys.executable,
                           str(path)] + list(extra), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, env=env, timeout=300, cwd=str(tmp_path),
                          check=False)
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith('"msg": "RESULT '):
            return json.loads(json.loads(line[len('"msg": '):])[len("RESULT "):])
    raise AssertionError(proc.stdout + proc.stderr)


def shape(view):
    """The host without what differs between two equal builds (MAC addresses, OVS row ids)."""
    spaces = dict((key, value) for key, value in view.items() if key not in ("netns", "ovs"))
    netlink = dict((netns, ([link[:1] + link[2:] for link in links], addresses, routes))
                   for netns, (links, addresses, routes) in spaces.items())
    return view["netns"], netlink, run(["ovs-vsctl", "--", "list-br", "--", "list-ports", "br0"])


def test_src_builds_what_the_inline_lists_build(tmp_path):
    topology(**seed())
    inline_view = shape(host_view())
    clean_host()
    bare = host_view()
    (tmp_path / "seed.yml").write_text(yaml.safe_dump(seed()))

    checked = play(tmp_path, {"src": "seed.yml"}, "--check")
    assert checked["changed"] and not checked.get("failed"), checked
    assert host_view() == bare

    applied = play(tmp_path, {"src": "seed.yml"})
    assert applied["changed"] and not applied.get("failed"), applied
    assert applied["counts"]["namespaces"] == {"planned": 2, "changed": 2}
    assert shape(host_view()) == inline_view

    again = play(tmp_path, {"src": "seed.yml"})
    assert not again["changed"] and not again.get("failed"), again


def test_src_lists_and_task_options_combine(tmp_path):
    lists = seed()
    bridges = lists.pop("bridges")
    (tmp_path / "seed.json").write_text(json.dumps(lists))
    assert play(tmp_path, {"src": "seed.json", "bridges": bridges})["changed"]
    assert not play(tmp_path, {"src": "seed.json", "bridges": bridges})["changed"]


@pytest.mark.parametrize("content, task, words", [
    ({"namespaces": [{"name": "blue"}]}, {"namespaces": [{"name": "red"}]}, ["src", "namespaces", "mutually"]),
    ({"namespace": [{"name": "blue"}]}, {}, ["src", "unknown key", "'namespace'"]),
    ({"veths": {"name": "v0"}}, {}, ["src", "veths must be a list"]),
    (["blue"], {}, ["src", "must hold a mapping"]),
    ({"veths": [{"name": "v0", "peer": "v1", "peer_netns": "../etc"}]}, {}, ["peer_netns", "../etc"]),
])
def test_bad_src_fails_naming_it_and_changes_nothing(tmp_path, content, task, words):
    (tmp_path / "bad.yml").write_text(yaml.safe_dump(content))
    bare = host_view()
    result = play(tmp_path, dict(task, src="bad.yml"))
    assert result.get("failed"), result
    for word in words:
        assert word in result["msg"], result["msg"]
    assert host_view() == bare


def test_missing_src_fails_naming_it(tmp_path):
    result = play(tmp_path, {"src": "nowhere.yml"})
    assert result.get("failed") and "nowhere.yml" in result["msg"] and result["field"] == "src", result
