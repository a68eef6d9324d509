# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns_info's main(): its OVS report and its ``rendered`` pictures, with a stand-in AnsibleModule and
a canned namespace report (the real netlink read is covered by tests/kernel)."""

import contextlib
import copy

import pytest

from ansible_collections.linuxnet.netns.plugins.modules import netns_info
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import RENDER_FORMATS, to_dot, to_mermaid

NAMESPACES = {
    "host": {"links": {
        "lo": {"kind": None, "addresses": ["127.0.0.1/8"], "peer": None, "master": None},
        "veth0": {"kind": "veth", "addresses": ["10.0.2.16/24"], "master": None,
                  "peer": {"name": "veth1", "netns": "blue", "resolved": True}}}, "routes": []},
    "namespaces": {"blue": {"links": {
        "veth1": {"kind": "veth", "addresses": ["10.0.2.100/24"], "master": None,
                  "peer": {"name": "veth0", "netns": None, "resolved": True}}}, "routes": []}},
    "missing": [],
}


class Exited(Exception):
    def __init__(self, result):
        Exception.__init__(self, "exit_json")
        self.result = result


class StandInModule:
    """The AnsibleModule methods netns_info uses; OVS is not installed (no ovs-vsctl)."""

    params = {}

    def __init__(self, argument_spec, supports_check_mode):
        self.argument_spec = argument_spec
        self.check_mode = False
        self.params = dict((name, spec.get("default")) for name, spec in argument_spec.items())
        self.params.update(StandInModule.params)

    @staticmethod
    def get_bin_path(name):
        return None

    @staticmethod
    def exit_json(**result):
        raise Exited(result)

    @staticmethod
    def fail_json(**result):
        raise AssertionError("fail_json: %r" % (result,))


@pytest.fixture
def run(monkeypatch):
    """run(**params) -> what netns_info's main() exits with, on host 'h1'."""
    monkeypatch.setattr(netns_info, "AnsibleModule", StandInModule)
    monkeypatch.setattr(netns_info, "NetlinkSession", lambda module: contextlib.nullcontext())
    monkeypatch.setattr(netns_info, "Snapshot", lambda session: None)
    monkeypatch.setattr(netns_info, "gather", lambda snapshot, only: copy.deepcopy(NAMESPACES))
    monkeypatch.setattr(netns_info.platform, "node", lambda: "h1")

    def main(**params):
        monkeypatch.setattr(StandInModule, "params", params)
        with pytest.raises(Exited) as exited:
            netns_info.main()
        return exited.value.result

    return main


def test_render_both_formats_of_a_host_without_ovs(run):
    result = run(render=["mermaid", "dot"])
    info = result["netns_info"]
    assert info["ovs"]["available"] is False and info["ovs"]["reason"].startswith("ovs-vsctl not found")
    assert result["rendered"] == {"mermaid": to_mermaid({"h1": info}, title="h1"), "dot": to_dot({"h1": info}, title="h1")}
    mermaid = result["rendered"]["mermaid"].splitlines()
    assert '  subgraph h1["h1"]' in mermaid and '    n2(["blue<br/>veth1 10.0.2.100/24"])' in mermaid
    assert '  n1 ---|"veth0 / veth1"| n2' in mermaid
    assert result["rendered"]["dot"].startswith('graph "h1" {')


def test_no_render_by_default(run):
    result = run()
    assert result["rendered"] == {} and result["changed"] is False


def test_ovs_not_requested_and_one_format(run):
    result = run(ovs=False, render=["dot"])
    assert result["netns_info"]["ovs"] == {"available": False, "reason": "not requested", "bridges": {}}
    assert list(result["rendered"]) == ["dot"]


def test_render_option_spec(monkeypatch):
    seen = {}

    class Captured(Exception):
        pass

    def capture(argument_spec, supports_check_mode):
        seen.update(argument_spec)
        raise Captured()

    monkeypatch.setattr(netns_info, "AnsibleModule", capture)
    with pytest.raises(Captured):
        netns_info.main()
    assert seen["render"] == {"type": "list", "elements": "str", "choices": list(RENDER_FORMATS), "default": []}
