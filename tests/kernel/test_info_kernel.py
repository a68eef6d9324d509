# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns_info's gathering against the real kernel, and one Snapshot shared by many resources."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from conftest import ip

from ansible_collections.linuxnet.netns.plugins.module_utils._netns_info import gather
from ansible_collections.linuxnet.netns.plugins.module_utils._snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._veth import VethResource


def test_gather_resolves_peers_across_namespaces(make_netns, session):
    blue, red = make_netns(), make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", blue)
    ip("-n", blue, "link", "add", "ktv2", "type", "veth", "peer", "name", "ktv3", "netns", red)
    ip("-n", blue, "link", "add", "ktbr", "type", "bridge")
    ip("-n", blue, "link", "set", "ktv2", "master", "ktbr")
    ip("-n", red, "addr", "add", "10.0.3.1/24", "dev", "ktv3")
    ip("-n", red, "link", "set", "ktv3", "up")

    info = gather(Snapshot(session), only=[blue, red, "nosuch"])
    assert info["missing"] == ["nosuch"]
    assert sorted(info["namespaces"]) == sorted([blue, red])
    assert info["host"]["links"]["ktv0"]["peer"] == {"name": "ktv1", "netns": blue, "resolved": True}
    blue_links = info["namespaces"][blue]["links"]
    assert blue_links["ktv1"]["peer"] == {"name": "ktv0", "netns": None, "resolved": True}
    assert blue_links["ktv2"]["peer"]["netns"] == red and blue_links["ktv2"]["master"] == "ktbr"
    red_view = info["namespaces"][red]
    assert red_view["links"]["ktv3"]["addresses"][0] == "10.0.3.1/24"
    assert red_view["links"]["ktv3"]["state"] == "up"
    assert {"dest": "10.0.3.0/24", "dev": "ktv3"}.items() <= red_view["routes"][0].items()


def test_one_snapshot_plans_many_pairs(make_netns, session):
    blue = make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", blue)
    snapshot = Snapshot(session)
    wanted = [VethResource({"name": "ktv0", "peer": "ktv1", "peer_netns": blue, "up": False},
                           session, snapshot),
              VethResource({"name": "ktv4", "peer": "ktv5", "peer_netns": blue}, session, snapshot)]
    plans = [resource.plan(resource.read()) for resource in wanted]
    assert plans[0] == [] and plans[1][0].action == "create"


class CommandRunner(object):
    """The two AnsibleModule methods read_ovs uses, for a test outside a module."""

    @staticmethod
    def get_bin_path(name):
        import shutil
        return shutil.which(name)

    @staticmethod
    def run_command(argv, expand_user_and_vars=True):
        import subprocess
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=30, check=False)
        return result.returncode, result.stdout, result.stderr


def test_ovs_view_lists_bridges_and_ports(make_netns):
    import subprocess
    from ansible_collections.linuxnet.netns.plugins.module_utils._ovs_view import read_ovs

    ip("link", "add", "ktv7", "type", "veth", "peer", "name", "ktv8")
    vsctl = ["ovs-vsctl", "--timeout=10"]
    subprocess.run(vsctl + ["add-br", "ktbr0", "--", "set", "bridge", "ktbr0", "datapath_type=netdev",
                            "--", "add-port", "ktbr0", "ktv7", "tag=10"], check=True, timeout=30)
    try:
        view = read_ovs(CommandRunner())
        assert view["available"], view
        bridge = view["bridges"]["ktbr0"]
        assert bridge["datapath_type"] == "netdev"
        assert bridge["ports"]["ktv7"]["tag"] == 10
        assert bridge["ports"]["ktv7"]["interfaces"]["ktv7"]["type"] == "system"
        assert "ktbr0" in bridge["ports"]  # the bridge's own internal port
    finally:
        subprocess.run(vsctl + ["--if-exists", "del-br", "ktbr0"], check=False, timeout=30)


def test_ovs_view_without_ovs_vsctl():
    from ansible_collections.linuxnet.netns.plugins.module_utils._ovs_view import read_ovs

    class NoOvs(CommandRunner):
        @staticmethod
        def get_bin_path(name):
            return None

    assert read_ovs(NoOvs()) == {"available": False, "reason": "ovs-vsctl not found", "bridges": {}}
