# -*- coding: utf-8 -*-
"""The qdisc requests against two independent encodings of the same request: pyroute2's (IPBatch
compiles a request without sending it) and the bytes ``tc`` 6.1 sent for the same command
(captured with ``strace -e sendmsg -xx``; tc sent them to a kernel without sch_netem, which
refused the netem one after reading it). No kernel is asked: ``codec.send`` is a recorder.

Where the messages differ, on purpose:
- tbf: pyroute2 and tc add a 1 KiB rate table (TCA_TBF_RTAB) the kernel has not needed since
  3.8; tc and we send TCA_TBF_BURST, which pyroute2 does not; tc and we say the link layer is
  ethernet in the rate spec, pyroute2 leaves it 0 (the kernel computes the same for both).
- netem: we always send CORR, REORDER, CORRUPT and RATE (zero: none) and the delays in ns
  (LATENCY64, JITTER64), see _netlink/qdisc.py; pyroute2 also puts a netem ``rate`` keyword into
  TCA_RATE (a rate estimator attribute, as text), which is its own slip and not compared.
"""

import struct

import pytest

pyroute2 = pytest.importorskip("pyroute2")

from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import codec  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import qdisc as tc  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.qdisc import QdiscResource  # noqa: E402

INDEX = 5
# tc qdisc replace dev v0 root tbf rate 4mbit burst 32kb latency 50ms: TCA_OPTIONS up to the rate table
# (PARMS: rate spec, peak spec, limit, buffer, mtu; then BURST; fromhex skips the spaces)
TC_TBF = bytes.fromhex("28000100 03010000ffff000020a10700 000000000000000000000000 a8e10000 00a00f00 00000000 08000600 00800000")
# tc qdisc replace dev v0 root netem delay 20ms 5ms loss 1% duplicate 25% reorder 10% corrupt 3% rate 1mbit
# limit 500: tc_netem_qopt, then REORDER, CORRUPT, RATE
TC_NETEM_QOPT = bytes.fromhex("b4c40400 f4010000 295c8f02 01000000 00000040 2d310100")
TC_NETEM_ATTRS = {tc.TCA_NETEM_REORDER: bytes.fromhex("9a99991900000000"),
                  tc.TCA_NETEM_CORRUPT: bytes.fromhex("7b14ae0700000000"),
                  tc.TCA_NETEM_RATE: bytes.fromhex("48e80100000000000000000000000000")}


@pytest.fixture
def sent(monkeypatch):
    messages = []

    def record(_sock, msg_type, flags, body, seq):
        messages.append((msg_type, flags & ~codec.NLM_F_ACK, body))  # every request asks for an ack

    def acknowledged(_sock, _seq):
        yield codec.NLMSG_ERROR, struct.pack("=i", 0), 0, 4

    monkeypatch.setattr(codec, "send", record)
    monkeypatch.setattr(codec, "replies", acknowledged)
    return messages


def pyroute2_message(kind, **kwargs):
    """(type, flags, body) of pyroute2's ``tc("replace", kind, index=INDEX, ...)``."""
    batch = pyroute2.IPBatch()
    try:
        batch.tc("replace", kind, index=INDEX, **kwargs)
        data = bytes(batch.batch)
    finally:
        batch.close()
    _length, msg_type, flags, _seq, _pid = codec.HEADER.unpack_from(data)
    return msg_type, flags & ~codec.NLM_F_ACK & ~codec.NLM_F_REQUEST, data[codec.HEADER.size:]


def split(body):
    """(tcmsg, kind, options bytes) of a qdisc request body."""
    attrs = codec.attributes(body, tc.TCMSG.size, len(body))
    return tc.TCMSG.unpack_from(body), codec.text(attrs[tc.TCA_KIND]), attrs[tc.TCA_OPTIONS]


def resource(params):
    return QdiscResource(dict(params, dev="v0"), snapshot=_Offline())


class _Offline:
    session = None


def our_request(sent, params):
    item = resource(params)
    options = (tc.tbf_options(item.wanted["rate"], item.burst, item.wanted["limit"]) if item.qdisc == "tbf"
               else tc.netem_options(item.wanted))
    tc.replace_root_qdisc(None, INDEX, item.qdisc, options)
    return sent[-1]


def test_a_tbf_request_is_the_one_pyroute2_and_tc_send(sent):
    msg_type, flags, body = our_request(sent, {"kind": "tbf", "rate": "4mbit", "burst": 32768, "latency": "50ms"})
    theirs_type, theirs_flags, theirs = pyroute2_message("tbf", rate="4mbit", burst=32768, latency="50ms")
    assert (msg_type, flags) == (theirs_type, theirs_flags) == (tc.RTM_NEWQDISC, codec.NLM_F_CREATE | codec.NLM_F_REPLACE)
    header, kind, options = split(body)
    their_header, their_kind, their_options = split(theirs)
    assert header == their_header == (0, INDEX, 0, tc.TC_H_ROOT, 0) and kind == their_kind == "tbf"
    ours, pyroute2_attrs = codec.nested(options), codec.nested(their_options)
    parms, their_parms = tc.TBF_QOPT.unpack(ours[tc.TCA_TBF_PARMS]), tc.TBF_QOPT.unpack(pyroute2_attrs[tc.TCA_TBF_PARMS])
    assert parms[2:] == their_parms[2:]  # limit, buffer, mtu
    rate, their_rate = tc.RATESPEC.unpack(parms[0]), tc.RATESPEC.unpack(their_parms[0])
    assert rate[0] == their_rate[0] and rate[2:] == their_rate[2:]  # all but the link layer
    assert options.startswith(TC_TBF)  # tc's bytes, to the rate table that we leave out
    assert set(ours) == {tc.TCA_TBF_PARMS, tc.TCA_TBF_BURST}


def test_a_netem_request_carries_what_pyroute2_sends(sent):
    params = {"kind": "netem", "delay": 20000, "jitter": 5000, "loss": 20, "duplicate": 40, "reorder": 60,
              "corrupt": 0.5, "rate": "10mbit", "limit": 500}
    _type, flags, body = our_request(sent, params)
    _t, their_flags, theirs = pyroute2_message("netem", delay=20000, jitter=5000, loss=20, duplicate=40,
                                               prob_reorder=60, prob_corrupt=0.5, rate="10mbit", limit=500)
    assert flags == their_flags
    header, kind, options = split(body)
    their_header, their_kind, their_options = split(theirs)
    assert header == their_header and kind == their_kind == "netem"
    assert options[:tc.NETEM_QOPT.size] == their_options[:tc.NETEM_QOPT.size]
    ours = codec.attributes(options, tc.NETEM_QOPT.size, len(options))
    pyroute2_attrs = codec.attributes(their_options, tc.NETEM_QOPT.size, len(their_options))
    for kind_of in pyroute2_attrs:
        assert ours[kind_of] == pyroute2_attrs[kind_of]
    assert struct.unpack("=Q", ours[tc.TCA_NETEM_LATENCY64]) == (20000 * 1000,)


def test_netem_percentages_and_ticks_are_the_ones_tc_sends(sent):
    params = {"kind": "netem", "delay": "20ms", "jitter": "5ms", "loss": "1%", "duplicate": "25%", "reorder": "10%",
              "corrupt": "3%", "rate": "1mbit", "limit": 500}
    _type, _flags, body = our_request(sent, params)
    options = split(body)[2]
    assert options[:tc.NETEM_QOPT.size] == TC_NETEM_QOPT  # rint of the percentages, gap 1, ticks
    ours = codec.attributes(options, tc.NETEM_QOPT.size, len(options))
    for kind_of, value in TC_NETEM_ATTRS.items():
        assert ours[kind_of] == value


def test_nothing_wanted_is_sent_as_zero_so_a_change_in_place_clears_it(sent):
    _type, _flags, body = our_request(sent, {"kind": "netem", "delay": "10ms"})
    ours = codec.attributes(split(body)[2], tc.NETEM_QOPT.size, len(split(body)[2]))
    assert ours[tc.TCA_NETEM_CORRUPT] == ours[tc.TCA_NETEM_REORDER] == b"\0" * 8
    assert ours[tc.TCA_NETEM_CORR] == b"\0" * 12 and ours[tc.TCA_NETEM_RATE] == b"\0" * 16


def test_a_delete_is_tcs(sent):
    tc.delete_root_qdisc(None, INDEX)
    assert sent[-1] == (tc.RTM_DELQDISC, 0, tc.TCMSG.pack(0, INDEX, 0, tc.TC_H_ROOT, 0))


@pytest.mark.parametrize("params", [
    {"kind": "tbf", "rate": "4mbit", "burst": "32kb", "limit": 60000},
    {"kind": "tbf", "rate": "40gbit", "burst": "1m", "limit": "2m"},
    {"kind": "netem", "delay": "1us", "jitter": "3us", "loss": "0.001%", "rate": "40gbit", "limit": 10},
])
def test_what_is_sent_reads_back_as_wanted(params):
    """The dump decoders read the options the kernel echoes (the same layout) as the wanted units."""
    item = resource(params)
    if item.qdisc == "tbf":
        raw = tc.tbf_options(item.wanted["rate"], item.burst, item.wanted["limit"])
        view = tc.tbf_view(raw)
        assert view["rate"] == item.wanted["rate"] and view["limit"] == item.wanted["limit"]
    else:
        assert tc.netem_view(tc.netem_options(item.wanted)) == item.wanted


def test_check_mode_of_a_link_the_plan_makes_sends_nothing(sent):
    class Planned:
        session = None
        offline = True

        def links(self, netns):
            return {"v0": {"index": -1}}

    outcome = converge(QdiscResource({"dev": "v0", "kind": "tbf", "rate": 8000, "burst": 1600, "limit": 3000},
                                     Planned()), True)
    assert [c.action for c in outcome.changes] == ["create"] and sent == []
