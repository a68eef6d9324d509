# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interface types the ovs_port module manages and the options each accepts.

Options are checked per type before anything is read: a patch port needs ``peer``, a tunnel needs
``remote_ip`` (an address or ``flow``), keys and ports are in range, and an option the type does
not know is refused (a typo would otherwise be stored silently and ignored by ovs-vswitchd).
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_int
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import (
    map_text, normalise_ip, validate_ip_or_flow)

PORT_TYPES = ("system", "internal", "patch", "vxlan", "gre", "geneve")
TUNNEL_TYPES = ("vxlan", "gre", "geneve")
# Largest tunnel key (VNI for vxlan/geneve, GRE key).
_KEY_MAX = {"vxlan": 2 ** 24 - 1, "geneve": 2 ** 24 - 1, "gre": 2 ** 32 - 1}


def _key(kind):
    def check(field, value):
        text = map_text(value)
        if text == "flow":
            return text
        return str(validate_int(field, text, 0, _KEY_MAX[kind], required=True, text=True))
    return check


def _int_or_inherit(low, high):
    def check(field, value):
        text = map_text(value)
        if text == "inherit":
            return text
        return str(validate_int(field, text, low, high, required=True, text=True))
    return check


def _boolean(field, value):
    text = map_text(value).lower()
    if text not in ("true", "false"):
        raise ValidationError(field, value, "must be true or false")
    return text


def _port_number(field, value):
    return str(validate_int(field, map_text(value), 1, 65535, required=True, text=True))


def _text(field, value):
    return map_text(value)


def _tunnel_rules(kind):
    rules = {
        "remote_ip": validate_ip_or_flow,
        "local_ip": validate_ip_or_flow,
        "key": _key(kind),
        "in_key": _key(kind),
        "out_key": _key(kind),
        "tos": _int_or_inherit(0, 255),
        "ttl": _int_or_inherit(1, 255),
        "df_default": _boolean,
        "csum": _boolean,
        "egress_pkt_mark": _text,
        "packet_type": _text,
    }
    if kind in ("vxlan", "geneve"):
        rules["dst_port"] = _port_number
    if kind == "vxlan":
        rules["exts"] = _text
    return rules


OPTION_RULES = {
    "system": {},
    "internal": {},
    "patch": {"peer": validate_ifname},
    "vxlan": _tunnel_rules("vxlan"),
    "gre": _tunnel_rules("gre"),
    "geneve": _tunnel_rules("geneve"),
}
REQUIRED_OPTIONS = {"patch": ("peer",), "vxlan": ("remote_ip",), "gre": ("remote_ip",),
                    "geneve": ("remote_ip",)}


def validate_options(port_type, options, port_name):
    """The options of a ``port_type`` port, checked and as OVSDB stores them (text values)."""
    options = options or {}
    if not isinstance(options, dict):
        raise ValidationError("options", options, "must be a dictionary")
    rules = OPTION_RULES[port_type]
    for required in REQUIRED_OPTIONS.get(port_type, ()):
        if options.get(required) in (None, ""):
            raise ValidationError("options.%s" % required, options.get(required),
                                  "is required for a port of type %s" % port_type)
    result = {}
    for key, value in options.items():
        if key not in rules:
            allowed = ", ".join(sorted(rules)) or "none"
            raise ValidationError("options.%s" % key, value,
                                  "is not an option of a %s port (allowed: %s)" % (port_type, allowed))
        result[key] = rules[key]("options.%s" % key, value)
    if port_type == "patch" and result["peer"] == port_name:
        raise ValidationError("options.peer", result["peer"], "must name another patch port, not the port itself")
    return result


def normalise_options(options):
    """Options read from OVSDB in the form validate_options produces, for comparing."""
    result = dict(options)
    for key in ("remote_ip", "local_ip"):
        if key in result:
            result[key] = normalise_ip(result[key])
    return result
