# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_device's resource against the real kernel (inside tests/tools/sandbox).

The sandbox has no spare physical NIC: the "NIC" is a veth end ``nic0`` whose other end is in a
peer namespace, which is how a NIC on a wire behaves for this module (it moves the device and puts
its addresses and routes back). What only a physical NIC does, coming back to the machine's first
namespace when its namespace dies, cannot be shown with a veth (a veth dies with its namespace):
the held-namespace test checks the bounded wait and the message instead.
"""

import subprocess
import time

import pytest

from conftest import ip, ip_json, kernel_view, links, wait_until

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.device import DeviceResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot


def move(params, check=False, environ=None):
    with NetlinkSession() as session:
        return converge(DeviceResource(params, Snapshot(session), environ=environ or {}), check)


def pings(netns, address):
    argv = ["ip", "netns", "exec", netns, "ping", "-c1", "-W1", address]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10, check=False).returncode == 0


def routes(netns, dev):
    return sorted((r["dst"], r.get("gateway")) for r in ip_json(netns, "route", "show", "dev", dev)
                  if r.get("protocol") != "kernel")


@pytest.fixture
def nic(make_netns):
    """``home`` holds nic0 (10.3.0.1/24, fd03::1/64, a route 10.30.0.0/16 via the peer), wired to
    ``wire`` (10.3.0.2/24, and 10.30.0.1/32 on lo behind it); ``lab`` is where it goes."""
    home, wire, lab = make_netns(), make_netns(), make_netns()
    ip("-n", home, "link", "add", "nic0", "type", "veth", "peer", "name", "eth0", "netns", wire)
    ip("-n", wire, "addr", "add", "10.3.0.2/24", "dev", "eth0")
    ip("-n", wire, "addr", "add", "10.30.0.1/32", "dev", "lo")
    ip("-n", wire, "link", "set", "eth0", "up")
    ip("-n", home, "addr", "add", "10.3.0.1/24", "dev", "nic0")
    ip("-n", home, "addr", "add", "fd03::1/64", "dev", "nic0", "nodad")
    ip("-n", home, "link", "set", "nic0", "up")
    ip("-n", home, "route", "add", "10.30.0.0/16", "via", "10.3.0.2", "dev", "nic0")
    return home, wire, lab


def test_a_device_moves_with_its_addresses_and_routes_and_back(nic):
    home, _wire, lab = nic
    assert pings(home, "10.30.0.1")
    before = kernel_view(home, lab)
    checked = move({"name": "nic0", "netns": lab}, check=True)
    assert checked.changed and kernel_view(home, lab) == before
    assert checked.before["addresses"] == ["10.3.0.1/24", "fd03::1/64"]
    assert checked.before["routes"] == [{"dest": "10.30.0.0/16", "gateway": "10.3.0.2", "metric": 0, "table": 254}]

    moved = move({"name": "nic0", "netns": lab})
    assert [(c.action, c.details["from"], c.details["to"]) for c in moved.changes] == [("move", home, lab)]
    assert moved.diff()["before"]["netns"] == home and moved.diff()["after"]["netns"] == lab
    assert "nic0" in links(lab) and "nic0" not in links(home)
    assert routes(lab, "nic0") == [("10.30.0.0/16", "10.3.0.2")]
    assert pings(lab, "10.30.0.1") and pings(lab, "10.3.0.2")  # through the moved device, over its route
    assert not move({"name": "nic0", "netns": lab}).changed
    assert not move({"name": "nic0", "netns": lab}, check=True).changed

    back = move({"name": "nic0", "netns": home})
    assert back.changed and back.after["addresses"] == ["10.3.0.1/24", "fd03::1/64"]
    assert pings(home, "10.30.0.1")
    assert not move({"name": "nic0", "netns": home}).changed


def test_the_device_of_the_default_route_is_refused_unless_force(nic):
    home, _wire, lab = nic
    ip("-n", home, "route", "add", "default", "via", "10.3.0.2", "dev", "nic0")
    before = kernel_view(home, lab)
    with pytest.raises(ConflictError) as error:
        move({"name": "nic0", "netns": lab})
    assert "default route" in error.value.msg and "force" in error.value.msg
    assert kernel_view(home, lab) == before
    forced = move({"name": "nic0", "netns": lab, "force": True})
    assert {"dest": "0.0.0.0/0", "gateway": "10.3.0.2", "metric": 0, "table": 254} in forced.after["routes"]
    assert pings(lab, "10.30.0.1")


def test_the_device_of_the_ssh_connection_is_refused(make_netns):
    """In the module's own namespace (the sandbox's), the device the SSH client is routed through."""
    lab = make_netns()
    ip("link", "add", "ctl0", "type", "veth", "peer", "name", "ctl1")
    ip("addr", "add", "10.77.0.1/24", "dev", "ctl0")
    ip("link", "set", "ctl0", "up")
    environ = {"SSH_CONNECTION": "10.77.0.2 50000 10.77.0.1 22"}
    with pytest.raises(ConflictError) as error:
        move({"name": "ctl0", "netns": lab}, environ=environ)
    assert "SSH connection" in error.value.msg and "ctl0" in links(None)
    routed = {"SSH_CONNECTION": "10.77.0.9 50000 10.99.0.1 22"}  # another server address, routed through ctl0
    with pytest.raises(ConflictError):
        move({"name": "ctl0", "netns": lab}, environ=routed)
    assert move({"name": "ctl0", "netns": lab}, environ={"SSH_CONNECTION": "127.0.0.1 5 127.0.0.1 22"}).changed


def test_a_device_that_does_not_exist_is_refused_naming_it(nic):
    home, _wire, lab = nic
    before = kernel_view(home, lab)
    with pytest.raises(ValidationError) as error:
        move({"name": "nosuch0", "netns": lab, "wait": 0})
    assert error.value.details["field"] == "name" and error.value.details["value"] == "nosuch0"
    assert kernel_view(home, lab) == before


def test_a_device_in_a_deleted_namespace_still_held_is_waited_for_a_bounded_time(nic):
    home, _wire, lab = nic
    move({"name": "nic0", "netns": lab})
    holder = subprocess.Popen(["ip", "netns", "exec", lab, "sleep", "60"])
    try:
        assert wait_until(lambda: ip("netns", "pids", lab).split())  # the namespace is held
        ip("netns", "delete", lab)  # only the name goes; the device stays in the held namespace
        started = time.monotonic()
        with pytest.raises(ValidationError) as error:
            move({"name": "nic0", "netns": home, "wait": 1})
        assert time.monotonic() - started < 5
        assert "comes back only when that process exits" in error.value.msg
        assert "nic0" not in links(home)
    finally:
        holder.kill()
        holder.wait(timeout=10)
