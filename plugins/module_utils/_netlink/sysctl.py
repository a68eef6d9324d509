# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sysctls of a network namespace: key validation, value normalisation, read and write.

Only ``net.*`` keys are accepted: they are the ones the kernel keeps per network namespace.
Writing ``kernel.*`` or ``vm.*`` from "inside" a namespace would change the whole machine.
"""

import errno
import re

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsfs import run_in_netns

KEY_PATTERN = re.compile(r"^net(\.[A-Za-z0-9_+-]+)+$")
PROC_SYS = "/proc/sys/"


def validate_sysctl_key(field, key):
    """``net.ipv4.ip_forward``: dotted components of letters, digits, ``_ + -``; net.* only."""
    if not isinstance(key, str):
        raise ValidationError(field, key, "must be a string")
    if not KEY_PATTERN.match(key):
        raise ValidationError(field, key, "is not a per-namespace sysctl name (dotted, starting with "
                                          "'net.', components of letters, digits, _ + -)")
    return key


def normalise_sysctl_value(field, value):
    """The value as the kernel prints it: booleans as 1/0, numbers as text, whitespace collapsed."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return " ".join(normalise_sysctl_value(field, item) for item in value)
    if isinstance(value, str):
        text = " ".join(value.split())
        if not text:
            raise ValidationError(field, value, "must not be empty")
        return text
    raise ValidationError(field, value, "must be a string, an integer or a boolean")


def validate_sysctls(field, sysctls):
    """A dict of key -> normalised value."""
    if sysctls is None:
        return {}
    if not isinstance(sysctls, dict):
        raise ValidationError(field, sysctls, "must be a dictionary")
    result = {}
    for key, value in sysctls.items():
        validate_sysctl_key(field, key)
        result[key] = normalise_sysctl_value("%s.%s" % (field, key), value)
    return result


def sysctl_path(key):
    return PROC_SYS + key.replace(".", "/")


def read_sysctls(netns, keys):
    """Current values of ``keys`` inside ``netns``."""
    def read():
        values = {}
        for key in keys:
            try:
                with open(sysctl_path(key)) as handle:
                    values[key] = " ".join(handle.read().split())
            except IOError as error:
                if error.errno == errno.ENOENT:
                    raise ValidationError("sysctls", key, "does not exist in network namespace %r"
                                          % netns)
                raise BackendError("cannot read sysctl %s in %r: %s" % (key, netns, error.strerror))
        return values
    return run_in_netns(netns, read) if keys else {}


def write_sysctls(netns, values):
    """Write ``values`` (key -> text) inside ``netns``."""
    def write():
        for key in sorted(values):
            try:
                with open(sysctl_path(key), "w") as handle:
                    handle.write(values[key])
            except IOError as error:
                raise BackendError("cannot set sysctl %s=%s in %r: %s"
                                   % (key, values[key], netns, error.strerror))
    if values:
        run_in_netns(netns, write)
