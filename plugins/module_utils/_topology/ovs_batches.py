# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OVS changes of a stage as ovs-vsctl calls: ONE transaction unless the argv would not fit
(or a repair needs its del-port applied first: _ovs/resource.transactions)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import transactions


def stage_batches(client, changes, max_argv=None):
    """The argument lists of every ovs-vsctl call applying ``changes``, in order."""
    return [batch for commands in transactions(changes) for batch in ovs_batches(client, commands, max_argv)]


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
