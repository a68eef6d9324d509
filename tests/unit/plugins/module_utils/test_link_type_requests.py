# -*- coding: utf-8 -*-
"""The requests of ns_link (``_netlink/link_types.py``) carry the bytes pyroute2 encodes for the same call.

This kernel lacks vlan, dummy and ipvlan links (docs/links.md), so for those the bytes are all the
proof there is that the module asks the kernel for the right thing; macvlan and bridge are
compared here too, and sent to the real kernel by tests/kernel/test_link_kernel.py. As in
test_netlink_requests.py, pyroute2's IPBatch compiles each request without sending it, and ours
is recorded instead of sent (no kernel may be asked in a unit test).
"""

import pytest

pyroute2 = pytest.importorskip("pyroute2")

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import link_types  # noqa: E402
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.link import LinkResource  # noqa: E402

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils import test_netlink_requests  # noqa: E402

normalised, pyroute2_bytes = test_netlink_requests.normalised, test_netlink_requests.pyroute2_bytes
sent = test_netlink_requests.sent  # the fixture recording what our requests send

PYROUTE2_DATA = {  # our options -> pyroute2's keywords for the same IFLA_INFO_DATA
    "macvlan": lambda o: {"macvlan_mode": o["mode"]},
    "ipvlan": lambda o: {"ipvlan_mode": link_types.IPVLAN_MODES[o["mode"]]},
    "vlan": lambda o: {"vlan_id": o["vlan_id"], "vlan_protocol": link_types.VLAN_PROTOCOLS[o["vlan_protocol"]]},
    "bridge": lambda o: dict([("br_stp_state", int(o["stp"]))]
                             + ([("br_vlan_filtering", int(o["vlan_filtering"]))] if "vlan_filtering" in o else [])),
    "dummy": lambda o: {},
}

CREATIONS = [
    ("macvlan", {"mode": "bridge"}, 3, None, None, None, True),
    ("macvlan", {"mode": "private"}, 3, 1400, "02:00:00:00:00:01", 9, False),
    ("macvlan", {"mode": "passthru"}, 12, None, None, None, True),
    ("ipvlan", {"mode": "l2"}, 3, None, None, None, True),
    ("ipvlan", {"mode": "l3s"}, 4, 9000, None, None, False),
    ("vlan", {"vlan_id": 100, "vlan_protocol": "802.1Q"}, 3, None, None, None, True),
    ("vlan", {"vlan_id": 4094, "vlan_protocol": "802.1ad"}, 3, 1496, "02:00:00:00:00:02", 8, True),
    ("bridge", {"stp": False}, None, None, None, None, True),
    ("bridge", {"stp": True, "vlan_filtering": True}, None, 9000, "02:00:00:00:00:03", None, False),
    ("dummy", {}, None, None, None, None, True),
    ("dummy", {}, None, 1280, "02:00:00:00:00:04", 7, False),
]


def pyroute2_creation(kind, options, parent, mtu, mac, master, up):
    """IPRoute.link("add") with the arguments in the order our request carries its attributes."""
    request = {"ifname": "t0", "kind": kind}
    if parent:
        request["link"] = parent
    if mtu:
        request["mtu"] = mtu
    if mac:
        request["address"] = mac
    if master:
        request["master"] = master
    if up:
        request["state"] = "up"
    request.update(PYROUTE2_DATA[kind](options))
    return pyroute2_bytes("link", "add", **request)


@pytest.mark.parametrize("kind, options, parent, mtu, mac, master, up", CREATIONS)
def test_a_creation_is_the_one_pyroute2_encodes(sent, kind, options, parent, mtu, mac, master, up):
    link_types.create_typed_link(None, "t0", kind, options, parent_index=parent, mtu=mtu, mac=mac,
                                 master_index=master, up=up)
    expected = pyroute2_creation(kind, options, parent, mtu, mac, master, up)
    assert [normalised(m) for m in sent] == [normalised(expected)]


@pytest.mark.parametrize("kind, options, keywords", [
    ("macvlan", {"mode": "vepa"}, {"macvlan_mode": "vepa"}),
    ("ipvlan", {"mode": "l3"}, {"ipvlan_mode": 1}),
    ("bridge", {"stp": True}, {"br_stp_state": 1}),
    ("bridge", {"vlan_filtering": False}, {"br_vlan_filtering": 0}),
])
def test_an_in_place_change_is_the_one_pyroute2_encodes(sent, kind, options, keywords):
    link_types.change_typed_link(None, 7, kind, options)
    expected = pyroute2_bytes("link", "set", index=7, kind=kind, **keywords)
    assert [normalised(m) for m in sent] == [normalised(expected)]


@pytest.mark.parametrize("master", [5, 0])
def test_a_master_change_is_the_one_pyroute2_encodes(sent, master):
    link_types.set_master(None, 7, master)
    assert [normalised(m) for m in sent] == [normalised(pyroute2_bytes("link", "set", index=7, master=master))]


@pytest.mark.parametrize("kind, options", [creation[:2] for creation in CREATIONS])
def test_the_data_decodes_to_the_options_it_was_made_of(kind, options):
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import attributes
    data = link_types.encode_data(kind, options)
    decoded = link_types.decode_data(kind, attributes(data, 0, len(data)))
    assert dict((key, decoded[key]) for key in options) == options


class Offline:
    session = None


@pytest.mark.parametrize("params, commands", [
    ({"kind": "vlan", "parent": "eth0", "vlan_id": 7, "vlan_protocol": "802.1ad", "netns": "blue"},
     [["ip", "-n", "blue", "link", "add", "t0", "link", "eth0", "up", "type", "vlan", "id", "7", "protocol", "802.1ad"],
      ["ip", "-n", "blue", "link", "set", "t0", "alias", "linuxnet-owner:linuxnet"]]),
    ({"kind": "ipvlan", "parent": "eth0", "mode": "l3", "mtu": 1400, "up": False},
     [["ip", "link", "add", "t0", "link", "eth0", "mtu", "1400", "type", "ipvlan", "mode", "l3"],
      ["ip", "link", "set", "t0", "alias", "linuxnet-owner:linuxnet"]]),
    ({"kind": "dummy", "master": "br0", "mac": "02:00:00:00:00:09"},
     [["ip", "link", "add", "t0", "address", "02:00:00:00:00:09", "master", "br0", "up", "type", "dummy"],
      ["ip", "link", "set", "t0", "alias", "linuxnet-owner:linuxnet"]]),
    ({"kind": "bridge", "vlan_filtering": False},
     [["ip", "link", "add", "t0", "up", "type", "bridge", "stp_state", "0"],
      ["ip", "link", "set", "t0", "alias", "linuxnet-owner:linuxnet"]]),
])
def test_the_creation_is_rendered_as_ip_commands(params, commands):
    resource = LinkResource(dict(params, name="t0"), Offline())
    assert resource.plan(None)[0].command == commands


@pytest.mark.parametrize("before, params, action, what", [
    ({"kind": "vlan", "parent": "eth0", "vlan_id": 7, "vlan_protocol": "802.1Q"},
     {"kind": "vlan", "parent": "eth0", "vlan_id": 8}, "replace", "vlan_id"),
    ({"kind": "vlan", "parent": "eth0", "vlan_id": 7, "vlan_protocol": "802.1Q"},
     {"kind": "vlan", "parent": "eth0", "vlan_id": 7, "vlan_protocol": "802.1ad"}, "replace", "vlan_protocol"),
    ({"kind": "ipvlan", "parent": "eth0", "mode": "l2"}, {"kind": "ipvlan", "parent": "eth1"}, "replace", "parent"),
    ({"kind": "ipvlan", "parent": "eth0", "mode": "l2"}, {"kind": "ipvlan", "parent": "eth0", "mode": "l3"},
     "set", "mode"),
    ({"kind": "macvlan", "parent": "eth0", "mode": "bridge"}, {"kind": "macvlan", "parent": "eth0", "mode": "passthru"},
     "replace", "mode"),
    ({"kind": "dummy"}, {"kind": "bridge"}, "replace", "kind"),
])
def test_what_the_kernel_cannot_change_in_place_is_a_replace(before, params, action, what):
    current = dict(before, name="t0", netns=None, master=None, mtu=1500, up=True, mac="02:00:00:00:00:01")
    changes = LinkResource(dict(params, name="t0"), Offline()).plan(current)
    assert changes[0].action == action
    assert what in changes[0].details or changes[0].details.get("attribute") == what
