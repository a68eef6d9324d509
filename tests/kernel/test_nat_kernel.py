# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_nat's resource against the real kernel's nftables (inside the sandbox), proven with traffic.

The lab of nat_helpers.py: blue behind router, outside standing for the world. Every address the
traffic goes to is one this test made; the listeners are ended by pid.
"""

import pytest

from conftest import ip
from nat_helpers import OTHER_TABLE, ask, in_netns, listeners, nat_lab, nft_json, nft_tables, other_table  # noqa: F401 pylint: disable=unused-import

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.nat import NatResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

MASQUERADE = [{"source": "10.0.2.0/24", "out_interface": "r-up"}]
FORWARD = [{"port": 8080, "to": "10.0.2.100", "to_port": 80, "in_interface": "r-up"}]


def run(params, check=False, warnings=None):
    with NetlinkSession() as session:
        resource = NatResource(params, Snapshot(session))
        outcome = converge(resource, check)
    if warnings is not None:
        warnings.extend(resource.warnings)
    return outcome


def forwarding(netns):
    return in_netns(netns, ["sysctl", "-n", "net.ipv4.ip_forward"], check=True).stdout.strip()


def test_egress_through_the_masquerade_four_ways_then_absent_twice(nat_lab, listeners):
    blue, router, outside = nat_lab["blue"], nat_lab["router"], nat_lab["outside"]
    listeners(outside, "192.0.2.2", 7000)
    assert ask(blue, "192.0.2.2", 7000, timeout=2).startswith("error")  # no forwarding, no route back: no egress yet
    params = {"netns": router, "masquerade": MASQUERADE}
    others = other_table(router)

    checked = run(params, check=True)
    assert [(change.action, change.kind) for change in checked.changes] == [("create", "nat"), ("set", "sysctl")]
    assert nft_tables(router) == [("inet", "othertool")] and forwarding(router) == "0"  # nothing written

    created = run(params)
    assert created.changed and created.before is None
    assert created.after == {"netns": router, "table": "linuxnet_linuxnet", "masquerade": MASQUERADE,
                             "forwards": [], "forwarding": True}
    assert forwarding(router) == "1"
    assert ask(blue, "192.0.2.2", 7000) == "192.0.2.1"  # the far side sees the router's address
    assert other_table(router) == others

    again = run(params)
    assert not again.changed and again.before == created.after
    assert not run(params, check=True).changed

    absent = {"netns": router, "state": "absent"}
    assert run(absent, check=True).changed
    assert ("ip", "linuxnet_linuxnet") in nft_tables(router)
    assert run(absent).changed
    assert nft_tables(router) == [("inet", "othertool")]
    assert other_table(router) == others
    assert not run(absent).changed
    assert forwarding(router) == "1"  # absent never turns forwarding off
    assert ask(blue, "192.0.2.2", 7000, timeout=2).startswith("error")  # and egress is gone with the table


def test_a_port_forward_from_outside_reaches_a_listener_in_blue(nat_lab, listeners):
    blue, router, outside = nat_lab["blue"], nat_lab["router"], nat_lab["outside"]
    listeners(blue, "10.0.2.100", 80)
    assert ask(outside, "192.0.2.1", 8080, timeout=2).startswith("error")
    params = {"netns": router, "forwards": FORWARD, "owner": "lab"}
    created = run(params)
    assert created.changed and created.after["table"] == "linuxnet_lab"
    assert ask(outside, "192.0.2.1", 8080) == "192.0.2.2"  # DNAT keeps the source: blue sees outside
    assert not run(params).changed

    # another port, and a range: the table is replaced in one transaction, the old port closes
    changed = dict(params, forwards=[dict(FORWARD[0], port=8081),
                                     {"protocol": "udp", "port": "5000-5010", "to": "10.0.2.100"}])
    replaced = run(changed)
    assert [change.action for change in replaced.changes] == ["replace"]
    assert replaced.after["forwards"][1] == {"protocol": "udp", "port": "5000-5010", "to": "10.0.2.100",
                                             "to_port": None, "in_interface": None}
    assert ask(outside, "192.0.2.1", 8081) == "192.0.2.2"
    assert ask(outside, "192.0.2.1", 8080, timeout=2).startswith("error")
    assert not run(changed).changed  # the range reads back as it was written
    assert other_table(router)[0]["table"]["name"] == "othertool"


def test_every_shape_reads_back_unchanged(nat_lab):
    router = nat_lab["router"]
    params = {"netns": router, "forwarding": False,
              "masquerade": [{"source": "10.0.2.0/24", "out_interface": "r-up"},
                             {"source": "10.0.2.7/32", "out_interface": "r-up"},
                             {"source": "10.9.0.0/16", "out_interface": "r-blue"}],
              "forwards": [{"port": "80-80", "to": "10.0.2.100"},
                           {"protocol": "udp", "port": 53, "to": "10.0.2.100", "to_port": 5353},
                           {"port": "1000-2000", "to": "10.0.2.100", "in_interface": "r-up"}]}
    created = run(params)
    assert [change.action for change in created.changes] == ["create"]  # forwarding false: not touched
    assert forwarding(router) == "0"
    assert created.after["forwards"][0]["port"] == 80
    again = run(params)
    assert not again.changed, again.changes
    assert again.before == created.after


def test_a_rule_added_by_hand_is_replaced(nat_lab):
    router = nat_lab["router"]
    params = {"netns": router, "masquerade": MASQUERADE}
    run(params)
    in_netns(router, ["nft", "add", "rule", "ip", "linuxnet_linuxnet", "postrouting", "counter"], check=True)
    found = run(params, check=True)
    assert found.before["unrecognised"] == ["rule in chain postrouting (handle %d)"
                                            % nft_json(router, "list", "chain", "ip", "linuxnet_linuxnet",
                                                       "postrouting")[-1]["rule"]["handle"]]
    assert [change.action for change in run(params).changes] == ["replace"]
    assert not run(params).changed


def test_a_forward_chain_dropping_by_policy_elsewhere_is_warned_about(nat_lab):
    router = nat_lab["router"]
    in_netns(router, ["nft", "-f", "-"], check=True,
             input="table ip filter { chain FORWARD { type filter hook forward priority 0; policy drop; }; }")
    warnings = []
    run({"netns": router, "masquerade": MASQUERADE}, warnings=warnings)
    assert len(warnings) == 1 and "table ip filter chain FORWARD drops forwarded packets" in warnings[0]
    assert ("ip", "filter") in nft_tables(router)  # warned about, left alone


@pytest.mark.parametrize("params,field,value", [
    ({"masquerade": [{"source": "10.0.2.1/24", "out_interface": "r-up"}]}, "masquerade[0].source", "10.0.2.1/24"),
    ({"masquerade": [{"source": "blue", "out_interface": "r-up"}]}, "masquerade[0].source", "blue"),
    ({"masquerade": [{"source": "fd00::/64", "out_interface": "r-up"}]}, "masquerade[0].source", "fd00::/64"),
    ({"forwards": [{"port": 70000, "to": "10.0.2.100"}]}, "forwards[0].port", 70000),
    ({"forwards": [{"port": "9-3", "to": "10.0.2.100"}]}, "forwards[0].port", "9-3"),
    ({"forwards": [{"port": 80, "to": "10.0.2.100", "to_port": 0}]}, "forwards[0].to_port", 0),
    ({"forwards": [{"port": 80, "to": "blue"}]}, "forwards[0].to", "blue"),
    ({"forwards": [{"port": 80, "to": "10.0.2.100", "protocol": "sctp"}]}, "forwards[0].protocol", "sctp"),
    ({"masquerade": [{"source": "10.0.2.0/24", "out_interface": "a;b"}]}, "masquerade[0].out_interface", "a;b"),
])
def test_bad_input_is_refused_before_anything_is_read(params, field, value):
    with pytest.raises(ValidationError) as caught:
        NatResource(dict(params, netns="nowhere"), Snapshot(None))  # no sockets: nothing can be read
    assert caught.value.details == {"field": field, "value": value}
    assert field in caught.value.msg and repr(value) in caught.value.msg


def test_an_out_interface_that_does_not_exist_changes_nothing(nat_lab):
    router = nat_lab["router"]
    params = {"netns": router, "masquerade": [{"source": "10.0.2.0/24", "out_interface": "eth9"}]}
    with pytest.raises(MissingObjectError) as caught:
        run(params)
    assert "eth9@%s" % router in caught.value.msg
    assert nft_tables(router) == [("inet", "othertool")] and forwarding(router) == "0"
    checked = run(params, check=True)
    assert checked.missing == {"kind": "device", "name": "eth9@%s" % router} and checked.changes
    assert nft_tables(router) == [("inet", "othertool")]
    ip("-n", router, "link", "show")  # the namespace is still there, untouched


def test_the_other_tools_table_text_is_as_made(nat_lab):
    router = nat_lab["router"]
    run({"netns": router, "masquerade": MASQUERADE})
    listed = in_netns(router, ["nft", "list", "table", "inet", "othertool"], check=True).stdout
    assert "policy accept" in listed and OTHER_TABLE.split()[2] in listed


def test_without_the_library_the_nft_command_does_the_same(nat_lab, listeners, monkeypatch):
    """A host whose libnftables cannot be loaded (another soname) runs ``nft -j -f -`` instead."""
    from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nft
    monkeypatch.setitem(nft._loaded, "lib", None)  # pylint: disable=protected-access
    blue, router, outside = nat_lab["blue"], nat_lab["router"], nat_lab["outside"]
    params = {"netns": router, "masquerade": MASQUERADE, "forwards": FORWARD}
    assert run(params).changed
    listeners(outside, "192.0.2.2", 7000)
    assert ask(blue, "192.0.2.2", 7000) == "192.0.2.1"
    nft._loaded.pop("lib")  # pylint: disable=protected-access
    assert nft.library() is not None  # loaded again
    assert not run(params).changed  # what one wrote the other reads as its own
    monkeypatch.setitem(nft._loaded, "lib", None)  # pylint: disable=protected-access
    assert not run(params).changed
    assert run({"netns": router, "state": "absent"}).changed
    assert nft_tables(router) == [("inet", "othertool")]
