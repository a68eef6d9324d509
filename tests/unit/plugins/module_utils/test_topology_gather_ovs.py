# -*- coding: utf-8 -*-
"""state: gathered for OVS ports, from a hand-built OvsState: each item takes ovs_port's options."""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind_port import gather_ports

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import bridge, interface, port, state


def gathered_ports(ovs_state):
    return dict((item["name"], item) for item, _owner in gather_ports(ovs_state))


def test_a_protected_port_is_gathered_with_protected_true():
    ovs_state = state([bridge("br0", ports=["vx0", "p1"])],
                      [port("vx0", "br0", protected=True), port("p1", "br0")],
                      [interface("vx0"), interface("p1")])
    items = gathered_ports(ovs_state)
    assert items["vx0"]["protected"] is True
    assert "protected" not in items["p1"]  # OVS's default, left out like an unset tag


def test_the_bridge_own_port_is_not_gathered():
    assert gathered_ports(state([bridge("br0")])) == {}
