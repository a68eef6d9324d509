# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Snapshot's namespace lookups at thousands of namespaces: counted, not timed.

A re-run of the topology module asks ``exists`` about 8 times per tenant and resolves two veth
peer ids per tenant. Each of those once copied the whole namespace list (O(N) each, O(N * N) in
all); here the list is read once and never copied per lookup.
"""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import snapshot as _snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.snapshot import PlannedSnapshot

N = 2000
NAMES = ["t%04d" % i for i in range(N)]
HOST_ID = 0  # the id every namespace gives the host in this fake; namespace i has id i + 1 on the host
HOST_IDS = dict((name, i + 1) for i, name in enumerate(NAMES))


def fake_nsid(netns, other):
    if netns is not None:
        return HOST_ID if other is None else None  # a namespace knows only the host
    return HOST_IDS[other]


@pytest.fixture
def counted(monkeypatch):
    """A Snapshot over NAMES, counting directory reads, list copies and id requests."""
    counts = {"list_namespaces": 0, "namespaces": 0, "nsid_of": 0}

    def list_namespaces():
        counts["list_namespaces"] += 1
        return list(NAMES)

    def namespaces(self):
        counts["namespaces"] += 1
        return original(self)

    def nsid_of(self, netns, other):
        counts["nsid_of"] += 1
        return fake_nsid(netns, other)

    original = Snapshot.namespaces
    monkeypatch.setattr(_snapshot, "list_namespaces", list_namespaces)
    monkeypatch.setattr(Snapshot, "namespaces", namespaces)
    monkeypatch.setattr(Snapshot, "nsid_of", nsid_of)
    return Snapshot(session=None), counts


def test_exists_reads_the_directory_once_and_copies_nothing(counted):
    snapshot, counts = counted
    assert all(snapshot.exists(name) for name in NAMES)
    assert snapshot.exists(None) and not snapshot.exists("t9999")
    assert counts["list_namespaces"] == 1
    assert counts["namespaces"] == 0


def test_every_namespace_finds_the_host_with_one_request_and_one_shared_list(counted):
    snapshot, counts = counted
    missing = object()
    for name in NAMES:
        assert snapshot.nsid_names(name).get(HOST_ID, missing) is None  # None: the host
    assert counts["nsid_of"] == N  # the host is first in the order: one request each
    assert counts["namespaces"] == 1  # one list for all N looking namespaces, not one copy each
    assert counts["list_namespaces"] == 1


def test_the_host_asks_each_namespace_at_most_once_whatever_the_lookup_order(counted):
    snapshot, counts = counted
    looking = snapshot.nsid_names(None)
    assert looking.get(N) == NAMES[-1]  # the last one first: every namespace asked on the way
    assert counts["nsid_of"] == N
    assert [looking.get(i + 1) for i in range(N)] == NAMES  # remembered: no request more
    assert looking.get(N + 7, "unknown") == "unknown"
    assert counts["nsid_of"] == N
    assert snapshot.nsid_names(None) is looking  # the same view, with what it has learnt


def test_forgetting_ids_starts_the_lookups_afresh(counted):
    snapshot, counts = counted
    assert snapshot.nsid_names(None).get(1) == NAMES[0]
    snapshot.invalidate(NAMES[0])  # a change in a namespace can change its ids
    assert snapshot.nsid_names(None).get(1) == NAMES[0]
    assert counts["nsid_of"] == 2


def test_the_looking_namespace_is_never_asked_about_itself(counted):
    snapshot, counts = counted
    assert snapshot.nsid_names(NAMES[5]).get(12345, "unknown") == "unknown"
    assert counts["nsid_of"] == N  # the host and the other N - 1 namespaces


def test_planned_namespaces_keep_the_order_and_are_found(monkeypatch):
    monkeypatch.setattr(_snapshot, "list_namespaces", lambda: ["a", "c"])
    snapshot = PlannedSnapshot(session=None)
    snapshot.add_namespace("b", loopback_up=True)
    snapshot.add_namespace("a", loopback_up=True)  # already there: keeps its place
    assert snapshot.namespaces() == ["a", "c", "b"]
    assert snapshot.exists("b") and snapshot.links("b").get("lo")["up"]
    snapshot.remove_namespace("c")
    snapshot.remove_namespace("never-there")
    assert snapshot.namespaces() == ["a", "b"] and not snapshot.exists("c")


def test_an_offline_snapshot_holds_no_namespace_until_planned(monkeypatch):
    monkeypatch.setattr(_snapshot, "list_namespaces", lambda: pytest.fail("an offline snapshot read the host"))
    snapshot = PlannedSnapshot(session=None, offline=True)
    assert snapshot.namespaces() == [] and not snapshot.exists("a")
    snapshot.add_namespace("a", loopback_up=False)
    assert snapshot.namespaces() == ["a"] and snapshot.exists("a")
