# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The overlay's members and their endpoints, from facts and inventory variables (pure)."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay import overlay_plan
from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay_mesh import mesh_endpoints

GROUPS = {"all": ["h1", "h2", "h3"], "lab": ["h1", "h2", "h3"], "two": ["h1", "h2"], "ungrouped": []}


def hostvars(**overrides):
    """h1 ran the role in this run (its fact); h2 and h3 are known by their inventory only."""
    variables = {"h1": {"inventory_hostname": "h1", "ansible_host": "192.0.2.11",
                        "overlay_endpoint": {"type": "vxlan", "address": "192.0.2.11"}},
                 "h2": {"inventory_hostname": "h2", "ansible_host": "192.0.2.12"},
                 "h3": {"inventory_hostname": "h3", "ansible_host": "192.0.2.13"}}
    for host, values in overrides.items():
        variables[host].update(values)
    return variables


def test_members_outside_the_run_are_known_by_their_inventory():
    endpoints = mesh_endpoints(GROUPS, "lab", hostvars(), "h1", "vxlan")
    assert endpoints == {"h1": {"type": "vxlan", "address": "192.0.2.11", "source": "fact"},
                         "h2": {"type": "vxlan", "address": "192.0.2.12", "source": "inventory"},
                         "h3": {"type": "vxlan", "address": "192.0.2.13", "source": "inventory"}}
    # so a run limited to h1 keeps both peers in its flood list
    assert overlay_plan(endpoints, "h1", datapath="netdev", links={})["remotes"] == ["192.0.2.12", "192.0.2.13"]


def test_a_published_fact_wins_over_the_inventory():
    fact = {"overlay_endpoint": {"type": "vxlan", "address": "198.51.100.2"}, "ansible_host": "h2.example"}
    endpoints = mesh_endpoints(GROUPS, "all", hostvars(h2=fact), "h1", "vxlan")
    assert endpoints["h2"] == {"type": "vxlan", "address": "198.51.100.2", "source": "fact"}


@pytest.mark.parametrize("variables, expected", [
    ({"overlay_underlay_address": "198.51.100.3"}, {"type": "vxlan", "address": "198.51.100.3"}),
    ({"overlay_type": "none"}, {"type": "none", "address": None}),
    ({"two_bridge_overlay": "gre"}, {"type": "gre", "address": "192.0.2.13"}),
    ({"ansible_host": "", "inventory_hostname": "192.0.2.33"}, {"type": "vxlan", "address": "192.0.2.33"}),
])
def test_inventory_variables_of_a_member(variables, expected):
    endpoint = mesh_endpoints(GROUPS, "all", hostvars(h3=variables), "h1", "vxlan")["h3"]
    assert endpoint == dict(expected, source="inventory")


def test_only_the_group_is_the_mesh():
    assert sorted(mesh_endpoints(GROUPS, "two", hostvars(), "h1", "vxlan")) == ["h1", "h2"]


@pytest.mark.parametrize("group, host, variables, field, words", [
    ("lab", "h1", {"ansible_host": "h3.example"}, "overlay endpoint of h3",
     "set overlay_underlay_address (or ansible_host) of h3"),
    ("lab", "h1", {"overlay_type": "ipip"}, "overlay_type of h3", "must be one of"),
    ("lab", "h1", {"overlay_endpoint": {"type": "vxlan", "address": "not-an-ip"}}, "overlay_endpoint.address of h3", ""),
    ("mesh", "h1", {}, "overlay_group", "is not a group of the inventory"),
    ("two", "h3", {}, "overlay_group", "does not hold h3"),
])
def test_refusals_name_the_host_or_the_group(group, host, variables, field, words):
    with pytest.raises(ValidationError) as raised:
        mesh_endpoints(GROUPS, group, hostvars(h3=variables), host, "vxlan")
    assert str(raised.value).startswith(field + ": ") and words in str(raised.value)


def test_the_planning_host_may_give_its_own_endpoint():
    own = {"type": "vxlan", "address": "198.51.100.1"}
    endpoints = mesh_endpoints(GROUPS, "all", hostvars(h1={"overlay_endpoint": None}), "h1", "vxlan", endpoint=own)
    assert endpoints["h1"] == dict(own, source="fact") and endpoints["h2"]["address"] == "192.0.2.12"
