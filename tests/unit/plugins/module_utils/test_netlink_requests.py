# -*- coding: utf-8 -*-
"""The raw requests that replaced pyroute2's carry the bytes pyroute2 sent for the same call.

pyroute2's IPBatch compiles a request into bytes without sending it; each case below calls it with
the arguments the collection passed to pyroute2 before (the same keywords, in the same order) and
compares its message with ours, header included but for the sequence number and port id (each
library numbers its own). Our side sends nothing either: ``codec.send`` is replaced by a recorder
and the kernel's acknowledgement by a stand-in, since no kernel may be asked here; the kernel
tests (test_vxlan_kernel.py, test_addr_route_kernel.py, test_veth_kernel.py) send the same
requests to the real one.
"""

import errno
import struct

import pytest

pyroute2 = pytest.importorskip("pyroute2")

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import codec, write  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import netlink_failure  # noqa: E402

FLOOD = "00:00:00:00:00:00"


def normalised(message):
    """The message with its sequence number and port id zeroed."""
    return bytes(message[:8]) + b"\0" * 8 + bytes(message[16:])


@pytest.fixture
def sent(monkeypatch):
    """The messages our requests send (each acknowledged by a stand-in for the kernel)."""
    messages = []

    def record(_sock, msg_type, flags, body, seq):
        messages.append(codec.message(msg_type, flags, body, seq))

    def acknowledged(_sock, _seq):
        yield codec.NLMSG_ERROR, struct.pack("=i", 0), 0, 4

    monkeypatch.setattr(codec, "send", record)
    monkeypatch.setattr(codec, "replies", acknowledged)
    return messages


def pyroute2_bytes(method, *args, **kwargs):
    batch = pyroute2.IPBatch()
    try:
        getattr(batch, method)(*args, **kwargs)
        return bytes(batch.batch)
    finally:
        batch.close()


def route_kwargs(dest, prefix, table, metric, family, gateway=None, oif=None):
    """What _kernel/route.py passed to IPRoute.route(), in its order."""
    request = {"dst": dest, "dst_len": prefix, "table": table, "priority": metric, "family": family}
    if gateway:
        request["gateway"] = gateway
    if oif:
        request["oif"] = oif
    return request


ROUTES = [
    ("add", "10.1.0.0/16", 254, 0, "10.0.2.1", None),
    ("add", "10.9.0.0/16", 100, 10, None, 3),
    ("add", "10.8.0.0/24", 70000, 300, "10.0.2.7", 3),
    ("add", "0.0.0.0/0", 254, 0, "10.0.2.1", None),
    ("add", "::/0", 70000, 1024, "fd00:2::1", None),
    ("add", "fd00:9::/48", 254, 1024, "fd00:2::1", 4),
    ("replace", "10.1.0.0/16", 254, 0, "10.0.2.9", None),
    ("replace", "10.1.0.0/16", 254, 0, None, 5),
    ("del", "10.1.0.0/16", 254, 0, None, None),
    ("del", "0.0.0.0/0", 300, 7, None, None),
    ("del", "fd00:9::/48", 254, 1024, None, None),
]


@pytest.mark.parametrize("request_name, dest, table, metric, gateway, oif", ROUTES)
def test_a_route_request_is_the_one_pyroute2_sent(sent, request_name, dest, table, metric, gateway, oif):
    write.change_route(None, request_name, dest, table, metric, gateway=gateway, oif=oif)
    address, prefix = dest.split("/")
    family = 10 if ":" in dest else 2
    expected = pyroute2_bytes("route", request_name, **route_kwargs(address, int(prefix), table, metric, family,
                                                                    gateway, oif))
    assert [normalised(message) for message in sent] == [normalised(expected)]


@pytest.mark.parametrize("attrs, pyroute2_attrs", [
    ({"mtu": 1400}, {"mtu": 1400}),
    ({"mac": "02:00:00:00:aa:01"}, {"address": "02:00:00:00:aa:01"}),
    ({"netns_fd": 9}, {"net_ns_fd": 9}),
])
def test_a_link_set_request_is_the_one_pyroute2_sent(sent, attrs, pyroute2_attrs):
    write.set_link_attributes(None, 7, **attrs)
    assert [normalised(m) for m in sent] == [normalised(pyroute2_bytes("link", "set", index=7, **pyroute2_attrs))]


def test_a_link_delete_request_is_the_one_pyroute2_sent(sent):
    write.delete_link(None, 7)
    assert [normalised(m) for m in sent] == [normalised(pyroute2_bytes("link", "del", index=7))]


def vxlan_kwargs(name, vni, port, learning, local=None, link=None, mtu=None):
    """What _kernel/vxlan.py's create_request gave IPRoute.link("add"), in its order."""
    request = {"ifname": name, "kind": "vxlan", "vxlan_id": vni, "vxlan_port": port, "vxlan_learning": int(learning)}
    if local:
        request["vxlan_local" if ":" not in local else "vxlan_local6"] = local
    if link:
        request["vxlan_link"] = link
    if mtu:
        request["mtu"] = mtu
    return request


@pytest.mark.parametrize("vni, port, learning, local, link, mtu", [
    (100, 4789, True, None, None, None),
    (0, 8472, False, "10.0.0.1", 3, 1450),
    (16777215, 4789, True, "fd00::1", None, 1400),
    (42, 1, False, None, 12, None),
])
def test_a_vxlan_creation_is_the_one_pyroute2_sent(sent, vni, port, learning, local, link, mtu):
    write.create_vxlan(None, "vx0", vni, port, learning, local=local, device_index=link, mtu=mtu)
    expected = pyroute2_bytes("link", "add", **vxlan_kwargs("vx0", vni, port, learning, local, link, mtu))
    assert [normalised(m) for m in sent] == [normalised(expected)]


@pytest.mark.parametrize("learning", [True, False])
def test_a_learning_change_is_the_one_pyroute2_sent(sent, learning):
    write.set_vxlan_learning(None, 7, learning)
    expected = pyroute2_bytes("link", "set", index=7, kind="vxlan", vxlan_learning=int(learning))
    assert [normalised(m) for m in sent] == [normalised(expected)]


@pytest.mark.parametrize("add, remote", [(True, "10.0.0.2"), (False, "10.0.0.2"), (True, "fd00::2"),
                                         (False, "fd00::2")])
def test_a_flood_entry_request_is_the_one_pyroute2_sent(sent, add, remote):
    write.change_fdb(None, add, 7, FLOOD, remote)
    expected = pyroute2_bytes("fdb", "append" if add else "del", ifindex=7, lladdr=FLOOD, dst=remote)
    assert [normalised(m) for m in sent] == [normalised(expected)]


def test_the_comparison_sees_a_difference(sent):
    """The cases above could not pass with any bytes: another metric is another message."""
    write.change_route(None, "add", "10.1.0.0/16", 254, 1, gateway="10.0.2.1")
    expected = pyroute2_bytes("route", "add", **route_kwargs("10.1.0.0", 16, 254, 0, 2, "10.0.2.1"))
    assert normalised(sent[0]) != normalised(expected) and len(sent[0]) == len(expected)


def test_an_unknown_route_request_is_refused():
    with pytest.raises(KeyError):
        write.change_route(None, "append", "10.1.0.0/16", 254, 0, gateway="10.0.2.1")


def test_a_refusal_is_an_os_error_with_the_kernels_errno(monkeypatch):
    def refused(_sock, _seq):
        yield codec.NLMSG_ERROR, struct.pack("=i", -errno.EEXIST), 0, 4

    monkeypatch.setattr(codec, "send", lambda *args: None)
    monkeypatch.setattr(codec, "replies", refused)
    with pytest.raises(OSError) as error:
        write.create_vxlan(None, "vx0", 100, 4789, True)
    assert isinstance(error.value, codec.DumpError) and error.value.errno == errno.EEXIST
    failure = netlink_failure("create vxlan vx0", error.value)
    assert failure.details["errno"] == errno.EEXIST and "File exists" in failure.msg
