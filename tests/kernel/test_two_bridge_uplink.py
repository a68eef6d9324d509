# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two_bridge role's uplink move (roles/two_bridge/files/two_bridge_uplink.py) against a real
kernel and OVS: addresses and the default route move to the bridge, a re-run is unchanged, and a
gateway that does not answer rolls everything back.

Inside the sandbox with OVS only (``tests/tools/sandbox --ovs -- pytest tests/kernel``): the
sandbox's own namespace plays the host, a namespace ``upgw`` plays the gateway behind ``upl0``.
"""

import json
import os
import socket
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "roles", "two_bridge", "files", "two_bridge_uplink.py")
UPLINK, BRIDGE, GATEWAY_NS = "upl0", "brup", "upgw"
ADDRESS, GATEWAY = "192.168.77.2/24", "192.168.77.1"


def _ovs_running():
    try:
        return subprocess.run(["ovs-vsctl", "--timeout=5", "show"], capture_output=True, timeout=10,
                              check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# Safety: the fixture addresses the namespace it runs in, so only the sandbox's own machine.
pytestmark = pytest.mark.skipif(socket.gethostname() != "linuxnet-sandbox" or not _ovs_running(),
                                reason="run inside tests/tools/sandbox --ovs")


def sh(*argv):
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=30, check=True).stdout


def move(*extra):
    done = subprocess.run([sys.executable, SCRIPT, "--uplink", UPLINK, "--bridge", BRIDGE] + list(extra),
                          capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, json.loads(done.stdout)


def addresses(dev):
    found = []
    for link in json.loads(sh("ip", "-j", "addr", "show", "dev", dev)):
        found += ["%s/%s" % (info["local"], info["prefixlen"]) for info in link.get("addr_info", [])
                  if info.get("scope") == "global"]
    return found


def default_dev():
    routes = json.loads(sh("ip", "-j", "route", "show", "default"))
    return routes[0]["dev"] if routes else None


@pytest.fixture()
def uplink():
    sh("ip", "netns", "add", GATEWAY_NS)
    try:
        sh("ip", "link", "add", UPLINK, "type", "veth", "peer", "name", "gw0", "netns", GATEWAY_NS)
        sh("ip", "-n", GATEWAY_NS, "addr", "add", GATEWAY + "/24", "dev", "gw0")
        sh("ip", "-n", GATEWAY_NS, "link", "set", "gw0", "up")
        sh("ip", "addr", "add", ADDRESS, "dev", UPLINK)
        sh("ip", "link", "set", UPLINK, "up")
        sh("ip", "route", "replace", "default", "via", GATEWAY, "dev", UPLINK)
        sh("ovs-vsctl", "--timeout=10", "add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev")
        yield
    finally:
        subprocess.run(["ovs-vsctl", "--timeout=10", "--if-exists", "del-br", BRIDGE], timeout=30, check=False)
        subprocess.run(["ip", "link", "del", UPLINK], capture_output=True, timeout=30, check=False)
        subprocess.run(["ip", "route", "del", "default"], capture_output=True, timeout=30, check=False)
        subprocess.run(["ip", "netns", "delete", GATEWAY_NS], timeout=30, check=False)


def test_check_mode_changes_nothing(uplink):
    rc, result = move("--check")
    assert rc == 0 and result["changed"] is True and result["addresses"] == [ADDRESS]
    assert addresses(UPLINK) == [ADDRESS] and default_dev() == UPLINK
    assert sh("ovs-vsctl", "list-ports", BRIDGE).split() == []


def test_move_and_rerun(uplink):
    rc, result = move("--settle", "5")
    assert rc == 0 and result["changed"] is True, result
    assert addresses(UPLINK) == [] and addresses(BRIDGE) == [ADDRESS]
    assert default_dev() == BRIDGE
    assert sh("ovs-vsctl", "list-ports", BRIDGE).split() == [UPLINK]
    uplink_mac = json.loads(sh("ip", "-j", "link", "show", "dev", UPLINK))[0]["address"]
    assert sh("ovs-vsctl", "get", "bridge", BRIDGE, "other-config:hwaddr").strip().strip('"') == uplink_mac
    subprocess.run(["ping", "-c", "1", "-W", "2", GATEWAY], capture_output=True, timeout=10, check=True)
    rc, again = move()
    assert rc == 0 and again["changed"] is False and again["msg"] == "already attached"
    rc, check = move("--check")
    assert rc == 0 and check["changed"] is False


def test_silent_gateway_rolls_back(uplink):
    sh("ip", "-n", GATEWAY_NS, "link", "set", "gw0", "down")
    rc, result = move("--settle", "2")
    assert rc == 1 and result["rolled_back"] is True and "did not answer" in result["msg"]
    assert addresses(UPLINK) == [ADDRESS] and addresses(BRIDGE) == []
    assert default_dev() == UPLINK
    assert sh("ovs-vsctl", "list-ports", BRIDGE).split() == []
    assert sh("ovs-vsctl", "get", "bridge", BRIDGE, "other-config").strip() == "{}"


def test_missing_uplink_is_named(uplink):
    done = subprocess.run([sys.executable, SCRIPT, "--uplink", "nosuchdev", "--bridge", BRIDGE],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "nosuchdev" in json.loads(done.stdout)["msg"]
