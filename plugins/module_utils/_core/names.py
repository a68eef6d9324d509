# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Name rules checked before any kernel or OVSDB call.

Interface names: what the kernel accepts (dev_valid_name): 1-15 bytes, not "." or "..",
no "/", ":" or whitespace. Namespace names become a file under /run/netns, so a name must
never be able to leave that folder: no "/", no NUL, no leading ".".

Both are further limited to letters, digits and ``_ . + -``: names end up in rendered
``ip``/``ovs-vsctl`` scripts and in OVSDB, and a shell metacharacter in a name is far more likely
to be an injection attempt or a templating accident than a wish.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError

SAFE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-")
IFNAMSIZ = 16  # including the terminating NUL
NETNS_NAME_MAX = 255  # a file name


def _as_text(field, value):
    if not isinstance(value, str):
        raise ValidationError(field, value, "must be a string")
    return value


def _check_chars(field, value):
    for char in value:
        if char not in SAFE_CHARS:
            raise ValidationError(field, value, "must not contain %r (allowed: letters, digits, _ . + -)"
                                  % char)


def validate_ifname(field, value):
    """Return ``value`` if it is a valid Linux interface name, else raise ValidationError."""
    value = _as_text(field, value)
    size = len(value.encode("utf-8"))
    if size == 0:
        raise ValidationError(field, value, "must not be empty")
    if size > IFNAMSIZ - 1:
        raise ValidationError(field, value, "is %d bytes long; an interface name has at most %d"
                              % (size, IFNAMSIZ - 1))
    if value in (".", ".."):
        raise ValidationError(field, value, "is not a valid interface name")
    _check_chars(field, value)
    return value


def validate_netns_name(field, value):
    """Return ``value`` if it is a safe network namespace name, else raise ValidationError."""
    value = _as_text(field, value)
    if not value:
        raise ValidationError(field, value, "must not be empty")
    if len(value.encode("utf-8")) > NETNS_NAME_MAX:
        raise ValidationError(field, value, "is longer than %d bytes" % NETNS_NAME_MAX)
    if value.startswith("."):
        raise ValidationError(field, value, "must not start with '.'")
    _check_chars(field, value)
    return value


def validate_optional_netns(field, value):
    """Namespace names where None (or empty) means the host's own namespace."""
    if value in (None, ""):
        return None
    return validate_netns_name(field, value)
