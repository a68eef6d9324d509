# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply a planned topology (not in check mode) stage by stage: a netlink stage applies each
resource's changes over the session's sockets, an OVS stage is ONE ovs-vsctl transaction (two when a port is repaired). On
failure the error says exactly which changes were made (``done``) and which were not (``left``).
"""

import time

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import OVS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import stages
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.ovs_batches import stage_batches


class ApplyFailure(NetnsError):
    """A change failed half-way: ``done`` lists what was changed, ``left`` what was not."""


def apply_plan(ordered, ctx, max_argv=None):
    """Apply the planned steps stage by stage. Raises ApplyFailure naming done / failed / left."""
    done = []
    pending = [planned for planned in ordered if planned.changes]
    for backend, stage in stages([planned.step for planned in pending]):
        stage = [step.payload for step in stage]
        started = time.time()
        apply_stage(backend, stage, ctx, done, pending, max_argv)
        ctx.timings.append(("apply %s" % backend, sum(len(p.changes) for p in stage), time.time() - started))
    return done


def apply_stage(backend, stage, ctx, done, pending, max_argv):
    """One stage: ONE OVS transaction, or each netlink resource's changes in order."""
    if backend == OVS:
        changes = [change for planned in stage for change in planned.changes]
        try:
            for batch in stage_batches(ctx.ovs_client, changes, max_argv):
                ctx.ovs_client.transact(batch)
        except NetnsError as error:
            raise _failure(error, done, changes, pending, stage[0])
        done.extend(changes)
        return
    by_option = {}  # option -> [changes, seconds]: where a netlink stage's time goes, in ``stats``
    for run in runs_together(stage):
        started = time.time()
        if len(run) > 1:
            _prepare_together(run, done, pending)
        try:
            for planned in run:
                _apply_one(planned, done, pending)
        except ApplyFailure as failure:
            if len(run) > 1:
                _abandon_together(run, failure)
            raise
        spent = by_option.setdefault(run[0].option, [0, 0.0])
        spent[0] += sum(len(planned.changes) for planned in run)
        spent[1] += time.time() - started
    for option in OPTIONS:
        if option in by_option:
            ctx.timings.append(("apply netlink: %s" % option, by_option[option][0], by_option[option][1]))


def runs_together(stage):
    """The stage cut into runs of consecutive steps that their resource class prepares in one go
    (the same ``together_key``, e.g. veth deletions), and single steps. Only consecutive steps:
    work done for a run must not jump over a step ordered between them."""
    runs, last_key = [], None
    for planned in stage:
        key = planned.resource.together_key(planned.changes)
        if key is not None and key == last_key:
            runs[-1].append(planned)
        else:
            runs.append([planned])
        last_key = key
    return runs


def _batch(run):
    """The run as its resource class's batching hooks take it: (resource, changes) pairs."""
    return [(planned.resource, planned.changes) for planned in run]


def _prepare_together(run, done, pending):
    """The resource class's work for the whole run; the steps are then applied one by one, so
    ``done`` and ``left`` stay per change. A failure here (links that could not be put back in
    their group, namespaces that could not be removed) counts as the failure of the run's first
    step, after the class has undone what it made ahead."""
    try:
        type(run[0].resource).prepare_together(_batch(run))
    except NetnsError as error:
        failure = _failure(error, done, run[0].changes, pending, run[0])
        _abandon_together(run, failure)
        raise failure


def _abandon_together(run, failure):
    """After ``failure`` in a prepared run: the resource class undoes its work for the steps not
    applied; what it could not undo is added to the failure."""
    not_undone = type(run[0].resource).abandon_together(_batch(run))
    if not_undone:
        failure.msg += ("; made ahead for steps that were not applied and could not be removed: %s"
                        % ", ".join(not_undone))
        failure.details["not_undone"] = not_undone


def _apply_one(planned, done, pending):
    try:
        planned.resource.apply(planned.changes)
    except NetnsError as error:
        made = len(error.details.get("done") or [])
        done.extend(planned.changes[:made])
        raise _failure(error, done, planned.changes[made:], pending, planned)
    done.extend(planned.changes)


def _failure(error, done, failed_changes, pending, failed_step):
    """ApplyFailure: what was made, the step that failed, and every change not made."""
    done_ids = set(id(change) for change in done)
    left = [change.as_dict() for planned in pending for change in planned.changes if id(change) not in done_ids]
    where = failed_step.where
    msg = ("%s failed: %s. %d change(s) were made before the failure (see done), %d were not made "
           "(see left)" % (where, error.msg, len(done), len(left)))
    details = dict((key, value) for key, value in error.details.items() if key != "done")
    details.update(done=[change.as_dict() for change in done], left=left, failed=where,
                   failed_changes=[change.as_dict() for change in failed_changes])
    return ApplyFailure(msg, **details)
