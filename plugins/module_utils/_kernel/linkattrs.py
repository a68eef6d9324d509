# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of link attributes: MTU and MAC address."""

import re

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError

MTU_MIN = 68  # the IPv4 minimum, also the veth driver's minimum
MTU_MAX = 65535  # the veth driver's maximum
MAC_PATTERN = re.compile(r"^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$")


def validate_mtu(field, value):
    """None (leave as it is) or an integer in 68..65535."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "must be an integer")
    if not MTU_MIN <= value <= MTU_MAX:
        raise ValidationError(field, value, "is outside %d..%d" % (MTU_MIN, MTU_MAX))
    return value


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
