# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read / compare / apply contract every managed object follows.

One code path for check mode and the real run: ``converge`` reads, asks the resource for its plan
(a pure function of what was read and what was asked), and only the write is guarded by
``check_mode``. The diff is built from the same read and the same plan, so check mode can never
disagree with the run.
"""

import copy

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError


class Change:
    """One step of a plan: what is done to which object, in words, in data and as a command.

    ``action``   create | delete | set | move | ...
    ``kind``     netns | veth | address | route | bridge | port | ...
    ``name``     the object, as the user names it (``blue``, ``veth0@blue``, ``br0``)
    ``details``  structured data (attribute, before/after values); returned to the user
    ``command``  argv of the equivalent ``ip``/``ovs-vsctl`` command (for ``rendered``
                 and for reading); never executed through a shell
    ``payload``  whatever the resource needs to apply the step; not returned
    """

    __slots__ = ("action", "kind", "name", "details", "command", "payload")

    def __init__(self, action, kind, name, details=None, command=None, payload=None):
        self.action = action
        self.kind = kind
        self.name = name
        self.details = details or {}
        self.command = command
        self.payload = payload

    def as_dict(self):
        result = {"action": self.action, "kind": self.kind, "name": self.name}
        result.update(self.details)
        return result

    def __repr__(self):
        return "Change(%s %s %s %r)" % (self.action, self.kind, self.name, self.details)


class Resource:
    """One managed object.

    Subclasses validate every parameter in ``__init__`` (raise ValidationError before anything is
    read or changed) and implement:

    ``read()``             current state as plain data, or None when the object is absent. May
                           raise MissingObjectError when a container (namespace, bridge) is missing.
    ``plan(before)``       list of Change from ``before`` to the desired state. Pure: no I/O.
    ``expected(before)``   the state after the plan is applied (for the diff ``after``). Pure.
    ``apply(changes)``     perform the changes, in order. The only method that writes.
    """

    kind = None
    state = "present"  # or "absent"; set by the subclass from its parameters

    def read(self):
        raise NotImplementedError

    def plan(self, before):
        raise NotImplementedError

    def expected(self, before):
        raise NotImplementedError

    def apply(self, changes):
        raise NotImplementedError


class Outcome:
    """What converge() found and did; turned into module results by runner.py."""

    def __init__(self, before, after, changes, warnings=None, missing=None):
        self.before = before
        self.after = after
        self.changes = changes
        self.warnings = warnings or []
        self.missing = missing

    @property
    def changed(self):
        return bool(self.changes)

    def diff(self):
        return {"before": self.before if self.before is not None else {},
                "after": self.after if self.after is not None else {}}


def converge(resource, check_mode):
    """Read, plan, and apply unless in check mode. The same path in both modes.

    A missing container (namespace, bridge) means the object is absent too. For ``state: absent``
    that is simply "unchanged". For ``present`` in check mode it is a warning (an earlier task of
    the play would create the container) and the full plan is still reported; in a real run it is
    the MissingObjectError the user sees.
    """
    warnings = []
    missing = None
    try:
        before = resource.read()
    except MissingObjectError as error:
        if resource.state != "absent" and not check_mode:
            raise
        before = None
        if resource.state != "absent":
            missing = error.details["missing"]
            warnings.append("%s; check mode assumes an earlier task creates it" % error.msg)
    changes = resource.plan(copy.deepcopy(before))
    after = resource.expected(copy.deepcopy(before)) if changes else before
    if changes and not check_mode:
        resource.apply(changes)
    return Outcome(before, after, changes, warnings, missing)
