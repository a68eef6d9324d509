# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of Open vSwitch parameters, run in the resources' __init__ before any read or write.

The checks every layer shares (integers, choices, booleans, addresses) are in _core/validate.py;
these are the ones of OVSDB values: sets, maps, tunnel addresses, the database address."""

import ipaddress
import re

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    parse_ip, validate_int, validate_list)


def validate_int_list(field, values, low, high):
    """A list of integers in range, sorted and without duplicates (OVSDB sets have no order)."""
    if values is None:
        return None
    return sorted(set(validate_int(field, value, low, high, required=True, text=True)
                      for value in validate_list(field, values)))


def map_text(value):
    """An OVSDB map value as OVS stores it: a string (YAML booleans become true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def validate_string_map(field, mapping):
    """A dict of scalar values, returned with every key and value as text. None stays None."""
    if mapping is None:
        return None
    if not isinstance(mapping, dict):
        raise ValidationError(field, mapping, "must be a dictionary")
    result = {}
    for key, value in mapping.items():
        if not isinstance(key, str) or not key:
            raise ValidationError(field, key, "keys must be non-empty strings")
        if value is None or isinstance(value, (dict, list, tuple)):
            raise ValidationError("%s.%s" % (field, key), value, "must be a string, number or boolean")
        result[key] = map_text(value)
    return result


def validate_ip_or_flow(field, value):
    """An IPv4/IPv6 address (normalised) or the word ``flow``."""
    text = map_text(value)
    if text == "flow":
        return text
    return str(parse_ip(field, value, hint="nor 'flow'"))


def normalise_ip(text):
    """An address as validate_ip_or_flow writes it, for comparing what OVSDB holds."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text


DB_PATH_CHARS = re.compile(r"^/[A-Za-z0-9_./+-]+$")


def validate_db(field, value):
    """The OVSDB server address given to ``ovs-vsctl --db=``: ``unix:/ABSOLUTE/PATH`` (letters, digits,
    ``_ . / + -``, no ``..`` component) or ``tcp:``/``ssl:`` with an IP address and a port."""
    if not isinstance(value, str):
        raise ValidationError(field, value, "must be a string")
    method, _sep, rest = value.partition(":")
    if method == "unix":
        if not DB_PATH_CHARS.match(rest) or ".." in rest.split("/"):
            raise ValidationError(field, value, "must be unix:/ABSOLUTE/PATH (letters, digits, _ . / + -, "
                                                "no '..' component)")
        return value
    if method in ("tcp", "ssl"):
        host, _sep, port = rest.rpartition(":")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            port = ""
        if port.isdigit() and 1 <= int(port) <= 65535:
            return value
        raise ValidationError(field, value, "must be %s:IP:PORT (an IPv6 address in brackets)" % method)
    raise ValidationError(field, value, "must be unix:/PATH, tcp:IP:PORT or ssl:IP:PORT")
