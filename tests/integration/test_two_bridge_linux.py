# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two_bridge role with Linux bridges (``two_bridge_bridges[].type: linux``) on a lab host over
SSH, checked by the verify role: the seed's reachability (red reaches blue joined, not isolated),
re-runs unchanged, and removal. A lab of its own (one host), taken down also on failure."""

import json
import re

from test_two_bridge import BASE, PLAYBOOK, ok, out, recap

LINUX = dict(BASE, two_bridge_bridges=[{"name": "br0", "address": None, "type": "linux"},
                                       {"name": "br1", "address": "10.0.2.22/24", "type": "linux"}])


def test_linux_bridges_reproduce_the_seed_joined_and_isolated(new_lab):
    lab = new_lab(hosts=1, prefix="ilnx")
    ok(lab.up())
    try:
        host = lab.hosts[0]

        def play(check=False, **extra):
            return lab.playbook(PLAYBOOK, extra_vars=dict(LINUX, target=host, **extra), check=check)

        result = ok(play(verify=True))
        assert recap(result, host)["changed"] > 0
        assert re.search(r"red\s+10\.0\.2\.100\s+blue@\S+\s+reachable\s+reachable", result.stdout), result.stdout
        kinds = dict((item["ifname"], item.get("linkinfo", {}).get("info_kind"))
                     for item in json.loads(out(lab, host, "ip", "-j", "-d", "link", "show")))
        assert kinds["br0"] == "bridge" and kinds["br1"] == "bridge"
        assert "veth0" not in out(lab, host, "ovs-vsctl", "show")  # no OVS port: a Linux bridge's
        assert recap(ok(play()), host)["changed"] == 0
        assert recap(ok(play(check=True)), host)["changed"] == 0

        isolated = ok(play(two_bridge_mode="isolated", verify=True))
        assert re.search(r"red\s+10\.0\.2\.100\s+blue@\S+\s+unreachable\s+unreachable\s+-\s+OK", isolated.stdout), \
            isolated.stdout
        assert recap(ok(play(two_bridge_mode="isolated")), host)["changed"] == 0

        assert recap(ok(play(two_bridge_state="absent")), host)["changed"] > 0
        assert out(lab, host, "ip", "netns", "list").strip() == ""
        assert "br0" not in out(lab, host, "ip", "-o", "link", "show")
        assert recap(ok(play(two_bridge_state="absent")), host)["changed"] == 0
    finally:
        ok(lab.down())
