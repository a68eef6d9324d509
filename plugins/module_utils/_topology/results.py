# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology module's result: ``before``/``after`` of what changes, counts, and every change.

Ansible's result handling costs time per value (at N=500 tenants about a second for the first
run's 100,000 values), so the result says each thing once: unchanged objects are left out of
``before``/``after`` (the input holds them), null fields are left out everywhere, and a
creation's change does not repeat the created object.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS


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
