# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every Open vSwitch resource shares: read = select from the whole state, apply = one
transaction, and the map/scalar column planning used by bridges and ports alike.

Each Change carries its ovs-vsctl commands (``op.commands``, a list of argument lists), so the
changes of many resources concatenate into ONE chained ovs-vsctl call (``converge_many``).
Conflicts follow the one contract (_core/resource.py): ``select`` reports them in its Reading,
``plan`` raises them (OVS resources have no ``force``).
"""

from collections import namedtuple
from functools import partial

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import OVS_OWNER_KEY
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.syntax import atom, column_value, map_key_value
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import (
    Change, Reading, Resource, plan_outcome, read_or_assume)

# A Change's op: its ovs-vsctl commands, and those that must be applied by ovs-vswitchd in a
# transaction of their own before them (``first``: a repair's del-port, see OvsPort).
OvsCommands = namedtuple("OvsCommands", "commands first")


def commands_of(changes):
    """All ovs-vsctl commands of ``changes``, in order: one transaction's worth."""
    commands = []
    for change in changes:
        commands.extend(change.op.commands)
    return commands


def transactions(changes):
    """The transactions that apply ``changes``: ONE, or two when a change needs commands applied
    first. ovs-vswitchd only sees the result of a transaction: a port removed and added again in
    the same one keeps its old, dead device open (measured, OVS 3.1); in two it opens the new one."""
    first = []
    for change in changes:
        first.extend(change.op.first)
    return [commands for commands in (first, commands_of(changes)) if commands]


class OvsResource(Resource):
    """A bridge or port, built as ``X(params, client)``. Subclasses implement
    ``select(ovs_state)`` (a Reading), ``deletion``, ``creation``, ``updates`` and ``expected``."""

    def __init__(self, client):
        self.client = client

    def read(self):
        return self.select(self.client.read())

    def select(self, ovs_state):
        """This object's Reading picked from the whole OVS state (pure)."""
        raise NotImplementedError

    def plan(self, before, conflicts=()):
        """Refuse conflicts; then the deletion, the creation, or one change per attribute that differs."""
        self.refuse_conflicts(conflicts)
        if self.state == "absent":
            return [] if before is None else [self.deletion(before)]
        if before is None:
            return [self.creation()]
        return [change for change in self.updates(before) if change is not None]

    def deletion(self, before):
        raise NotImplementedError

    def creation(self):
        raise NotImplementedError

    def updates(self, before):
        """The changes (None for an attribute that is right) from ``before`` to what is asked."""
        raise NotImplementedError

    def conflict(self, problem, **details):
        """The Reading of a name held by what this resource cannot manage: ``problem`` is the
        whole message, ``details`` what the error returns beside it."""
        return Reading(None, [{"name": self.name, "problem": problem, "details": details}])

    def conflict_error(self, conflicts):
        """Each OVS conflict is worded in full (``problem``) with the details the user gets."""
        return ConflictError(conflicts[0]["problem"], **conflicts[0]["details"])

    def apply(self, changes):
        self.client.transact_all(transactions(changes))

    def change(self, action, name, details, commands, first=()):
        """A Change; ``command`` is its argv, or the argvs of its two transactions with ``first``."""
        command = [self.client.argv(first), self.client.argv(commands)] if first else self.client.argv(commands)
        return Change(action, self.kind, name, details, command=command, op=OvsCommands(commands, list(first)))


def plan_scalar(resource, table, record, column, attribute, current, desired):
    """A Change setting ``column`` when a value is asked (not None) and differs; else None."""
    if desired is None or current == desired:
        return None
    commands = [["set", table, record, column_value(column, desired)]]
    return resource.change("set", record, {"attribute": attribute, "before": current, "after": desired}, commands)


def merged_map(current, desired, purge):
    """The map after managing ``desired`` keys (and removing the others when ``purge``)."""
    if desired is None:
        return dict(current)
    result = dict((key, value) for key, value in current.items() if key == OVS_OWNER_KEY) if purge \
        else dict(current)
    result.update(desired)
    return result


def plan_map(resource, table, record, column, current, desired, purge):
    """A Change setting the given keys of a map column (one ``set`` with one argument per key)
    and, with ``purge``, removing the keys not given (one ``remove``). None when nothing differs.
    """
    if desired is None:
        return None
    to_set = sorted(key for key in desired if current.get(key) != desired[key])
    to_remove = sorted(key for key in current if key not in desired and key != OVS_OWNER_KEY) if purge else []
    if not to_set and not to_remove:
        return None
    commands = []
    if to_set:
        commands.append(["set", table, record] + [map_key_value(column, key, desired[key]) for key in to_set])
    if to_remove:
        commands.append(["remove", table, record, column] + [atom(key) for key in to_remove])
    details = {"attribute": column, "before": current, "after": merged_map(current, desired, purge)}
    return resource.change("set", record, details, commands)


def converge_many(client, resources, check_mode):
    """Converge many OVS resources against ONE read, applying every change in ONE transaction.

    Returns one Outcome per resource, in order. The whole-host path; a single module is the
    one-resource case of the same steps.
    """
    ovs_state = client.read()
    outcomes = []
    all_changes = []
    for resource in resources:
        reading, missing_error = read_or_assume(partial(resource.select, ovs_state), check_mode,
                                                resource.state == "absent")
        outcome = plan_outcome(resource, reading, missing_error)
        all_changes.extend(outcome.changes)
        outcomes.append(outcome)
    if all_changes and not check_mode:
        client.transact_all(transactions(all_changes))
    return outcomes
