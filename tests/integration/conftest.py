# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integration fixtures: `lab`, a session-wide lab of two simulated hosts reachable over SSH, and a
session check that the machine is left as it was found.

    def test_something(lab):
        result = lab.playbook("tests/integration/playbooks/x.yml", extra_vars={"a": 1})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "eth0" in lab.exec(lab.hosts[0], ["ip", "-br", "link"]).stdout
"""

import os
import sys

import pytest

# lab_harness beside this file, and the leftover check it shares with `make test`, molecule and the demo
sys.path[:0] = [os.path.dirname(__file__), os.path.join(os.path.dirname(__file__), "..", "tools")]

import lab_harness  # noqa: E402  pylint: disable=wrong-import-position
import leftovers  # noqa: E402  pylint: disable=wrong-import-position

LABS = []  # every lab a test session brought up: the leftover check covers them all


@pytest.fixture(scope="session", autouse=True)
def machine_before():
    """Snapshot of the machine before any lab; after the session, fail if anything of ours remains."""
    before = leftovers.snapshot()
    yield before
    left = lab_harness.left_behind(before, LABS)
    if left:
        pytest.fail("left behind on this machine:\n" + "\n".join(left), pytrace=False)


@pytest.fixture(scope="session")
def new_lab(machine_before):
    """Factory for extra labs (own workdir); each is taken down at the end of the session at the latest."""
    made = []

    def make(**kwargs):
        lab = lab_harness.Lab(**kwargs)
        LABS.append(lab)
        made.append(lab)
        return lab

    yield make
    for lab in made:
        lab.down()


@pytest.fixture(scope="session")
def lab(new_lab):
    """Two hosts, itest1 and itest2, up for the whole session and always taken down after it."""
    session_lab = new_lab(hosts=2, prefix="itest")
    result = session_lab.up()
    if result.returncode != 0:
        pytest.fail("lab did not come up: %s" % result.stderr, pytrace=False)
    yield session_lab
    result = session_lab.down()
    assert result.returncode == 0, result.stderr
