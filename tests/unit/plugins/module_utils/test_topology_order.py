# -*- coding: utf-8 -*-
"""The ordering engine: dependencies, removals in reverse, few stages, cycles, scale."""

import time

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import (
    CycleError, Step, order_steps, stages)


def labels(steps):
    return [step.label for step in steps]


def seed_steps(removal=False):
    """The seed's walk-through, listed in the worst order on purpose."""
    return [
        Step("port veth0", "ovs", 3, provides=[("port", "veth0")],
             requires=[("bridge", "br0"), ("link", None, "veth0")], removal=removal),
        Step("address veth1@blue", "netlink", 4, requires=[("link", "blue", "veth1"), ("netns", "blue")],
             removal=removal),
        Step("address br0", "netlink", 4, requires=[("link", None, "br0")], removal=removal),
        Step("veth veth0", "netlink", 1, provides=[("link", None, "veth0"), ("link", "blue", "veth1")],
             requires=[("netns", "blue")], removal=removal),
        Step("bridge br0", "ovs", 2, provides=[("bridge", "br0"), ("link", None, "br0")], removal=removal),
        Step("netns blue", "netlink", 0, provides=[("netns", "blue")], removal=removal),
    ]


def test_creation_order_follows_dependencies():
    order = labels(order_steps(seed_steps()))
    assert order.index("netns blue") < order.index("veth veth0") < order.index("address veth1@blue")
    assert order.index("veth veth0") < order.index("port veth0")
    assert order.index("bridge br0") < order.index("port veth0")
    assert order.index("bridge br0") < order.index("address br0")


def test_ready_steps_of_the_same_backend_are_grouped_into_few_stages():
    ordered = order_steps(seed_steps())
    assert labels(ordered) == ["netns blue", "veth veth0", "address veth1@blue", "bridge br0", "port veth0",
                               "address br0"]
    assert [backend for backend, _steps in stages(ordered)] == ["netlink", "ovs", "netlink"]


def test_removals_come_first_and_in_reverse_dependency_order():
    steps = seed_steps(removal=True) + [Step("netns red", "netlink", 0, provides=[("netns", "red")])]
    order = labels(order_steps(steps))
    assert order[-1] == "netns red"  # creations after removals
    removals = order[:-1]
    assert removals.index("port veth0") < removals.index("veth veth0") < removals.index("netns blue")
    assert removals.index("port veth0") < removals.index("bridge br0")
    assert removals.index("address veth1@blue") < removals.index("veth veth0")


def test_removals_of_one_kind_come_together():
    """Tenants removed: every veth, then every namespace (not veth, namespace, veth, ...), so that
    the engine can delete the veths of one namespace in one request."""
    steps = []
    for i in range(3):
        steps.append(Step("netns ns%d" % i, "netlink", 0, provides=[("netns", "ns%d" % i)], removal=True))
        steps.append(Step("veth h%d" % i, "netlink", 1, provides=[("link", None, "h%d" % i)],
                          requires=[("netns", "ns%d" % i)], removal=True))
    assert labels(order_steps(steps)) == ["veth h0", "veth h1", "veth h2", "netns ns0", "netns ns1", "netns ns2"]


def test_a_key_nobody_provides_is_taken_as_existing():
    ordered = order_steps([Step("address eth0", "netlink", 4, requires=[("link", None, "eth0")])])
    assert labels(ordered) == ["address eth0"]


def test_input_order_is_kept_among_equals():
    steps = [Step("netns %s" % name, "netlink", 0, provides=[("netns", name)]) for name in "dcba"]
    assert labels(order_steps(steps)) == ["netns d", "netns c", "netns b", "netns a"]


def test_a_cycle_is_reported_with_its_members():
    steps = [Step("a", "netlink", 0, provides=["A"], requires=["B"]),
             Step("b", "netlink", 0, provides=["B"], requires=["A"]),
             Step("c", "netlink", 0)]
    with pytest.raises(CycleError) as caught:
        order_steps(steps)
    assert caught.value.details["cycle"] == ["a", "b"]


def test_thousands_of_steps_are_ordered_quickly():
    steps = []
    for i in range(1000):
        ns = "ns%d" % i
        steps += [Step("port h%d" % i, "ovs", 3, requires=[("bridge", "br"), ("link", None, "h%d" % i)]),
                  Step("addr p%d" % i, "netlink", 4, requires=[("link", ns, "p%d" % i)]),
                  Step("veth h%d" % i, "netlink", 1, provides=[("link", None, "h%d" % i), ("link", ns, "p%d" % i)],
                       requires=[("netns", ns)]),
                  Step("netns %s" % ns, "netlink", 0, provides=[("netns", ns)])]
    steps.append(Step("bridge br", "ovs", 2, provides=[("bridge", "br")]))
    started = time.time()
    ordered = order_steps(steps)
    assert time.time() - started < 2.0
    assert len(ordered) == len(steps)
    assert [backend for backend, _steps in stages(ordered)] == ["netlink", "ovs"]
