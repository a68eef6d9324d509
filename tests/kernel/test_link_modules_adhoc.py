# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_link and ns_device run by ansible itself (ad hoc, connection local) inside the sandbox: the
module files, their argument specs and AnsiballZ payloads, the four ways and a refusal."""

from conftest import ip, links
from test_modules_adhoc import module


def test_ns_link_module_four_ways_and_absent_twice(make_netns):
    blue = make_netns()
    args = {"name": "br9", "netns": blue, "kind": "bridge"}
    checked = module("ns_link", args, "--check", "--diff")
    assert checked["changed"] and checked["before"] is None and "br9" not in links(blue)
    made = module("ns_link", args)
    assert made["changed"] and made["link"]["kind"] == "bridge" and "br9" in links(blue)
    assert not module("ns_link", args)["changed"]
    assert not module("ns_link", args, "--check")["changed"]
    gone = dict(args, state="absent")
    assert module("ns_link", gone)["changed"] and not module("ns_link", gone)["changed"]


def test_ns_link_refuses_an_unknown_kind_and_a_vlan_id_naming_them(make_netns):
    blue = make_netns()
    unknown = module("ns_link", {"name": "x0", "netns": blue, "kind": "bond"})
    assert unknown["failed"] and "kind" in unknown["msg"] and "bond" in unknown["msg"]
    vlan = module("ns_link", {"name": "x0", "netns": blue, "kind": "vlan", "parent": "lo", "vlan_id": 4095})
    assert vlan["failed"] and vlan["field"] == "vlan_id" and vlan["value"] == 4095
    assert sorted(links(blue)) == ["lo"]


def test_ns_device_module_moves_and_refuses_a_missing_device(make_netns):
    home, lab = make_netns(), make_netns()
    ip("-n", home, "link", "add", "nic9", "type", "veth", "peer", "name", "nic9p")
    ip("-n", home, "addr", "add", "10.9.0.1/24", "dev", "nic9")
    moved = module("ns_device", {"name": "nic9", "netns": lab}, "--diff")
    assert moved["changed"] and moved["device"]["addresses"] == ["10.9.0.1/24"] and "nic9" in links(lab)
    assert not module("ns_device", {"name": "nic9", "netns": lab})["changed"]
    missing = module("ns_device", {"name": "nosuch9", "netns": lab, "wait": 0})
    assert missing["failed"] and missing["field"] == "name" and missing["value"] == "nosuch9"
