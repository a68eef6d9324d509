# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""src is the action plugin's: if it ever reaches the managed host, the module stops before anything."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._topology import run as _topology_run


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
