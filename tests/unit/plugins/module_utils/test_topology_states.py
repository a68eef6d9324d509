# -*- coding: utf-8 -*-
"""What each state asks for, at the plan level (pure: items in, items out)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.states import (
    desired_items, needs_inventory)

OWNER = "linuxnet"


def inventory():
    """A host: blue (ours) with veth0/veth1 (ours), green (made by hand), br0 (ours) with veth0 (ours)
    and hand0 (made by hand), brhand (made by hand)."""
    return {
        "namespaces": [({"name": "blue", "loopback": True}, OWNER), ({"name": "green", "loopback": True}, None),
                       ({"name": "old", "loopback": True}, OWNER)],
        "veths": [({"name": "veth0", "netns": None, "peer": "veth1", "peer_netns": "blue"}, OWNER),
                  ({"name": "hv0", "netns": None, "peer": "hv1", "peer_netns": "green"}, None),
                  ({"name": "oldh", "netns": None, "peer": "oldp", "peer_netns": "old"}, OWNER)],
        "addresses": [({"dev": "veth1", "netns": "blue", "address": ["10.0.0.2/24"]}, OWNER)],
        "routes": [({"netns": "blue", "dest": "10.9.0.0/16", "gateway": "10.0.0.1", "metric": 0}, None)],
        "bridges": [({"name": "br0"}, OWNER), ({"name": "brhand"}, None)],
        "ports": [({"name": "veth0", "bridge": "br0"}, OWNER), ({"name": "hand0", "bridge": "br0"}, None),
                  ({"name": "oldh", "bridge": "br0"}, OWNER)],
    }


def wanted():
    return {
        "namespaces": [{"name": "blue", "state": "present"}],
        "veths": [{"name": "veth1", "netns": "blue", "peer": "veth0", "peer_netns": None, "up": True,
                   "state": "present"}],
        "addresses": [{"dev": "veth1", "netns": "blue", "address": ["10.0.0.2/24"], "state": "present"}],
        "routes": [],
        "bridges": [{"name": "br0", "state": "present"}],
        "ports": [{"name": "veth0", "bridge": "br0", "state": "present"}],
    }


def removed(items, option):
    return [item for item in items.get(option, []) if item.get("state") == "absent"]


def names(items):
    return sorted(item.get("name") or item.get("dev") for item in items)


def test_merged_is_the_input_as_listed():
    assert desired_items("merged", wanted(), inventory(), OWNER) == wanted()


def test_replaced_purges_addresses_of_listed_devices_and_ports_of_listed_bridges():
    items = desired_items("replaced", wanted(), inventory(), OWNER)
    assert all(item["purge"] for item in items["addresses"])
    # the host end of the listed veth has no address item: it gets an empty, purging one
    assert {"dev": "veth0", "netns": None, "address": [], "purge": True, "up": True,
            "state": "present"} in items["addresses"]
    # ports of the listed bridge that are not listed go, marked or not (they belong to br0)
    assert names(removed(items, "ports")) == ["hand0", "oldh"]
    # nothing else is removed by replaced
    for option in ("namespaces", "veths", "bridges"):
        assert removed(items, option) == []


def test_overridden_removes_only_unlisted_objects_that_carry_the_owner_mark():
    items = desired_items("overridden", wanted(), inventory(), OWNER)
    assert names(removed(items, "namespaces")) == ["old"]          # green: made by hand, stays
    assert names(removed(items, "veths")) == ["oldh"]              # hv0: made by hand, stays
    assert names(removed(items, "bridges")) == []                  # brhand: made by hand, stays
    assert "brhand" not in names(removed(items, "bridges"))


def test_overridden_with_another_owner_removes_nothing_of_ours():
    items = desired_items("overridden", {"namespaces": []}, inventory(), "tenant2")
    for option in ("namespaces", "veths", "bridges", "ports"):
        assert removed(items, option) == []


def test_overridden_removes_unlisted_static_routes_of_kept_marked_namespaces():
    items = desired_items("overridden", wanted(), inventory(), OWNER)
    assert [(r["netns"], r["dest"]) for r in removed(items, "routes")] == [("blue", "10.9.0.0/16")]
    listed = dict(wanted(), routes=[{"netns": "blue", "dest": "10.9.0.0/16", "gateway": "10.0.0.1"}])
    assert removed(desired_items("overridden", listed, inventory(), OWNER), "routes") == []


def test_a_veth_listed_from_its_other_end_is_the_same_veth():
    items = desired_items("overridden", wanted(), inventory(), OWNER)
    assert "veth0" not in names(removed(items, "veths"))


def test_deleted_removes_what_is_listed():
    items = desired_items("deleted", {"namespaces": [{"name": "blue", "state": "present"}],
                                      "addresses": [{"dev": "veth1", "netns": "blue", "address": ["10.0.0.2/24"]}]},
                          inventory(), OWNER)
    assert items["namespaces"] == [{"name": "blue", "state": "absent"}]
    assert items["addresses"] == [{"dev": "veth1", "netns": "blue", "address": ["10.0.0.2/24"], "state": "absent"}]


def test_deleted_without_items_removes_everything_of_the_owner_and_nothing_else():
    items = desired_items("deleted", {"namespaces": [], "veths": []}, inventory(), OWNER)
    assert names(items["namespaces"]) == ["blue", "old"]
    assert names(items["veths"]) == ["oldh", "veth0"]
    assert names(items["bridges"]) == ["br0"]
    assert names(items["ports"]) == ["oldh", "veth0"]
    assert all(item["state"] == "absent" for option in items for item in items[option])


def test_which_states_read_the_whole_host():
    assert not needs_inventory("merged", wanted())
    assert needs_inventory("replaced", wanted())
    assert needs_inventory("overridden", wanted())
    assert needs_inventory("gathered", {})
    assert needs_inventory("deleted", {"namespaces": []})
    assert not needs_inventory("deleted", wanted())


def test_the_input_is_never_modified():
    original = wanted()
    desired_items("overridden", original, inventory(), OWNER)
    assert original == wanted()
