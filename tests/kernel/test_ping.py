# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_ping against the real kernel: two namespaces joined by a veth pair made with plain ``ip``.

Run inside the sandbox only (``tests/tools/sandbox -- pytest tests/kernel/test_ping.py``): the
fixture adds namespaces and links.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
if os.path.isdir(COLLECTIONS) and COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)  # `make collection-link` made it

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import ping as _ping  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError  # noqa: E402

# Safety: the fixture adds namespaces and links, so it only runs in the sandbox's own machine.
pytestmark = pytest.mark.skipif(socket.gethostname() != "linuxnet-sandbox",
                                reason="adds namespaces: run inside tests/tools/sandbox")

LEFT, RIGHT = "pingleft", "pingright"
LEFT_ADDR, RIGHT_ADDR, ABSENT_ADDR = "10.77.0.1", "10.77.0.2", "10.77.0.9"


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True, timeout=10)


def run(argv):
    done = subprocess.run(argv, capture_output=True, text=True, timeout=90, env=dict(os.environ, LC_ALL="C"),
                          check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def pair():
    """LEFT (10.77.0.1/24) -- veth -- RIGHT (10.77.0.2/24), both ends up; removed afterwards."""
    ip("netns", "add", LEFT)
    ip("netns", "add", RIGHT)
    try:
        ip("link", "add", "pl0", "netns", LEFT, "type", "veth", "peer", "name", "pr0", "netns", RIGHT)
        ip("-n", LEFT, "addr", "add", LEFT_ADDR + "/24", "dev", "pl0")
        ip("-n", RIGHT, "addr", "add", RIGHT_ADDR + "/24", "dev", "pr0")
        for netns, dev in ((LEFT, "pl0"), (RIGHT, "pr0"), (LEFT, "lo"), (RIGHT, "lo")):
            ip("-n", netns, "link", "set", dev, "up")
        yield
    finally:
        ip("netns", "delete", LEFT)
        ip("netns", "delete", RIGHT)


def ping(netns, targets, expect="reachable", **kwargs):
    options = _ping.PingOptions(netns=netns, **kwargs)
    return _ping.ping_all(run, options, _ping.normalise_targets(targets, expect))


def test_reachable(pair):
    results = ping(LEFT, [RIGHT_ADDR, LEFT_ADDR])
    assert [entry["result"] for entry in results] == ["reachable", "reachable"]
    assert all(entry["rtt_ms"] is not None and entry["loss_pct"] < 100 for entry in results)
    assert results[0]["source"] == LEFT and _ping.mismatches(results) == []


def test_unreachable_and_mismatch_reported(pair):
    started = time.monotonic()
    targets = [{"address": ABSENT_ADDR, "expect": "unreachable"}, ABSENT_ADDR.replace(".9", ".8"), LEFT_ADDR]
    results = ping(RIGHT, targets, timeout=2, retries=0)
    elapsed = time.monotonic() - started
    assert [entry["result"] for entry in results] == ["unreachable", "unreachable", "reachable"]
    found = _ping.mismatches(results)
    assert [entry["target"] for entry in found] == ["10.77.0.8"]
    assert "pingright -> 10.77.0.8: expected reachable, got unreachable" in _ping.mismatch_message(found, 3)
    assert elapsed < 6, "silent targets are pinged in parallel, bounded by timeout (took %.1fs)" % elapsed


def test_no_route_is_unreachable(pair):
    results = ping(LEFT, ["192.0.2.1"], expect="unreachable")
    assert results[0]["result"] == "unreachable" and "unreachable" in results[0]["error"].lower()


def test_dont_fragment(pair):
    fits = ping(LEFT, [RIGHT_ADDR], size=1472, dont_fragment=True, count=1)
    too_big = ping(LEFT, [{"address": RIGHT_ADDR, "expect": "unreachable"}], size=1473, dont_fragment=True,
                   count=1)
    assert fits[0]["result"] == "reachable"
    assert too_big[0]["result"] == "unreachable" and "too long" in too_big[0]["error"]


def test_missing_namespace():
    options = _ping.PingOptions(netns="no-such-ns")
    targets = _ping.normalise_targets([LEFT_ADDR], "reachable")
    assert _ping.missing_sources(options, targets) == ["no-such-ns"]
    with pytest.raises(MissingObjectError):
        _ping.ping_or_skip(run, options, targets, check_mode=False)


def _module(args, check=False):
    """Run the real module through ansible (local connection); return rc and its full result."""
    with tempfile.TemporaryDirectory() as tree:
        argv = [os.path.join(ROOT, ".venv", "bin", "ansible"), "localhost", "-c", "local", "-t", tree,
                "-m", "linuxnet.netns.ns_ping", "-a", json.dumps(args)]
        if check:
            argv.append("--check")
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
                   ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT, check=False)
        with open(os.path.join(tree, "localhost")) as handle:
            result = json.load(handle)
        result["_output"] = done.stdout + done.stderr  # warnings are only printed
        return done.returncode, result


def test_module_reachable_and_mismatch(pair):
    rc, result = _module({"netns": LEFT, "targets": [RIGHT_ADDR, {"address": ABSENT_ADDR, "expect": "unreachable"}]})
    assert rc == 0 and result["changed"] is False and result["mismatches"] == []
    assert [entry["result"] for entry in result["results"]] == ["reachable", "unreachable"]

    rc, result = _module({"netns": LEFT, "targets": [ABSENT_ADDR], "retries": 0})
    assert rc != 0
    assert "pingleft -> 10.77.0.9: expected reachable, got unreachable" in result["msg"]
    assert len(result["mismatches"]) == 1

    rc, result = _module({"netns": LEFT, "targets": [ABSENT_ADDR], "retries": 0, "fail_on_mismatch": False})
    assert rc == 0 and len(result["mismatches"]) == 1


def test_module_check_mode(pair):
    rc, result = _module({"netns": RIGHT, "targets": [LEFT_ADDR]}, check=True)
    assert rc == 0 and result["results"][0]["result"] == "reachable" and result["changed"] is False

    rc, result = _module({"netns": "not-yet", "targets": [LEFT_ADDR]}, check=True)
    assert rc == 0 and result["results"][0]["result"] == "skipped"
    assert "netns 'not-yet' does not exist" in result["_output"]

    rc, result = _module({"netns": "not-yet", "targets": [LEFT_ADDR]})
    assert rc != 0 and "not-yet" in result["msg"]


def test_module_bad_input():
    rc, result = _module({"netns": "../x", "targets": ["10.0.0.1"]})
    assert rc != 0 and result["field"] == "netns"
    rc, result = _module({"targets": ["-f"]})
    assert rc != 0 and result["field"] == "targets[0]"


def test_module_one_call_for_a_matrix_of_sources(pair):
    """Each target names its source: both directions, an isolation pair and the host in one call."""
    rc, result = _module({"targets": [
        {"netns": LEFT, "address": RIGHT_ADDR},
        {"netns": RIGHT, "address": LEFT_ADDR},
        {"netns": RIGHT, "address": ABSENT_ADDR, "expect": "unreachable"},
        {"netns": "", "address": LEFT_ADDR, "expect": "unreachable"},  # the host has no route into the pair
    ]})
    assert rc == 0, result
    assert [(entry["source"], entry["result"]) for entry in result["results"]] == [
        (LEFT, "reachable"), (RIGHT, "reachable"), (RIGHT, "unreachable"), (None, "unreachable")]
    assert result["mismatches"] == [] and result["not_measured"] == []
    assert result["results"][0]["command"][1] == "--net=/run/netns/" + LEFT


def test_module_a_missing_source_among_others(pair):
    targets = [{"netns": LEFT, "address": RIGHT_ADDR}, {"netns": "not-yet", "address": LEFT_ADDR}]
    rc, result = _module({"targets": targets}, check=True)
    assert rc == 0 and [entry["result"] for entry in result["results"]] == ["reachable", "skipped"]
    rc, result = _module({"targets": targets})
    assert rc != 0 and "not-yet" in result["msg"]
