# -*- coding: utf-8 -*-
"""The NAT table as nftables JSON (pure): rendering, reading back, validation of every field."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nat_rules
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.nat import (
    NatResource, validate_forward, validate_masquerade, validate_port)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

MASQ = {"source": "10.0.2.0/24", "out_interface": "eth0"}
FWD = {"protocol": "tcp", "port": 8080, "to": "10.0.2.100", "to_port": 80, "in_interface": "eth0"}


def listed(batch, handle_from=1):
    """What ``nft -j list ruleset`` gives after ``batch``: the table, chains and rules with handles."""
    ruleset, handle = [], handle_from
    for command in batch:
        if "add" not in command:
            continue
        (what, obj), = command["add"].items()
        if what == "table" and any("table" in entry for entry in ruleset):
            continue
        ruleset.append({what: dict(obj, handle=handle)})
        handle += 1
    return ruleset


@pytest.mark.parametrize("rules", [
    {"masquerade": [], "forwards": []},
    {"masquerade": [MASQ, {"source": "10.0.2.7/32", "out_interface": "up0"}], "forwards": []},
    {"masquerade": [], "forwards": [FWD, {"protocol": "udp", "port": "5000-5010", "to": "10.0.2.100",
                                          "to_port": None, "in_interface": None}]},
])
def test_what_is_written_reads_back_as_it_was_asked(rules):
    batch = nat_rules.table_batch("linuxnet_x", rules)
    assert batch[:3] == [{"add": {"table": {"family": "ip", "name": "linuxnet_x"}}},
                         {"delete": {"table": {"family": "ip", "name": "linuxnet_x"}}},
                         {"add": {"table": {"family": "ip", "name": "linuxnet_x"}}}]
    assert nat_rules.read_table(listed(batch), "linuxnet_x") == dict(rules, unrecognised=[])


def test_no_table_reads_as_none_and_another_owners_table_is_not_ours():
    other = listed(nat_rules.table_batch("linuxnet_other", {"masquerade": [MASQ], "forwards": []}))
    assert nat_rules.read_table(other, "linuxnet_x") is None
    assert nat_rules.owners_of(other) == ["other"]


def test_a_foreign_rule_and_a_changed_chain_are_unrecognised():
    ruleset = listed(nat_rules.table_batch("linuxnet_x", {"masquerade": [MASQ], "forwards": []}))
    ruleset.append({"rule": {"family": "ip", "table": "linuxnet_x", "chain": "postrouting", "handle": 9,
                             "expr": [{"counter": {"packets": 0, "bytes": 0}}]}})
    ruleset[1]["chain"]["policy"] = "drop"
    found = nat_rules.read_table(ruleset, "linuxnet_x")
    assert found["masquerade"] == [MASQ]
    assert found["unrecognised"] == ["chain prerouting", "rule in chain postrouting (handle 9)"]


def test_only_other_tables_dropping_forward_chains_are_reported():
    ruleset = [{"chain": {"family": "ip", "table": "filter", "name": "FORWARD", "hook": "forward", "policy": "drop"}},
               {"chain": {"family": "inet", "table": "fw", "name": "fwd", "hook": "forward", "policy": "accept"}},
               {"chain": {"family": "ip", "table": "linuxnet_x", "name": "f", "hook": "forward", "policy": "drop"}}]
    assert nat_rules.dropping_forward_chains(ruleset, "linuxnet_x") == ["table ip filter chain FORWARD"]


@pytest.mark.parametrize("value,expected", [(80, 80), ("80", 80), ("80-80", 80), ("1000-2000", "1000-2000"),
                                            (" 5-6", "5-6"), (65535, 65535)])
def test_ports_and_ranges_normalise(value, expected):
    assert validate_port("p", value) == expected


@pytest.mark.parametrize("value", [0, 70000, "70000", "9-3", "1-70000", "a-b", "http", True, None, "1-2-3", -5])
def test_bad_ports_name_field_and_value(value):
    with pytest.raises(ValidationError) as caught:
        validate_port("forwards[0].port", value)
    assert caught.value.details == {"field": "forwards[0].port", "value": value}


@pytest.mark.parametrize("item,field", [
    ({"source": "10.0.2.1/24", "out_interface": "eth0"}, "m.source"),
    ({"source": "not-a-net", "out_interface": "eth0"}, "m.source"),
    ({"source": "2001:db8::/64", "out_interface": "eth0"}, "m.source"),
    ({"source": "10.0.2.0/24", "out_interface": "much-too-long-name"}, "m.out_interface"),
    ({"source": "10.0.2.0/24"}, "m.out_interface"),
    ("10.0.2.0/24", "m"),
])
def test_bad_masquerades(item, field):
    with pytest.raises(ValidationError) as caught:
        validate_masquerade("m", item)
    assert caught.value.details["field"] == field


@pytest.mark.parametrize("item,field", [
    (dict(FWD, port=70000), "f.port"),
    (dict(FWD, to="2001:db8::1"), "f.to"),
    (dict(FWD, to="224.0.0.1"), "f.to"),
    (dict(FWD, to_port=65536), "f.to_port"),
    (dict(FWD, protocol="icmp"), "f.protocol"),
    (dict(FWD, in_interface="a b"), "f.in_interface"),
])
def test_bad_forwards(item, field):
    with pytest.raises(ValidationError) as caught:
        validate_forward("f", item)
    assert caught.value.details["field"] == field


def test_the_owner_names_the_table_and_a_bad_owner_is_refused():
    assert NatResource({"owner": "lab"}, Snapshot(None)).table == "linuxnet_lab"
    with pytest.raises(ValidationError) as caught:
        NatResource({"owner": "a b"}, Snapshot(None))
    assert caught.value.details == {"field": "owner", "value": "a b"}


def test_gathered_on_a_kernel_without_nf_tables_lists_nothing(monkeypatch):
    """Stand-ins: this machine's kernel has nf_tables, so the refusal of one that has not is faked."""
    from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
    from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nft
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import HostRead
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_nat import NatKind

    def refuse(message):
        def read(namespaces):
            raise BackendError(message)
        return read

    class Host:
        def namespaces(self):
            return ["blue"]

    monkeypatch.setattr(nft, "available", lambda: True)
    monkeypatch.setattr(nft, "read_rulesets", refuse("nftables could not list the ruleset: Operation not supported"))
    assert NatKind().gather(HostRead(Host(), None, ())) == []
    monkeypatch.setattr(nft, "read_rulesets", refuse("nftables could not list the ruleset: Permission denied"))
    with pytest.raises(BackendError):
        NatKind().gather(HostRead(Host(), None, ()))
