# -*- coding: utf-8 -*-
"""Plans computed from a given OVS state (pure), the commands they carry, and the known defects
of openvswitch.openvswitch (a)-(e), each shown absent here at the plan level."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError, MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.bridge import OvsBridge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import commands_of, converge_many
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import copy_column, copy_columns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import RecordingRunner, bridge, client, interface, port, state


class StaticState:
    """A client whose read() returns a given OvsState and which records transactions."""

    def __init__(self, ovs_state):
        self.ovs_state = ovs_state
        self.transactions = []
        self.reads = 0
        self._client = client()

    def read(self):
        self.reads += 1
        return self.ovs_state

    def transact(self, commands):
        self.transactions.append(commands)

    def transact_all(self, transactions):
        for commands in transactions:
            self.transact(commands)

    def argv(self, commands, *args, **kwargs):
        return self._client.argv(commands, *args, **kwargs)


def plan_of(resource, ovs_state):
    return resource.plan(*resource.select(ovs_state))


# --- bridge ---------------------------------------------------------------------------------------

def test_bridge_create_is_one_change_with_all_attributes():
    br = OvsBridge({"name": "br0", "datapath_type": "netdev", "fail_mode": "secure", "stp": True,
                    "protocols": ["OpenFlow13"], "external_ids": {"a": "1", "b c": "x=y"},
                    "controller": ["tcp:192.0.2.1:6653"], "mtu": 9000}, client())
    changes = plan_of(br, state())
    assert [c.action for c in changes] == ["create"]
    assert changes[0].op.commands == [
        ["add-br", "br0"],
        ["set", "Bridge", "br0", 'datapath_type="netdev"', 'fail_mode="secure"', "stp_enable=true",
         'protocols=["OpenFlow13"]', 'external_ids:"a"="1"', 'external_ids:"b c"="x=y"',
         'external_ids:"linuxnet_owner"="linuxnet"'],
        ["set-controller", "br0", "tcp:192.0.2.1:6653"],
        ["set", "Interface", "br0", "mtu_request=9000"],
    ]
    assert changes[0].command[:3] == ["ovs-vsctl", "--db=unix:/test/db.sock", "--timeout=60"]


def test_bridge_create_with_nothing_set_sends_no_attribute():
    changes = plan_of(OvsBridge({"name": "br0"}, client()), state())
    # only the owner mark, which every object this collection creates carries
    assert changes[0].op.commands == [["add-br", "br0"],
                                      ["set", "Bridge", "br0", 'external_ids:"linuxnet_owner"="linuxnet"']]


def test_defect_d_unset_fail_mode_is_never_sent_on_rerun():
    for current in (None, "secure", "standalone"):
        br = OvsBridge({"name": "br0", "datapath_type": "netdev"}, client())
        assert plan_of(br, state([bridge("br0", fail_mode=current)])) == []


def test_bridge_updates_one_change_per_attribute():
    current = state([bridge("br0", fail_mode="standalone", external_ids={"keep": "1", "old": "2"},
                            controller=["tcp:192.0.2.1:6653"])])
    br = OvsBridge({"name": "br0", "fail_mode": "secure", "external_ids": {"new": "3"}, "purge_external_ids": True,
                    "controller": [], "stp": True}, client())
    changes = plan_of(br, current)
    assert [c.details["attribute"] for c in changes] == ["fail_mode", "stp", "external_ids", "controller"]
    assert commands_of(changes) == [
        ["set", "Bridge", "br0", 'fail_mode="secure"'],
        ["set", "Bridge", "br0", "stp_enable=true"],
        ["set", "Bridge", "br0", 'external_ids:"new"="3"'],
        ["remove", "Bridge", "br0", "external_ids", '"keep"', '"old"'],
        ["del-controller", "br0"],
    ]
    after = br.expected(br.select(current).before)
    assert after["external_ids"] == {"new": "3"} and after["controller"] == [] and after["fail_mode"] == "secure"


def test_defect_c_several_external_ids_keys_make_one_valid_set_command():
    br = OvsBridge({"name": "br0", "external_ids": {"a": "1", "b": "two words", "c": 'q"uote'}}, client())
    changes = plan_of(br, state([bridge("br0", external_ids={"a": "0"})]))
    assert len(changes) == 1
    assert changes[0].op.commands == [["set", "Bridge", "br0", 'external_ids:"a"="1"', 'external_ids:"b"="two words"',
                                       'external_ids:"c"="q\\"uote"']]


def test_unlisted_keys_are_kept_without_purge():
    br = OvsBridge({"name": "br0", "external_ids": {"a": "1"}}, client())
    before = br.select(state([bridge("br0", external_ids={"a": "1", "other": "x"})])).before
    assert br.plan(before) == []
    assert br.expected(before)["external_ids"] == {"a": "1", "other": "x"}


def test_bridge_mtu_reads_the_internal_interface():
    ovs_state = state([bridge("br0")])
    ovs_state.interfaces["br0"]["mtu_request"] = 1400
    br = OvsBridge({"name": "br0", "mtu": 1400}, client())
    assert br.select(ovs_state).before["mtu"] == 1400 and plan_of(br, ovs_state) == []
    assert commands_of(plan_of(OvsBridge({"name": "br0", "mtu": 1500}, client()), ovs_state)) == [
        ["set", "Interface", "br0", "mtu_request=1500"]]


def test_bridge_absent():
    assert plan_of(OvsBridge({"name": "br0", "state": "absent"}, client()), state()) == []
    changes = plan_of(OvsBridge({"name": "br0", "state": "absent"}, client()), state([bridge("br0")]))
    assert changes[0].op.commands == [["del-br", "br0"]]


def test_bridge_name_held_by_a_port_is_a_conflict():
    ovs_state = state([bridge("br1", ports=["br0"])], [port("br0", "br1")], [interface("br0")])
    reading = OvsBridge({"name": "br0"}, client()).select(ovs_state)
    assert reading.before is None and reading.conflicts[0]["name"] == "br0"  # reported by the read
    with pytest.raises(ConflictError) as error:  # refused by the plan
        plan_of(OvsBridge({"name": "br0"}, client()), ovs_state)
    assert error.value.msg == "bridge 'br0' cannot be created: a port of that name is on bridge 'br1'"
    assert error.value.details == {"bridge": "br0", "port_bridge": "br1"}


# --- port -----------------------------------------------------------------------------------------

def test_port_create():
    p = OvsPort({"name": "vx0", "bridge": "br0", "type": "vxlan", "options": {"remote_ip": "192.0.2.2", "key": 5},
                 "tag": 10, "external_ids": {"a": "b"}}, client())
    changes = plan_of(p, state([bridge("br0")]))
    assert changes[0].action == "create"
    assert changes[0].op.commands == [
        ["add-port", "br0", "vx0", "tag=10", 'external_ids:"a"="b"', 'external_ids:"linuxnet_owner"="linuxnet"'],
        ["set", "Interface", "vx0", 'type="vxlan"', 'options={"key"="5","remote_ip"="192.0.2.2"}'],
    ]


def test_port_create_default_is_a_system_port_with_nothing_set():
    changes = plan_of(OvsPort({"name": "veth7", "bridge": "br0"}, client()), state([bridge("br0")]))
    assert changes[0].op.commands == [["add-port", "br0", "veth7", 'external_ids:"linuxnet_owner"="linuxnet"']]
    assert changes[0].details["after"]["type"] == "system"


def test_defect_b_unset_tag_is_left_alone_on_a_tagged_port():
    ovs_state = state([bridge("br0", ports=["p1"])], [port("p1", "br0", tag=10)], [interface("p1")])
    p = OvsPort({"name": "p1", "bridge": "br0", "external_ids": {"x": "1"}}, client())
    changes = plan_of(p, ovs_state)
    assert commands_of(changes) == [["set", "Port", "p1", 'external_ids:"x"="1"']]
    assert not any("tag" in argument for command in commands_of(changes) for argument in command)
    assert p.expected(p.select(ovs_state).before)["tag"] == 10


def test_tag_change_and_trunks_clear():
    ovs_state = state([bridge("br0", ports=["p1"])], [port("p1", "br0", tag=10, trunks=[1, 2])], [interface("p1")])
    changes = plan_of(OvsPort({"name": "p1", "bridge": "br0", "tag": 20, "trunks": []}, client()), ovs_state)
    assert commands_of(changes) == [["set", "Port", "p1", "tag=20"], ["set", "Port", "p1", "trunks=[]"]]


def test_protected_is_set_when_given_and_left_alone_when_not():
    ovs_state = state([bridge("br0", ports=["p1"])], [port("p1", "br0")], [interface("p1")])
    changes = plan_of(OvsPort({"name": "p1", "bridge": "br0", "protected": True}, client()), ovs_state)
    assert commands_of(changes) == [["set", "Port", "p1", "protected=true"]]
    assert changes[0].details == {"attribute": "protected", "before": False, "after": True}
    assert plan_of(OvsPort({"name": "p1", "bridge": "br0", "protected": False}, client()), ovs_state) == []
    protected = state([bridge("br0", ports=["p1"])], [port("p1", "br0", protected=True)], [interface("p1")])
    assert plan_of(OvsPort({"name": "p1", "bridge": "br0", "protected": True}, client()), protected) == []
    unset = OvsPort({"name": "p1", "bridge": "br0", "tag": 5}, client())
    assert commands_of(plan_of(unset, protected)) == [["set", "Port", "p1", "tag=5"]]
    assert unset.expected(unset.select(protected).before)["protected"] is True


def test_protected_false_clears_it():
    ovs_state = state([bridge("br0", ports=["p1"])], [port("p1", "br0", protected=True)], [interface("p1")])
    p = OvsPort({"name": "p1", "bridge": "br0", "protected": False}, client())
    changes = plan_of(p, ovs_state)
    assert commands_of(changes) == [["set", "Port", "p1", "protected=false"]]
    assert p.expected(p.select(ovs_state).before)["protected"] is False


def test_protected_at_creation_is_a_column_of_add_port():
    p = OvsPort({"name": "vx0", "bridge": "br0", "protected": True}, client())
    changes = plan_of(p, state([bridge("br0")]))
    assert changes[0].op.commands == [
        ["add-port", "br0", "vx0", "protected=true", 'external_ids:"linuxnet_owner"="linuxnet"']]
    assert changes[0].details["after"]["protected"] is True
    unprotected = plan_of(OvsPort({"name": "vx0", "bridge": "br0", "protected": False}, client()),
                          state([bridge("br0")]))
    assert unprotected[0].op.commands == [["add-port", "br0", "vx0", 'external_ids:"linuxnet_owner"="linuxnet"']]
    assert unprotected[0].details["after"]["protected"] is False


def test_a_moved_port_stays_protected():
    ovs_state = state([bridge("br0", ports=["vx0"]), bridge("br1")], [port("vx0", "br0", protected=True)],
                      [interface("vx0")])
    changes = plan_of(OvsPort({"name": "vx0", "bridge": "br1"}, client()), ovs_state)
    assert changes[0].op.commands[1] == ["add-port", "br1", "vx0", "protected=true"]


def test_defect_e_port_on_another_bridge_is_moved_in_one_change_carrying_its_attributes():
    ovs_state = state([bridge("br0", ports=["veth2"]), bridge("br1")],
                      [port("veth2", "br0", tag=7, external_ids={"k": "v"})], [interface("veth2", mtu_request=1400)])
    p = OvsPort({"name": "veth2", "bridge": "br1", "vlan_mode": "access"}, client())
    changes = plan_of(p, ovs_state)
    assert len(changes) == 1 and changes[0].action == "move"
    assert changes[0].details == {"from_bridge": "br0", "to_bridge": "br1"}
    assert changes[0].op.commands == [
        ["del-port", "br0", "veth2"],
        ["add-port", "br1", "veth2", "tag=7", 'vlan_mode="access"', 'external_ids:"k"="v"'],
        ["set", "Interface", "veth2", "mtu_request=1400"],
    ]
    assert p.expected(p.select(ovs_state).before)["bridge"] == "br1"


def test_port_type_change_replaces_options():
    ovs_state = state([bridge("br0", ports=["t0"])], [port("t0", "br0")],
                      [interface("t0", type="gre", options={"remote_ip": "192.0.2.1"})])
    changes = plan_of(OvsPort({"name": "t0", "bridge": "br0", "type": "internal"}, client()), ovs_state)
    assert commands_of(changes) == [["set", "Interface", "t0", 'type="internal"', "options={}"]]
    # same type, address written differently: no change
    same = OvsPort({"name": "t0", "bridge": "br0", "type": "gre", "options": {"remote_ip": "192.0.2.1"}}, client())
    assert plan_of(same, ovs_state) == []


def test_port_options_normalised_ipv6_compare_equal():
    ovs_state = state([bridge("br0", ports=["t0"])], [port("t0", "br0")],
                      [interface("t0", type="gre", options={"remote_ip": "2001:0db8:0::1"})])
    same_in_ipv6 = OvsPort({"name": "t0", "bridge": "br0", "type": "gre", "options": {"remote_ip": "2001:db8::1"}},
                           client())
    assert plan_of(same_in_ipv6, ovs_state) == []


def test_port_absent_removes_from_whichever_bridge():
    ovs_state = state([bridge("br0"), bridge("br1", ports=["p1"])], [port("p1", "br1")], [interface("p1")])
    changes = plan_of(OvsPort({"name": "p1", "bridge": "br0", "state": "absent"}, client()), ovs_state)
    assert changes[0].op.commands == [["del-port", "br1", "p1"]] and changes[0].details == {"bridge": "br1"}
    changes = plan_of(OvsPort({"name": "p1", "state": "absent"}, client()), ovs_state)
    assert changes[0].op.commands == [["del-port", "br1", "p1"]]
    assert plan_of(OvsPort({"name": "nope", "state": "absent"}, client()), ovs_state) == []


def test_bridge_own_port_is_refused():
    with pytest.raises(ConflictError) as error:
        plan_of(OvsPort({"name": "br0", "bridge": "br1"}, client()), state([bridge("br0"), bridge("br1")]))
    assert error.value.details == {"port": "br0"} and "own internal port of bridge 'br0'" in error.value.msg


def test_missing_bridge_is_a_missing_object():
    with pytest.raises(MissingObjectError):
        OvsPort({"name": "p1", "bridge": "br9"}, client()).select(state())


# --- converge: check mode and real run on one path ------------------------------------------------

def test_defect_a_check_mode_with_pending_change_reports_and_writes_nothing():
    fake = StaticState(state([bridge("br0", ports=["p1"])], [port("p1", "br0", tag=1)], [interface("p1")]))
    p = OvsPort({"name": "p1", "bridge": "br0", "tag": 2, "external_ids": {"a": "1", "b": "2"}}, fake)
    outcome = converge(p, check_mode=True)
    assert outcome.changed and fake.transactions == []
    assert outcome.after["tag"] == 2 and outcome.before["tag"] == 1
    outcome = converge(p, check_mode=False)
    assert len(fake.transactions) == 1  # one transaction for all the changes


def test_check_mode_missing_bridge_is_a_warning_and_real_run_fails():
    fake = StaticState(state())
    outcome = converge(OvsPort({"name": "p1", "bridge": "br1"}, fake), check_mode=True)
    assert outcome.changed and outcome.missing == {"kind": "bridge", "name": "br1"} and outcome.warnings
    with pytest.raises(MissingObjectError):
        converge(OvsPort({"name": "p1", "bridge": "br1"}, fake), check_mode=False)
    assert fake.transactions == []


def test_converge_many_one_read_one_transaction():
    fake = StaticState(state([bridge("br0")]))
    resources = [OvsPort({"name": "p%d" % i, "bridge": "br0", "type": "internal"}, fake) for i in range(50)]
    outcomes = converge_many(fake, resources, check_mode=False)
    assert fake.reads == 1 and len(fake.transactions) == 1
    assert len(fake.transactions[0]) == 100 and all(o.changed for o in outcomes)


def test_client_transaction_is_one_chained_argv():
    runner = RecordingRunner()
    p = OvsPort({"name": "p1", "bridge": "br0", "tag": 3}, client(runner))
    p.apply(plan_of(p, state([bridge("br0")])))
    assert runner.calls == [["ovs-vsctl", "--db=unix:/test/db.sock", "--timeout=60", "--", "add-port", "br0", "p1",
                             "tag=3", 'external_ids:"linuxnet_owner"="linuxnet"']]


def test_a_column_copy_shares_no_container_with_the_read_state():
    external_ids, trunks = {"linuxnet_owner": "linuxnet"}, [10, 20]
    copied_map, copied_set = copy_column(external_ids), copy_column(trunks)
    copied_map["x"] = "y"
    copied_set.append(30)
    assert external_ids == {"linuxnet_owner": "linuxnet"} and trunks == [10, 20]
    assert copy_column("system") == "system" and copy_column(None) is None


def test_a_row_copy_takes_the_keys_asked_and_shares_no_container():
    row = {"name": "p1", "tag": 3, "trunks": [10], "external_ids": {"a": "b"}, "extra": 1}
    copied = copy_columns(row, ("name", "trunks", "external_ids"))
    assert copied == {"name": "p1", "trunks": [10], "external_ids": {"a": "b"}}
    copied["trunks"].append(20)
    copied["external_ids"]["c"] = "d"
    assert row["trunks"] == [10] and row["external_ids"] == {"a": "b"}
