# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's own arithmetic: medians over rounds, ratios, the picture's log scale."""

import os
import re
import sys

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "bench")
sys.path.insert(0, os.path.normpath(BENCH))

import plot  # noqa: E402  pylint: disable=import-error,wrong-import-position
import run  # noqa: E402  pylint: disable=import-error,wrong-import-position
import scenario  # noqa: E402  pylint: disable=import-error,wrong-import-position


def test_median_of_each_column_over_rounds():
    samples = [{"n": 500, "hand_batched": 3.0, "topology_first": 9.0},
               {"n": 500, "hand_batched": 2.0, "topology_first": 4.0},
               {"n": 500, "hand_batched": 4.0, "topology_first": 5.0}]
    row = run.median_row(samples)
    assert row == {"n": 500, "hand_batched": 3.0, "topology_first": 5.0, "rounds": 3,
                   "spread": {"hand_batched": [2.0, 4.0], "topology_first": [4.0, 9.0]}}


def test_a_ratio_is_the_median_of_each_rounds_own_ratio():
    rounds = [{"n": 500, "hand_batched": hand, "topology_first": first, "topology_rerun": 1.0, "inline_first": 1.0}
              for hand, first in ((2.0, 2.4), (4.0, 4.4), (3.0, 6.0))]
    row = run.median_row([run.derive(sample) for sample in rounds])
    assert row["ratio_hand"] == 1.2  # of 1.2, 1.1 and 2.0; the ratio of the medians would be 4.4 / 3.0
    assert row["spread"]["ratio_hand"] == [1.1, 2.0]


def test_the_spread_table_gives_min_and_max():
    rounds = [{"n": 500, "hand_batched": hand, "topology_first": 3.0, "topology_rerun": 1.0, "inline_first": 1.0}
              for hand in (2.0, 3.0, 2.5)]
    text = run.table([run.median_row([run.derive(sample) for sample in rounds])], spread=True)
    assert "2.00-3.00" in text and "1.00-1.50" in text  # hand-batched, and topo/hand without its x


def derived(**columns):
    """derive() of a round with the columns every round has (hand 2.0, topology 3.0, re-run 1.5,
    inline 5.0), ``columns`` added or changed."""
    row = {"n": 500, "hand_batched": 2.0, "topology_first": 3.0, "topology_rerun": 1.5, "inline_first": 5.0}
    row.update(columns)
    return run.derive(row)


def test_ratios_are_against_the_same_runs_baseline():
    row = derived(single_modules=30.0)
    assert row["ratio_hand"] == 1.5 and row["rerun_share"] == 0.5 and row["speedup_single"] == 10.0
    assert row["inline_ratio_hand"] == 2.5


def test_what_topology_adds_to_the_ansible_floor_of_the_same_run():
    row = derived(topology_first=3.5, topology_rerun=2.0, ansible_floor=1.5)
    assert row["first_over_floor"] == 2.0 and row["rerun_over_floor"] == 0.5
    assert "first_over_floor" not in derived()


def test_the_floor_that_would_make_the_rerun_half_the_first_run():
    row = derived(topology_first=3.5, topology_rerun=2.1, ansible_floor=1.5)
    # f = 2.0 beyond the floor, r = 0.6: floor + 0.6 <= (floor + 2.0) / 2 holds up to a floor of 0.8
    assert abs(row["floor_allowed"] - 0.8) < 1e-9
    at_that_floor = derived(topology_first=0.8 + 2.0, topology_rerun=0.8 + 0.6, ansible_floor=0.8)
    assert abs(at_that_floor["rerun_share"] - 0.5) < 1e-9
    assert "floor_allowed" not in derived()


def test_the_empty_play_runs_no_task():
    (play,) = scenario.empty_playbook()
    assert play["tasks"] == [] and play["gather_facts"] is False


def test_both_targets_need_the_rerun_within_three_quarters_of_the_script():
    # topology 3.0 = 1.5 x hand and re-run 1.5 = topology / 2: both targets just met, re-run/hand 0.75
    row = derived(topology_call=1.8)
    assert row["rerun_over_hand"] == 0.75 and row["call_over_hand"] == 0.9
    assert "call_over_hand" not in derived()


def test_the_topology_call_lists_nothing():
    task = scenario.topology_call_playbook()[0]["tasks"][0]
    assert task["linuxnet.netns.topology"] == {"state": "merged"}


def test_waiting_for_a_quiet_ovs_ends_at_the_first_idle_window(monkeypatch):
    readings = iter([0.0, 1.5, 1.5, 1.52])  # CPU-seconds: a busy window, then an idle one
    monkeypatch.setattr(run, "ovs_cpu_seconds", lambda: next(readings))
    monkeypatch.setattr(run, "QUIET_WINDOW", 0.001)
    run.wait_quiet()
    assert next(readings, "all read") == "all read"


def test_waiting_for_a_quiet_ovs_is_bounded(monkeypatch):
    busy = iter(range(100000))  # one more CPU-second at every reading
    monkeypatch.setattr(run, "ovs_cpu_seconds", lambda: next(busy))
    monkeypatch.setattr(run, "QUIET_WINDOW", 0.01)
    monkeypatch.setattr(run, "QUIET_TIMEOUT", 0.05)
    assert 0.05 <= run.wait_quiet() < 1.0


def test_svg_uses_whole_decades_and_keeps_points_inside(tmp_path):
    rows = [{"n": 100, "hand_batched": 0.48, "single_modules": 310.0, "topology_first": 2.6},
            {"n": 1000, "hand_batched": 16.0, "topology_first": 10.6}]
    text = open(plot.write_svg(rows, str(tmp_path / "bench.svg"))).read()
    ticks = re.findall(r'text-anchor="end">([0-9.e+]+)</text>', text)
    assert ticks == ["0.1", "1", "10", "100", "1000"]
    for cy in re.findall(r'<circle cx="[0-9.]+" cy="([0-9.]+)"', text):
        assert 40 <= float(cy) <= 380
    assert text.count("<circle") == 5


def test_the_controller_cpu_is_the_playbooks_less_the_modules(monkeypatch):
    monkeypatch.setattr(run, "LAST_PLAYBOOK_CPU", [3.5])
    assert run.controller_cpu({"stats": {"cpu_seconds": 1.25}}) == 2.25


def test_a_playbooks_cpu_counts_what_it_started(tmp_path, monkeypatch):
    """playbook() records the CPU of the process it runs (here a stand-in that burns some)."""
    binary = tmp_path / "ansible-playbook"
    binary.write_text("#!/bin/sh\ni=0; while [ $i -lt 200000 ]; do i=$((i+1)); done\n")
    binary.chmod(0o755)
    monkeypatch.setattr(run.sys, "executable", str(tmp_path / "python"))
    run.playbook([], str(tmp_path), "burn")
    assert run.LAST_PLAYBOOK_CPU[0] > 0.05
