# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology module's runs of namespace creations, against the real kernel (sandbox): made by
one worker thread, reported step by step, and a failure in a run leaves what ``done`` says."""

import errno
import os

import pytest

from conftest import count_calls, links

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import netns as _netns
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import resource as _kernel_resource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import nsthread as _nsthread
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_mark
from topology_helpers import topology


def named():
    return set(os.listdir(_nsthread.RUN_DIR))


def marked_and_up(name):
    lo = links(name)["lo"]
    return lo.get("ifalias") == alias_mark("linuxnet") and "UP" in lo["flags"]


def steps(changes):
    return [(change["action"], change["name"]) for change in changes]


def created(names):
    """The changes of creating ``names`` (each: the namespace, then its loopback up)."""
    return [step for name in names for step in (("create", name), ("set", "lo@" + name))]


def test_a_run_of_namespaces_is_made_by_one_worker_thread_and_reported_step_by_step(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(5)]
    workers = count_calls(monkeypatch, _nsthread, "run_in_worker")
    result = topology(namespaces=[{"name": name} for name in names])
    assert len(workers) == 1  # one per namespace before
    assert steps(result["changes"]) == created(names)
    assert all(marked_and_up(name) for name in names)
    assert not topology(namespaces=[{"name": name} for name in names])["changed"]


def test_a_namespace_the_run_cannot_make_is_reported_by_its_own_step(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(5)]
    real = _nsthread._create_here

    def refuse_the_third(path):
        if path.endswith("/" + names[2]):
            raise OSError(errno.EPERM, "refused for the test")
        real(path)
    monkeypatch.setattr(_nsthread, "_create_here", refuse_the_third)
    with pytest.raises(NetnsError) as failure:
        topology(namespaces=[{"name": name} for name in names])
    details = failure.value.details
    assert details["failed"] == "namespaces[2]" and "cannot create namespace %r" % names[2] in failure.value.msg
    assert steps(details["done"]) == created(names[:2])
    assert steps(details["left"]) == created(names[2:])
    assert named() & set(names) == set(names[:2])  # the namespaces after the failed one were never made
    assert all(marked_and_up(name) for name in names[:2])


def test_namespaces_made_ahead_for_steps_not_applied_are_removed(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(5)]
    real = _kernel_resource.set_link  # the loopback is set up by the shared SetLink record

    def loopback_of_the_second_fails(session, netns, ifname, **attrs):
        if netns == names[1] and attrs.get("state") == "up":
            raise BackendError("refused for the test")
        real(session, netns, ifname, **attrs)
    monkeypatch.setattr(_kernel_resource, "set_link", loopback_of_the_second_fails)
    with pytest.raises(NetnsError) as failure:
        topology(namespaces=[{"name": name} for name in names])
    details = failure.value.details
    assert details["failed"] == "namespaces[1]" and "not_undone" not in details
    assert steps(details["done"]) == created(names[:1]) + [("create", names[1])]
    assert steps(details["left"]) == [("set", "lo@" + names[1])] + created(names[2:])
    assert named() & set(names) == set(names[:2])  # 2..4 were made ahead and are gone again


def test_a_mark_that_fails_ahead_is_left_to_the_step(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(4)]
    failed = []
    real = _netns.NetnsResource.mark

    def first_mark_of_the_third_fails(resource):
        if resource.name == names[2] and not failed:
            failed.append(resource.name)
            raise BackendError("refused once for the test")
        real(resource)
    monkeypatch.setattr(_netns.NetnsResource, "mark", first_mark_of_the_third_fails)
    result = topology(namespaces=[{"name": name} for name in names])
    assert failed == [names[2]]
    assert steps(result["changes"]) == created(names)
    assert all(marked_and_up(name) for name in names)


def test_an_unmarked_namespace_that_cannot_be_removed_fails_the_run_and_the_others_go(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(5)]
    real_mark, real_remove = _netns.NetnsResource.mark, _netns.remove_namespace

    def mark_fails_for_the_third(resource):
        if resource.name == names[2]:
            raise BackendError("refused for the test")
        real_mark(resource)

    def the_third_stays(name):
        if name == names[2]:
            raise BackendError("cannot remove namespace %r: refused for the test" % name)
        real_remove(name)
    monkeypatch.setattr(_netns.NetnsResource, "mark", mark_fails_for_the_third)
    monkeypatch.setattr(_netns, "remove_namespace", the_third_stays)
    with pytest.raises(NetnsError) as failure:
        topology(namespaces=[{"name": name} for name in names])
    details = failure.value.details
    assert details["failed"] == "namespaces[0]" and details["unmarked"] == [names[2]]
    assert names[2] in failure.value.msg and details["done"] == []
    assert steps(details["left"]) == created(names)
    assert named() & set(names) == set([names[2]])  # the one named in the error, nothing else


def test_a_namespace_whose_socket_cannot_be_opened_is_not_left_made(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(3)]
    opened = []
    real = _nsthread.route_socket

    def second_socket_fails():
        if len(opened) == 1:
            raise OSError(errno.EMFILE, "too many open files (for the test)")
        opened.append(real())
        return opened[-1]
    monkeypatch.setattr(_nsthread, "route_socket", second_socket_fails)
    made = _nsthread.create_namespaces(names)
    try:
        assert list(made) == names[:1]
        assert named() & set(names) == set(names[:1])
    finally:
        for sock in made.values():
            sock.close()
