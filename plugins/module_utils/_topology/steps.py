# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every validated item becomes the resource of its single module, in a Step the ordering engine
sorts (_topology/order.py). Bad input in ANY item stops here, before anything is read or changed;
the error names the item (``veths[3].peer``)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION, OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import Step


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
