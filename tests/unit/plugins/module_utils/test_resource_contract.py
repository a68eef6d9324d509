# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one contract of _core/resource.py, for the kernel and the OVS resources alike: built as
X(params, backend), a Reading from read(), conflicts refused by plan() (or removed with force),
typed change records, and the rule for a missing container written once.

The kernel resources read a FakeSnapshot and the OVS ones a StaticState (plain data): these are
pure plan tests; tests/kernel runs the same classes against the real kernel and OVS."""

import inspect

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError, MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import (
    NOTHING, Change, Reading, assumption, converge, read_or_assume, reported_before)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import ping as _ping
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.address import AddressResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import (
    CreateNamespace, DeleteNamespace, NetnsResource)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import DeleteLink, SetLink
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.route import RouteResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import CreatePair, VethResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.vxlan import VxlanResource
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import OvsCommands, converge_many

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.netlink_fakes import (
    FakeSnapshot, host_blue_pair, link)
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import (
    bridge, client, interface, port, state)
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.test_ovs_plan import StaticState

# -- construction: X(params, backend) --------------------------------------------------------------

KERNEL_CLASSES = (NetnsResource, VethResource, VxlanResource, AddressResource, RouteResource)
OVS_CLASSES = (OvsBridge, OvsPort)


@pytest.mark.parametrize("cls", KERNEL_CLASSES + OVS_CLASSES)
def test_every_resource_class_is_built_from_params_and_a_backend(cls):
    assert list(inspect.signature(cls.__init__).parameters)[:2] == ["self", "params"]
    assert len(inspect.signature(cls.__init__).parameters) == 3


@pytest.mark.parametrize("cls,params", [
    (NetnsResource, {"name": "blue"}),
    (VethResource, {"name": "veth0", "peer": "veth1", "peer_netns": "blue"}),
    (VxlanResource, {"name": "vx0", "vni": 7}),
    (AddressResource, {"dev": "veth1", "netns": "blue", "address": ["10.0.2.1/24"]}),
    (RouteResource, {"netns": "blue", "dest": "default", "gateway": "10.0.2.1"}),
])
def test_a_kernel_resource_reads_and_writes_through_its_snapshot(cls, params):
    snapshot = host_blue_pair()
    resource = cls(params, snapshot)
    assert resource.snapshot is snapshot and resource.session is snapshot.session
    assert isinstance(resource.read(), Reading)


@pytest.mark.parametrize("cls,params", [(OvsBridge, {"name": "br0"}), (OvsPort, {"name": "p1", "bridge": "br0"})])
def test_an_ovs_resource_reads_and_writes_through_its_client(cls, params):
    fake = StaticState(state([bridge("br0")]))
    resource = cls(params, fake)
    assert resource.client is fake and isinstance(resource.read(), Reading)


def test_an_ovs_parameter_left_out_or_none_takes_the_default():
    assert OvsBridge({"name": "br0", "state": None, "purge_external_ids": None}, client()).state == "present"
    assert OvsPort({"name": "p1", "bridge": "br0"}, client()).purge_other_config is False


# -- typed change records ---------------------------------------------------------------------------

def test_a_change_carries_a_typed_record_read_by_name_and_not_returned():
    resource = VethResource({"name": "veth0", "peer": "veth1", "peer_netns": "blue", "mtu": 1400},
                            host_blue_pair(blue_up=False))
    changes = resource.plan(*resource.read())
    ops = [change.op for change in changes]
    assert ops == [SetLink(None, "veth0", {"mtu": 1400}), SetLink("blue", "veth1", {"mtu": 1400}),
                   SetLink("blue", "veth1", {"state": "up"})]
    assert (ops[1].netns, ops[1].ifname, ops[1].attrs) == ("blue", "veth1", {"mtu": 1400})
    assert changes[1].as_dict() == {"action": "set", "kind": "veth", "name": "veth1@blue",
                                    "attribute": "mtu", "before": 1500, "after": 1400}
    assert not hasattr(changes[0], "payload")


def test_each_resource_names_its_own_records():
    bare = FakeSnapshot({None: [link("lo", 1)], "blue": [link("lo", 1)]})
    pair = VethResource({"name": "veth0", "peer": "veth1", "peer_netns": "blue"}, bare)
    assert [change.op for change in pair.plan(*pair.read())] == [CreatePair()]
    gone = VethResource({"name": "veth0", "peer": "veth1", "peer_netns": "blue", "state": "absent"}, host_blue_pair())
    assert [change.op for change in gone.plan(*gone.read())] == [DeleteLink(None, "veth0")]
    made = NetnsResource({"name": "red"}, bare)
    assert [type(change.op) for change in made.plan(*made.read())] == [CreateNamespace, SetLink]
    removed = NetnsResource({"name": "blue", "state": "absent"}, host_blue_pair())
    (delete,) = removed.plan(*removed.read())
    assert delete.op == DeleteNamespace(veths=("veth1",), outside=((None, "veth0"),))
    port_change = OvsPort({"name": "p1", "bridge": "br0"}, client()).plan(None)[0]
    assert port_change.op == OvsCommands([["add-port", "br0", "p1", 'external_ids:"linuxnet_owner"="linuxnet"']], [])


def test_as_dict_is_the_user_facing_change_only():
    change = Change("delete", "link", "lo", {"reason": "force: x"}, command=["ip", "link", "del", "lo"],
                    op=DeleteLink(None, "lo"))
    assert change.as_dict() == {"action": "delete", "kind": "link", "name": "lo", "reason": "force: x"}


# -- one convention for conflicts: the read reports them, the plan refuses them -----------------------

def held_veth_name():
    """veth0 wanted in the host, where a bridge holds the name."""
    snapshot = FakeSnapshot({None: [link("lo", 1), link("veth0", 3, "bridge")], "blue": [link("lo", 1)]})
    return lambda **extra: VethResource(dict({"name": "veth0", "peer": "veth1", "peer_netns": "blue"}, **extra),
                                        snapshot)


def bonded_port():
    """p1 wanted on br0, where p1 is a bond of two interfaces."""
    fake = StaticState(state([bridge("br0", ports=["p1"])], [port("p1", "br0", interfaces=["a", "b"])],
                             [interface("a"), interface("b")]))
    return lambda **extra: OvsPort(dict({"name": "p1", "bridge": "br0"}, **extra), fake)


@pytest.mark.parametrize("make,message", [
    (held_veth_name(), "veth veth0 (peer veth1@blue): veth0 is a bridge device, not a veth; "
                       "set force: true to replace"),
    (bonded_port(), "port 'p1' on bridge 'br0' has interfaces ['a', 'b'] (a bond); ovs_port manages ports "
                    "with one interface of the same name"),
], ids=["netlink", "ovs"])
def test_a_conflict_is_data_in_the_reading_and_refused_by_the_plan(make, message):
    reading = make().read()
    assert reading.before is None and [c["name"] for c in reading.conflicts] == [make().name]
    assert all(c["problem"] for c in reading.conflicts)
    with pytest.raises(ConflictError) as error:
        make().plan(*reading)
    assert error.value.msg == message
    for check_mode in (True, False):  # converge refuses in both modes, before anything is written
        with pytest.raises(ConflictError):
            converge(make(), check_mode)


def test_with_force_the_plan_removes_the_conflict_first():
    make = held_veth_name()
    changes = make(force=True).plan(*make(force=True).read())
    assert [(change.action, change.kind, change.name) for change in changes] == [
        ("delete", "link", "veth0"), ("create", "veth", "veth0")]
    assert changes[0].op == DeleteLink(None, "veth0")
    assert changes[0].details == {"reason": "force: is a bridge device, not a veth"}


def test_what_force_removes_is_in_the_reported_before():
    """The diff's before names the holder force removes (it was there before the run), as the
    plan is made from the object's own state alone."""
    outcome = converge(held_veth_name()(force=True), check_mode=True)
    assert [conflict["name"] for conflict in outcome.before["conflicts"]] == ["veth0"]
    assert "conflicts" not in outcome.after and outcome.diff()["before"]["conflicts"][0]["problem"]
    assert reported_before(Reading({"name": "x"})) == {"name": "x"}


def test_converge_many_refuses_an_ovs_conflict_like_converge():
    make = bonded_port()
    fake = make().client
    with pytest.raises(ConflictError):
        converge_many(fake, [OvsPort({"name": "p2", "bridge": "br0"}, fake), make()], check_mode=True)
    assert fake.transactions == []


# -- the rule for a missing container, once --------------------------------------------------------

def missing():
    raise MissingObjectError("netns", "nowhere")


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_read_that_succeeds_is_returned_as_it_is(check_mode):
    assert read_or_assume(lambda: Reading({"x": 1}), check_mode) == (Reading({"x": 1}), None)


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_missing_container_of_an_absent_object_is_nothing_there(check_mode):
    assert read_or_assume(missing, check_mode, absent=True) == (NOTHING, None)


def test_a_missing_container_in_check_mode_is_assumed_made_by_an_earlier_task():
    reading, error = read_or_assume(missing, check_mode=True)
    assert reading == NOTHING and error.details["missing"] == {"kind": "netns", "name": "nowhere"}
    assert assumption(error) == "netns 'nowhere' does not exist; check mode assumes an earlier task creates it"
    assert read_or_assume(missing, check_mode=True, nothing=[])[0] == []


def test_a_missing_container_in_a_real_run_is_the_error():
    with pytest.raises(MissingObjectError):
        read_or_assume(missing, check_mode=False)


def test_every_caller_words_the_missing_container_the_same_way():
    """converge, converge_many and ns_ping take the rule from read_or_assume (and the topology
    planning: tests/kernel/test_topology.py, check mode on a bare host)."""
    veth = VethResource({"name": "veth0", "peer": "veth1", "peer_netns": "nowhere"}, FakeSnapshot({None: []}))
    single = converge(veth, check_mode=True)
    assert single.warnings == ["netns 'nowhere' does not exist; check mode assumes an earlier task creates it"]
    assert single.missing == {"kind": "netns", "name": "nowhere"} and single.changes
    fake = StaticState(state())
    (ovs,) = converge_many(fake, [OvsPort({"name": "p1", "bridge": "br9"}, fake)], check_mode=True)
    assert ovs.warnings == ["bridge 'br9' does not exist (needed by port p1); check mode assumes an earlier "
                            "task creates it"]
    assert ovs.missing == {"kind": "bridge", "name": "br9"} and fake.transactions == []
    options = _ping.PingOptions(netns="linuxnet-test-no-such-namespace")
    targets = _ping.normalise_targets(["192.0.2.1"], "reachable")
    results, warnings = _ping.ping_or_skip(None, options, targets, check_mode=True)
    assert warnings == ["netns 'linuxnet-test-no-such-namespace' does not exist (needed by ns_ping); "
                        "check mode assumes an earlier task creates it"]
    assert [entry["result"] for entry in results] == ["skipped"]
    with pytest.raises(MissingObjectError):
        _ping.ping_or_skip(None, options, targets, check_mode=False)
