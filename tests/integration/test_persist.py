# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Persistence across a real reboot (topology ``persist``, docs/persistence.md) on systemd machines
of both distributions: Debian 12 (pmach1) and Debian 13 (pmach2), joined by the overlay.

site.yml with two_bridge_persist (owner linuxnet, and the overlay role's owner overlay) and a second
owner (extra: a route and a sysctl) and a small HTTP server bound to blue (netns_service); check mode writes nothing; then both machines reboot and,
with no Ansible run, every object is back, traffic passes over the bridges and across hosts, and red
fetches the page of the server in blue;
site.yml is then changed=0. A second start changes nothing; a file edited by hand into something
invalid fails the unit naming the file and the field, and changes nothing; persist false and
state deleted remove file and unit, and neither owner touches the other's.

About 130 s on an idle machine, 11 min at a load average of 22 on 2 cores (two machines, five
site.yml runs and three small playbooks, one reboot of each machine).
"""

import json
import os
import re

import pytest

PLAYBOOKS = os.path.join(os.path.dirname(__file__), "playbooks")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SITE = os.path.join(REPO, "playbooks", "site.yml")
EXTRA = os.path.join(PLAYBOOKS, "persist_extra.yml")
MACHINES = ("--kind", "machine", "--distribution", "bookworm,trixie")
PERSIST = {"two_bridge_persist": True, "two_bridge_overlay": "vxlan"}
UNITS = {"linuxnet": "linuxnet-netns-topology@linuxnet.service",
         "overlay": "linuxnet-netns-topology@overlay.service",
         "extra": "linuxnet-netns-topology@extra.service"}
CONFIG = "/etc/linuxnet-netns/topology"
TEMPLATE = "/etc/systemd/system/linuxnet-netns-topology@.service"
ENGINE = "/usr/local/lib/linuxnet-netns/topology-engine.zip"
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
# each host's blue and red (the overlay moves every address into the host's block of 10.0.0.0/16)
BLUE = {"pmach1": "10.0.2.100", "pmach2": "10.0.3.100"}
RED = {"pmach1": "10.0.2.101", "pmach2": "10.0.3.101"}


def ok(result):
    assert result.returncode == 0, "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-3000:])
    return result.stdout


def changed(stdout):
    return dict((host, int(counts[1])) for host, *counts in RECAP.findall(stdout))


def on(lab, host, *argv):
    return ok(lab.exec(host, list(argv))).strip()


def ls(lab, host, *paths):
    """Which of ``paths`` exist on ``host``."""
    return [path for path in paths if lab.exec(host, ["test", "-e", path]).returncode == 0]


def ns_reaches(lab, host, netns, address, tries=5):
    """A ping from the namespace ``netns`` of ``host`` to ``address`` (made by the test) answered within
    ``tries`` attempts of 2 s (the first after a boot waits for ARP and the datapath's first upcall,
    slow on a loaded machine); on failure, what OVS shows goes to the test's output."""
    for _attempt in range(tries):
        if lab.exec(host, ["ip", "netns", "exec", netns, "ping", "-c", "1", "-W", "2", address]).returncode == 0:
            return True
    print(lab.exec(host, ["ovs-vsctl", "--timeout=10", "--columns=name,ofport,error", "list", "interface"]).stdout)
    print(lab.exec(host, ["ovs-appctl", "--timeout=10", "dpif/show"]).stdout)
    return False


FETCH = ("import sys, urllib.request\n"
         "print(urllib.request.urlopen('http://%s:8080/' % sys.argv[1], timeout=5).read().decode())")


def red_fetches_from_blue(lab, host):
    """The page of the server bound to blue, fetched from red over extra's veth pair (real TCP)."""
    return on(lab, host, "ip", "netns", "exec", "red", "python3", "-c", FETCH, "10.9.1.1")


def served_from_blue(lab, host):
    pid = on(lab, host, "systemctl", "show", "--property=MainPID", "--value", "linuxnet-web.service")
    return on(lab, host, "ip", "netns", "identify", pid) == "blue" and red_fetches_from_blue(lab, host) == \
        "served from blue"


def picture(lab, host):
    """What the persisted topologies make, read on the host (ip -j and ovs-vsctl, not the modules)."""
    links = {}
    for netns in [None, "blue", "red", "green"]:
        argv = ["ip", "-j"] + (["-n", netns] if netns else []) + ["addr", "show"]
        for link in json.loads(on(lab, host, *argv)):
            if link["ifname"] == "lo" or link["ifname"].startswith(("host0", "ovs-")):
                continue
            links["%s@%s" % (link["ifname"], netns or "host")] = (
                link["mtu"], "UP" in link["flags"],
                sorted("%s/%s" % (a["local"], a["prefixlen"]) for a in link.get("addr_info", [])
                       if a["family"] == "inet"))
    routes = json.loads(on(lab, host, "ip", "-j", "-n", "green", "route", "show", "10.8.0.0/24"))
    ports = {}
    for bridge in on(lab, host, "ovs-vsctl", "--timeout=10", "list-br").split():
        for port in on(lab, host, "ovs-vsctl", "--timeout=10", "list-ports", bridge).split():
            error = on(lab, host, "ovs-vsctl", "--timeout=10", "get", "interface", port, "error")
            ports[port] = (bridge, error)
    return {"netns": sorted(on(lab, host, "ip", "netns", "list").split()),
            "links": links, "routes": [(r["dst"], r.get("gateway")) for r in routes],
            "forwarding": on(lab, host, "ip", "netns", "exec", "green", "sysctl", "-n", "net.ipv4.ip_forward"),
            "ports": ports}


@pytest.fixture(scope="module")
def machines(new_lab):
    lab = new_lab(hosts=2, prefix="pmach", extra_args=MACHINES)
    result = lab.up()
    if result.returncode != 0:
        pytest.fail("machines did not come up: %s" % result.stderr, pytrace=False)
    yield lab
    ok(lab.down())


@pytest.fixture(scope="module")
def persisted(machines):
    """site.yml with persistence and the extra owner: check mode first (nothing written; after the
    prerequisites, which start Open vSwitch), then the run, then the re-run (changed=0). Returns
    each host's picture as built."""
    ok(machines.playbook(os.path.join(PLAYBOOKS, "prerequisites.yml")))
    check = ok(machines.playbook(SITE, extra_vars=PERSIST, check=True))
    assert all(count > 0 for count in changed(check).values()), check
    for host in machines.hosts:
        assert ls(machines, host, CONFIG, TEMPLATE, ENGINE) == [], host  # check mode wrote nothing
    ok(machines.playbook(SITE, extra_vars=PERSIST))
    ok(machines.playbook(EXTRA))
    again = ok(machines.playbook(SITE, extra_vars=PERSIST))
    assert changed(again) == {"pmach1": 0, "pmach2": 0}, again
    for host in machines.hosts:
        assert served_from_blue(machines, host), host
    return dict((host, picture(machines, host)) for host in machines.hosts)


def test_the_files_and_units_one_per_owner(machines, persisted):
    for host in machines.hosts:
        assert sorted(on(machines, host, "ls", CONFIG).split()) == ["extra.json", "linuxnet.json", "overlay.json"]
        for owner, unit in UNITS.items():
            assert on(machines, host, "systemctl", "is-enabled", unit) == "enabled"
            document = json.loads(on(machines, host, "cat", "%s/%s.json" % (CONFIG, owner)))
            assert (document["owner"], document["state"], document["format"]) == (owner, "merged", 1)
        assert on(machines, host, "stat", "-c", "%a", "%s/linuxnet.json" % CONFIG) == "600"
        # the overlay's and extra's units start after the layout's (they build on its veths, namespaces)
        for owner in ("overlay", "extra"):
            assert UNITS["linuxnet"] in on(machines, host, "systemctl", "show", "-p", "After", UNITS[owner])
        # declared state only: the items as the module checked them, not what the host holds
        document = json.loads(on(machines, host, "cat", "%s/linuxnet.json" % CONFIG))
        assert sorted(item["name"] for item in document["items"]["namespaces"]) == ["blue", "red"]


def test_reboot_brings_everything_back_without_ansible(machines, persisted):
    for host in machines.hosts:
        result = json.loads(ok(machines.reboot(host)))
        assert result["boots"] >= 1
    for host in machines.hosts:
        assert on(machines, host, "systemctl", "is-system-running", "--wait") == "running"
        for unit in UNITS.values():
            assert on(machines, host, "systemctl", "is-active", unit) == "active"
        journal = on(machines, host, "journalctl", "-b", "-u", UNITS["linuxnet"], "--no-pager", "-o", "cat")
        assert "create netns blue" in journal and "owner linuxnet: " in journal
        assert picture(machines, host) == persisted[host]
        assert all(error == "[]" for _bridge, error in persisted[host]["ports"].values()), persisted[host]["ports"]
        # over the bridges (blue on br0, red on br1, joined by veth7/veth8), both ways
        assert ns_reaches(machines, host, "blue", RED[host]) and ns_reaches(machines, host, "red", BLUE[host])
        assert ns_reaches(machines, host, "green", "10.9.0.1")
    # the server bound to blue started after its namespace was made again, and red fetches its page
    for host in machines.hosts:
        assert served_from_blue(machines, host), host
    # across hosts, over the overlay
    assert ns_reaches(machines, "pmach1", "blue", BLUE["pmach2"])
    assert ns_reaches(machines, "pmach2", "red", BLUE["pmach1"])
    after = ok(machines.playbook(SITE, extra_vars=PERSIST))
    assert changed(after) == {"pmach1": 0, "pmach2": 0}, after


def test_a_second_start_changes_nothing(machines, persisted):
    for host in machines.hosts:
        on(machines, host, "systemctl", "restart", UNITS["linuxnet"])
        journal = on(machines, host, "journalctl", "-u", UNITS["linuxnet"], "-n", "3", "--no-pager", "-o", "cat")
        assert "owner linuxnet: 0 change(s)" in journal


def test_a_hand_edited_file_fails_the_unit_naming_file_and_field(machines, persisted):
    host = "pmach2"
    path = "%s/linuxnet.json" % CONFIG
    original = on(machines, host, "cat", path)
    document = json.loads(original)
    document["items"]["veths"][0]["mtu"] = "big"
    on(machines, host, "python3", "-c", "import sys; open(sys.argv[1], 'w').write(sys.argv[2])", path,
       json.dumps(document))
    # drift that the unit would repair, were the file valid
    on(machines, host, "ip", "-n", "blue", "addr", "del", BLUE[host] + "/16", "dev", "veth1")
    before = picture(machines, host)
    result = machines.exec(host, ["systemctl", "restart", UNITS["linuxnet"]])
    assert result.returncode != 0
    assert on(machines, host, "systemctl", "is-failed", UNITS["linuxnet"]) == "failed"
    journal = on(machines, host, "journalctl", "-u", UNITS["linuxnet"], "-n", "5", "--no-pager", "-o", "cat")
    assert "%s: items.veths[0]: " % path in journal and "mtu" in journal, journal
    assert picture(machines, host) == before  # nothing changed: blue's address is still missing
    # the file as it was: the unit starts again and repairs the drift
    on(machines, host, "python3", "-c", "import sys; open(sys.argv[1], 'w').write(sys.argv[2] + '\\n')", path, original)
    on(machines, host, "systemctl", "restart", UNITS["linuxnet"])
    journal = on(machines, host, "journalctl", "-u", UNITS["linuxnet"], "-n", "3", "--no-pager", "-o", "cat")
    assert "add address %s/16 on veth1@blue" % BLUE[host] in journal, journal
    assert picture(machines, host) == persisted[host]


def test_turning_it_off_removes_file_and_unit_owner_by_owner(machines, persisted):
    ok(machines.playbook(EXTRA, extra_vars={"persist_extra_state": "deleted"}))
    for host in machines.hosts:
        assert sorted(on(machines, host, "ls", CONFIG).split()) == ["linuxnet.json", "overlay.json"]
        assert machines.exec(host, ["systemctl", "is-enabled", UNITS["extra"]]).stdout.strip() != "enabled"
        assert "green" not in on(machines, host, "ip", "netns", "list")  # its objects went, the others stay
        assert machines.exec(host, ["ip", "-n", "blue", "link", "show", "b2r"]).returncode != 0
        assert ns_reaches(machines, host, "blue", RED[host])
    result = ok(machines.playbook(SITE, extra_vars=dict(PERSIST, two_bridge_persist=False)))
    assert all(count > 0 for count in changed(result).values())
    for host in machines.hosts:
        assert ls(machines, host, CONFIG + "/linuxnet.json", CONFIG + "/overlay.json", TEMPLATE, ENGINE) == []
        assert ns_reaches(machines, host, "blue", RED[host])  # the objects stay: only persistence went
