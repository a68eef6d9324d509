# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kernel tests: module_utils against the real kernel, ONLY inside tests/tools/sandbox.

Run:  make collection-link && tests/tools/sandbox --ovs -- \
        env PYTHONPATH=$PWD/.build/collections .venv/bin/pytest -q tests/kernel

Every test gets fresh namespace names; whatever a test leaves (namespaces, links on the sandbox's
own namespace) is removed after it, also when it fails.
"""

import itertools
import json
import os
import socket
import subprocess
import sys
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

SANDBOX_HOSTNAME = "linuxnet-sandbox"


def pytest_configure(config):
    if socket.gethostname() != SANDBOX_HOSTNAME:
        pytest.exit("tests/kernel change network namespaces: run them inside tests/tools/sandbox "
                    "(hostname %r expected)" % SANDBOX_HOSTNAME, returncode=2)


def ip(*argv, **kwargs):
    """Run ``ip ARGV`` (a list, never a shell); return stdout."""
    result = subprocess.run(["ip"] + list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, timeout=10, check=False)
    if kwargs.get("check", True) and result.returncode != 0:
        raise AssertionError("ip %s: %s" % (" ".join(argv), result.stderr.strip()))
    return result.stdout


def ip_json(netns, *argv):
    """``ip -j -d [-n NETNS] ARGV`` decoded."""
    prefix = ["-n", netns] if netns else []
    return json.loads(ip(*(["-j", "-d"] + prefix + list(argv))) or "[]")


def links(netns):
    """{ifname: link} as ``ip -j link`` shows it."""
    return dict((item["ifname"], item) for item in ip_json(netns, "link", "show"))


def kernel_view(*namespaces):
    """Everything a test compares to prove that nothing was written: links and addresses."""
    view = {}
    for netns in namespaces:
        try:
            link_list = ip_json(netns, "link", "show")
            addr_list = ip_json(netns, "addr", "show")
        except AssertionError:
            link_list = addr_list = None  # a namespace that does not exist
        view[netns] = {"links": link_list, "addrs": addr_list,
                       "routes": ip_json(netns, "route", "show", "table", "all") if link_list else None}
    view["netns"] = sorted(os.listdir("/run/netns"))
    return view


def wait_until(predicate, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def count_calls(monkeypatch, owner, name):
    """Wrap ``owner.name`` (a function of a module, or a method of a class) so that each call's
    arguments are recorded; returns the list they go into. The real function still runs."""
    calls = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)
    monkeypatch.setattr(owner, name, counted)
    return calls


_counter = itertools.count()


@pytest.fixture
def make_netns():
    """make_netns(create=True) -> a fresh namespace name (created with ``ip netns add`` or not)."""
    names = []
    host_links = set(links(None))

    def factory(create=True):
        name = "kt%d-%d" % (os.getpid() % 1000, next(_counter))
        names.append(name)
        if create:
            ip("netns", "add", name)
            ip("-n", name, "link", "set", "lo", "up")
        return name

    yield factory
    for name in names:
        ip("netns", "delete", name, check=False)
    for ifname in set(links(None)) - host_links:
        ip("link", "delete", ifname, check=False)


@pytest.fixture
def session():
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
    with NetlinkSession() as nl_session:
        yield nl_session
