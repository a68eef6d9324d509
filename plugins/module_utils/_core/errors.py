# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domain exceptions. module_utils raise these; only the module glue (_core/runner.py,
_topology/run.py) calls fail_json."""


class NetnsError(Exception):
    """Base of every error the collection reports to the user.

    ``details`` are extra keys returned beside ``msg`` (for instance ``field`` and ``value``,
    or ``left`` to say exactly what a failed call left behind).
    """

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.msg = msg
        self.details = details


class ValidationError(NetnsError):
    """Bad input, detected before anything is read or changed. Always names the field and value."""

    def __init__(self, field, value, problem):
        super().__init__(
            "%s: %r %s" % (field, value, problem), field=field, value=value)


class MissingObjectError(NetnsError):
    """An object this change depends on does not exist (a namespace, a device, a bridge).

    In check mode this is a warning (an earlier task of the play would create it) and the change is
    reported; in a real run it is a failure.
    """

    def __init__(self, kind, name, needed_by=None):
        msg = "%s %r does not exist" % (kind, name)
        if needed_by:
            msg += " (needed by %s)" % needed_by
        super().__init__(msg, missing={"kind": kind, "name": name})
        self.kind = kind
        self.name = name


class ConflictError(NetnsError):
    """A name is held by something that is not the object we manage (and force is not set)."""


class BackendError(NetnsError):
    """The kernel or OVSDB refused a request, or could not be reached."""
