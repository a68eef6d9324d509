# -*- coding: utf-8 -*-
"""A port that passes no frames is drift: found from one read, repaired in two transactions."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.datapath import packet_ifindexes, receiving_ifindexes
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.port import OvsPort
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import transactions
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import OvsState

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import bridge, client, interface, port, state

PACKET_TABLE = """sk               RefCnt Type Proto  Iface R Rmem   User   Inode
000000009eabaa75 2      3    0003   -1    0 0      0      101
000000003aff5e96 3      3    0003   5     1 0      0      102
00000000b703d6b1 2      3    0000   0     0 0      0      103
00000000c0ffee00 3      3    0003   9     1 0      0      999
"""


def test_packet_table_gives_the_bound_ifindexes_of_the_given_sockets_only():
    # 101 was unbound by the kernel when its device went (-1); 999 is not ovs-vswitchd's
    assert packet_ifindexes(PACKET_TABLE, {101, 102, 103}) == frozenset([5])
    assert packet_ifindexes("", {1}) == frozenset()


@pytest.mark.parametrize("db", ["tcp:192.0.2.1:6640", "unix:/nonexistent/db.sock"])
def test_receiving_cannot_be_told_for_a_remote_database_or_without_pidfile(db):
    assert receiving_ifindexes(db) is None


def lab(receiving=frozenset([5]), datapath="netdev", **interface_columns):
    columns = dict({"ofport": 1, "error": None, "ifindex": 5}, **interface_columns)
    ovs_state = state(bridges=[bridge("br0", ["veth0"], datapath_type=datapath)],
                      ports=[port("veth0", "br0", tag=10, external_ids={"linuxnet_owner": "linuxnet", "site": "a"})],
                      interfaces=[interface("veth0", **columns)])
    return OvsState(ovs_state.bridges, ovs_state.ports, ovs_state.interfaces, receiving)


@pytest.mark.parametrize("ovs_state, fault", [
    (lab(), None),
    (lab(error="could not open network device veth0 (No such device)"), "No such device"),
    (lab(ofport=-1), "no OpenFlow port (ofport -1)"),
    (lab(ofport=None), "no OpenFlow port (ofport empty)"),
    (lab(ifindex=0), "its device is gone"),
    (lab(ifindex=7), "does not receive from its device (ifindex 7"),
    (lab(ifindex=7, receiving=None), None),     # cannot be told: only OVSDB counts
    (lab(ifindex=7, datapath="system"), None),  # the kernel datapath follows its devices
    (lab(ifindex=7, type="internal"), None),    # a tap of ovs-vswitchd's own, no packet socket
    (lab(type="patch", ofport=-1, error="No usable peer 'p0' exists in 'netdev' datapath."), None),  # waits
])
def test_fault(ovs_state, fault):
    found = ovs_state.fault("veth0")
    assert found == fault if fault is None else fault in found


def test_a_planned_interface_has_no_fault():
    ovs_state = lab()
    ovs_state.interfaces["veth0"] = {"name": "veth0", "type": "system", "options": {}, "mtu_request": None,
                                     "ofport_request": None}
    assert ovs_state.fault("veth0") is None


class Client:
    """The fakes' OvsdbClient reading a given state and recording each transaction."""

    def __init__(self, ovs_state):
        self.ovs_state = ovs_state
        self.real = client()
        self.transactions = []

    def read(self):
        return self.ovs_state

    def argv(self, commands, *args):
        return self.real.argv(commands, *args)

    def transact_all(self, transactions_):
        self.transactions.extend(transactions_)


def test_a_faulty_port_is_repaired_in_two_transactions_keeping_its_columns():
    fake = Client(lab(ifindex=7))
    outcome = converge(OvsPort({"name": "veth0", "bridge": "br0"}, fake), check_mode=False)
    assert outcome.changed and [c.action for c in outcome.changes] == ["repair"]
    assert "does not receive" in outcome.before["fault"] and "fault" not in outcome.after
    assert fake.transactions == [
        [["del-port", "br0", "veth0"]],
        [["add-port", "br0", "veth0", "tag=10", 'external_ids:"linuxnet_owner"="linuxnet"',
          'external_ids:"site"="a"']]]
    assert len(outcome.changes[0].command) == 2  # the argv of each transaction


def test_a_repair_carries_what_the_task_asks_for_too():
    fake = Client(lab(error="x"))
    outcome = converge(OvsPort({"name": "veth0", "bridge": "br0", "tag": 20, "mtu_request": 1400}, fake), False)
    assert [c.action for c in outcome.changes] == ["repair"]
    assert fake.transactions[1][0][3] == "tag=20" and fake.transactions[1][1] == ["set", "Interface", "veth0",
                                                                                  "mtu_request=1400"]


def test_check_mode_reports_the_repair_and_writes_nothing():
    fake = Client(lab(ofport=-1))
    outcome = converge(OvsPort({"name": "veth0", "bridge": "br0"}, fake), check_mode=True)
    assert outcome.changed and fake.transactions == []


def test_a_healthy_port_is_unchanged_and_a_faulty_one_is_still_removed():
    assert not converge(OvsPort({"name": "veth0", "bridge": "br0", "tag": 10}, Client(lab())), False).changed
    fake = Client(lab(error="x"))
    outcome = converge(OvsPort({"name": "veth0", "state": "absent"}, fake), False)
    assert [c.action for c in outcome.changes] == ["delete"] and fake.transactions == [[["del-port", "br0", "veth0"]]]


def test_a_port_whose_device_the_run_makes_again_is_repaired_whatever_ovsdb_shows():
    reading = OvsPort({"name": "veth0", "bridge": "br0"}, client()).select(lab(), device_made=True)
    assert reading.before["fault"] == "its device is made again by this run"


def test_transactions_are_one_unless_a_change_needs_its_first_commands_applied():
    resource = OvsPort({"name": "veth0", "bridge": "br0", "tag": 5}, client())
    tag_change = resource.plan(resource.select(lab()).before)
    assert transactions(tag_change) == [[["set", "Port", "veth0", "tag=5"]]]
    repair = resource.plan(resource.select(lab(ofport=-1)).before)
    both = transactions(tag_change + repair)
    assert both[0] == [["del-port", "br0", "veth0"]] and len(both) == 2
