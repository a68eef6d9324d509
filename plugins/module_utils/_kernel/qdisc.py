# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The root qdisc of one link (either end of a veth, any link) in a namespace: tbf or netem.

The wanted qdisc is turned into the kernel's units once (_netlink/qdisc.py) and compared with what
the kernel dumps in those same units, so its rounding never shows as a change. ``before`` and
``after`` are in the user's units (rates in bit/s, sizes in bytes, times in µs, percentages),
each computed from kernel units: ``after`` is what a read after the run shows. A change is one
request: ``tc qdisc replace`` (atomic) or, for ``state: absent``, ``tc qdisc del`` (the kernel's
default qdisc comes back). A root qdisc of another kind (made by hand) is replaced by the wanted
one; ``absent`` removes whatever non-default root qdisc the link has.
"""

import errno
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname, validate_optional_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.units import (
    U32_MAX, optional, parse_percent, parse_rate, parse_size, parse_time)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_choice, validate_int
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import KernelResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import qdisc as tc
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import label

ReplaceQdisc = namedtuple("ReplaceQdisc", "kind options")
DeleteQdisc = namedtuple("DeleteQdisc", "")

TBF_OPTIONS = ("rate", "burst", "limit", "latency")
NETEM_OPTIONS = ("delay", "jitter", "loss", "duplicate", "reorder", "corrupt", "rate", "limit")
OPTIONS = ("rate", "burst", "limit", "latency", "delay", "jitter", "loss", "duplicate", "reorder", "corrupt")
PERCENTS = ("loss", "duplicate", "reorder", "corrupt")
GENERIC_CHECKS = (("rate", parse_rate), ("burst", parse_size), ("limit", parse_size), ("latency", parse_time),
                  ("delay", parse_time), ("jitter", parse_time), ("loss", parse_percent),
                  ("duplicate", parse_percent), ("reorder", parse_percent), ("corrupt", parse_percent))
NETEM_LIMIT = 1000  # packets: tc's default
NO_NETEM = "the kernel has no netem qdisc (module sch_netem is not available)"


# -- units both ways ----------------------------------------------------------------------------
def probability(percent):
    """tc's get_percent: rint(percent / 100 * (2**32 - 1)), in doubles as tc computes it."""
    return int(round(percent / 100.0 * U32_MAX))


def percent_of(value):
    """The shortest percentage (at most ten decimals) that ``probability`` turns into ``value``."""
    exact = value * 100.0 / U32_MAX
    for digits in range(11):
        candidate = round(exact, digits)
        if probability(candidate) == value:
            return int(candidate) if candidate == int(candidate) else candidate
    return exact


def user_view(kind, options):
    """A qdisc's kernel-unit options in the user's units (rate bit/s, sizes bytes, times µs)."""
    if kind == "tbf":
        return {"rate": options["rate"] * 8, "burst": tc.tbf_burst_of(options["rate"], options["buffer"]),
                "limit": options["limit"]}
    view = {"delay": options["latency"] // 1000, "jitter": options["jitter"] // 1000,
            "rate": options["rate"] * 8, "limit": options["limit"]}
    view.update((field, percent_of(options[field])) for field in PERCENTS)
    return view


def public(state):
    """A state without what names the link (the fields a change lists)."""
    return dict((key, value) for key, value in state.items() if key not in ("netns", "dev"))


def percent_text(value):
    return "%s%%" % value


def tc_argv(netns, dev, *argv):
    """argv of the equivalent ``tc`` command (for ``rendered`` and the changes; never run)."""
    prefix = ["tc"] if netns is None else ["tc", "-n", netns]
    return prefix + ["qdisc"] + [str(arg) for arg in argv[:1]] + ["dev", dev, "root"] + [str(arg) for arg in argv[1:]]


def replace_argv(netns, dev, kind, view):
    if kind == "tbf":
        words = ["rate", "%dbit" % view["rate"], "burst", view["burst"], "limit", view["limit"]]
    else:
        words = ["limit", view["limit"]]
        if view["delay"] or view["jitter"]:
            words += ["delay", "%dus" % view["delay"]] + (["%dus" % view["jitter"]] if view["jitter"] else [])
        for field in PERCENTS:
            if view[field]:
                words += [field, percent_text(view[field])]
        if view["rate"]:
            words += ["rate", "%dbit" % view["rate"]]
    return tc_argv(netns, dev, "replace", kind, *words)


# -- the resource -------------------------------------------------------------------------------
class QdiscResource(KernelResource):
    kind = "qdisc"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.dev = validate_ifname("dev", params.get("dev"))
        self.state = validate_state(params.get("state"))
        self.qdisc = validate_choice("kind", params.get("kind"), tc.KINDS, required=self.state == "present")
        self.wanted = self.burst = None
        if self.qdisc is not None:  # also for absent: every given value is checked
            wanted = self._tbf(params) if self.qdisc == "tbf" else self._netem(params)
            self.wanted = wanted if self.state == "present" else None
        else:
            for field, parse in GENERIC_CHECKS:
                optional(parse, field, params.get(field))

    @property
    def label(self):
        return label(self.dev, self.netns)

    @staticmethod
    def _only(params, allowed, kind):
        for field in OPTIONS:
            if field not in allowed and params.get(field) is not None:
                raise ValidationError(field, params[field], "is not an option of a %s qdisc (it takes: %s)"
                                      % (kind, ", ".join(allowed)))

    def _tbf(self, params):
        """tbf in kernel units: rate (bytes/s), buffer (ticks), limit (bytes)."""
        self._only(params, TBF_OPTIONS, "tbf")
        rate = parse_rate("rate", params.get("rate")) // 8 if params.get("rate") is not None else None
        if rate is None:
            raise ValidationError("rate", None, "is required for a tbf qdisc, for example 10mbit")
        if params.get("burst") is None:
            raise ValidationError("burst", None, "is required for a tbf qdisc, for example 32kb")
        burst = self.burst = parse_size("burst", params["burst"])
        buffer_ticks = tc.tbf_buffer_ticks(rate, burst)
        if buffer_ticks > U32_MAX:
            raise ValidationError("burst", params["burst"], "takes longer to send at this rate than tbf can hold")
        limit, latency = params.get("limit"), params.get("latency")
        if (limit is None) == (latency is None):
            raise ValidationError("limit", limit, "or latency: exactly one of them is required for a tbf qdisc")
        if latency is not None:
            limit = int(rate * float(parse_time("latency", latency)) / 10 ** 6 + burst)  # as tc computes it
            if limit > U32_MAX:
                raise ValidationError("latency", latency, "makes a queue longer than 4 GiB at this rate")
        else:
            limit = parse_size("limit", limit)
        return {"rate": rate, "buffer": buffer_ticks, "limit": limit}

    def _netem(self, params):
        """netem in kernel units (see _netlink/qdisc.netem_options)."""
        self._only(params, NETEM_OPTIONS, "netem")
        delay = optional(parse_time, "delay", params.get("delay")) or 0
        wanted = {"latency": delay * 1000, "jitter": (optional(parse_time, "jitter", params.get("jitter")) or 0) * 1000,
                  "limit": validate_int("limit", params.get("limit"), 1, U32_MAX, default=NETEM_LIMIT, text=True),
                  "rate": (optional(parse_rate, "rate", params.get("rate"), low=0) or 0) // 8}
        for field in PERCENTS:
            wanted[field] = probability(optional(parse_percent, field, params.get(field)) or 0.0)
        if wanted["reorder"] and not delay:
            raise ValidationError("reorder", params.get("reorder"), "needs a delay: netem reorders by sending "
                                  "some packets at once and delaying the others")
        wanted["gap"] = 1 if wanted["reorder"] else 0  # as tc sets it: reorder every packet by chance
        return wanted

    # -- read, plan, expect -----------------------------------------------------------------------
    def observe(self, snapshot):
        record = snapshot.links(self.netns).get(self.dev)
        if record is None:
            raise MissingObjectError("device", self.label)
        if getattr(snapshot, "offline", False) or record["index"] < 0:
            return Reading(None)  # a link the plan makes: it has the default qdisc
        found = tc.root_qdiscs(snapshot.session, self.netns).get(record["index"])
        return Reading(self.state_of(found))

    def state_of(self, found):
        """The ``before`` of a dumped root qdisc (None: the kernel's default), in the user's units."""
        if found is None:
            return None
        state = {"netns": self.netns, "dev": self.dev, "kind": found["kind"]}
        if found["options"] is not None:
            state.update(user_view(found["kind"], found["options"]))
        return state

    def deletion(self, before):
        command = tc_argv(self.netns, self.dev, "del")
        return Change("delete", "qdisc", self.label, {"qdisc": before["kind"], "command": command}, command=command,
                      op=DeleteQdisc())

    def plan_present(self, before, conflicts):
        """``after`` is the wanted qdisc as the kernel will hold it, in the user's units: equal to
        ``before`` field by field exactly when the kernel units are equal (every conversion of
        user_view round-trips), so the comparison is the kernel's own."""
        after = self.expected(before)
        command = replace_argv(self.netns, self.dev, self.qdisc, after)
        op = ReplaceQdisc(self.qdisc, self.wanted)
        if before is None:
            details = dict(public(after), command=command)
            details["qdisc"] = details.pop("kind")  # ``kind`` of a change is "qdisc"
            return [Change("create", "qdisc", self.label, details, command=command, op=op)]
        if before["kind"] != self.qdisc:
            return [Change("replace", "qdisc", self.label, {"qdisc": {"before": before["kind"], "after": self.qdisc},
                                                            "command": command}, command=command, op=op)]
        differences = dict((field, {"before": before.get(field), "after": value})
                           for field, value in sorted(public(after).items()) if before.get(field) != value)
        # (the kinds are equal here, so ``kind`` is never among the differences)
        if not differences:
            return []
        return [Change("set", "qdisc", self.label, dict(differences, command=command), command=command, op=op)]

    def expected(self, before):
        if self.state == "absent":
            return None
        after = {"netns": self.netns, "dev": self.dev, "kind": self.qdisc}
        after.update(user_view(self.qdisc, self.wanted))
        return after

    def perform(self, change):
        if isinstance(change.op, DeleteQdisc):
            tc.delete_root(self.session, self.netns, self.dev)
            return
        try:
            tc.replace_root(self.session, self.netns, self.dev, self.qdisc, self.wanted, burst=self.burst)
        except OSError as error:
            if self.qdisc == "netem" and error.errno == errno.ENOENT:
                raise BackendError("qdisc %s: %s" % (self.label, NO_NETEM), errno=errno.ENOENT)
            raise
