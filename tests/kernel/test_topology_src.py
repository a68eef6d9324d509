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


def remote_tmp_play(tmp_path, task_args, *extra, keep=False, remote="remote"):
    """play() with the task's temporary directories in a new folder tmp_path/``remote`` (kept when ``keep``)."""
    remote = tmp_path / remote
    remote.mkdir()
    env = {"ANSIBLE_REMOTE_TMP": str(remote), "ANSIBLE_KEEP_REMOTE_FILES": "1" if keep else "0"}
    old = dict((key, os.environ.get(key)) for key in env)
    os.environ.update(env)
    try:
        return play(tmp_path, task_args, *extra), remote
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_src_lists_travel_as_a_file_of_their_own_and_go_with_the_task(tmp_path):
    lists = seed()
    (tmp_path / "seed.yml").write_text(yaml.safe_dump(lists))
    result, remote = remote_tmp_play(tmp_path, {"src": "seed.yml"}, keep=True)
    assert result["changed"] and not result.get("failed"), result
    shipped = sorted(remote.glob("ansible-tmp-*/linuxnet-netns-topology-items.json"))
    assert len(shipped) == 1, sorted(str(path) for path in remote.rglob("*"))
    assert shipped[0].stat().st_mode & 0o777 == 0o600
    assert json.loads(shipped[0].read_text()) == lists
    # the module's own payload does not carry the items: only the file's path
    payload = "".join(path.read_text(errors="replace") for path in shipped[0].parent.glob("AnsiballZ_*"))
    assert payload and "linuxnet-netns-topology-items.json" in payload and "10.0.2.100" not in payload
    assert result["counts"]["namespaces"] == {"planned": 2, "changed": 2}

    again, remote = remote_tmp_play(tmp_path, {"src": "seed.yml"}, remote="again")
    assert not again["changed"] and not again.get("failed"), again
    assert not list(remote.rglob("*")), "left on the host: %s" % sorted(str(path) for path in remote.rglob("*"))


def test_long_inline_lists_travel_as_a_file_short_ones_as_arguments(tmp_path):
    many = {"namespaces": [{"name": "inl%03d" % index} for index in range(200)]}
    result, remote = remote_tmp_play(tmp_path, many, keep=True)
    assert result["changed"] and not result.get("failed"), result
    assert len(list(remote.glob("ansible-tmp-*/linuxnet-netns-topology-items.json"))) == 1
    few = {"namespaces": [{"name": "inl%03d" % index} for index in range(199)], "state": "overridden"}
    result, remote = remote_tmp_play(tmp_path, few, keep=True, remote="few")
    assert result["changed"] and not result.get("failed"), result
    assert list(remote.glob("ansible-tmp-*/AnsiballZ_topology.py"))
    assert not list(remote.glob("ansible-tmp-*/linuxnet-netns-topology-items.json"))
    assert result["counts"]["namespaces"]["changed"] == 1  # inl199 removed


def test_a_bad_item_in_src_is_refused_naming_it_and_changes_nothing(tmp_path):
    lists = seed()
    lists["veths"][1] = dict(lists["veths"][1], mtu="big")
    (tmp_path / "bad.yml").write_text(yaml.safe_dump(lists))
    bare = host_view()
    result, remote = remote_tmp_play(tmp_path, {"src": "bad.yml"})
    assert result.get("failed") and "veths[1]" in result["msg"] and "mtu" in result["msg"], result
    assert host_view() == bare
    assert not list(remote.rglob("*")), "left on the host: %s" % sorted(str(path) for path in remote.rglob("*"))


def test_src_in_check_diff_rendered_and_gathered(tmp_path):
    (tmp_path / "seed.yml").write_text(yaml.safe_dump(seed()))
    rendered = play(tmp_path, {"src": "seed.yml", "state": "rendered"})
    assert not rendered["changed"] and any(line.startswith("ip netns add blue") for line in rendered["rendered"]), rendered
    checked = play(tmp_path, {"src": "seed.yml"}, "--check", "--diff")
    assert checked["changed"] and checked["diff"]["before"] != checked["diff"]["after"], checked
    play(tmp_path, {"src": "seed.yml"})
    gathered = play(tmp_path, {"state": "gathered"})["gathered"]
    (tmp_path / "gathered.json").write_text(json.dumps(gathered))
    again = play(tmp_path, {"src": "gathered.json"}, "--check", "--diff")
    assert not again["changed"] and not again.get("failed"), again


def test_a_vaulted_src_is_decrypted_on_the_controller(tmp_path):
    (tmp_path / "seed.yml").write_text(yaml.safe_dump(seed()))
    (tmp_path / "pass").write_text("not-a-secret\n")
    subprocess.run([os.path.join(ROOT, ".venv", "bin", "ansible-vault"), "encrypt", "--vault-password-file",
                    str(tmp_path / "pass"), str(tmp_path / "seed.yml")], check=True, timeout=60,
                   stdout=subprocess.DEVNULL)
    assert (tmp_path / "seed.yml").read_text().startswith("$ANSIBLE_VAULT")
    result = play(tmp_path, {"src": "seed.yml"}, "--vault-password-file", str(tmp_path / "pass"))
    assert result["changed"] and not result.get("failed"), result
    assert result["counts"]["namespaces"] == {"planned": 2, "changed": 2}
