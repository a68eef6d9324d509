# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read / compare / apply contract every managed object follows.

One code path for check mode and the real run: ``converge`` reads, asks the resource for its plan
(a pure function of what was read and what was asked), and only the write is guarded by
``check_mode``. The diff is built from the same read and the same plan, so check mode can never
disagree with the run.

The rule for a missing container (``read_or_assume``) is written here once; the single modules,
the OVS batch (``converge_many``), the topology planning and ns_ping all use it.
"""

from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError


class Change:
    """One step of a plan: what is done to which object, in words, in data and as a command.

    ``action``   create | delete | set | move | ...
    ``kind``     netns | veth | address | route | bridge | port | ...
    ``name``     the object, as the user names it (``blue``, ``veth0@blue``, ``br0``)
    ``details``  structured data (attribute, before/after values); returned to the user
    ``command``  argv of the equivalent ``ip``/``ovs-vsctl`` command (for ``rendered``
                 and for reading); never executed through a shell
    ``op``       what ``apply`` does for this step: a typed record (a namedtuple of the resource's
                 file, read by field name, e.g. ``DeleteLink(netns, ifname)``); not returned
    """

    __slots__ = ("action", "kind", "name", "details", "command", "op")

    def __init__(self, action, kind, name, details=None, command=None, op=None):
        self.action = action
        self.kind = kind
        self.name = name
        self.details = details or {}
        self.command = command
        self.op = op

    def as_dict(self):
        result = {"action": self.action, "kind": self.kind, "name": self.name}
        result.update(self.details)
        return result

    def __repr__(self):
        return "Change(%s %s %s %r)" % (self.action, self.kind, self.name, self.details)


class Reading(namedtuple("Reading", "before conflicts")):
    """What ``read()`` found: ``before``, the object's own state (None when absent), and
    ``conflicts``, what holds its name and is not it (a tuple of dicts, each with ``name`` and
    ``problem``). A conflict is data here; ``plan`` decides (see ``Resource.refuse_conflicts``)."""

    __slots__ = ()

    def __new__(cls, before=None, conflicts=()):
        return super().__new__(cls, before, tuple(conflicts))


NOTHING = Reading(None, ())  # what a missing container holds


class Resource:
    """One managed object, built as ``X(params, backend)``: ``params`` the single module's
    parameters, ``backend`` what it reads and writes through (a netlink Snapshot, an OvsdbClient).

    Subclasses validate every parameter in ``__init__`` (raise ValidationError before anything is
    read or changed) and implement:

    ``read()``                     a Reading; raises MissingObjectError when a container
                                   (namespace, bridge) is missing.
    ``plan(before, conflicts)``    list of Change from ``before`` to the desired state. Pure: no I/O,
                                   and ``before`` is left as it is (no copy is made for it).
                                   Conflicts raise ConflictError (``refuse_conflicts``) unless the
                                   resource has ``force`` and plans their removal.
    ``expected(before)``           the state after the plan is applied (for the diff ``after``). Pure,
                                   a new value (``before`` is left as it is).
    ``apply(changes)``             perform the changes, in order. The only method that writes.

    Batching (the topology module, optional): planned steps next to each other whose resources
    give the same ``together_key(changes)`` (not None) are handed to their class's
    ``prepare_together(batch)`` before each is applied as usual; ``batch`` is a list of
    ``(resource, changes)``. After a failure ``abandon_together(batch)`` undoes that work for the
    steps not applied and returns the labels of what it could not undo.
    """

    kind = None
    state = "present"  # or "absent"; set by the subclass from its parameters
    force = False      # True: what is in the way is replaced (only resources that can)

    def read(self):
        raise NotImplementedError

    def plan(self, before, conflicts=()):
        raise NotImplementedError

    def expected(self, before):
        raise NotImplementedError

    def apply(self, changes):
        raise NotImplementedError

    def conflict_error(self, conflicts):
        """The ConflictError the user sees for ``conflicts`` (the subclass words it)."""
        raise NotImplementedError

    def refuse_conflicts(self, conflicts):
        """The one conflict rule: anything in the way fails the plan, unless ``force``."""
        if conflicts and not self.force:
            raise self.conflict_error(conflicts)

    def together_key(self, changes):
        return None

    @classmethod
    def prepare_together(cls, batch):
        raise NotImplementedError

    @classmethod
    def abandon_together(cls, batch):
        return []


def read_or_assume(read, check_mode, absent=False, nothing=NOTHING):
    """``(read(), None)``, or what the rule for a missing container says.

    A missing container (namespace, bridge) means the object is absent too. For ``absent`` that
    is simply "nothing there": ``(nothing, None)``. Otherwise in check mode it is assumed that an
    earlier task of the play creates it: ``(nothing, error)``, the caller warns (``assumption``)
    and still reports the full plan. In a real run it is the MissingObjectError the user sees.
    """
    try:
        return read(), None
    except MissingObjectError as error:
        if absent:
            return nothing, None
        if not check_mode:
            raise
        return nothing, error


def assumption(error):
    """The warning of check mode for a missing container."""
    return "%s; check mode assumes an earlier task creates it" % error.msg


class Outcome:
    """What converge() found and did; turned into module results by runner.py."""

    def __init__(self, before, after, changes, missing_error=None):
        self.before = before
        self.after = after
        self.changes = changes
        self.warnings = [assumption(missing_error)] if missing_error else []
        self.missing = missing_error.details["missing"] if missing_error else None

    @property
    def changed(self):
        return bool(self.changes)

    def diff(self):
        return {"before": self.before if self.before is not None else {},
                "after": self.after if self.after is not None else {}}


def reported_before(reading):
    """The ``before`` a result and its diff show: the object's state, and under ``conflicts`` what
    holds its name when anything does (what ``force`` removes is in the diff's before)."""
    if not reading.conflicts:
        return reading.before
    return dict(reading.before or {}, conflicts=[dict(conflict) for conflict in reading.conflicts])


def plan_outcome(resource, reading, missing_error=None):
    """The Outcome of planning ``resource`` from ``reading`` (nothing applied)."""
    before = reading.before
    changes = resource.plan(before, reading.conflicts)
    after = resource.expected(before) if changes else before
    return Outcome(reported_before(reading), after, changes, missing_error)


def converge(resource, check_mode):
    """Read, plan, and apply unless in check mode. The same path in both modes."""
    reading, missing_error = read_or_assume(resource.read, check_mode, resource.state == "absent")
    outcome = plan_outcome(resource, reading, missing_error)
    if outcome.changes and not check_mode:
        resource.apply(outcome.changes)
    return outcome
