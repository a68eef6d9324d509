# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan a whole topology, then apply it stage by stage: the same path in check mode and a real run.

1. Build: every item becomes the resource of its single module. Bad input in ANY item stops here,
   before anything is read or changed; the error names the item (``veths[3].peer``).
2. Order: the steps are sorted by what they provide and require (order.py).
3. Plan: in that order, each resource reads its state from the shared snapshot (one dump per
   namespace and kind; one OVS read), plans, and its expected result is projected into the
   snapshot for the steps after it. Conflicts are found here too: still nothing has changed.
4. Apply (not in check mode): stage by stage; a netlink stage applies each resource's changes over
   the session's sockets, an OVS stage is ONE ovs-vsctl transaction. On failure the error says
   exactly which changes were made (``done``) and which were not (``left``).
"""

import copy
import time

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    MissingObjectError, NetnsError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import commands_of
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION, OPTIONS, OVS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import Step, order_steps, stages


class PlanContext:
    """What the resources of one call share: sockets, the planned snapshot, the OVS state."""

    def __init__(self, session, snapshot, ovs_client, ovs_state, owner):
        self.session = session
        self.snapshot = snapshot
        self.ovs_client = ovs_client
        self.ovs_state = ovs_state
        self.owner = owner
        self.timings = []  # (what, changes, seconds) of each phase, for the ``stats`` result


class PlannedStep:
    __slots__ = ("step", "kind", "resource", "option", "position", "before", "before_run", "after", "changes")

    def __init__(self, step, kind, resource, option, position):
        self.step = step
        self.kind = kind
        self.resource = resource
        self.option = option
        self.position = position
        self.before = None      # as planned: after the steps before it (what it is compared with)
        self.before_run = None  # as reported: before the run (None when the run creates what it lives on)
        self.after = None
        self.changes = []


def _prefixed(error, where):
    """The same error, its message and field naming the item (``veths[3].peer``)."""
    error.msg = "%s: %s" % (where, error.msg)
    error.args = (error.msg,)
    if "field" in error.details:
        error.details["field"] = "%s.%s" % (where, error.details["field"])
    error.details.setdefault("item", where)
    return error


_PLAIN_TYPES = {"str": str, "bool": bool, "int": int, "dict": dict}


def _already_valid(spec, item):
    """The item with defaults filled in when every value already has its spec's type (what a
    playbook's lists usually hold); None when the full validator must look."""
    result = {}
    for key, value in item.items():
        option = spec.get(key)
        if option is None:
            return None
        if value is None:
            result[key] = None
            continue
        wanted = option.get("type", "str")
        if wanted == "list":
            element = _PLAIN_TYPES.get(option.get("elements", "str"))
            if not isinstance(value, list) or element is None or \
                    not all(entry.__class__ is element for entry in value):
                return None
        elif value.__class__ is not _PLAIN_TYPES.get(wanted):
            return None
        if "choices" in option and value not in option["choices"]:
            return None
        result[key] = value
    for key, option in spec.items():
        if key not in result:
            if option.get("required"):
                return None
            default = option.get("default")
            result[key] = list(default) if isinstance(default, list) else default
    return result


def validate_items(wanted):
    """Each listed item checked against its single module's argument spec (the same dict), with the
    module's defaults filled in. Every item is checked before anything is read or changed."""
    validated = {}
    for option in OPTIONS:
        kind = KIND_BY_OPTION[option]
        validator = ArgumentSpecValidator(kind.spec, required_if=kind.required_if)
        validated[option] = []
        for position, item in enumerate(wanted.get(option) or []):
            where = "%s[%d]" % (option, position)
            if not isinstance(item, dict):
                raise ValidationError(where, item, "must be a dictionary of %s options" % kind.module)
            fast = _already_valid(kind.spec, item)
            if fast is not None and not any(fast.get(key) == value and any(fast.get(need) is None for need in needs)
                                            for key, value, needs in kind.required_if or ()):
                validated[option].append(fast)
                continue
            outcome = validator.validate(item)
            if outcome.error_messages:
                raise NetnsError("%s: %s" % (where, "; ".join(outcome.error_messages)),
                                 item=where, value=item)
            validated[option].append(outcome.validated_parameters)
    return validated


def build_steps(items, ctx):
    """One Step per item. ``items``: option -> list of parameter dicts (with state set)."""
    steps = []
    for option in OPTIONS:
        kind = KIND_BY_OPTION[option]
        for position, params in enumerate(items.get(option) or []):
            where = "%s[%d]" % (option, position)
            try:
                resource = kind.build(params, ctx)
            except NetnsError as error:
                raise _prefixed(error, where)
            removal = resource.state == "absent"
            step = Step("%s %s" % (kind.module, kind.label(resource)), kind.backend, kind.rank,
                        provides=kind.provides(resource), requires=kind.requires(resource), removal=removal)
            step.payload = PlannedStep(step, kind, resource, option, position)
            steps.append(step)
    return steps


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
    created = set()  # what the run's creations provide
    for planned in ordered:
        where = "%s[%d]" % (planned.option, planned.position)
        try:
            try:
                before = planned.kind.observe(planned.resource, ctx)
            except MissingObjectError as error:
                if planned.resource.state == "absent":
                    before = None
                elif check_mode:
                    before = None
                    warnings.append("%s: %s; check mode assumes an earlier task creates it" % (where, error.msg))
                else:
                    raise
            planned.before = before
            planned.before_run = None if planned.kind.lives_on(planned.resource) in created else before
            # plan() only pops top-level keys (a veth's "conflicts"): a shallow copy keeps ``before``
            planned.changes = planned.resource.plan(dict(before) if before is not None else None)
        except NetnsError as error:
            raise _prefixed(error, where)
        if planned.changes and before is None:
            created.update(planned.step.provides)
        if planned.changes:  # unchanged objects are already in the snapshot as they are
            planned.after = planned.resource.expected(copy.deepcopy(before))
            planned.kind.project(ctx, planned.resource, before, planned.after)
        else:
            planned.after = before
    ctx.timings.append(("read and plan", sum(len(p.changes) for p in ordered), time.time() - started))
    return ordered, warnings


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
            for batch in ovs_batches(ctx.ovs_client, commands_of(changes), max_argv):
                ctx.ovs_client.transact(batch)
        except NetnsError as error:
            raise _failure(error, done, changes, pending, stage[0])
        done.extend(changes)
        return
    by_option = {}  # option -> [changes, seconds]: where a netlink stage's time goes, in ``stats``
    for run in runs_together(stage):
        started = time.time()
        if len(run) > 1:
            _prepare_together(run, ctx, done, pending)
        try:
            for planned in run:
                _apply_one(planned, done, pending)
        except ApplyFailure as failure:
            if len(run) > 1:
                _abandon_together(run, ctx, failure)
            raise
        spent = by_option.setdefault(run[0].option, [0, 0.0])
        spent[0] += sum(len(planned.changes) for planned in run)
        spent[1] += time.time() - started
    for option in OPTIONS:
        if option in by_option:
            ctx.timings.append(("apply netlink: %s" % option, by_option[option][0], by_option[option][1]))


def runs_together(stage):
    """The stage cut into runs of consecutive steps that their kind prepares in one go (the same
    ``together_key``, e.g. veth deletions), and single steps. Only consecutive steps: work done
    for a run must not jump over a step ordered between them."""
    runs, last_key = [], None
    for planned in stage:
        key = planned.kind.together_key(planned.resource, planned.changes)
        if key is not None and key == last_key:
            runs[-1].append(planned)
        else:
            runs.append([planned])
        last_key = key
    return runs


def _prepare_together(run, ctx, done, pending):
    """The kind's work for the whole run; the steps are then applied one by one, so ``done`` and
    ``left`` stay per change. A failure here (links that could not be put back in their group,
    namespaces that could not be removed) counts as the failure of the run's first step, after
    the kind has undone what it made ahead."""
    try:
        run[0].kind.prepare_together(ctx, run)
    except NetnsError as error:
        failure = _failure(error, done, run[0].changes, pending, run[0])
        _abandon_together(run, ctx, failure)
        raise failure


def _abandon_together(run, ctx, failure):
    """After ``failure`` in a prepared run: the kind undoes its work for the steps not applied;
    what it could not undo is added to the failure."""
    not_undone = run[0].kind.abandon_together(ctx, run)
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
    where = "%s[%d]" % (failed_step.option, failed_step.position)
    msg = ("%s failed: %s. %d change(s) were made before the failure (see done), %d were not made "
           "(see left)" % (where, error.msg, len(done), len(left)))
    details = dict((key, value) for key, value in error.details.items() if key != "done")
    details.update(done=[change.as_dict() for change in done], left=left, failed=where,
                   failed_changes=[change.as_dict() for change in failed_changes])
    return ApplyFailure(msg, **details)


def ovs_batches(client, commands, max_argv=None):
    """The commands as ONE transaction, split only when the argv would not fit the kernel's limit
    (ARG_MAX, environment included). 1000 ports make about 80 kB; the limit is 2 MB or more."""
    if not commands:
        return []
    if max_argv is None:
        return [commands]
    batches, current, size = [], [], len(" ".join(client.argv([])))
    for command in commands:
        length = sum(len(arg) + 1 for arg in command) + 3
        if current and size + length > max_argv:
            batches.append(current)
            current, size = [], len(" ".join(client.argv([])))
        current.append(command)
        size += length
    batches.append(current)
    return batches


def without_nulls(value):
    """``value`` with every null (unset) field of its mappings left out, at any depth."""
    if isinstance(value, dict):
        return dict((key, without_nulls(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def change_entry(change):
    """A change as the result lists it: no null fields, and a creation without the object's
    ``after`` (the OVS resources carry it; the result's ``after`` has it already)."""
    entry = without_nulls(change.as_dict())
    if entry["action"] == "create":
        entry.pop("after", None)
    return entry


def results(ordered):
    """``before``/``after`` by option of the planned objects that change (in list order), the
    number of planned and changed objects by option, and every change in order of work.

    Ansible's result handling costs time per value (at N=500 tenants about a second for the
    first run's 100,000 values), so the result says each thing once: unchanged objects are left
    out of ``before``/``after`` (the input holds them), null fields are left out everywhere, and
    a creation's change does not repeat the created object."""
    before = dict((option, []) for option in OPTIONS)
    after = dict((option, []) for option in OPTIONS)
    counts = dict((option, {"planned": 0, "changed": 0}) for option in OPTIONS)
    for planned in sorted(ordered, key=lambda p: (OPTIONS.index(p.option), p.position)):
        counts[planned.option]["planned"] += 1
        if planned.changes:
            counts[planned.option]["changed"] += 1
            before[planned.option].append(without_nulls(planned.before_run))
            after[planned.option].append(without_nulls(planned.after))
    changes = [change_entry(change) for planned in ordered for change in planned.changes]
    return before, after, counts, changes
