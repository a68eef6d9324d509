# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology module's src file: parsed as JSON or YAML, checked, combined with the task's options."""

import json

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.plugin_utils._topology_source import (
    LIST_OPTIONS, TopologySourceError, load, merge_into, parse, split_lists, validate)

SEED = {"namespaces": [{"name": "blue"}], "veths": [{"name": "veth0", "peer": "veth1", "peer_netns": "blue"}]}


def test_the_file_knows_the_same_lists_as_the_module():
    assert LIST_OPTIONS == OPTIONS


@pytest.mark.parametrize("text", [json.dumps(SEED), "namespaces:\n  - name: blue\nveths:\n"
                                  "  - {name: veth0, peer: veth1, peer_netns: blue}\n"])
def test_json_and_yaml_give_the_same_lists(tmp_path, text):
    path = tmp_path / "topology"
    path.write_text(text)
    assert load(str(path)) == SEED


def test_yaml_is_data_only():
    with pytest.raises(TopologySourceError) as error:
        parse("namespaces: !!python/object/apply:os.system ['true']\n", "evil.yml")
    assert "evil.yml" in str(error.value)


def test_empty_file_and_empty_lists_are_no_lists():
    assert validate(None, "f") == {}
    assert validate({"veths": None}, "f") == {"veths": []}


@pytest.mark.parametrize("document, words", [
    (["blue"], ["f.yml", "must hold a mapping", "list"]),
    ({"vets": []}, ["f.yml", "unknown key", "'vets'"]),
    ({"veths": "veth0"}, ["f.yml", "veths must be a list", "'veth0'"]),
    ({"veths": ["veth0"]}, ["f.yml", "veths[0]", "'veth0'"]),
])
def test_bad_documents_name_file_and_key(document, words):
    with pytest.raises(TopologySourceError) as error:
        validate(document, "f.yml")
    for word in words:
        assert word in str(error.value)


def test_unreadable_file_is_named(tmp_path):
    with pytest.raises(TopologySourceError) as error:
        load(str(tmp_path / "missing.yml"))
    assert "missing.yml" in str(error.value)


def test_merge_keeps_the_task_options_and_drops_src():
    args = {"src": "f.yml", "bridges": [{"name": "br0"}], "state": "replaced", "namespaces": []}
    merged = merge_into(args, SEED, "f.yml")
    assert merged == {"bridges": [{"name": "br0"}], "state": "replaced", "namespaces": SEED["namespaces"],
                      "veths": SEED["veths"]}


def test_a_list_in_file_and_task_is_refused():
    with pytest.raises(TopologySourceError) as error:
        merge_into({"src": "f.yml", "veths": [{"name": "v"}]}, SEED, "f.yml")
    assert "f.yml" in str(error.value) and "veths" in str(error.value)


@pytest.mark.parametrize("args, ship_at, shipped", [
    ({"namespaces": [{"name": "a"}], "state": "merged"}, 0, {"namespaces": [{"name": "a"}]}),
    ({"namespaces": [{"name": "a"}], "state": "merged"}, 2, None),
    ({"namespaces": [{"name": "a"}], "veths": [{"name": "v"}], "owner": "x"}, 2,
     {"namespaces": [{"name": "a"}], "veths": [{"name": "v"}]}),
    ({"namespaces": [], "state": "deleted"}, 0, None),
])
def test_split_lists_ships_the_lists_alone(args, ship_at, shipped):
    rest, lists = split_lists(args, ship_at)
    assert lists == shipped
    if shipped is None:
        assert rest == args
    else:
        assert not set(rest) & set(shipped) and set(rest) | set(shipped) == set(args)
