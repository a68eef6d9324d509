# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the NAT kernel tests share: a small lab of namespaces, TCP listeners ended by pid, nft reads.

The lab: ``blue`` (10.0.2.100/24, default route via the router) behind ``router`` (10.0.2.1/24 on
``r-blue``, 192.0.2.1/24 on the uplink ``r-up``), and ``outside`` (192.0.2.2/24), which stands for
the world: it has no route back to 10.0.2.0/24, so blue reaches it only through the masquerade.
"""

import json
import os
import select
import subprocess
import sys

import pytest

from conftest import ROOT, ip, wait_until

LISTENER = os.path.join(ROOT, "tests", "tools", "peer_listener.py")
OTHER_TABLE = "table inet othertool { chain input { type filter hook input priority 10; policy accept; }; }"


def in_netns(netns, argv, check=False, **kwargs):
    return subprocess.run(["ip", "netns", "exec", netns] + list(argv), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=20, check=check, **kwargs)


def nft_json(netns, *argv):
    result = in_netns(netns, ["nft", "-j"] + list(argv), check=True)
    return [entry for entry in json.loads(result.stdout)["nftables"] if "metainfo" not in entry]


def nft_tables(netns):
    return sorted((entry["table"]["family"], entry["table"]["name"])
                  for entry in nft_json(netns, "list", "tables") if "table" in entry)


def other_table(netns):
    """The other tool's table as nft lists it (its handles included: it must not even be re-made)."""
    return nft_json(netns, "list", "table", "inet", "othertool")


def ask(netns, address, port, timeout=10):
    """What the listener at address:port says from ``netns``: the source it saw, or ``error: ...``
    (a test that expects no answer passes a short ``timeout``; one that expects it waits longer, for
    a loaded machine)."""
    result = in_netns(netns, [sys.executable, LISTENER, "--ask", address, str(port), str(timeout)])
    return result.stdout.strip()


def pings(netns, address):
    return in_netns(netns, ["ping", "-c1", "-W1", address]).returncode == 0


def settle(*pairs):
    """Wait (bounded) until each (netns, address) answers a ping: links are up and neighbours
    resolved, so that a first connection is not lost to a link still coming up (on a loaded
    machine a neighbour that failed once answers EHOSTUNREACH for a while)."""
    for netns, address in pairs:
        assert wait_until(lambda: pings(netns, address), timeout=15), "%s does not reach %s" % (netns, address)


@pytest.fixture
def listeners():
    """listen(netns, address, port): a peer_listener.py in ``netns``, ended by its pid afterwards."""
    started = []

    def listen(netns, address, port):
        process = subprocess.Popen(["ip", "netns", "exec", netns, sys.executable, LISTENER, address, str(port), "60"],
                                   stdout=subprocess.PIPE, universal_newlines=True)
        started.append(process)
        ready = select.select([process.stdout], [], [], 10)[0]
        assert ready and process.stdout.readline().startswith("listening "), "listener did not start"
        return process

    yield listen
    for process in started:
        if process.poll() is None:
            process.kill()  # by the pid Popen recorded
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def nat_lab(make_netns):
    blue, router, outside = make_netns(), make_netns(), make_netns()
    ip("-n", router, "link", "add", "r-blue", "type", "veth", "peer", "name", "b0", "netns", blue)
    ip("-n", router, "link", "add", "r-up", "type", "veth", "peer", "name", "o-up", "netns", outside)
    for netns, dev, address in ((blue, "b0", "10.0.2.100/24"), (router, "r-blue", "10.0.2.1/24"),
                                (router, "r-up", "192.0.2.1/24"), (outside, "o-up", "192.0.2.2/24")):
        ip("-n", netns, "addr", "add", address, "dev", dev)
        ip("-n", netns, "link", "set", dev, "up")
    ip("-n", blue, "route", "add", "default", "via", "10.0.2.1")
    in_netns(router, ["nft", "-f", "-"], input=OTHER_TABLE, check=True)
    settle((blue, "10.0.2.1"), (router, "10.0.2.100"), (router, "192.0.2.2"), (outside, "192.0.2.1"))
    return {"blue": blue, "router": router, "outside": outside}
