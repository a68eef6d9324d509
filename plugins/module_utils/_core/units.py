# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quantities written the way ``tc`` writes them, parsed strictly: rates, sizes, times, percentages.

Each parser returns the value in one unit (rates in bit/s, sizes in bytes, times in microseconds,
percentages as a number 0..100) or raises ValidationError naming the field and the value. A bare
number is in that unit. The arithmetic is exact (``Fraction`` of the decimal text): ``1.5ms`` is
1500 µs, never 1499.999. What the kernel then keeps of a value (bytes/s, ticks) is the netlink
layer's business (_netlink/qdisc.py).
"""

import re
from fractions import Fraction

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError

QUANTITY = re.compile(r"^\s*(-?)([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z%]*)\s*$")

RATE_UNITS = {"": 1, "bit": 1, "kbit": 10 ** 3, "mbit": 10 ** 6, "gbit": 10 ** 9, "tbit": 10 ** 12,
              "kibit": 2 ** 10, "mibit": 2 ** 20, "gibit": 2 ** 30, "tibit": 2 ** 40,
              "bps": 8, "kbps": 8 * 10 ** 3, "mbps": 8 * 10 ** 6, "gbps": 8 * 10 ** 9, "tbps": 8 * 10 ** 12}
SIZE_UNITS = {"": 1, "b": 1, "k": 2 ** 10, "kb": 2 ** 10, "m": 2 ** 20, "mb": 2 ** 20, "g": 2 ** 30, "gb": 2 ** 30,
              "kbit": 2 ** 10 // 8, "mbit": 2 ** 20 // 8, "gbit": 2 ** 30 // 8}
TIME_UNITS = {"": 1, "us": 1, "usec": 1, "usecs": 1, "ms": 10 ** 3, "msec": 10 ** 3, "msecs": 10 ** 3,
              "s": 10 ** 6, "sec": 10 ** 6, "secs": 10 ** 6}
PERCENT_UNITS = {"": 1, "%": 1}
U32_MAX = 2 ** 32 - 1
RATE_MAX = 2 ** 64 - 1  # bit/s: the kernel keeps bytes/s in 64 bits


def _quantity(field, value, units, what, example):
    """(sign, Fraction in the base unit) of ``value``: a number, or text ``NUMBER[UNIT]``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValidationError(field, value, "is not %s, for example %s" % (what, example))
    match = QUANTITY.match(str(value))
    unit = match.group(3).lower() if match else None
    if match is None or unit not in units:
        raise ValidationError(field, value, "is not %s, for example %s (units: %s)"
                              % (what, example, ", ".join(sorted(u for u in units if u))))
    amount = Fraction(match.group(2)) * units[unit]
    if match.group(1) and amount:
        raise ValidationError(field, value, "must not be negative")
    return amount


def _whole(field, value, amount, unit_name, low, high):
    if amount.denominator != 1:
        raise ValidationError(field, value, "is not a whole number of %s" % unit_name)
    number = int(amount)
    if not low <= number <= high:
        raise ValidationError(field, value, "is outside %d..%d %s" % (low, high, unit_name))
    return number


def parse_rate(field, value, low=8):
    """A rate in bit/s (``10mbit``, ``1.5gbit``, ``100kbps``); at least a byte per second."""
    amount = _quantity(field, value, RATE_UNITS, "a rate", "10mbit")
    return _whole(field, value, amount, "bit/s", low, RATE_MAX)


def parse_size(field, value, low=1, high=U32_MAX):
    """A size in bytes (``32kb``, ``1500``, ``1m``)."""
    amount = _quantity(field, value, SIZE_UNITS, "a size", "32kb")
    return _whole(field, value, amount, "bytes", low, high)


def parse_time(field, value, high=U32_MAX):
    """A time in microseconds (``20ms``, ``1.5s``, ``250us``)."""
    amount = _quantity(field, value, TIME_UNITS, "a time", "20ms")
    return _whole(field, value, amount, "us", 0, high)


def parse_percent(field, value):
    """A percentage 0..100 (``1%``, ``0.5%``, ``25``), as a float: what ``tc`` reads with strtod."""
    amount = _quantity(field, value, PERCENT_UNITS, "a percentage", "1%")
    if amount > 100:
        raise ValidationError(field, value, "is outside 0..100 %")
    return float(amount)


def optional(parse, field, value, **limits):
    """``parse`` unless the value is not given (None), then None."""
    return None if value is None else parse(field, value, **limits)
