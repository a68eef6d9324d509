# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Root qdiscs (tbf, netem): the tc messages, the kernel's units and rounding, one request each.

A qdisc is read and written in the kernel's own units: rates in bytes/s, tbf's bucket as a time
in psched ticks (64 ns, PSCHED_SHIFT), netem's delays in ns, probabilities as u32 fractions of
2**32 - 1. The arithmetic the kernel does on what it is sent (psched_ratecfg_precompute,
psched_l2t_ns) is done here the same way, so a value is compared as the kernel will hold it and
a re-run finds nothing to change. The requests carry what ``tc`` 6.1 sends for the same command
(header, flags, option layout; captured with strace), except tbf's 1 KiB rate table, which the
kernel has not needed since Linux 3.8; netem's delays also go as ns (TCA_NETEM_LATENCY64 and
JITTER64, which the kernel prefers: ticks of 64 ns cannot hold 1 µs), and its optional
attributes are always sent (zero: none): a replace of a netem by a netem changes it in place, and
an attribute left out would keep its old value.
"""

import socket
import struct

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import (
    NLM_F_CREATE, NLM_F_REPLACE, ack_request, attributes, dump, nested, nla, text)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import link_index

RTM_NEWQDISC, RTM_DELQDISC, RTM_GETQDISC = 36, 37, 38
TCMSG = struct.Struct("=BxxxiIII")  # tcmsg: family, ifindex, handle, parent, info
TC_H_ROOT = 0xFFFFFFFF
TCA_KIND, TCA_OPTIONS = 1, 2
TCA_TBF_PARMS, TCA_TBF_RATE64, TCA_TBF_BURST = 1, 4, 6
TCA_NETEM_CORR, TCA_NETEM_REORDER, TCA_NETEM_CORRUPT, TCA_NETEM_RATE = 1, 3, 4, 6
TCA_NETEM_RATE64, TCA_NETEM_LATENCY64, TCA_NETEM_JITTER64 = 8, 10, 11
RATESPEC = struct.Struct("=BBHhHI")  # tc_ratespec: cell_log, linklayer, overhead, cell_align, mpu, rate
TBF_QOPT = struct.Struct("=12s12sIII")  # tc_tbf_qopt: rate, peakrate, limit, buffer, mtu
NETEM_QOPT = struct.Struct("=IIIIII")  # tc_netem_qopt: latency, limit, loss, gap, duplicate, jitter
PAIR = struct.Struct("=II")  # tc_netem_reorder / tc_netem_corrupt: probability, correlation
CORR = struct.Struct("=III")  # tc_netem_corr: delay, loss, duplicate correlations
NETEM_RATE = struct.Struct("=IiIi")  # tc_netem_rate: rate, packet_overhead, cell_size, cell_overhead
U64 = struct.Struct("=Q")
U32_MAX = 0xFFFFFFFF
PSCHED_SHIFT = 6
NSEC_PER_SEC = 10 ** 9
TC_LINKLAYER_ETHERNET = 1
KINDS = ("tbf", "netem")


# -- the kernel's arithmetic ----------------------------------------------------------------------
def ticks_of_ns(ns):
    """PSCHED_NS2TICKS."""
    return ns >> PSCHED_SHIFT


def rate_factor(rate_bytes):
    """(mult, shift) of psched_ratecfg_precompute: the kernel's ns per byte as a fixed-point number."""
    mult, shift, factor = 1, 0, NSEC_PER_SEC
    if rate_bytes <= 0:
        return mult, shift
    while True:
        mult = factor // rate_bytes
        if mult & (1 << 31) or factor & (1 << 63):
            return mult, shift
        factor <<= 1
        shift += 1


def length_ns(rate_bytes, length):
    """psched_l2t_ns: how long ``length`` bytes take at the rate (no overhead, ethernet)."""
    mult, shift = rate_factor(rate_bytes)
    return (length * mult) >> shift


def tbf_buffer_ticks(rate_bytes, burst):
    """What tbf dumps as its buffer for ``burst`` bytes sent as TCA_TBF_BURST (the kernel keeps the
    time in ns and dumps it in ticks, in 32 bits: a caller refuses a burst beyond U32_MAX ticks)."""
    return ticks_of_ns(length_ns(rate_bytes, burst))


def tbf_burst_of(rate_bytes, ticks):
    """The smallest burst in bytes that tbf keeps as ``ticks`` (the kernel does not dump the burst
    it was given): fed back, it gives the same ticks."""
    mult, shift = rate_factor(rate_bytes)
    burst = max(1, ((ticks << PSCHED_SHIFT << shift) // mult) if mult else 1)
    while burst > 1 and tbf_buffer_ticks(rate_bytes, burst - 1) >= ticks:
        burst -= 1
    while tbf_buffer_ticks(rate_bytes, burst) < ticks:
        burst += 1
    return burst


def xmit_ticks(rate_bytes, size):
    """tc_calc_xmittime: what ``tc`` puts in tc_tbf_qopt.buffer (the kernel reads TCA_TBF_BURST)."""
    return min(int(10 ** 6 * (float(size) / rate_bytes) * (1000.0 / (1 << PSCHED_SHIFT))), U32_MAX)


# -- options ----------------------------------------------------------------------------------
def tbf_options(rate_bytes, burst, limit):
    """TCA_OPTIONS of ``tc qdisc replace ... tbf rate R burst B limit L``."""
    rate = RATESPEC.pack(3, TC_LINKLAYER_ETHERNET, 0, -1, 0, min(rate_bytes, U32_MAX))
    parms = TBF_QOPT.pack(rate, b"\0" * RATESPEC.size, limit, xmit_ticks(rate_bytes, burst), 0)
    body = nla(TCA_TBF_PARMS, parms) + nla(TCA_TBF_BURST, struct.pack("=I", burst))
    if rate_bytes > U32_MAX:
        body += nla(TCA_TBF_RATE64, U64.pack(rate_bytes))
    return body


def netem_options(wanted):
    """TCA_OPTIONS of netem: tc_netem_qopt, then its attributes (not a nested attribute: netem's
    compat layout). ``wanted`` in kernel units: latency, jitter (ns), limit (packets), loss,
    duplicate, reorder, corrupt (u32 probabilities), gap, rate (bytes/s)."""
    body = NETEM_QOPT.pack(min(ticks_of_ns(wanted["latency"]), U32_MAX), wanted["limit"], wanted["loss"],
                           wanted["gap"], wanted["duplicate"], min(ticks_of_ns(wanted["jitter"]), U32_MAX))
    body += nla(TCA_NETEM_LATENCY64, U64.pack(wanted["latency"])) + nla(TCA_NETEM_JITTER64, U64.pack(wanted["jitter"]))
    body += nla(TCA_NETEM_CORR, CORR.pack(0, 0, 0))
    body += nla(TCA_NETEM_REORDER, PAIR.pack(wanted["reorder"], 0))
    body += nla(TCA_NETEM_CORRUPT, PAIR.pack(wanted["corrupt"], 0))
    if wanted["rate"] > U32_MAX:
        body += nla(TCA_NETEM_RATE64, U64.pack(wanted["rate"]))
    body += nla(TCA_NETEM_RATE, NETEM_RATE.pack(min(wanted["rate"], U32_MAX), 0, 0, 0))
    return body


def _u64(raw):
    return U64.unpack(raw[:8])[0] if raw is not None and len(raw) >= 8 else None


def tbf_view(raw):
    """tbf's dumped options, in kernel units: rate (bytes/s), buffer (ticks), limit (bytes)."""
    attrs = nested(raw)
    parms = attrs.get(TCA_TBF_PARMS)
    if parms is None or len(parms) < TBF_QOPT.size:
        return None
    rate_raw, _peak, limit, buffer_ticks, _mtu = TBF_QOPT.unpack_from(parms)
    rate = RATESPEC.unpack(rate_raw)[5]
    rate64 = _u64(attrs.get(TCA_TBF_RATE64))
    return {"rate": max(rate, rate64 or 0), "buffer": buffer_ticks, "limit": limit}


def netem_view(raw):
    """netem's dumped options, in kernel units (see netem_options)."""
    if raw is None or len(raw) < NETEM_QOPT.size:
        return None
    latency, limit, loss, gap, duplicate, jitter = NETEM_QOPT.unpack_from(raw)
    attrs = attributes(raw, NETEM_QOPT.size, len(raw))
    latency64, jitter64 = _u64(attrs.get(TCA_NETEM_LATENCY64)), _u64(attrs.get(TCA_NETEM_JITTER64))
    rate = NETEM_RATE.unpack_from(attrs[TCA_NETEM_RATE])[0] if TCA_NETEM_RATE in attrs else 0
    return {"latency": latency64 if latency64 is not None else latency << PSCHED_SHIFT,
            "jitter": jitter64 if jitter64 is not None else jitter << PSCHED_SHIFT,
            "limit": limit, "loss": loss, "duplicate": duplicate, "gap": gap,
            "reorder": PAIR.unpack_from(attrs[TCA_NETEM_REORDER])[0] if TCA_NETEM_REORDER in attrs else 0,
            "corrupt": PAIR.unpack_from(attrs[TCA_NETEM_CORRUPT])[0] if TCA_NETEM_CORRUPT in attrs else 0,
            "rate": max(rate, _u64(attrs.get(TCA_NETEM_RATE64)) or 0)}


VIEWS = {"tbf": tbf_view, "netem": netem_view}


# -- requests ---------------------------------------------------------------------------------
def dump_root_qdiscs(sock, seq=0x4C60):
    """ifindex -> {kind, handle, options} of every link's root qdisc that is not the kernel's
    default (a default one has handle 0: the kernel says so itself, tc_modify_qdisc ignores it).
    ``options`` is in kernel units for tbf and netem, None for any other kind."""
    found = {}
    for _kind, data, start, end in dump(sock, RTM_GETQDISC, TCMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0), seq):
        _family, ifindex, handle, parent, _info = TCMSG.unpack_from(data, start)
        if parent != TC_H_ROOT or handle == 0:
            continue
        attrs = attributes(data, start + TCMSG.size, end)
        kind = text(attrs.get(TCA_KIND))
        view = VIEWS.get(kind)
        found[ifindex] = {"kind": kind, "handle": handle,
                          "options": view(attrs.get(TCA_OPTIONS)) if view else None}
    return found


def replace_root_qdisc(sock, ifindex, kind, options, seq=0x4C61):
    """``tc qdisc replace dev INDEX root KIND ...``: one request, the old root swapped for the new
    (or changed in place when of the same kind) atomically."""
    body = TCMSG.pack(socket.AF_UNSPEC, ifindex, 0, TC_H_ROOT, 0)
    body += nla(TCA_KIND, kind.encode("ascii") + b"\0") + nla(TCA_OPTIONS, options)
    ack_request(sock, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, body, seq)


def delete_root_qdisc(sock, ifindex, seq=0x4C62):
    """``tc qdisc del dev INDEX root``: the kernel's default qdisc takes its place."""
    ack_request(sock, RTM_DELQDISC, 0, TCMSG.pack(socket.AF_UNSPEC, ifindex, 0, TC_H_ROOT, 0), seq)


# -- by namespace and link name (what the layers above call) -------------------------------------
def root_qdiscs(session, netns):
    """dump_root_qdiscs of ``netns``."""
    return dump_root_qdiscs(session.netlink_socket(netns))


def replace_root(session, netns, ifname, kind, wanted, burst=None):
    """Make ``ifname``'s root qdisc ``kind`` with ``wanted`` (kernel units; a tbf's ``burst`` in
    bytes, sent as given). MissingObjectError when the link does not exist."""
    index = link_index(session, netns, ifname)
    options = tbf_options(wanted["rate"], burst, wanted["limit"]) if kind == "tbf" else netem_options(wanted)
    replace_root_qdisc(session.netlink_socket(netns), index, kind, options)


def delete_root(session, netns, ifname):
    """Give ``ifname`` the kernel's default root qdisc back."""
    delete_root_qdisc(session.netlink_socket(netns), link_index(session, netns, ifname))
