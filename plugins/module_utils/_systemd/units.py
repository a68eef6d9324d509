# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""systemd unit names: the rules systemd checks (unit_name_is_valid) and its escaping (systemd-escape).

A unit name is at most 255 bytes of letters, digits and ``: - _ . \\ @``, a non-empty prefix and a
known type suffix; ``@`` at most once, and ``foo@.service`` (nothing after the ``@``) is a template,
which no process runs as. The name is checked here before it becomes part of a path under
/etc/systemd/system or an argument of systemctl.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError

UNIT_NAME_MAX = 255  # systemd's UNIT_NAME_MAX is 256, with the terminating NUL
UNIT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\@")
UNIT_TYPES = ("service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path",
              "slice", "scope")
# What systemd-escape keeps as it is; everything else becomes \xNN ("/" becomes "-").
_ESCAPE_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_.")


def validate_unit_name(field, value, types=("service",)):
    """Return ``value`` if it names a unit of one of ``types`` (an instance, not a template)."""
    if not isinstance(value, str) or not value:
        raise ValidationError(field, value, "must be a non-empty unit name, for example nginx.service")
    if len(value.encode("utf-8")) > UNIT_NAME_MAX:
        raise ValidationError(field, value, "is longer than the %d bytes of a unit name" % UNIT_NAME_MAX)
    for char in value:
        if char not in UNIT_CHARS:
            raise ValidationError(field, value, "must not contain %r (a unit name has letters, digits and : - _ . \\ @)"
                                  % char)
    prefix, dot, suffix = value.rpartition(".")
    if not dot or suffix not in UNIT_TYPES:
        raise ValidationError(field, value, "has no unit type suffix (did you mean %r?)" % (value + ".service"))
    if suffix not in types:
        raise ValidationError(field, value, "is a .%s unit; only %s units can be bound to a namespace"
                              % (suffix, ", ".join("." + kind for kind in types)))
    if not prefix or prefix.startswith("@"):
        raise ValidationError(field, value, "has no name before .%s" % suffix)
    if prefix.count("@") > 1:
        raise ValidationError(field, value, "has more than one '@'")
    if prefix.endswith("@"):
        raise ValidationError(field, value, "is a template; name one of its instances (for example %s)"
                              % (prefix + "NAME." + suffix))
    return value


def escape(text):
    """``systemd-escape TEXT``: what a string is as a unit name's instance (``my-ns`` -> ``my\\x2dns``)."""
    out = []
    for index, char in enumerate(text):
        if char == "/":
            out.append("-")
        elif char in _ESCAPE_KEEP and not (index == 0 and char == "."):
            out.append(char)
        else:
            out.extend("\\x%02x" % byte for byte in char.encode("utf-8"))
    return "".join(out)


def escape_path(path):
    """``systemd-escape --path PATH`` (``/run/netns/blue`` -> ``run-netns-blue``): a mount unit's name."""
    return escape(path.strip("/"))
