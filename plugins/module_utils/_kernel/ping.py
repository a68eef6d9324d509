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
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_optional_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_choice, validate_ip
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsthread import RUN_DIR

EXPECTATIONS = ("reachable", "unreachable")

# Bounds: every ping ends, and a play cannot be made to wait for hours by a typo.
COUNT_RANGE = (1, 100)
TIMEOUT_RANGE = (1, 60)
RETRIES_RANGE = (0, 10)
INTERVAL_RANGE = (0.01, 10.0)
SIZE_RANGE = (0, 65507)
MAX_WORKERS = 8  # targets pinged at the same time

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
    r", (?P<loss>[\d.]+)% packet loss")
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
    """Targets as a list of ``{"address", "expect"}``.

    Items are an address (string; ``default_expect`` applies) or a dict ``{address, expect}``.
    """
    validate_choice("expect", default_expect, EXPECTATIONS, required=True)
    if not isinstance(targets, list) or not targets:
        raise ValidationError("targets", targets, "must be a non-empty list")
    result = []
    seen = set()
    for index, item in enumerate(targets):
        field = "targets[%d]" % index
        if isinstance(item, dict):
            unknown = set(item) - {"address", "expect"}
            if unknown:
                raise ValidationError(field, item, "has unknown keys %s (allowed: address, expect)"
                                      % ", ".join(sorted(unknown)))
            if "address" not in item:
                raise ValidationError(field, item, "has no 'address'")
            address = validate_ip(field + ".address", item["address"], required=True)
            expect = validate_choice(field + ".expect", item.get("expect") or default_expect, EXPECTATIONS)
        else:
            address = validate_ip(field, item, required=True)
            expect = default_expect
        if address in seen:
            raise ValidationError(field, address, "is listed twice")
        seen.add(address)
        result.append({"address": address, "expect": expect})
    return result


class PingOptions:
    """Validated options of one ns_ping call (everything but the targets)."""

    def __init__(self, netns=None, count=3, timeout=2, retries=1, interval=0.2, size=None,
                 dont_fragment=False):
        self.netns = validate_optional_netns("netns", netns)
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
        return None if self.netns is None else os.path.join(RUN_DIR, self.netns)


def _format_number(value):
    """``0.2`` -> ``'0.2'``, ``1.0`` -> ``'1'`` (ping accepts both; keeps argv readable)."""
    if float(value) == int(value):
        return str(int(value))
    return repr(float(value))


def build_argv(options, address, ping_bin="ping", nsenter_bin="nsenter"):
    """The argv that pings ``address`` from ``options.netns`` (a list, never a shell string).

    ``-w`` bounds the whole run to ``timeout`` seconds; ``-W`` bounds the wait for each reply.
    """
    family = "-6" if ipaddress.ip_address(address).version == 6 else "-4"
    argv = []
    if options.netns is not None:
        argv += [nsenter_bin, "--net=%s" % options.netns_path, "--"]
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
        "loss_pct": float(stats.group("loss")),
        "rtt_ms": float(rtt.group("avg")) if rtt else None,
        "error": message or None,
    }


def result_of(parsed):
    return "reachable" if parsed["received"] > 0 else "unreachable"


def ping_target(run, options, target, ping_bin="ping", nsenter_bin="nsenter"):
    """Ping one target (with retries while it looks unreachable but should be reachable).

    ``run(argv) -> (rc, stdout, stderr)``. Returns one entry of the module's ``results``.
    A target expected unreachable is not retried: a silent round is the answer, and retrying
    could only turn a real failure into a slow one.
    """
    argv = build_argv(options, target["address"], ping_bin, nsenter_bin)
    attempts = 0
    while True:
        attempts += 1
        rc, stdout, stderr = run(argv)
        parsed = parse_output(rc, stdout, stderr)
        result = result_of(parsed)
        if result == "reachable" or target["expect"] == "unreachable" or attempts > options.retries:
            break
    entry = {
        "source": options.netns,
        "target": target["address"],
        "expected": target["expect"],
        "result": result,
        "rtt_ms": parsed["rtt_ms"],
        "loss_pct": parsed["loss_pct"],
        "transmitted": parsed["transmitted"],
        "received": parsed["received"],
        "attempts": attempts,
        "command": argv,
    }
    if parsed["error"]:
        entry["error"] = parsed["error"]
    return entry


def skipped_results(options, targets, reason):
    """Entries for targets that could not be pinged (check mode on a namespace not yet made)."""
    return [{"source": options.netns, "target": target["address"], "expected": target["expect"],
             "result": "skipped", "rtt_ms": None, "loss_pct": None, "transmitted": 0, "received": 0,
             "attempts": 0, "command": build_argv(options, target["address"]), "error": reason}
            for target in targets]


def mismatches(results):
    """Entries whose result differs from the expectation (``skipped`` is never a mismatch)."""
    return [entry for entry in results
            if entry["result"] != "skipped" and entry["result"] != entry["expected"]]


def describe_source(netns):
    return netns if netns is not None else "(host)"


def mismatch_message(found, total):
    pairs = ["%s -> %s: expected %s, got %s" % (describe_source(entry["source"]), entry["target"],
                                                entry["expected"], entry["result"])
             for entry in found]
    return "%d of %d pairs differ from what was expected: %s" % (len(found), total, "; ".join(pairs))


def check_netns_exists(options):
    """Raise MissingObjectError when the namespace has no file under /run/netns."""
    if options.netns is not None and not os.path.exists(options.netns_path):
        raise MissingObjectError("netns", options.netns, needed_by="ns_ping")


def ping_all(run, options, targets, workers=MAX_WORKERS, ping_bin="ping", nsenter_bin="nsenter"):
    """Ping every target, up to ``workers`` at a time; results in the order of ``targets``.

    Targets are independent, so a list of N silent targets costs one ``timeout``, not N.
    """
    if not targets:
        return []
    workers = max(1, min(workers, len(targets)))
    if workers == 1:
        return [ping_target(run, options, target, ping_bin, nsenter_bin) for target in targets]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(ping_target, run, options, target, ping_bin, nsenter_bin)
                   for target in targets]
        return [future.result() for future in futures]
