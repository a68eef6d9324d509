# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``state: rendered``: the ``ip`` / ``ovs-vsctl`` commands that would build the input on a bare host.

Every Change carries the argv of its equivalent command (a list of argvs when it takes several,
such as a veth's creation followed by the owner mark on each end). The commands come in the
module's order of work; the OVS changes of one stage become ONE chained ``ovs-vsctl`` (one
transaction), as the module itself would run them. The lines are shell-quoted so that the result
reads as a script; the module never runs them through a shell.
"""

import shlex

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import transactions
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import OVS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.order import stages


def argvs_of(change):
    """The argvs of one change: ``command`` is an argv, or a list of argvs, or None."""
    command = change.command
    if not command:
        return []
    if isinstance(command[0], (list, tuple)):
        return [list(argv) for argv in command]
    return [list(command)]


def render_argvs(ordered, ovs_client):
    """The argvs of the whole plan, in order of work."""
    argvs = []
    pending = [planned for planned in ordered if planned.changes]
    for backend, stage in stages([planned.step for planned in pending]):
        changes = [change for step in stage for change in step.payload.changes]
        if backend == OVS:
            argvs.extend(ovs_client.argv(commands) for commands in transactions(changes))
            continue
        for change in changes:
            argvs.extend(argvs_of(change))
    return argvs


def as_script_lines(argvs):
    return [" ".join(shlex.quote(arg) for arg in argv) for argv in argvs]
