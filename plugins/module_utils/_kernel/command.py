# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A one-off command inside a named network namespace (ns_command).

The command is entered with ``ip netns exec NAME ARGV...``, not with a bare setns: besides joining the
network namespace, ``ip netns exec`` gives the command a mount namespace of its own in which /sys shows
the namespace's devices and every file of /etc/netns/NAME is bound over /etc (resolv.conf, hosts): the
same view a service bound with netns_service gets, and what the user's own ``ip netns exec`` gives.
``argv`` is a list, run without a shell; ``creates`` / ``removes`` are paths (globs) of the host's
file system, checked as ansible.builtin.command checks them.
"""

import glob
import os

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_netns_name
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import read_or_assume
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsthread import RUN_DIR


def validate_argv(field, value):
    """A non-empty list of strings. A string is refused: it would need a shell (or a split) to become
    a command, and this module never uses one."""
    if isinstance(value, str):
        raise ValidationError(field, value, "must be a list of arguments, not a string (no shell is used: "
                              "write [\"ip\", \"-br\", \"addr\"] rather than \"ip -br addr\")")
    if not isinstance(value, (list, tuple)) or not value:
        raise ValidationError(field, value, "must be a non-empty list of arguments")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ValidationError("%s[%d]" % (field, index), item, "must be a string")
        if "\0" in item:
            raise ValidationError("%s[%d]" % (field, index), item, "must not contain a NUL byte")
    if not value[0]:
        raise ValidationError(field + "[0]", value[0], "must name a program")
    return list(value)


def validate_path(field, value):
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not os.path.isabs(value):
        raise ValidationError(field, value, "must be an absolute path")
    return value


class NsCommand:
    """One validated ns_command call."""

    def __init__(self, params):
        self.netns = validate_netns_name("netns", params.get("netns"))
        self.argv = validate_argv("argv", params.get("argv"))
        self.creates = validate_path("creates", params.get("creates"))
        self.removes = validate_path("removes", params.get("removes"))
        self.chdir = validate_path("chdir", params.get("chdir"))

    @property
    def command(self):
        """The argv that is run: ``ip netns exec NAME`` and the user's arguments, never a shell."""
        return ["ip", "netns", "exec", self.netns] + self.argv

    def skip_reason(self, exists=glob.glob):
        """Why the command need not run (``creates`` exists, ``removes`` does not), or None."""
        if self.creates and exists(self.creates):
            return "skipped, since %s exists" % self.creates
        if self.removes and not exists(self.removes):
            return "skipped, since %s does not exist" % self.removes
        return None

    def check_netns(self, check_mode, is_file=os.path.exists):
        """None, or (check mode) the MissingObjectError of a namespace an earlier task would make."""
        def read():
            if not is_file(os.path.join(RUN_DIR, self.netns)):
                raise MissingObjectError("netns", self.netns, needed_by="ns_command")
        _nothing, error = read_or_assume(read, check_mode)
        return error
