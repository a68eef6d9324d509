# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_filter_errors.py: a filter's expected failures become AnsibleFilterError naming the filter."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.linuxnet.netns.plugins.filter.overlay_endpoints import FilterModule as EndpointFilters
from ansible_collections.linuxnet.netns.plugins.filter.overlay_plan import FilterModule as OverlayFilters
from ansible_collections.linuxnet.netns.plugins.filter.plan_address import FilterModule as PlanFilters
from ansible_collections.linuxnet.netns.plugins.filter.reachability_matrix import FilterModule as MatrixFilters
from ansible_collections.linuxnet.netns.plugins.filter.two_bridge_plan import FilterModule as LayoutFilters
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import filter_failures


def test_listed_errors_name_the_filter_and_others_pass_through():
    @filter_failures("demo", KeyError)
    def demo(kind):
        raise {"key": KeyError("k"), "type": TypeError("t")}[kind]

    with pytest.raises(AnsibleFilterError, match="^demo: 'k'$"):
        demo("key")
    with pytest.raises(TypeError):
        demo("type")  # a defect of the filter is not dressed up as bad input
    assert demo.__name__ == "demo"


@pytest.mark.parametrize("filters, name, args, words", [  # args: positional, then a dict of keywords
    (PlanFilters, "plan_address", ("nonsense", {}), "plan_address: address: 'nonsense' is not an address with prefix"),
    (PlanFilters, "plan_address", ("10.0.2.1/24", "10.0.0.0/16", "x", {}), "plan_address: invalid literal"),
    (LayoutFilters, "two_bridge_plan", ([], [], None, {"mode": "sideways"}),
     "two_bridge_plan: two_bridge_mode: 'sideways' must be one of joined, isolated"),
    (MatrixFilters, "reachability_matrix", ({}, "h1", {}), "reachability_matrix: host: 'h1' has no two_bridge plan"),
    (OverlayFilters, "overlay_plan", ({"h1": {"type": "vxlan", "address": "192.0.2.1"}}, "h1", {"method": "sideways"}),
     "overlay_plan: overlay_method: 'sideways' must be one of auto, ovs, kernel"),
    (EndpointFilters, "overlay_endpoints", ({"all": ["h1"]}, "mesh", {}, "h1", {}),
     "overlay_endpoints: overlay_group: 'mesh' is not a group of the inventory"),
])
def test_bad_input_of_each_filter_names_the_filter_field_and_value(filters, name, args, words):
    with pytest.raises(AnsibleFilterError) as caught:
        filters().filters()[name](*args[:-1], **args[-1])
    assert str(caught.value).startswith(words), str(caught.value)
