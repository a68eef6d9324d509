# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rolling runs on a lab of three hosts with the vxlan overlay (two_bridge + overlay + verify, over SSH).

The mesh is planned from the inventory, so ``serial`` batches and ``--limit`` keep every tunnel to
the hosts outside the run: a first build batch by batch, re-runs in batches of 1 and 2 and runs
limited to one host change nothing on a converged lab, and blue reaches blue between every pair,
to and from the hosts outside the run, also once the neighbour caches are flushed (so the flood
lists, not learnt entries, carry the first packets). A member whose endpoint cannot be known is
refused, naming it; a fact cache from an earlier run is enough to know it.
"""

import os
import re

import pytest

from test_overlay import RECAP, blue_address, flood_list, ping

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "rolling.yml")
HOSTS = 3
# verify's pairs on one host: blue <-> red locally, and both of them to both namespaces of each other host
PAIRS = 2 + 2 * 2 * (HOSTS - 1)
PAIRS_OK = re.compile(r"^ok: \[(\S+)\] => \{\s+\"changed\": false,\s+\"msg\": \"(\d+) pairs as expected\"", re.M)


@pytest.fixture(scope="module")
def lab3(new_lab):
    lab = new_lab(hosts=HOSTS, prefix="roll")
    result = lab.up()
    if result.returncode != 0:
        pytest.fail("lab did not come up: %s" % result.stderr, pytrace=False)
    yield lab
    assert lab.down().returncode == 0


def run(lab, serial=None, limit=None, inventories=(), expect_ok=True, **extra_vars):
    """rolling.yml with the vxlan overlay; returns ({host: changed}, {host: verify's pairs}, result)."""
    extra_vars = dict({"two_bridge_overlay": "vxlan"}, **extra_vars)
    if serial:
        extra_vars["rolling_serial"] = serial
    result = lab.playbook(PLAYBOOK, extra_vars=extra_vars, limit=limit, inventories=inventories)
    recap = dict((host, (int(changed), int(unreachable) + int(failed)))
                 for host, changed, unreachable, failed in RECAP.findall(result.stdout))
    if expect_ok:
        assert result.returncode == 0 and recap and not any(bad for _c, bad in recap.values()), \
            "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-2000:])
    pairs = dict((host, int(count)) for host, count in PAIRS_OK.findall(result.stdout))
    return dict((host, changed) for host, (changed, _bad) in recap.items()), pairs, result


def flush_learnt(lab, host):
    """Forget what blue and the vxlan link learnt, so the next packets need the flood list."""
    for argv in (["ip", "netns", "exec", "blue", "ip", "neigh", "flush", "all"],
                 ["bridge", "fdb", "flush", "dev", "ovl-vxlan", "dynamic"]):
        result = lab.exec(host, argv)
        assert result.returncode == 0, result.stderr


def assert_traffic_with(lab, host):
    """Blue on ``host`` pings blue on every other host, and every other host's blue pings it."""
    index = lab.hosts.index(host)
    for other in lab.hosts:
        if other == host:
            continue
        there = ping(lab, host, blue_address(lab.hosts.index(other)), count=3)
        assert there.returncode == 0, "%s -> %s: %s%s" % (host, other, there.stdout, there.stderr)
        back = ping(lab, other, blue_address(index), count=3)
        assert back.returncode == 0, "%s -> %s: %s%s" % (other, host, back.stdout, back.stderr)


def flood_lists(lab):
    return dict((host, flood_list(lab, host)) for host in lab.hosts)


def test_a_first_build_in_batches_of_one(lab3):
    changed, pairs, _result = run(lab3, serial=1)
    assert set(changed) == set(lab3.hosts) and all(count > 0 for count in changed.values())
    # a batch checks the hosts built before it; the last one checks them all
    assert pairs[lab3.hosts[-1]] == PAIRS
    for host in lab3.hosts:
        assert len(flood_lists(lab3)[host]) == HOSTS - 1
        flush_learnt(lab3, host)
    for host in lab3.hosts:
        assert_traffic_with(lab3, host)


@pytest.mark.parametrize("serial", [1, 2])
def test_re_runs_in_batches_change_nothing_and_check_every_pair(lab3, serial):
    before = flood_lists(lab3)
    changed, pairs, _result = run(lab3, serial=serial, verify_later_batches=True)
    assert changed == dict((host, 0) for host in lab3.hosts)
    assert pairs == dict((host, PAIRS) for host in lab3.hosts)
    assert flood_lists(lab3) == before


@pytest.mark.parametrize("position", [0, 1])
def test_limit_to_one_host_keeps_its_tunnels(lab3, position):
    host = lab3.hosts[position]
    before = flood_lists(lab3)
    changed, pairs, _result = run(lab3, limit=host)
    assert changed == {host: 0}
    assert pairs == {host: PAIRS}  # verify pinged the hosts outside the run too
    assert flood_lists(lab3) == before
    flush_learnt(lab3, host)
    assert_traffic_with(lab3, host)


def test_an_unknown_endpoint_is_named_and_a_fact_cache_knows_it(lab3, monkeypatch, tmp_path):
    first, _second, third = lab3.hosts
    unknown = tmp_path / "unknown.yml"
    # in the lab's own group: a host listed directly under "all" would come first in groups['all'],
    # and the two_bridge role numbers the hosts in that order
    unknown.write_text("lab:\n  hosts:\n    %s:\n      ansible_host: %s.lab.invalid\n" % (third, third))
    before = flood_lists(lab3)

    changed, _pairs, refused = run(lab3, limit=first, inventories=[str(unknown)], expect_ok=False)
    assert refused.returncode != 0 and changed == {first: 0}
    assert "overlay endpoint of %s" % third in refused.stdout, refused.stdout[-4000:]
    assert "set overlay_underlay_address (or ansible_host) of %s" % third in refused.stdout
    assert flood_lists(lab3) == before

    # the fact overlay_endpoint is cacheable: a run on the third host fills the cache, and a later
    # run limited to the first host knows the third's endpoint from it, whatever its inventory says
    monkeypatch.setenv("ANSIBLE_CACHE_PLUGIN", "jsonfile")
    monkeypatch.setenv("ANSIBLE_CACHE_PLUGIN_CONNECTION", str(tmp_path / "facts"))
    assert run(lab3, limit=third)[0] == {third: 0}
    changed, pairs, _result = run(lab3, limit=first, inventories=[str(unknown)])
    assert changed == {first: 0} and pairs == {first: PAIRS}
    assert flood_lists(lab3) == before
