# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module entry points, run by ansible itself (ad hoc, connection local) inside the sandbox."""

import json
import os
import re
import subprocess

from conftest import COLLECTIONS, ROOT, SANDBOX_HOSTNAME, ip, links
from ovs_kernel_helpers import vsctl

ANSIBLE = os.path.join(ROOT, ".venv", "bin", "ansible")
RESULT_LINE = re.compile(r"^localhost \| ([A-Z]+)!? => \{", re.M)


def module(name, args, *extra):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_DEPRECATION_WARNINGS="0",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    result = subprocess.run([ANSIBLE, "localhost", "-c", "local", "-m", "linuxnet.netns." + name,
                             "-a", json.dumps(args)] + list(extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            env=env, timeout=120, cwd=ROOT, check=False)
    # the default callback prints "localhost | CHANGED => {...json...}" (after the diff, if any)
    match = RESULT_LINE.search(result.stdout)
    assert match, result.stdout + result.stderr
    output, _end = json.JSONDecoder().raw_decode(result.stdout, match.end() - 1)
    output["_stderr"] = result.stderr
    output["failed"] = match.group(1) == "FAILED"
    return output


def test_veth_module_four_ways(make_netns):
    blue = make_netns()
    args = {"name": "ktv0", "peer": "ktv1", "peer_netns": blue}
    checked = module("veth", args, "--check", "--diff")
    assert checked["changed"] and checked["before"] is None and "ktv0" not in links(None)
    assert module("veth", args)["changed"]
    again = module("veth", args)
    assert not again["changed"] and again["veth"]["peer"]["netns"] == blue
    assert not module("veth", args, "--check")["changed"]


def test_module_failure_names_field_and_value():
    failed = module("ns_addr", {"dev": "lo", "address": ["10.0.2.0/24"]})
    assert failed["failed"] and failed["field"] == "address" and failed["value"] == "10.0.2.0/24"


def test_missing_namespace_in_check_mode_is_a_warning(make_netns):
    ghost = make_netns(create=False)
    checked = module("ns_addr", {"dev": "veth1", "netns": ghost, "address": ["10.0.2.1/24"]}, "--check")
    assert checked["changed"] and checked["missing"] == {"kind": "netns", "name": ghost}
    assert "check mode assumes an earlier task creates it" in checked["_stderr"]
    failed = module("ns_addr", {"dev": "veth1", "netns": ghost, "address": ["10.0.2.1/24"]})
    assert failed["failed"] and "does not exist" in failed["msg"]


def test_info_module_runs(make_netns):
    blue = make_netns()
    info = module("netns_info", {"netns": [blue]})["netns_info"]
    assert list(info["namespaces"]) == [blue] and "lo" in info["host"]["links"]
    assert info["ovs"]["available"] is True, info["ovs"]  # the sandbox's OVS, read through the OVSDB client


def test_info_module_renders_what_it_found(make_netns):
    """render: the namespaces, the OVS bridge and the veth pairs made here are in the pictures."""
    blue = make_netns()
    ip("link", "add", "ktv0", "type", "veth", "peer", "name", "ktv1", "netns", blue)
    ip("link", "add", "ktv2", "type", "veth", "peer", "name", "ktv3")
    vsctl("add-br", "ktbr0", "--", "set", "bridge", "ktbr0", "datapath_type=netdev",
          "--", "add-port", "ktbr0", "ktv0")
    try:
        result = module("netns_info", {"netns": [blue], "render": ["mermaid", "dot"]})
    finally:
        vsctl("--if-exists", "del-br", "ktbr0")
    mermaid = result["rendered"]["mermaid"]
    assert mermaid.startswith("---\ntitle: %s\n---\nflowchart LR\n" % SANDBOX_HOSTNAME), mermaid
    nodes = dict(re.findall(r'^    (n\d+)\S*?"([^"<]+)', mermaid, re.M))  # id -> title
    by_title = dict((title, node_id) for node_id, title in nodes.items())
    assert {blue, "ktbr0 (OVS, netdev)", SANDBOX_HOSTNAME} <= set(by_title), mermaid
    assert '  %s ---|"ktv0 / ktv1"| %s' % (by_title["ktbr0 (OVS, netdev)"], by_title[blue]) in mermaid
    assert "ktv2 / ktv3" not in mermaid  # both ends on the host's own node: no line
    dot = result["rendered"]["dot"]
    assert '[label="%s", shape=ellipse];' % blue in dot and '[label="ktbr0 (OVS, netdev)", shape=box3d];' in dot
    drawn = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60, check=False)
    assert drawn.returncode == 0 and "<svg" in drawn.stdout, drawn.stderr
