# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reachability checks with iputils ``ping``, run inside a network namespace.

Pure parts (validation, argv building, output parsing, comparison with what is expected) are
separate from the part that runs commands, so they are unit tested without a kernel.

Entering the namespace: ``nsenter --net=/run/netns/NAME -- ping ...``. nsenter only calls
setns(2) on the namespace file before exec'ing ping; unlike ``ip netns exec`` it does not remount
/sys or bind-mount /etc/netns/NAME files, so nothing on the host is touched. The name is validated
(``validate_netns_name``: no ``/``, no leading ``.``) before it becomes part of the path, and the
target is an IP address checked with ``ipaddress``, so no argument can be taken for an option.
"""

import ipaddress
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_optional_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import assumption, read_or_assume
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_choice, validate_ip
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsthread import RUN_DIR

EXPECTATIONS = ("reachable", "unreachable")
NOT_MEASURED = "not measured"  # no echo request went out: says nothing about reachability
SKIPPED = "skipped"  # check mode, the source namespace does not exist yet
CALL_NETNS = object()  # a target without a source of its own: pinged from the call's netns

# Bounds: every ping ends, and a play cannot be made to wait for hours by a typo.
COUNT_RANGE = (1, 100)
TIMEOUT_RANGE = (1, 60)
RETRIES_RANGE = (0, 10)
INTERVAL_RANGE = (0.01, 10.0)
SIZE_RANGE = (0, 65507)
CONCURRENT_RANGE = (1, 32)  # pings running at the same time on the host
# A run that sent nothing (an overloaded host: ping's deadline passed before its first request; or
# ping could not start) is tried again after a pause that doubles from BACKOFF_FIRST to BACKOFF_MAX.
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 4.0

# What ping prints when the target cannot be reached at all (no statistics follow). Anything else
# without statistics is a failure to run ping, never taken for "unreachable": an isolation check
# must not pass because ping could not start.
UNREACHABLE_ERRORS = (
    "network is unreachable",
    "no route to host",
    "message too long",
    "destination host unreachable",
    "cannot assign requested address",
)

_STATS_RE = re.compile(
    r"(?P<transmitted>\d+) packets transmitted, (?P<received>\d+) (?:packets )?received"
    r"(?:, \+(?P<duplicates>\d+) duplicates)?(?:, \+(?P<errors>\d+) errors)?"
    r"(?:, (?P<loss>[\d.]+)% packet loss)?")  # no loss when nothing was sent: "0 packets transmitted, 0 received"
_RTT_RE = re.compile(
    r"(?:rtt|round-trip) min/avg/max/(?:mdev|stddev) = "
    r"(?P<min>[\d.]+)/(?P<avg>[\d.]+)/(?P<max>[\d.]+)/[\d.]+ ms")


def _check_range(field, value, bounds):
    """A number (``interval`` is a float, so not validate_int) within ``bounds``."""
    low, high = bounds
    if value is None or value < low or value > high:
        raise ValidationError(field, value, "is outside %s..%s" % (low, high))
    return value


def normalise_targets(targets, default_expect):
    """Targets as a list of ``{"address", "expect"}``, with ``"source"`` when the item names one.

    Items are an address (string; ``default_expect`` applies) or a dict ``{address, expect, netns}``:
    an item's ``netns`` is the namespace it is pinged from instead of the call's (empty or null: the
    host's own), so one call can check a whole matrix of pairs.
    """
    validate_choice("expect", default_expect, EXPECTATIONS, required=True)
    if not isinstance(targets, list) or not targets:
        raise ValidationError("targets", targets, "must be a non-empty list")
    result = []
    seen = set()
    for index, item in enumerate(targets):
        field = "targets[%d]" % index
        if isinstance(item, dict):
            unknown = set(item) - {"address", "expect", "netns"}
            if unknown:
                raise ValidationError(field, item, "has unknown keys %s (allowed: address, expect, netns)"
                                      % ", ".join(sorted(unknown)))
            if "address" not in item:
                raise ValidationError(field, item, "has no 'address'")
            address = validate_ip(field + ".address", item["address"], required=True)
            expect = validate_choice(field + ".expect", item.get("expect") or default_expect, EXPECTATIONS)
            sourced = {"source": validate_optional_netns(field + ".netns", item["netns"])} if "netns" in item else {}
        else:
            address = validate_ip(field, item, required=True)
            expect = default_expect
            sourced = {}
        pair = (sourced.get("source", CALL_NETNS), address)
        if pair in seen:
            raise ValidationError(field, address, "is listed twice")
        seen.add(pair)
        result.append(dict(sourced, address=address, expect=expect))
    return result


class PingOptions:
    """Validated options of one ns_ping call (everything but the targets)."""

    def __init__(self, netns=None, count=3, timeout=2, retries=1, interval=0.2, size=None,
                 dont_fragment=False, max_concurrent=8):
        self.netns = validate_optional_netns("netns", netns)
        self.max_concurrent = _check_range("max_concurrent", max_concurrent, CONCURRENT_RANGE)
        self.count = _check_range("count", count, COUNT_RANGE)
        self.timeout = _check_range("timeout", timeout, TIMEOUT_RANGE)
        self.retries = _check_range("retries", retries, RETRIES_RANGE)
        self.interval = _check_range("interval", interval, INTERVAL_RANGE)
        self.size = None if size is None else _check_range("size", size, SIZE_RANGE)
        self.dont_fragment = bool(dont_fragment)
        if (self.count - 1) * self.interval >= self.timeout:
            raise ValidationError(
                "timeout", timeout, "is too short to send count=%d pings every %s s "
                "(needs more than %s s)" % (self.count, self.interval, (self.count - 1) * self.interval))

    @property
    def netns_path(self):
        return netns_path(self.netns)


def netns_path(netns):
    return None if netns is None else os.path.join(RUN_DIR, netns)


def _format_number(value):
    """``0.2`` -> ``'0.2'``, ``1.0`` -> ``'1'`` (ping accepts both; keeps argv readable)."""
    if float(value) == int(value):
        return str(int(value))
    return repr(float(value))


def build_argv(options, address, ping_bin="ping", nsenter_bin="nsenter", source=CALL_NETNS):
    """The argv that pings ``address`` from ``source`` (None: the host's own namespace; by default
    ``options.netns``); a list, never a shell string.

    ``-w`` bounds the whole run to ``timeout`` seconds; ``-W`` bounds the wait for each reply.
    """
    netns = options.netns if source is CALL_NETNS else source
    family = "-6" if ipaddress.ip_address(address).version == 6 else "-4"
    argv = []
    if netns is not None:
        argv += [nsenter_bin, "--net=%s" % netns_path(netns), "--"]
    argv += [ping_bin, family, "-n", "-c", str(options.count), "-i", _format_number(options.interval),
             "-W", str(options.timeout), "-w", str(options.timeout)]
    if options.size is not None:
        argv += ["-s", str(options.size)]
    if options.dont_fragment:
        argv += ["-M", "do"]
    argv.append(address)
    return argv


def parse_output(rc, stdout, stderr):
    """Turn one ping run into ``{transmitted, received, errors, loss_pct, rtt_ms, error}``.

    ``rtt_ms`` is the average round trip (None without replies). ping's exit code is not used to
    decide reachability (with a deadline it is 1 even when some replies came); the statistics are.
    Raises BackendError when ping printed no statistics and its message is not one of the known
    "cannot reach" errors: a ping that could not run must never look like isolation.
    """
    stdout = stdout or ""
    stderr = stderr or ""
    stats = _STATS_RE.search(stdout)
    message = " ".join(line.strip() for line in stderr.splitlines() if line.strip())
    if stats is None:
        lowered = message.lower()
        if rc != 0 and any(text in lowered for text in UNREACHABLE_ERRORS):
            return {"transmitted": 0, "received": 0, "errors": 0, "loss_pct": 100.0, "rtt_ms": None,
                    "error": message}
        raise BackendError("ping printed no statistics (rc=%s): %s" % (rc, message or stdout.strip()),
                           rc=rc, stdout=stdout, stderr=stderr)
    rtt = _RTT_RE.search(stdout)
    return {
        "transmitted": int(stats.group("transmitted")),
        "received": int(stats.group("received")),
        "errors": int(stats.group("errors") or 0),
        "loss_pct": float(stats.group("loss")) if stats.group("loss") else None,
        "rtt_ms": float(rtt.group("avg")) if rtt else None,
        "error": message or None,
    }


def result_of(parsed):
    return "reachable" if parsed["received"] > 0 else "unreachable"


def measured(parsed):
    """Whether a run says anything about reachability: an echo request went out, or the kernel
    refused to send one (no route: that is an answer)."""
    return parsed["transmitted"] > 0 or parsed["error"] is not None


def one_run(run, argv, timeout):
    """(parsed output, None), or (None, why nothing was measured) for a run that sent nothing."""
    rc, stdout, stderr = run(argv)
    try:
        parsed = parse_output(rc, stdout, stderr)
    except BackendError as error:  # ping could not run: retried, then reported, never guessed
        return None, error.msg
    if not measured(parsed):
        return None, "ping sent no echo request within its %d s deadline (an overloaded host?)" % timeout
    return parsed, None


def ping_target(run, options, target, ping_bin="ping", nsenter_bin="nsenter", sleep=time.sleep):
    """Ping one target (with retries while it looks unreachable but should be reachable, and
    while nothing could be measured).

    ``run(argv) -> (rc, stdout, stderr)``. Returns one entry of the module's ``results``.
    A target expected unreachable is not retried once measured: a silent round is the answer, and
    retrying could only turn a real failure into a slow one. A run that sent nothing is retried
    whatever is expected, after a pause that doubles (BACKOFF_FIRST up to BACKOFF_MAX); if the last
    one still sent nothing the result is ``not measured``, with the reason.
    """
    source = source_of(options, target)
    argv = build_argv(options, target["address"], ping_bin, nsenter_bin, source=source)
    attempts, pause = 0, BACKOFF_FIRST
    while True:
        attempts += 1
        parsed, reason = one_run(run, argv, options.timeout)
        if reason is None:
            result = result_of(parsed)
            if result == "reachable" or target["expect"] == "unreachable" or attempts > options.retries:
                break
        elif attempts > options.retries:
            break
        else:
            sleep(pause)
            pause = min(2 * pause, BACKOFF_MAX)
    entry = {"source": source, "target": target["address"], "expected": target["expect"],
             "attempts": attempts, "command": argv}
    if reason is not None:
        entry.update(result=NOT_MEASURED, rtt_ms=None, loss_pct=None, transmitted=0, received=0, reason=reason)
        return entry
    entry.update(result=result, rtt_ms=parsed["rtt_ms"], loss_pct=parsed["loss_pct"],
                 transmitted=parsed["transmitted"], received=parsed["received"])
    if parsed["error"]:
        entry["error"] = parsed["error"]
    return entry


def skipped_results(options, targets, reason):
    """Entries for targets that could not be pinged (check mode on a namespace not yet made)."""
    return [{"source": source_of(options, target), "target": target["address"],
             "expected": target["expect"], "result": SKIPPED, "rtt_ms": None, "loss_pct": None,
             "transmitted": 0, "received": 0, "attempts": 0,
             "command": build_argv(options, target["address"], source=source_of(options, target)), "error": reason}
            for target in targets]


def mismatches(results):
    """Measured entries whose result differs from the expectation (``skipped`` and ``not measured``
    say nothing about reachability, so they never are: isolation is asserted only from pings sent)."""
    return [entry for entry in results
            if entry["result"] in EXPECTATIONS and entry["result"] != entry["expected"]]


def not_measured(results):
    return [entry for entry in results if entry["result"] == NOT_MEASURED]


def not_measured_message(found, total):
    pairs = ["%s -> %s: %s" % (describe_source(entry["source"]), entry["target"], entry["reason"]) for entry in found]
    return "%d of %d pairs could not be measured (no echo request went out): %s" % (len(found), total, "; ".join(pairs))


def describe_source(netns):
    return netns if netns is not None else "(host)"


def mismatch_message(found, total):
    pairs = ["%s -> %s: expected %s, got %s" % (describe_source(entry["source"]), entry["target"],
                                                entry["expected"], entry["result"])
             for entry in found]
    return "%d of %d pairs differ from what was expected: %s" % (len(found), total, "; ".join(pairs))


def source_of(options, target):
    """The namespace a target is pinged from (None: the host's own)."""
    return target.get("source", options.netns)


def missing_sources(options, targets):
    """The source namespaces of ``targets`` that have no file under /run/netns, in order."""
    missing = []
    for target in targets:
        source = source_of(options, target)
        if source is not None and source not in missing and not os.path.exists(netns_path(source)):
            missing.append(source)
    return missing


def ping_or_skip(run, options, targets, check_mode, ping_bin="ping", nsenter_bin="nsenter", sleep=time.sleep):
    """(every target's entry in order, warnings). A source namespace that does not exist is the
    rule of _core/resource.read_or_assume: in a real run the MissingObjectError; in check mode its
    targets are ``skipped`` and the call warns (an earlier task of the play would create it)."""
    reasons, warnings = {}, []
    for netns in missing_sources(options, targets):
        _nothing, error = read_or_assume(lambda: _raise_missing(netns), check_mode)
        reasons[netns] = error.msg
        warnings.append(assumption(error))
    pinged = iter(ping_all(run, options, [target for target in targets if source_of(options, target) not in reasons],
                           ping_bin, nsenter_bin, sleep))
    entries = []
    for target in targets:
        source = source_of(options, target)
        entries.extend(skipped_results(options, [target], reasons[source]) if source in reasons else [next(pinged)])
    return entries, warnings


def _raise_missing(netns):
    raise MissingObjectError("netns", netns, needed_by="ns_ping")


def ping_all(run, options, targets, ping_bin="ping", nsenter_bin="nsenter", sleep=time.sleep):
    """Ping every target, up to ``options.max_concurrent`` at a time; results in the order of ``targets``.

    Targets are independent, so a list of N silent targets costs one ``timeout``, not N.
    """
    if not targets:
        return []
    workers = max(1, min(options.max_concurrent, len(targets)))
    if workers == 1:
        return [ping_target(run, options, target, ping_bin, nsenter_bin, sleep) for target in targets]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(ping_target, run, options, target, ping_bin, nsenter_bin, sleep)
                   for target in targets]
        return [future.result() for future in futures]
