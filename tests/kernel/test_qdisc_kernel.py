# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_qdisc against the real kernel (inside the sandbox): tbf for real, with traffic; netem only
where the kernel has sch_netem (this one does not: those tests skip, saying so).

Two namespaces joined by a veth, qa (blue, 10.77.0.1) and qb (red, 10.77.0.2). ``tc -j qdisc
show`` is the independent reading of what the kernel holds.
"""

import errno
import json
import subprocess
import sys
import time

import pytest

from conftest import ip

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.qdisc import NO_NETEM, QdiscResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import qdisc as tc
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import link_index
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

TBF = {"dev": "qa", "kind": "tbf", "rate": "4mbit", "burst": "32kb", "latency": "50ms"}
PAYLOAD = 1 << 20  # bytes sent by the transfer: 2 s at 4 Mbit/s, milliseconds on a bare veth

RECEIVER = """
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("10.77.0.2", 5201))
server.listen(1)
server.settimeout(30)
print("listening", flush=True)
conn, _ = server.accept()
conn.settimeout(30)
total = 0
while True:
    chunk = conn.recv(65536)
    if not chunk:
        break
    total += len(chunk)
conn.sendall(str(total).encode())
conn.close()
"""

SENDER = """
import socket, sys, time
size = int(sys.argv[1])
sock = socket.create_connection(("10.77.0.2", 5201), timeout=30)
started = time.monotonic()
sock.sendall(b"x" * size)
sock.shutdown(socket.SHUT_WR)
received = sock.recv(64)
print(time.monotonic() - started, received.decode())
"""


def run(params, netns, check=False):
    with NetlinkSession() as session:
        return converge(QdiscResource(dict(params, netns=netns), Snapshot(session)), check)


def tc_show(netns, dev):
    """The root qdisc as ``tc -j`` reads it (kind, handle, options)."""
    out = subprocess.run(["tc", "-n", netns, "-j", "qdisc", "show", "dev", dev], stdout=subprocess.PIPE,
                         check=True, timeout=30, universal_newlines=True).stdout
    return [q for q in json.loads(out) if q.get("root")][0]


@pytest.fixture
def pair(make_netns):
    blue, red = make_netns(), make_netns()
    ip("-n", blue, "link", "add", "qa", "type", "veth", "peer", "name", "qb", "netns", red)
    ip("-n", blue, "addr", "add", "10.77.0.1/24", "dev", "qa")
    ip("-n", red, "addr", "add", "10.77.0.2/24", "dev", "qb")
    ip("-n", blue, "link", "set", "qa", "up")
    ip("-n", red, "link", "set", "qb", "up")
    return blue, red


def transfer_seconds(blue, red, size=PAYLOAD):
    """Seconds to send ``size`` bytes over TCP from blue to red (both ends started here, ended by pid)."""
    receiver = subprocess.Popen(["ip", "netns", "exec", red, sys.executable, "-c", RECEIVER],
                                stdout=subprocess.PIPE, universal_newlines=True)
    try:
        assert receiver.stdout.readline().strip() == "listening"
        out = subprocess.run(["ip", "netns", "exec", blue, sys.executable, "-c", SENDER, str(size)],
                             stdout=subprocess.PIPE, check=True, timeout=60, universal_newlines=True).stdout
        seconds, received = out.split()
        assert int(received) == size  # every byte arrived
        return float(seconds)
    finally:
        receiver.kill()
        receiver.wait(timeout=10)


def test_tbf_check_apply_rerun_diff_and_absent_twice(pair):
    blue, _red = pair
    default = tc_show(blue, "qa")
    checked = run(TBF, blue, check=True)
    assert checked.changed and [c.action for c in checked.changes] == ["create"]
    assert tc_show(blue, "qa") == default  # check mode wrote nothing

    done = run(TBF, blue)
    assert done.diff() == checked.diff()  # the same plan in both modes
    assert done.before is None
    assert done.after == {"netns": blue, "dev": "qa", "kind": "tbf", "rate": 4000000, "burst": 32768, "limit": 57768}
    shown = tc_show(blue, "qa")
    assert shown["kind"] == "tbf"
    assert shown["options"]["rate"] == 500000 and shown["options"]["burst"] == 32768  # bytes/s, bytes
    assert shown["options"]["lat"] == 50000  # µs, as tc derives it from the limit
    assert done.changes[0].details["command"] == ["tc", "-n", blue, "qdisc", "replace", "dev", "qa", "root", "tbf",
                                                  "rate", "4000000bit", "burst", "32768", "limit", "57768"]

    assert not run(TBF, blue).changed
    assert not run(TBF, blue, check=True).changed
    assert not run(dict(TBF, rate=4000000, burst=32768, latency=None, limit=57768), blue).changed  # the same, in numbers

    faster = run(dict(TBF, rate="8mbit"), blue)
    assert [c.action for c in faster.changes] == ["set"]
    assert faster.diff()["before"]["rate"] == 4000000 and faster.diff()["after"]["rate"] == 8000000
    assert faster.changes[0].details["limit"] == {"before": 57768, "after": 82768}  # the latency's limit follows
    assert tc_show(blue, "qa")["options"]["rate"] == 1000000

    gone = run({"dev": "qa", "state": "absent"}, blue)
    assert [c.action for c in gone.changes] == ["delete"] and gone.after is None
    assert tc_show(blue, "qa")["kind"] == "noqueue"  # the veth's default is back
    assert not run({"dev": "qa", "state": "absent"}, blue).changed
    assert not run({"dev": "qa", "state": "absent"}, blue, check=True).changed


def test_a_tbf_rate_limits_a_transfer_between_two_namespaces(pair):
    blue, red = pair
    bare = transfer_seconds(blue, red)
    run(TBF, blue)  # what blue sends, 4 Mbit/s
    shaped = transfer_seconds(blue, red)
    # 1 MiB at 4 Mbit/s is 2.1 s (less the 32 KiB bucket): a floor no load can lower. Measured at a load
    # average of 35 on 2 cores: unshaped 0.03-0.10 s, shaped 2.13-2.14 s. Generous bounds, a ratio.
    assert shaped > 3 * bare and 1.5 < shaped < 20.0, (bare, shaped)
    run({"dev": "qa", "state": "absent"}, blue)
    assert transfer_seconds(blue, red) < shaped / 3


def test_a_qdisc_made_by_tc_with_the_same_values_is_unchanged(pair):
    blue, _red = pair
    subprocess.run(["tc", "-n", blue, "qdisc", "replace", "dev", "qa", "root", "tbf", "rate", "4mbit", "burst", "32kb",
                    "latency", "50ms"], check=True, timeout=30)
    found = run(TBF, blue)
    assert not found.changed and found.before["rate"] == 4000000 and found.before["burst"] == 32768


def test_high_rates_round_the_burst_the_way_the_kernel_does_and_rerun_unchanged(pair):
    blue, _red = pair
    fast = dict(TBF, rate="10gbit", burst="100kb")
    done = run(fast, blue)
    assert done.changed
    assert not run(fast, blue).changed  # the kernel kept the burst as a time; compared as such
    assert done.after["burst"] <= 102400  # the smallest byte count of the same time (8 bytes a tick here)
    reported = dict(fast, burst=done.after["burst"], limit=done.after["limit"], latency=None)
    assert not run(reported, blue).changed  # the reported burst means the same bucket


def test_a_hand_made_root_qdisc_of_another_kind_is_replaced_and_absent_removes_one(pair):
    blue, _red = pair
    subprocess.run(["tc", "-n", blue, "qdisc", "add", "dev", "qa", "root", "pfifo", "limit", "100"], check=True, timeout=30)
    replaced = run(TBF, blue)
    assert [c.action for c in replaced.changes] == ["replace"]
    assert replaced.before == {"netns": blue, "dev": "qa", "kind": "pfifo"}
    assert tc_show(blue, "qa")["kind"] == "tbf"
    subprocess.run(["tc", "-n", blue, "qdisc", "replace", "dev", "qa", "root", "pfifo", "limit", "100"], check=True,
                   timeout=30)
    assert run({"dev": "qa", "state": "absent"}, blue).changed
    assert tc_show(blue, "qa")["kind"] == "noqueue"


def test_either_end_and_the_host_namespace(pair, make_netns):
    blue, red = pair
    run(dict(TBF, dev="qb"), red)
    assert tc_show(red, "qb")["kind"] == "tbf" and tc_show(blue, "qa")["kind"] == "noqueue"
    assert not run(dict(TBF, dev="qb"), red).changed


def test_a_link_that_does_not_exist(pair):
    blue, _red = pair
    with pytest.raises(MissingObjectError) as error:
        run(dict(TBF, dev="nope0"), blue)
    assert "nope0@%s" % blue in error.value.msg
    checked = run(dict(TBF, dev="nope0"), blue, check=True)  # an earlier task may make it
    assert checked.changed and checked.warnings
    assert not run({"dev": "nope0", "state": "absent"}, blue).changed


# -- netem: only where the kernel has it ---------------------------------------------------------
@pytest.fixture
def netem_pair(pair):
    """The pair, when this kernel can make a netem qdisc; a skip saying why otherwise (a probe: one
    replace request of the module's own codec, undone at once)."""
    blue, _red = pair
    with NetlinkSession() as session:
        index = link_index(session, blue, "qa")
        try:
            tc.replace_root_qdisc(session.netlink_socket(blue), index, "netem",
                                  tc.netem_options({"latency": 0, "jitter": 0, "limit": 1000, "loss": 0, "duplicate": 0,
                                                    "gap": 0, "reorder": 0, "corrupt": 0, "rate": 0}))
        except OSError as error:
            if error.errno == errno.ENOENT:
                pytest.skip(NO_NETEM + " on this kernel: the netem tests need it (unit tests check its messages)")
            raise
        tc.delete_root_qdisc(session.netlink_socket(blue), index)
    return pair


NETEM = {"dev": "qa", "kind": "netem", "delay": "20ms", "jitter": "5ms", "loss": "1%", "duplicate": "0.5%",
         "reorder": "10%", "corrupt": "0.1%", "rate": "10mbit", "limit": 500}


def test_netem_check_apply_rerun_diff_and_absent_twice(netem_pair):
    blue, red = netem_pair
    checked = run(NETEM, blue, check=True)
    assert checked.changed and tc_show(blue, "qa")["kind"] == "noqueue"
    done = run(NETEM, blue)
    assert done.after == {"netns": blue, "dev": "qa", "kind": "netem", "delay": 20000, "jitter": 5000, "loss": 1,
                          "duplicate": 0.5, "reorder": 10, "corrupt": 0.1, "rate": 10000000, "limit": 500}
    assert tc_show(blue, "qa")["kind"] == "netem"
    assert not run(NETEM, blue).changed and not run(NETEM, blue, check=True).changed
    less = run(dict(NETEM, corrupt=None), blue)
    assert less.changes[0].details["corrupt"] == {"before": 0.1, "after": 0}
    assert not run(dict(NETEM, corrupt=None), blue).changed  # the corruption really went
    started = time.monotonic()
    subprocess.run(["ip", "netns", "exec", blue, "ping", "-c1", "-W3", "10.77.0.2"], check=False, timeout=10)
    assert time.monotonic() - started >= 0.015  # the delay is on the path
    assert run({"dev": "qa", "state": "absent"}, blue).changed
    assert not run({"dev": "qa", "state": "absent"}, blue).changed


def test_without_sch_netem_a_netem_request_fails_with_that_reason(pair):
    blue, _red = pair
    try:
        run(dict(NETEM, reorder=None), blue)
    except BackendError as error:
        assert NO_NETEM in error.msg and error.details["failed_step"]["action"] == "create"
        assert tc_show(blue, "qa")["kind"] == "noqueue"  # nothing was changed
    else:
        assert tc_show(blue, "qa")["kind"] == "netem"  # a kernel with sch_netem
