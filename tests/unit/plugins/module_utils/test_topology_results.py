# -*- coding: utf-8 -*-
"""The topology module's result says each thing once: no null fields, a creation's change does
not repeat the created object (``after`` has it), unchanged objects are only counted."""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.planning import plan
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.results import results, without_nulls
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import offline_context
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.states import desired_items

SEED = dict(
    namespaces=[{"name": "blue"}],
    veths=[{"name": "veth0", "peer": "veth1", "peer_netns": "blue"}],
    addresses=[{"dev": "veth1", "netns": "blue", "address": ["10.0.2.100/24"]}],
    bridges=[{"name": "br0", "datapath_type": "netdev"}],
    ports=[{"name": "veth0", "bridge": "br0", "tag": 10}],
)


def planned_on_a_bare_host(**lists):
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    ctx = offline_context("unix:/run/openvswitch/db.sock", "linuxnet")
    ordered, _warnings = plan(desired_items("merged", wanted, {}, "linuxnet"), ctx, check_mode=True)
    return results(ordered)


def values(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key, value
            yield from values(value)
    elif isinstance(data, list):
        for value in data:
            yield from values(value)


def test_no_field_of_before_after_or_changes_is_null():
    before, after, _counts, changes = planned_on_a_bare_host(**SEED)
    nulls = [key for key, value in values([before, after, changes]) if value is None]
    assert nulls == []
    # absent objects themselves stay null in ``before``: the list lines up with ``after``
    assert before["namespaces"] == [None] and before["veths"] == [None] and before["ports"] == [None]


def test_the_addresses_of_a_device_the_run_creates_did_not_exist_before_it():
    before, after, _counts, _changes = planned_on_a_bare_host(**SEED)
    assert before["addresses"] == [None]
    assert after["addresses"] == [{"dev": "veth1", "netns": "blue", "up": True, "addresses": ["10.0.2.100/24"]}]


def test_a_creation_does_not_repeat_the_object_that_after_holds():
    _before, after, _counts, changes = planned_on_a_bare_host(**SEED)
    port = [change for change in changes if change["kind"] == "port"]
    bridge = [change for change in changes if change["kind"] == "bridge"]
    assert port == [{"action": "create", "kind": "port", "name": "veth0", "bridge": "br0"}]
    assert [change["action"] for change in bridge] == ["create"] and "after" not in bridge[0]
    assert after["ports"][0]["tag"] == 10 and after["ports"][0]["bridge"] == "br0"
    assert after["bridges"][0]["datapath_type"] == "netdev"
    veth = [change for change in changes if change["kind"] == "veth"]
    assert veth == [{"action": "create", "kind": "veth", "name": "veth0", "peer": "veth1",
                     "peer_netns": "blue", "up": True}]


def test_without_nulls_keeps_false_zero_and_empty_values():
    assert without_nulls({"a": None, "b": False, "c": 0, "d": [], "e": {"f": None, "g": ""}, "h": [None, 1]}) == \
        {"b": False, "c": 0, "d": [], "e": {"g": ""}, "h": [None, 1]}
