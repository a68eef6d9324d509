# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of scalar inputs shared by every layer: integers, choices, booleans, lists, IP addresses
and networks, MTU and MAC. (Names are checked in names.py.)

Each returns the value normalised or raises ValidationError, whose message is always
``field: 'value' problem``. The same bad input gets the same words wherever it is given.

``None`` means "not given": it returns ``default`` unless ``required`` is set, then it is refused
like any other bad value.
"""

import ipaddress
import re

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError

MTU_MIN = 68  # the IPv4 minimum, also the veth driver's minimum
MTU_MAX = 65535  # the veth driver's maximum, and the largest MTU OVS accepts
MAC_PATTERN = re.compile(r"^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$")
DIGITS = re.compile(r"^-?[0-9]+$")


def validate_int(field, value, low, high, default=None, required=False, text=False):
    """An integer in ``low..high`` (a bool is not one); ``high`` None: no upper bound. ``text``: a string
    of decimal digits is accepted too (role variables and OVSDB map values arrive as text)."""
    if value is None and not required:
        return default
    number = int(value) if text and isinstance(value, str) and DIGITS.match(value.strip()) else value
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValidationError(field, value, "must be an integer")
    if high is None and number < low:
        raise ValidationError(field, value, "must be an integer >= %d" % low)
    if high is not None and not low <= number <= high:
        raise ValidationError(field, value, "is outside %d..%d" % (low, high))
    return number


def validate_choice(field, value, choices, default=None, required=False):
    """One of ``choices``."""
    if value is None and not required:
        return default
    if value not in choices:
        raise ValidationError(field, value, "must be one of %s" % ", ".join(choices))
    return value


def validate_bool(field, value, default=None, required=False, text=False):
    """True or False. ``text``: what Ansible takes for a boolean too ("yes", "false", 1: role variables
    given as extra vars arrive as strings); without it only a bool (module parameters of type bool are
    converted before they get here)."""
    if value is None and not required:
        return default
    if text:
        try:
            return boolean(value, strict=True)
        except TypeError:
            pass
    if not isinstance(value, bool):
        raise ValidationError(field, value, "must be true or false")
    return value


def validate_list(field, value, of=None):
    """``value`` as a list; ``of`` names what the items are, for the message ("IP addresses")."""
    if not isinstance(value, (list, tuple)):
        raise ValidationError(field, value, "must be a list" + (" of %s" % of if of else ""))
    return list(value)


def _parse(field, value, parse, problem, hint):
    try:
        return parse(str(value).strip())
    except ValueError:
        raise ValidationError(field, value, problem + (" (%s)" % hint if hint else ""))


def parse_ip(field, value, hint=None):
    """An IPv4 or IPv6 address without prefix, as an ``ipaddress`` object."""
    return _parse(field, value, ipaddress.ip_address, "is not an IP address", hint)


def parse_interface(field, value, hint="for example 10.0.2.100/24"):
    """An address with prefix (a bare address is /32 or /128), as an ``ipaddress`` interface."""
    return _parse(field, value, ipaddress.ip_interface, "is not an address with prefix", hint)


def parse_network(field, value, hint="for example 10.0.0.0/16"):
    """A network without host bits, as an ``ipaddress`` network."""
    return _parse(field, value, lambda text: ipaddress.ip_network(text, strict=True), "is not a network", hint)


def validate_ip(field, value, default=None, required=False, unicast=False, loopback=True, hint=None):
    """An IP address as ipaddress writes it (``2001:db8::1``). ``unicast``: not multicast nor the
    unspecified address; ``loopback=False``: not a loopback address either."""
    if value is None and not required:
        return default
    address = parse_ip(field, value, hint)
    if unicast and (address.is_multicast or address.is_unspecified):
        raise ValidationError(field, value, "must be a unicast address")
    if not loopback and address.is_loopback:
        raise ValidationError(field, value, "must not be a loopback address")
    return str(address)


def validate_mtu(field, value, text=False):
    """None (leave as it is) or an integer in 68..65535."""
    return validate_int(field, value, MTU_MIN, MTU_MAX, text=text)


def validate_mac(field, value):
    """None or a unicast Ethernet address, returned as lower-case ``aa:bb:cc:dd:ee:ff``."""
    if value is None:
        return None
    if not isinstance(value, str) or not MAC_PATTERN.match(value):
        raise ValidationError(field, value, "is not a MAC address (six hex pairs, e.g. 02:00:00:00:00:01)")
    mac = value.lower().replace("-", ":")
    if int(mac[:2], 16) & 1:
        raise ValidationError(field, value, "is a multicast address; a device needs a unicast one")
    if mac == "00:00:00:00:00:00":
        raise ValidationError(field, value, "is the all-zero address")
    return mac
