# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""src is the action plugin's: if it ever reaches the managed host, the module stops before anything."""

import json

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._topology import run as _topology_run
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.source import ListsError


class Failed(Exception):
    pass


class Module:
    check_mode = False
    _diff = False

    def __init__(self, params):
        self.params = params

    def fail_json(self, **result):
        raise Failed(result)

    def exit_json(self, **result):
        raise AssertionError("the module went on: %r" % result)


def test_src_on_the_managed_host_fails_naming_it(monkeypatch):
    monkeypatch.setattr(_topology_run, "converge_topology", lambda *args: pytest.fail("the host was touched"))
    params = dict((option, []) for option in _topology_run.OPTIONS)
    params.update(src="tenants.yml", state="merged", owner="linuxnet", db="unix:/x")
    with pytest.raises(Failed) as failed:
        _topology_run.run_topology_module(Module(params))
    result = failed.value.args[0]
    assert result["field"] == "src" and result["value"] == "tenants.yml" and "action plugin" in result["msg"]


def params_with(**extra):
    params = dict((option, []) for option in _topology_run.OPTIONS)
    params.update(src=None, items_file=None, state="merged", owner="linuxnet", db="unix:/x")
    params.update(extra)
    return params


def test_items_file_gives_the_lists(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps({"namespaces": [{"name": "blue"}], "veths": None}))
    lists = _topology_run.listed(params_with(items_file=str(path)))
    assert lists["namespaces"] == [{"name": "blue"}] and lists["veths"] == [] and set(lists) == set(_topology_run.OPTIONS)
    assert _topology_run.invocation(params_with(items_file=str(path)), lists)["module_args"]["namespaces"] == "1 items"


def test_without_items_file_the_options_are_the_lists():
    lists = _topology_run.listed(params_with(namespaces=[{"name": "red"}]))
    assert lists["namespaces"] == [{"name": "red"}]


@pytest.mark.parametrize("content, words", [
    ("{not json", ["items_file", "is not JSON"]),
    ('["blue"]', ["items_file", "must hold a mapping"]),
    ('{"vethz": []}', ["items_file", "unknown key", "'vethz'"]),
    ('{"veths": [1]}', ["items_file", "veths[0] must be a mapping"]),
    (b"\xff\xfe", ["items_file", "cannot be read"]),
])
def test_a_bad_items_file_is_refused_naming_it(tmp_path, content, words):
    path = tmp_path / "items.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ListsError) as raised:
        _topology_run.listed(params_with(items_file=str(path)))
    for word in words:
        assert word in raised.value.msg, raised.value.msg
    assert raised.value.details == {"field": "items_file", "value": str(path)}


def test_items_file_and_a_list_option_are_refused_together(tmp_path):
    path = tmp_path / "items.json"
    path.write_text("{}")
    with pytest.raises(ListsError, match="mutually exclusive"):
        _topology_run.listed(params_with(items_file=str(path), ports=[{"name": "p"}]))


def test_a_missing_items_file_fails_before_the_host_is_touched(monkeypatch, tmp_path):
    monkeypatch.setattr(_topology_run, "converge_topology", lambda *args: pytest.fail("the host was touched"))
    with pytest.raises(Failed) as failed:
        _topology_run.run_topology_module(Module(params_with(items_file=str(tmp_path / "nowhere.json"))))
    result = failed.value.args[0]
    assert result["field"] == "items_file" and "nowhere.json" in result["msg"]
