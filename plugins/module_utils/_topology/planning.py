# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan a whole topology: the same path in check mode and a real run.

In the order of work (_topology/order.py), each resource reads its state from the shared snapshot
(one dump per namespace and kind; one OVS read), plans, and its expected result is projected into
the snapshot for the steps after it. Conflicts are found here too: still nothing has changed.
"""

import time
from functools import partial

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import (
    assumption, read_or_assume, reported_before)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import order_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.steps import build_steps, located


def plan(items, ctx, check_mode):
    """Build, order and plan every item. Returns (planned steps in order of work, warnings)."""
    started = time.time()
    return plan_steps(build_steps(items, ctx), ctx, check_mode, started)


def plan_steps(steps, ctx, check_mode, started):
    """Order and plan built steps (``started``: when their building began, for the timings)."""
    warnings = []
    ordered = [step.payload for step in order_steps(steps)]
    ctx.snapshot.prefetch(set(key[1] for planned in ordered for key in planned.step.requires | planned.step.provides
                              if key[0] == "netns"))
    for planned in ordered:
        resource = planned.resource
        try:
            reading, missing_error = read_or_assume(partial(planned.kind.observe, resource, ctx), check_mode,
                                                    resource.state == "absent")
            if missing_error is not None:
                warnings.append("%s: %s" % (planned.where, assumption(missing_error)))
            before = planned.before = reading.before
            planned.before_run = None if planned.kind.lives_on(resource) in ctx.made else reported_before(reading)
            planned.changes = resource.plan(before, reading.conflicts)
        except NetnsError as error:
            raise located(error, planned.where)
        if not planned.changes:  # unchanged objects are already in the snapshot as they are
            planned.after = before
            continue
        if before is None or any(change.action == "replace" for change in planned.changes):
            ctx.made.update(planned.step.provides)
        planned.after = resource.expected(before)
        planned.kind.project(ctx, resource, before, planned.after)
    ctx.timings.append(("read and plan", sum(len(p.changes) for p in ordered), time.time() - started))
    return ordered, warnings
