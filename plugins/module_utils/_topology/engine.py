# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan a whole topology, then apply it stage by stage: the same path in check mode and a real run.

1. Build: every item becomes the resource of its single module. Bad input in ANY item stops here,
   before anything is read or changed; the error names the item (``veths[3].peer``).
2. Order: the steps are sorted by what they provide and require (_topology_order).
3. Plan: in that order, each resource reads its state from the shared snapshot (one dump per
   namespace and kind; one OVS read), plans, and its expected result is projected into the
   snapshot for the steps after it. Conflicts are found here too: still nothing has changed.
4. Apply (not in check mode): stage by stage; a netlink stage applies each resource's changes over
   the session's sockets, an OVS stage is ONE ovs-vsctl transaction. On failure the error says
   exactly which changes were made (``done``) and which were not (``left``).
"""

import time
from functools import partial

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import assumption, read_or_assume
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import commands_of
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION, OPTIONS, OVS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import Step, order_steps, stages


class PlanContext:
    """session: the netlink sockets (None offline); snapshot: the PlannedSnapshot every
    kernel resource is built on; ovs_client / ovs_state: the OVSDB client and its one read;
    owner: the owner mark of what the call creates."""

    def __init__(self, session, snapshot, ovs_client, ovs_state, owner):
        self.session = session
        self.snapshot = snapshot
        self.ovs_client = ovs_client
        self.ovs_state = ovs_state
        self.owner = owner
        self.timings = []  # (what, changes, seconds) of each phase, for the ``stats`` result


_PLAIN_TYPES = {"str": str, "bool": bool, "int": int, "dict": dict}


def _plain_value(option, value):
    """``value`` already of ``option``'s type (and among its choices): nothing to convert."""
    wanted = option.get("type", "str")
    if wanted == "list":
        element = _PLAIN_TYPES.get(option.get("elements", "str"))
        if not isinstance(value, list) or element is None or not all(entry.__class__ is element for entry in value):
            return False
    elif value.__class__ is not _PLAIN_TYPES.get(wanted):
        return False
    return "choices" not in option or value in option["choices"]


def plain_item(kind, item):
    """The item with the defaults filled in when the validator would return just that; None when
    it must look (a value to convert, an unknown or missing option, an unmet required_if)."""
    spec = kind.spec
    result = {}
    for key, value in item.items():
        option = spec.get(key)
        if option is None or (value is not None and not _plain_value(option, value)):
            return None
        result[key] = value
    for key, option in spec.items():
        if key not in result:
            if option.get("required"):
                return None
            default = option.get("default")
            result[key] = list(default) if isinstance(default, list) else default
    for key, value, needs in kind.required_if or ():
        if result.get(key) == value and any(result.get(need) is None for need in needs):
            return None
    return result


def validate_items(wanted):
    """``wanted``: option -> list of items. Returns option -> list of validated parameter dicts."""
    validated = {}
    for option in OPTIONS:
        kind = KIND_BY_OPTION[option]
        validator = ArgumentSpecValidator(kind.spec, required_if=kind.required_if)  # one per kind
        validated[option] = []
        for position, item in enumerate(wanted.get(option) or []):
            where = "%s[%d]" % (option, position)
            if not isinstance(item, dict):
                raise ValidationError(where, item, "must be a dictionary of %s options" % kind.module)
            params = plain_item(kind, item)
            if params is None:
                outcome = validator.validate(item)
                if outcome.error_messages:
                    raise NetnsError("%s: %s" % (where, "; ".join(outcome.error_messages)), item=where, value=item)
                params = outcome.validated_parameters
            validated[option].append(params)
    return validated


class PlannedStep:
    """One item on its way through the call: its resource, and what planning found and decided."""

    __slots__ = ("step", "kind", "resource", "where", "option", "position", "before", "before_run", "after",
                 "changes")

    def __init__(self, step, kind, resource, option, position):
        self.step = step
        self.kind = kind
        self.resource = resource
        self.option = option
        self.position = position
        self.where = "%s[%d]" % (option, position)  # the item, as errors name it
        self.before = None      # as planned: after the steps before it (what it is compared with)
        self.before_run = None  # as reported: before the run (None when the run creates what it lives on)
        self.after = None
        self.changes = []


def located(error, where):
    """The same error, its message and field naming the item (``veths[3].peer``)."""
    error.msg = "%s: %s" % (where, error.msg)
    error.args = (error.msg,)
    if "field" in error.details:
        error.details["field"] = "%s.%s" % (where, error.details["field"])
    error.details.setdefault("item", where)
    return error


def build_steps(items, ctx):
    """One Step per item, its ``payload`` the PlannedStep. ``items``: option -> list of parameter
    dicts (with state set); ``ctx``: the PlanContext the resources are built on."""
    steps = []
    for option in OPTIONS:
        kind = KIND_BY_OPTION[option]
        for position, params in enumerate(items.get(option) or []):
            try:
                resource = kind.build(params, ctx)
            except NetnsError as error:
                raise located(error, "%s[%d]" % (option, position))
            step = Step("%s %s" % (kind.module, kind.label(resource)), kind.backend, kind.rank,
                        provides=kind.provides(resource), requires=kind.requires(resource),
                        removal=resource.state == "absent")
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
        resource = planned.resource
        try:
            reading, missing_error = read_or_assume(partial(planned.kind.observe, resource, ctx), check_mode,
                                                    resource.state == "absent")
            if missing_error is not None:
                warnings.append("%s: %s" % (planned.where, assumption(missing_error)))
            before = planned.before = reading.before
            planned.before_run = None if planned.kind.lives_on(resource) in created else before
            planned.changes = resource.plan(before, reading.conflicts)
        except NetnsError as error:
            raise located(error, planned.where)
        if not planned.changes:  # unchanged objects are already in the snapshot as they are
            planned.after = before
            continue
        if before is None:
            created.update(planned.step.provides)
        planned.after = resource.expected(before)
        planned.kind.project(ctx, resource, before, planned.after)
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
    number of planned and changed objects by option, and every change in order of work."""
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
