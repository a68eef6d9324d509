# -*- coding: utf-8 -*-
"""The real modules end to end: ``ansible localhost -c local -m linuxnet.netns.ovs_*`` in the sandbox."""

import json
import os
import subprocess
import sys

import pytest

from ovs_kernel_helpers import client, vsctl  # noqa: F401 pylint: disable=unused-import

ANSIBLE = os.path.join(os.path.dirname(sys.executable), "ansible")


def module(name, args, check=False):
    """Run one module ad hoc; returns its result dict."""
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_CALLBACK_RESULT_FORMAT="json",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1")
    argv = [ANSIBLE, "localhost", "-c", "local", "-m", "linuxnet.netns." + name, "-a", json.dumps(args), "--diff"]
    if check:
        argv.append("--check")
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, check=False)
    # ad hoc output: "localhost | CHANGED => {...json...}", maybe followed by the diff
    host, _sep, rest = result.stdout.partition(" => ")
    document, _end = json.JSONDecoder().raw_decode(rest)
    document["stderr_of_ansible"] = result.stderr  # warnings are printed there
    document["failed"] = "FAILED" in host and result.returncode != 0
    return document


@pytest.fixture
def collections_path():
    """The checkout's collection link (`make collection-link`), unless the caller chose another."""
    checkout = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "collections")
    os.environ.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.normpath(checkout))


def test_modules_end_to_end(client, collections_path):
    bridge = {"name": "br0", "datapath_type": "netdev", "fail_mode": "secure", "external_ids": {"a b": "c,d=e"}}
    checked = module("ovs_bridge", bridge, check=True)
    assert checked["changed"] and vsctl("list-br") == ""
    applied = module("ovs_bridge", bridge)
    assert applied["changed"] and applied["before"] is None and applied["bridge"]["fail_mode"] == "secure"
    assert not module("ovs_bridge", bridge)["changed"]
    assert not module("ovs_bridge", {"name": "br0"}, check=True)["changed"]

    port = {"bridge": "br0", "name": "p1", "type": "internal", "tag": 10}
    assert module("ovs_port", port, check=True)["changed"]
    assert module("ovs_port", port)["changed"]
    assert not module("ovs_port", {"bridge": "br0", "name": "p1"})["changed"]
    assert vsctl("get", "Port", "p1", "tag") == "10"

    missing = module("ovs_port", {"bridge": "br9", "name": "p2", "type": "internal"}, check=True)
    assert missing["changed"] and missing["missing"] == {"kind": "bridge", "name": "br9"}
    assert "bridge 'br9' does not exist" in missing["stderr_of_ansible"]
    failed = module("ovs_port", {"bridge": "br9", "name": "p2", "type": "internal"})
    assert failed["failed"] and "br9" in failed["msg"]
    bad = module("ovs_port", {"bridge": "br0", "name": "p1", "tag": 5000})
    assert bad["failed"] and bad["field"] == "tag"
    down = module("ovs_bridge", {"name": "br0", "db": "unix:/var/run/openvswitch/nothing.sock"})
    assert down["failed"] and "unix:/var/run/openvswitch/nothing.sock" in down["msg"]

    assert module("ovs_bridge", {"name": "br0", "state": "absent"})["changed"]
    assert not module("ovs_bridge", {"name": "br0", "state": "absent"})["changed"]
