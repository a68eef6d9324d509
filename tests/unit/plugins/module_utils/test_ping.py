# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_ping's pure parts: validation, argv building, output parsing, retries, mismatches."""

import os
import sys
import threading
import time

import pytest

_COLLECTIONS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", ".build", "collections")
if os.path.isdir(_COLLECTIONS) and os.path.abspath(_COLLECTIONS) not in sys.path:
    sys.path.insert(0, os.path.abspath(_COLLECTIONS))  # `make collection-link` made it

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import ping as _ping  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (  # noqa: E402
    BackendError, MissingObjectError, ValidationError)

REACHABLE = """PING 10.1.0.2 (10.1.0.2) 56(84) bytes of data.
64 bytes from 10.1.0.2: icmp_seq=1 ttl=64 time=0.086 ms
64 bytes from 10.1.0.2: icmp_seq=2 ttl=64 time=0.036 ms

--- 10.1.0.2 ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 201ms
rtt min/avg/max/mdev = 0.036/0.061/0.086/0.025 ms
"""
SILENT = """PING 10.1.0.3 (10.1.0.3) 56(84) bytes of data.

--- 10.1.0.3 ping statistics ---
10 packets transmitted, 0 received, 100% packet loss, time 1834ms

"""
TOO_BIG = """PING 10.1.0.2 (10.1.0.2) 1600(1628) bytes of data.

--- 10.1.0.2 ping statistics ---
1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms

"""
HOST_UNREACHABLE = """PING 10.0.2.100 (10.0.2.100) 56(84) bytes of data.
From 10.0.2.101 icmp_seq=1 Destination Host Unreachable
From 10.0.2.101 icmp_seq=2 Destination Host Unreachable

--- 10.0.2.100 ping statistics ---
3 packets transmitted, 0 received, +2 errors, 100% packet loss, time 2030ms
pipe 3
"""
PARTIAL = """--- 10.0.2.100 ping statistics ---
3 packets transmitted, 2 received, +1 duplicates, 33.3333% packet loss, time 404ms
rtt min/avg/max/mdev = 0.483/0.887/1.291/0.404 ms
"""


# ---------------------------------------------------------------- argv
@pytest.mark.parametrize("netns, address, kwargs, expected", [
    (None, "10.0.2.100", {}, ["ping", "-4", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-w", "2", "10.0.2.100"]),
    ("red", "10.0.2.100", {},
     ["nsenter", "--net=/run/netns/red", "--", "ping", "-4", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-w", "2",
      "10.0.2.100"]),
    ("blue", "fd00::1", {"count": 1, "timeout": 5, "interval": 1.0},
     ["nsenter", "--net=/run/netns/blue", "--", "ping", "-6", "-n", "-c", "1", "-i", "1", "-W", "5", "-w", "5",
      "fd00::1"]),
    ("blue", "10.0.2.101", {"size": 1472, "dont_fragment": True},
     ["nsenter", "--net=/run/netns/blue", "--", "ping", "-4", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-w", "2",
      "-s", "1472", "-M", "do", "10.0.2.101"]),
    (None, "10.0.2.1", {"size": 0}, ["ping", "-4", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-w", "2", "-s", "0",
                                     "10.0.2.1"]),
])
def test_build_argv(netns, address, kwargs, expected):
    options = _ping.PingOptions(netns=netns, **kwargs)
    assert _ping.build_argv(options, address) == expected


def test_build_argv_uses_given_binaries():
    options = _ping.PingOptions(netns="red")
    argv = _ping.build_argv(options, "10.0.2.100", ping_bin="/usr/bin/ping", nsenter_bin="/usr/bin/nsenter")
    assert argv[0] == "/usr/bin/nsenter" and argv[3] == "/usr/bin/ping"


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize("kwargs, field", [
    ({"netns": "../etc"}, "netns"),
    ({"netns": ".hidden"}, "netns"),
    ({"netns": "a b"}, "netns"),
    ({"count": 0}, "count"),
    ({"count": 101}, "count"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": 61}, "timeout"),
    ({"retries": -1}, "retries"),
    ({"retries": 11}, "retries"),
    ({"interval": 0.001}, "interval"),
    ({"size": 65508}, "size"),
    ({"size": -1}, "size"),
    ({"count": 20, "interval": 1.0, "timeout": 5}, "timeout"),
])
def test_options_rejected(kwargs, field):
    with pytest.raises(ValidationError) as error:
        _ping.PingOptions(**kwargs)
    assert error.value.details["field"] == field


def test_empty_netns_is_the_host():
    assert _ping.PingOptions(netns="").netns is None


@pytest.mark.parametrize("targets, default, expected", [
    (["10.0.2.100"], "reachable", [{"address": "10.0.2.100", "expect": "reachable"}]),
    ([" 10.0.2.100 ", {"address": "10.0.2.101", "expect": "unreachable"}], "reachable",
     [{"address": "10.0.2.100", "expect": "reachable"}, {"address": "10.0.2.101", "expect": "unreachable"}]),
    ([{"address": "FD00::0001"}], "unreachable", [{"address": "fd00::1", "expect": "unreachable"}]),
])
def test_normalise_targets(targets, default, expected):
    assert _ping.normalise_targets(targets, default) == expected


@pytest.mark.parametrize("targets, default, field", [
    ([], "reachable", "targets"),
    ("10.0.2.100", "reachable", "targets"),
    (["10.0.2.100"], "maybe", "expect"),
    (["-f"], "reachable", "targets[0]"),
    (["example.com"], "reachable", "targets[0]"),
    (["10.0.2.100/24"], "reachable", "targets[0]"),
    ([{"expect": "reachable"}], "reachable", "targets[0]"),
    ([{"address": "10.0.2.1", "expect": "sometimes"}], "reachable", "targets[0].expect"),
    ([{"address": "10.0.2.1", "port": 22}], "reachable", "targets[0]"),
    (["10.0.2.1", {"address": "10.0.2.1"}], "reachable", "targets[1]"),
    ([5], "reachable", "targets[0]"),
])
def test_targets_rejected(targets, default, field):
    with pytest.raises(ValidationError) as error:
        _ping.normalise_targets(targets, default)
    assert error.value.details["field"] == field


# ---------------------------------------------------------------- parsing
@pytest.mark.parametrize("rc, stdout, stderr, expected", [
    (0, REACHABLE, "", {"transmitted": 2, "received": 2, "errors": 0, "loss_pct": 0.0, "rtt_ms": 0.061,
                        "error": None}),
    (1, SILENT, "", {"transmitted": 10, "received": 0, "errors": 0, "loss_pct": 100.0, "rtt_ms": None,
                     "error": None}),
    (1, TOO_BIG, "ping: local error: message too long, mtu=1500\n",
     {"transmitted": 1, "received": 0, "errors": 1, "loss_pct": 100.0, "rtt_ms": None,
      "error": "ping: local error: message too long, mtu=1500"}),
    (1, HOST_UNREACHABLE, "", {"transmitted": 3, "received": 0, "errors": 2, "loss_pct": 100.0, "rtt_ms": None,
                               "error": None}),
    (1, PARTIAL, "", {"transmitted": 3, "received": 2, "errors": 0, "loss_pct": 33.3333, "rtt_ms": 0.887,
                      "error": None}),
    (2, "", "ping: connect: Network is unreachable\n",
     {"transmitted": 0, "received": 0, "errors": 0, "loss_pct": 100.0, "rtt_ms": None,
      "error": "ping: connect: Network is unreachable"}),
])
def test_parse_output(rc, stdout, stderr, expected):
    assert _ping.parse_output(rc, stdout, stderr) == expected


@pytest.mark.parametrize("rc, stdout, stderr", [
    (1, "", "nsenter: cannot open /run/netns/nope: No such file or directory\n"),
    (2, "", "ping: bad TOS value: 10.1.0.2\n"),
    (127, "", "ping: command not found\n"),
    (0, "", ""),
])
def test_parse_output_refuses_to_guess(rc, stdout, stderr):
    """A ping that could not run must never pass for an isolated target."""
    with pytest.raises(BackendError):
        _ping.parse_output(rc, stdout, stderr)


# ---------------------------------------------------------------- running, retries, mismatches
class FakeRun:
    """Answers each call with the next canned (rc, stdout, stderr); records argv."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, argv):
        self.calls.append(argv)
        return self.answers.pop(0)


def test_retry_until_reachable():
    run = FakeRun([(1, SILENT, ""), (0, REACHABLE, "")])
    options = _ping.PingOptions(netns="red", retries=2)
    entry = _ping.ping_target(run, options, {"address": "10.1.0.2", "expect": "reachable"})
    assert entry["result"] == "reachable" and entry["attempts"] == 2 and entry["rtt_ms"] == 0.061
    assert entry["source"] == "red" and entry["target"] == "10.1.0.2" and len(run.calls) == 2


def test_retries_are_bounded():
    run = FakeRun([(1, SILENT, "")] * 3)
    options = _ping.PingOptions(retries=2)
    entry = _ping.ping_target(run, options, {"address": "10.1.0.3", "expect": "reachable"})
    assert entry["result"] == "unreachable" and entry["attempts"] == 3 and entry["loss_pct"] == 100.0


def test_no_retry_when_unreachable_is_expected():
    run = FakeRun([(1, SILENT, "")])
    options = _ping.PingOptions(retries=5)
    entry = _ping.ping_target(run, options, {"address": "10.1.0.3", "expect": "unreachable"})
    assert entry["result"] == "unreachable" and entry["attempts"] == 1


def test_ping_all_keeps_order_and_reports_mismatches():
    answers = {"10.1.0.2": (0, REACHABLE, ""), "10.1.0.3": (1, SILENT, ""), "10.1.0.4": (0, REACHABLE, "")}

    def run(argv):
        return answers[argv[-1]]

    options = _ping.PingOptions(netns="blue", retries=0)
    targets = _ping.normalise_targets(
        ["10.1.0.2", {"address": "10.1.0.3", "expect": "unreachable"}, {"address": "10.1.0.4", "expect": "unreachable"}],
        "reachable")
    results = _ping.ping_all(run, options, targets)
    assert [entry["target"] for entry in results] == ["10.1.0.2", "10.1.0.3", "10.1.0.4"]
    assert [entry["result"] for entry in results] == ["reachable", "unreachable", "reachable"]
    found = _ping.mismatches(results)
    assert [entry["target"] for entry in found] == ["10.1.0.4"]
    message = _ping.mismatch_message(found, len(results))
    assert message == "1 of 3 pairs differ from what was expected: blue -> 10.1.0.4: expected unreachable, got reachable"


def test_skipped_is_never_a_mismatch():
    options = _ping.PingOptions(netns="blue")
    results = _ping.skipped_results(options, [{"address": "10.0.2.101", "expect": "reachable"}], "netns 'blue' does not exist")
    assert results[0]["result"] == "skipped" and _ping.mismatches(results) == []


def test_host_source_is_named_in_messages():
    entry = {"source": None, "target": "10.0.2.100", "expected": "reachable", "result": "unreachable"}
    assert "(host) -> 10.0.2.100" in _ping.mismatch_message([entry], 1)


# ---------------------------------------------------------------- runs that sent nothing
NOTHING_SENT = """PING 10.1.0.2 (10.1.0.2) 56(84) bytes of data.

--- 10.1.0.2 ping statistics ---
0 packets transmitted, 0 received

"""


class Pauses(list):
    def __call__(self, seconds):
        self.append(seconds)


def test_a_run_that_sent_nothing_is_retried_with_growing_pauses():
    run = FakeRun([(1, NOTHING_SENT, "")] * 4 + [(0, REACHABLE, "")])
    pauses = Pauses()
    entry = _ping.ping_target(run, _ping.PingOptions(retries=4), {"address": "10.1.0.2", "expect": "reachable"},
                              sleep=pauses)
    assert entry["result"] == "reachable" and entry["attempts"] == 5
    assert pauses == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.parametrize("expect", ["reachable", "unreachable"])
def test_nothing_sent_after_the_retries_is_not_measured_whatever_is_expected(expect):
    run = FakeRun([(1, NOTHING_SENT, "")] * 3)
    entry = _ping.ping_target(run, _ping.PingOptions(retries=2), {"address": "10.1.0.2", "expect": expect},
                              sleep=Pauses())
    assert entry["result"] == _ping.NOT_MEASURED and entry["attempts"] == 3
    assert "sent no echo request" in entry["reason"] and entry["transmitted"] == 0
    assert _ping.mismatches([entry]) == [] and _ping.not_measured([entry]) == [entry]


def test_a_ping_that_could_not_run_is_not_measured_with_its_message():
    run = FakeRun([(127, "", "ping: command not found\n")] * 2)
    entry = _ping.ping_target(run, _ping.PingOptions(retries=1), {"address": "10.1.0.2", "expect": "unreachable"},
                              sleep=Pauses())
    assert entry["result"] == _ping.NOT_MEASURED and "command not found" in entry["reason"]
    message = _ping.not_measured_message([entry], 3)
    assert message.startswith("1 of 3 pairs could not be measured") and "(host) -> 10.1.0.2" in message


def test_no_route_is_an_answer_not_a_run_that_sent_nothing():
    run = FakeRun([(2, "", "ping: connect: Network is unreachable\n")])
    entry = _ping.ping_target(run, _ping.PingOptions(retries=3), {"address": "10.1.0.2", "expect": "unreachable"},
                              sleep=Pauses())
    assert entry["result"] == "unreachable" and entry["attempts"] == 1


# ---------------------------------------------------------------- sources per target, concurrency
def test_targets_may_name_their_own_source():
    targets = _ping.normalise_targets(
        [{"address": "10.1.0.2", "netns": "red"}, {"address": "10.1.0.2", "netns": "blue"},
         {"address": "10.1.0.2", "netns": ""}, "10.1.0.2"], "reachable")
    assert [target.get("source", "call") for target in targets] == ["red", "blue", None, "call"]
    options = _ping.PingOptions(netns="green")
    argvs = [_ping.build_argv(options, "10.1.0.2", source=_ping.source_of(options, target)) for target in targets]
    assert [argv[1] if argv[0] == "nsenter" else None for argv in argvs] == [
        "--net=/run/netns/red", "--net=/run/netns/blue", None, "--net=/run/netns/green"]


@pytest.mark.parametrize("targets, field", [
    ([{"address": "10.1.0.2", "netns": "red"}, {"address": "10.1.0.2", "netns": "red"}], "targets[1]"),
    ([{"address": "10.1.0.2", "netns": "../x"}], "targets[0].netns"),
])
def test_bad_sources_are_refused(targets, field):
    with pytest.raises(ValidationError) as raised:
        _ping.normalise_targets(targets, "reachable")
    assert raised.value.details["field"] == field


def test_missing_sources_are_skipped_in_check_mode_and_fail_otherwise(tmp_path, monkeypatch):
    monkeypatch.setattr(_ping, "RUN_DIR", str(tmp_path))
    (tmp_path / "red").write_text("")
    targets = _ping.normalise_targets([{"address": "10.1.0.2", "netns": "gone"}, {"address": "10.1.0.3", "netns": "red"},
                                       {"address": "10.1.0.4", "netns": "gone"}], "reachable")
    options = _ping.PingOptions()
    entries, warnings = _ping.ping_or_skip(lambda argv: (0, REACHABLE, ""), options, targets, check_mode=True)
    assert [(entry["target"], entry["result"]) for entry in entries] == [
        ("10.1.0.2", "skipped"), ("10.1.0.3", "reachable"), ("10.1.0.4", "skipped")]
    assert warnings == ["netns 'gone' does not exist (needed by ns_ping); check mode assumes an earlier task creates it"]
    with pytest.raises(MissingObjectError):
        _ping.ping_or_skip(lambda argv: pytest.fail("pinged"), options, targets, check_mode=False)


def test_no_more_pings_at_once_than_max_concurrent():
    lock, running, peak = threading.Lock(), [0], [0]

    def run(argv):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return 0, REACHABLE, ""

    targets = _ping.normalise_targets(["10.1.0.%d" % index for index in range(2, 14)], "reachable")
    results = _ping.ping_all(run, _ping.PingOptions(max_concurrent=3), targets)
    assert len(results) == 12 and peak[0] == 3
