"""Every module through real ansible-playbook, over real SSH, on a lab host.

Each target under tests/integration/targets/ asserts the four-step contract (check, apply, re-run,
re-run in check) with diff, then absent twice. The check-mode test proves a whole play in check
mode on a bare host succeeds and writes nothing.
"""
import json
import os

import pytest

from host_state import snapshot

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = sorted(name for name in os.listdir(os.path.join(HERE, "targets"))
                 if os.path.isfile(os.path.join(HERE, "targets", name, "tasks", "main.yml")))
PLAYBOOKS = os.path.join(HERE, "playbooks")


@pytest.mark.parametrize("target", TARGETS)
def test_target(lab, target):
    host = lab.hosts[0]
    before = snapshot(lab, host)
    run = lab.playbook(os.path.join(PLAYBOOKS, "target.yml"),
                       extra_vars={"target": target, "target_hosts": host})
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    # Each target cleans up after itself: the host is as it was.
    assert snapshot(lab, host) == before


def test_check_mode_on_bare_host_writes_nothing(lab):
    host = lab.hosts[1]
    before = snapshot(lab, host)
    run = lab.playbook(os.path.join(PLAYBOOKS, "seed_single_modules.yml"),
                       extra_vars={"target_hosts": host}, check=True)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "changed=0" not in run.stdout, "check mode must report the changes it would make"
    assert "does not exist" in run.stdout, "missing namespaces are named in warnings"
    assert snapshot(lab, host) == before


def test_seed_play_then_rerun_unchanged(lab):
    """The same play for real: applies, then a second run changes nothing."""
    host = lab.hosts[1]
    book = os.path.join(PLAYBOOKS, "seed_single_modules.yml")
    try:
        first = lab.playbook(book, extra_vars={"target_hosts": host})
        assert first.returncode == 0, first.stdout[-6000:]
        second = lab.playbook(book, extra_vars={"target_hosts": host})
        assert second.returncode == 0, second.stdout[-6000:]
        assert "changed=0" in second.stdout, second.stdout[-4000:]
        ping = lab.exec(host, ["ip", "netns", "exec", "blue", "ping", "-c1", "-W2", "10.0.2.16"])
        assert ping.returncode == 0, ping.stdout + ping.stderr
    finally:
        lab.playbook(book, extra_vars={"target_hosts": host, "seed_state": "absent"})
    results = json.dumps(second.stdout)
    assert "FAILED" not in results
