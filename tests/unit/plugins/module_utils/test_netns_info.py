# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns_info's report of Open vSwitch, read through the collection's OVSDB client."""

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.info import ovs_view, read_ovs
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import ovsdb_session

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.ovs_fakes import (
    RecordingRunner, bridge, client, interface, list_output, port, state)
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.test_ovsdb import TABLES


def test_view_lists_every_port_of_a_bridge_with_its_interfaces():
    ovs_state = state(bridges=[bridge("br0", ["veth7", "vx0"]), bridge("br1", datapath_type="system")],
                      ports=[port("veth7", "br0", tag=10), port("vx0", "br0")],
                      interfaces=[interface("veth7", ofport=1), interface("vx0", type="vxlan", ofport=2)])
    assert ovs_view(ovs_state) == {"available": True, "bridges": {
        "br0": {"datapath_type": "netdev", "ports": {
            "br0": {"tag": None, "interfaces": {"br0": {"type": "internal", "ofport": 1}}},
            "veth7": {"tag": 10, "interfaces": {"veth7": {"type": "system", "ofport": 1}}},
            "vx0": {"tag": None, "interfaces": {"vx0": {"type": "vxlan", "ofport": 2}}}}},
        "br1": {"datapath_type": "system", "ports": {
            "br1": {"tag": None, "interfaces": {"br1": {"type": "internal", "ofport": 1}}}}},
    }}


def test_view_of_a_bond_and_of_a_port_no_bridge_holds():
    ovs_state = state(bridges=[bridge("br0", ["bond0"])],
                      ports=[port("bond0", "br0", interfaces=["e1", "e2"]), port("stray", None)],
                      interfaces=[interface("e1", ofport=3), interface("e2", ofport=4)])
    ports = ovs_view(ovs_state)["bridges"]["br0"]["ports"]
    assert sorted(ports) == ["bond0", "br0"]
    assert ports["bond0"]["interfaces"] == {"e1": {"type": "system", "ofport": 3},
                                            "e2": {"type": "system", "ofport": 4}}


def test_read_is_one_ovs_vsctl_call_through_the_client():
    runner = RecordingRunner(list_output(TABLES))
    report = read_ovs(_Opened(client(runner)))
    assert len(runner.calls) == 1 and runner.calls[0][1] == "--db=unix:/test/db.sock"
    assert report["available"] is True
    assert report["bridges"]["br0"]["ports"]["veth7"] == {
        "tag": 10, "interfaces": {"veth7": {"type": "system", "ofport": None}}}
    assert report["bridges"]["br0"]["ports"]["br0"]["interfaces"]["br0"] == {"type": "internal", "ofport": 65534}


def test_database_not_answering_is_reported_not_raised():
    runner = RecordingRunner(rc=1, err="ovs-vsctl: unix:/test/db.sock: database connection failed (No such file)")
    report = read_ovs(_Opened(client(runner)))
    assert report["available"] is False and report["bridges"] == {}
    assert "unix:/test/db.sock" in report["reason"] and "not answering" in report["reason"]


def test_garbage_from_ovs_vsctl_is_reported_not_raised():
    report = read_ovs(_Opened(client(RecordingRunner("not json\n"))))
    assert report["available"] is False and "could not parse" in report["reason"]


def test_ovs_vsctl_not_installed_is_reported_not_raised():
    report = read_ovs(ovsdb_session(_ModuleWithoutOvs()))
    assert report == {"available": False, "bridges": {}, "reason": report["reason"]}
    assert report["reason"].startswith("ovs-vsctl not found")


class _Opened:
    """A context manager handing out an already made client, the way ovsdb_session does."""

    def __init__(self, ovsdb_client):
        self.ovsdb_client = ovsdb_client

    def __enter__(self):
        return self.ovsdb_client

    def __exit__(self, *exc_info):
        return False


class _ModuleWithoutOvs:
    params = {}

    @staticmethod
    def get_bin_path(name):
        return None
