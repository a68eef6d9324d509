# -*- coding: utf-8 -*-
"""pyroute2 is looked for at start and imported on first use (pyroute2() in _netlink/session.py)."""

import errno

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import session as _netlink


class Failed(Exception):
    pass


class FakeModule:
    def fail_json(self, **result):
        raise Failed(result)


def test_a_host_without_pyroute2_gets_the_standard_message(monkeypatch):
    monkeypatch.setattr(_netlink.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(Failed) as failed:
        _netlink.require_pyroute2(FakeModule())
    assert "pyroute2" in failed.value.args[0]["msg"] and "required" in failed.value.args[0]["msg"]


def test_a_host_with_pyroute2_passes():
    _netlink.require_pyroute2(FakeModule())  # installed in the test environment


def test_a_refusal_through_pyroute2_is_an_os_error_with_the_kernels_errno():
    """LazyIPRoute turns pyroute2's NetlinkError into OSError, what the raw requests raise."""
    netlink_error = _netlink.pyroute2()["NetlinkError"]

    class FakeIPRoute:
        def link(self, *args, **kwargs):
            raise netlink_error(errno.EEXIST)

    lazy = _netlink.LazyIPRoute(None, None)
    lazy._ipr = FakeIPRoute()
    with pytest.raises(OSError) as refused:
        lazy.link("add", ifname="veth0")
    assert refused.value.errno == errno.EEXIST
    failure = _netlink.netlink_failure("create veth veth0", refused.value)
    assert failure.details["errno"] == errno.EEXIST and "File exists" in failure.msg


def test_a_broken_pyroute2_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(_netlink, "_PYROUTE2", {})
    monkeypatch.setitem(__import__("sys").modules, "pyroute2", None)  # import fails
    with pytest.raises(_netlink.BackendError) as failed:
        _netlink.pyroute2()
    assert "pyroute2 cannot be imported" in failed.value.msg
