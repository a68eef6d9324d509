# -*- coding: utf-8 -*-
"""ns_qdisc's pure parts: strict units, bad input (field and value named, before anything is read),
the kernel's rounding both ways, the plan and the ``tc`` argv of each change."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.units import (
    parse_percent, parse_rate, parse_size, parse_time)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.qdisc import (
    QdiscResource, percent_of, probability)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import qdisc as tc


class Untouchable:
    """A backend that fails the test when anything reads it: bad input is refused before that."""

    session = None

    def links(self, netns):
        raise AssertionError("read before validation")


def build(**params):
    return QdiscResource(dict({"dev": "veth1", "netns": "blue"}, **params), Untouchable())


@pytest.mark.parametrize("parse, text, value", [
    (parse_rate, "10mbit", 10 ** 7), (parse_rate, "1.5gbit", 15 * 10 ** 8), (parse_rate, "100kbps", 800000),
    (parse_rate, "512kibit", 512 * 1024), (parse_rate, 8000, 8000), (parse_rate, "4Mbit", 4 * 10 ** 6),
    (parse_size, "32kb", 32768), (parse_size, "1500", 1500), (parse_size, "1m", 2 ** 20), (parse_size, "8kbit", 1024),
    (parse_time, "20ms", 20000), (parse_time, "1.5ms", 1500), (parse_time, "2s", 2 * 10 ** 6), (parse_time, 250, 250),
    (parse_time, "-0ms", 0), (parse_percent, "1%", 1.0), (parse_percent, "0.5", 0.5), (parse_percent, 100, 100.0),
])
def test_units(parse, text, value):
    assert parse("field", text) == value


BAD = [
    ({"kind": "netem", "loss": "101%"}, "loss", "101%", "outside 0..100"),
    ({"kind": "netem", "delay": "-5ms"}, "delay", "-5ms", "must not be negative"),
    ({"kind": "tbf", "rate": "fast", "burst": "32kb", "latency": "50ms"}, "rate", "fast", "is not a rate"),
    ({"kind": "netem", "rate": "fast"}, "rate", "fast", "is not a rate"),
    ({"kind": "htb"}, "kind", "htb", "must be one of"),
    ({"kind": "netem", "delay": "1.5us"}, "delay", "1.5us", "whole number"),
    ({"kind": "netem", "delay": "20 lightyears"}, "delay", "20 lightyears", "is not a time"),
    ({"kind": "netem", "jitter": True}, "jitter", True, "is not a time"),
    ({"kind": "netem", "reorder": "25%"}, "reorder", "25%", "needs a delay"),
    ({"kind": "netem", "burst": "32kb"}, "burst", "32kb", "is not an option of a netem qdisc"),
    ({"kind": "tbf", "rate": "1mbit", "burst": "32kb", "latency": "50ms", "loss": "1%"}, "loss", "1%", "not an option"),
    ({"kind": "tbf", "burst": "32kb", "latency": "50ms"}, "rate", None, "is required"),
    ({"kind": "tbf", "rate": "1mbit", "latency": "50ms"}, "burst", None, "is required"),
    ({"kind": "tbf", "rate": "1mbit", "burst": "32kb"}, "limit", None, "exactly one"),
    ({"kind": "tbf", "rate": "1mbit", "burst": "32kb", "limit": 1, "latency": "1ms"}, "limit", 1, "exactly one"),
    ({"kind": "tbf", "rate": "8bit", "burst": "1m", "limit": "2m"}, "burst", "1m", "longer"),
    ({"kind": "tbf", "rate": "4bit", "burst": "1k", "limit": "2k"}, "rate", "4bit", "outside"),
    ({"kind": "netem", "limit": 0}, "limit", 0, "outside"),
    ({}, "kind", None, "must be one of tbf, netem"),
]


@pytest.mark.parametrize("params, field, value, problem", BAD)
def test_bad_input_names_the_field_and_the_value(params, field, value, problem):
    with pytest.raises(ValidationError) as error:
        build(**params)
    assert error.value.details == {"field": field, "value": value}
    assert error.value.msg.startswith("%s: %r" % (field, value)) and problem in error.value.msg


def test_a_bad_link_name_is_refused_too():
    with pytest.raises(ValidationError) as error:
        build(dev="veth1;reboot", kind="netem")
    assert error.value.details["field"] == "dev"


@pytest.mark.parametrize("percent", [0, 0.1, 0.5, 1, 3, 10, 25, 33.333, 99.99, 100])
def test_a_percentage_reads_back_as_given(percent):
    assert percent_of(probability(percent)) == percent


@pytest.mark.parametrize("value", [1, 7, 42949673, 2 ** 31, 2 ** 32 - 2])
def test_any_probability_reads_as_a_percentage_that_gives_it_back(value):
    assert probability(percent_of(value)) == value


@pytest.mark.parametrize("rate_bytes", [1, 125, 500000, 1250000, 125 * 10 ** 6, 125 * 10 ** 7, 5 * 10 ** 9])
@pytest.mark.parametrize("burst", [1500, 32768, 100 * 1024, 2 ** 20])
def test_the_burst_read_back_gives_the_kernels_ticks_again(rate_bytes, burst):
    ticks = tc.tbf_buffer_ticks(rate_bytes, burst)
    if ticks > tc.U32_MAX:
        return
    smallest = tc.tbf_burst_of(rate_bytes, ticks)
    assert smallest <= burst and tc.tbf_buffer_ticks(rate_bytes, smallest) == ticks
    assert smallest == 1 or tc.tbf_buffer_ticks(rate_bytes, smallest - 1) < ticks


def test_rate_factor_is_the_kernels():
    """psched_ratecfg_precompute at 4 Mbit/s (500000 B/s): 2000 ns a byte, in 31 bits of mult."""
    mult, shift = tc.rate_factor(500000)
    assert mult >> 31 == 1 and (mult * 1) >> shift == 2000


def test_tbf_plan_and_argv():
    item = build(kind="tbf", rate="4mbit", burst="32kb", latency="50ms")
    created = item.plan(None)
    assert [c.action for c in created] == ["create"]
    assert created[0].details["command"] == ["tc", "-n", "blue", "qdisc", "replace", "dev", "veth1", "root", "tbf",
                                             "rate", "4000000bit", "burst", "32768", "limit", "57768"]
    after = item.expected(None)
    assert item.plan(after) == []  # what the kernel will hold is no change
    other = dict(after, kind="pfifo")
    for key in ("rate", "burst", "limit"):
        other.pop(key)
    assert [c.action for c in item.plan(other)] == ["replace"]


def test_netem_argv():
    item = build(kind="netem", delay="20ms", jitter="5ms", loss="1%", reorder="10%", rate="1mbit")
    change = item.plan(None)[0]
    assert change.details["command"] == ["tc", "-n", "blue", "qdisc", "replace", "dev", "veth1", "root", "netem",
                                         "limit", "1000", "delay", "20000us", "5000us", "loss", "1%", "reorder",
                                         "10%", "rate", "1000000bit"]


def test_absent_deletes_what_is_there_and_argv():
    item = build(state="absent")
    assert item.plan(None) == []
    deletion = item.plan({"netns": "blue", "dev": "veth1", "kind": "pfifo"})
    assert [c.action for c in deletion] == ["delete"]
    assert deletion[0].details["command"] == ["tc", "-n", "blue", "qdisc", "del", "dev", "veth1", "root"]


def test_every_change_carries_its_argv_for_rendered():
    for item, before in ((build(kind="tbf", rate=8000, burst=1600, limit=3000), None),
                         (build(kind="netem", delay=10), {"netns": "blue", "dev": "veth1", "kind": "tbf"}),
                         (build(state="absent"), {"netns": "blue", "dev": "veth1", "kind": "tbf"})):
        for change in item.plan(before):
            assert change.command == change.details["command"] and change.command[0] == "tc"


def test_a_change_is_of_kind_qdisc_and_names_the_qdisc_kind_apart():
    change = build(kind="tbf", rate=8000, burst=1600, limit=3000).plan(None)[0].as_dict()
    assert change["kind"] == "qdisc" and change["qdisc"] == "tbf"
