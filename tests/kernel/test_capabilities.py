# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The netlink modules need CAP_NET_ADMIN and CAP_SYS_ADMIN and nothing else (docs/security.md).

ansible itself runs under ``setpriv`` with every other capability dropped from the bounding,
inheritable and ambient sets, so the module it starts has exactly those two; the same modules then
run without CAP_NET_ADMIN and must fail with a clear message, not a traceback. Inside the sandbox.
"""

import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import COLLECTIONS, ROOT, ip_json, links
from ovs_kernel_helpers import client, vsctl  # noqa: F401 pylint: disable=unused-import

ANSIBLE = os.path.join(ROOT, ".venv", "bin", "ansible")
RESULT_LINE = re.compile(r"^localhost \| ([A-Z]+)!? => \{", re.M)
CAP_NET_ADMIN, CAP_SYS_ADMIN = 12, 21

pytestmark = pytest.mark.skipif(not shutil.which("setpriv"), reason="setpriv (util-linux) is not installed")


def with_caps(*caps):
    """setpriv argv prefix: the process and everything it runs keep only ``caps``."""
    spec = ",".join(["-all"] + ["+" + cap for cap in caps])
    return ["setpriv", "--inh-caps=" + spec, "--ambient-caps=" + spec, "--bounding-set=" + spec, "--"]


def effective_caps(prefix):
    """The effective capability mask of a process started under ``prefix``."""
    status = subprocess.run(prefix + ["cat", "/proc/self/status"], stdout=subprocess.PIPE,
                            universal_newlines=True, timeout=10, check=True).stdout
    return int(re.search(r"^CapEff:\s*([0-9a-f]+)$", status, re.M).group(1), 16)


def module(prefix, name, args):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_DEPRECATION_WARNINGS="0",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    result = subprocess.run(prefix + [ANSIBLE, "localhost", "-c", "local", "-m", "linuxnet.netns." + name,
                                      "-a", json.dumps(args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            env=env, timeout=120, cwd=ROOT, check=False)
    match = RESULT_LINE.search(result.stdout)
    assert match, result.stdout + result.stderr
    output, _end = json.JSONDecoder().raw_decode(result.stdout, match.end() - 1)
    output["failed"] = match.group(1) == "FAILED"
    output["_text"] = result.stdout + result.stderr
    return output


def test_setpriv_leaves_exactly_the_two_capabilities():
    assert effective_caps(with_caps("net_admin", "sys_admin")) == (1 << CAP_NET_ADMIN) | (1 << CAP_SYS_ADMIN)
    assert effective_caps(with_caps("sys_admin")) == 1 << CAP_SYS_ADMIN


def test_netns_veth_addr_with_net_admin_and_sys_admin_only(make_netns):
    blue = make_netns(create=False)
    prefix = with_caps("net_admin", "sys_admin")
    created = module(prefix, "netns", {"name": blue})
    assert not created["failed"] and created["changed"], created["_text"]
    veth = module(prefix, "veth", {"name": "kcap0", "peer": "kcap1", "peer_netns": blue})
    assert not veth["failed"] and veth["changed"], veth["_text"]
    addr = module(prefix, "ns_addr", {"dev": "kcap1", "netns": blue, "address": ["10.0.9.1/24"]})
    assert not addr["failed"] and addr["changed"], addr["_text"]
    assert "kcap0" in links(None)
    assert [info["local"] for link in ip_json(blue, "-4", "addr", "show", "dev", "kcap1")
            for info in link["addr_info"]] == ["10.0.9.1"]


def test_route_and_vxlan_with_net_admin_and_sys_admin_only(make_netns):
    blue = make_netns()
    prefix = with_caps("net_admin", "sys_admin")
    assert not module(prefix, "ns_addr", {"dev": "lo", "netns": blue, "address": ["10.0.9.1/32"]})["failed"]
    route = module(prefix, "ns_route", {"netns": blue, "dest": "10.0.10.0/24", "dev": "lo"})
    assert not route["failed"] and route["changed"], route["_text"]
    vxlan = module(prefix, "vxlan", {"name": "kcapvx", "netns": blue, "vni": 4243, "remotes": ["192.0.2.9"]})
    assert not vxlan["failed"] and vxlan["changed"], vxlan["_text"]
    assert [r["dst"] for r in ip_json(blue, "route", "show", "10.0.10.0/24")] == ["10.0.10.0/24"]
    assert [link["ifname"] for link in ip_json(blue, "link", "show", "type", "vxlan")] == ["kcapvx"]


def test_topology_with_net_admin_and_sys_admin_only(make_netns, client):  # noqa: F811
    """Netlink and OVS in one call: the OVSDB socket is root's own (no DAC override needed)."""
    blue = make_netns(create=False)
    prefix = with_caps("net_admin", "sys_admin")
    made = module(prefix, "topology", {
        "namespaces": [{"name": blue}],
        "veths": [{"name": "kcap4", "peer": "kcap5", "peer_netns": blue}],
        "addresses": [{"dev": "kcap5", "netns": blue, "address": ["10.0.11.1/24"]}],
        "routes": [{"netns": blue, "dest": "default", "gateway": "10.0.11.254"}],
        "bridges": [{"name": "kcapbr", "datapath_type": "netdev"}],
        "ports": [{"name": "kcap4", "bridge": "kcapbr"}]})
    assert not made["failed"] and made["changed"], made["_text"]
    assert vsctl("list-ports", "kcapbr").split() == ["kcap4"]
    assert [r["gateway"] for r in ip_json(blue, "route", "show", "default")] == ["10.0.11.254"]


def test_netns_info_with_sys_admin_only(make_netns):
    blue = make_netns()
    read = module(with_caps("sys_admin"), "netns_info", {"netns": [blue]})
    assert not read["failed"], read["_text"]
    info = read["netns_info"]
    assert "lo" in info["namespaces"][blue]["links"] and "lo" in info["host"]["links"], info
    assert info["ovs"]["available"] is True, info["ovs"]


@pytest.mark.parametrize("name, args", [
    ("veth", {"name": "kcap2", "peer": "kcap3"}),
    ("ns_addr", {"dev": "lo", "address": ["10.0.9.2/32"]}),
])
def test_without_net_admin_a_clear_failure(name, args):
    failed = module(with_caps("sys_admin"), name, args)
    assert failed["failed"], failed["_text"]
    assert "Traceback" not in failed["_text"] and "MODULE FAILURE" not in failed["_text"], failed["_text"]
    assert "Operation not permitted (needs CAP_NET_ADMIN" in failed["msg"], failed["msg"]
    assert "kcap2" not in links(None)
    print("%s without CAP_NET_ADMIN: %s" % (name, failed["msg"]))
