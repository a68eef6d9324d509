# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_core/validate.py: good values come back normalised; every bad one is refused with a message that
starts with the field and the value ("field: 'value' problem"), and the same problem in the same words."""

import ipaddress

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core import validate as v
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.netlink_fakes import FakeSnapshot


def refused(check, value, *args, **kwargs):
    """The ValidationError ``check("field_x", value, ...)`` raises, after checking its field and value."""
    with pytest.raises(ValidationError) as caught:
        check("field_x", value, *args, **kwargs)
    error = caught.value
    assert error.msg.startswith("field_x: %r " % (value,)), error.msg
    assert error.details == {"field": "field_x", "value": value}
    return error.msg


@pytest.mark.parametrize("value, kwargs, expected", [
    (0, {}, 0), (10, {}, 10), (-5, {"low": -5}, -5),
    (None, {}, None), (None, {"default": 4789}, 4789),
    ("7", {"text": True}, 7), (" 10 ", {"text": True}, 10), ("-3", {"text": True, "low": -3}, -3),
    (10 ** 40, {"high": None}, 10 ** 40),
])
def test_int_good(value, kwargs, expected):
    low = kwargs.pop("low", 0)
    high = kwargs.pop("high", 10)
    assert v.validate_int("f", value, low, high, **kwargs) == expected


@pytest.mark.parametrize("value, kwargs, problem", [
    (11, {}, "is outside 0..10"), (-1, {}, "is outside 0..10"),
    (True, {}, "must be an integer"), (False, {"text": True}, "must be an integer"),
    ("7", {}, "must be an integer"), ("7x", {"text": True}, "must be an integer"),
    ("", {"text": True}, "must be an integer"), ("4_2", {"text": True}, "must be an integer"),
    (1.0, {}, "must be an integer"), (5.7, {"text": True}, "must be an integer"),
    ([1], {}, "must be an integer"), (None, {"required": True}, "must be an integer"),
    ("11", {"text": True}, "is outside 0..10"),
    (-1, {"high": None}, "must be an integer >= 0"),
])
def test_int_bad(value, kwargs, problem):
    high = kwargs.pop("high", 10)
    assert refused(v.validate_int, value, 0, high, **kwargs).endswith(problem)


@pytest.mark.parametrize("value, kwargs, expected", [
    ("a", {}, "a"), ("b", {}, "b"), (None, {}, None), (None, {"default": "a"}, "a")])
def test_choice_good(value, kwargs, expected):
    assert v.validate_choice("f", value, ("a", "b"), **kwargs) == expected


@pytest.mark.parametrize("value, kwargs", [("c", {}), ("A", {}), ("", {}), (1, {}), (None, {"required": True})])
def test_choice_bad(value, kwargs):
    assert refused(v.validate_choice, value, ("a", "b"), **kwargs).endswith("must be one of a, b")


@pytest.mark.parametrize("value, kwargs, expected", [
    (True, {}, True), (False, {}, False), (None, {}, None), (None, {"default": True}, True),
    ("yes", {"text": True}, True), ("false", {"text": True}, False), ("True", {"text": True}, True),
    (0, {"text": True}, False),
])
def test_bool_good(value, kwargs, expected):
    assert v.validate_bool("f", value, **kwargs) is expected


@pytest.mark.parametrize("value, kwargs", [
    ("yes", {}), (1, {}), ("maybe", {"text": True}), (2, {"text": True}), (None, {"required": True}),
    (None, {"required": True, "text": True})])
def test_bool_bad(value, kwargs):
    assert refused(v.validate_bool, value, **kwargs).endswith("must be true or false")


@pytest.mark.parametrize("value, expected", [([1, 2], [1, 2]), ((1,), [1]), ([], [])])
def test_list_good(value, expected):
    assert v.validate_list("f", value) == expected


@pytest.mark.parametrize("value, of, problem", [
    ("10.0.0.1", None, "must be a list"), ({"a": 1}, None, "must be a list"),
    (None, "IP addresses", "must be a list of IP addresses")])
def test_list_bad(value, of, problem):
    assert refused(v.validate_list, value, of=of).endswith(problem)


@pytest.mark.parametrize("value, kwargs, expected", [
    ("192.0.2.1", {}, "192.0.2.1"), (" 192.0.2.1\n", {}, "192.0.2.1"),
    ("2001:0DB8:0::0001", {}, "2001:db8::1"), ("::ffff:192.0.2.1", {}, "::ffff:c000:201"),
    (None, {}, None), (None, {"default": "192.0.2.9"}, "192.0.2.9"),
    ("127.0.0.1", {"unicast": True}, "127.0.0.1"), ("224.0.0.1", {}, "224.0.0.1"),
    (ipaddress.ip_address("192.0.2.7"), {}, "192.0.2.7"),
])
def test_ip_good(value, kwargs, expected):
    assert v.validate_ip("f", value, **kwargs) == expected


@pytest.mark.parametrize("value, kwargs, problem", [
    ("not-an-ip", {}, "is not an IP address"), ("192.0.2.1/24", {}, "is not an IP address"),
    ("192.0.2.256", {}, "is not an IP address"), ("", {}, "is not an IP address"),
    (None, {"required": True}, "is not an IP address"), (True, {}, "is not an IP address"),
    ("host.example", {"hint": "give an address"}, "is not an IP address (give an address)"),
    ("224.0.0.1", {"unicast": True}, "must be a unicast address"),
    ("ff02::1", {"unicast": True}, "must be a unicast address"),
    ("0.0.0.0", {"unicast": True}, "must be a unicast address"),
    ("::", {"unicast": True}, "must be a unicast address"),
    ("127.0.0.1", {"loopback": False}, "must not be a loopback address"),
    ("::1", {"loopback": False}, "must not be a loopback address"),
])
def test_ip_bad(value, kwargs, problem):
    assert refused(v.validate_ip, value, **kwargs).endswith(problem)


@pytest.mark.parametrize("parse, value, expected", [
    (v.parse_ip, " 2001:db8::0:1 ", "2001:db8::1"),
    (v.parse_interface, "10.0.2.100/24", "10.0.2.100/24"),
    (v.parse_interface, "10.0.2.100/255.255.255.0", "10.0.2.100/24"),
    (v.parse_interface, "10.0.2.100", "10.0.2.100/32"),
    (v.parse_interface, "FD00::1/64", "fd00::1/64"),
    (v.parse_network, "10.0.0.0/16", "10.0.0.0/16"),
    (v.parse_network, "fd00:0::/48", "fd00::/48"),
])
def test_parse_good(parse, value, expected):
    assert str(parse("f", value)) == expected


@pytest.mark.parametrize("parse, value, problem", [
    (v.parse_ip, "10.0.0.1/8", "is not an IP address"),
    (v.parse_interface, "10.0.2.300/24", "is not an address with prefix (for example 10.0.2.100/24)"),
    (v.parse_interface, "10.0.2.1/33", "is not an address with prefix (for example 10.0.2.100/24)"),
    (v.parse_interface, None, "is not an address with prefix (for example 10.0.2.100/24)"),
    (v.parse_network, "10.0.2.1/16", "is not a network (for example 10.0.0.0/16)"),
    (v.parse_network, "blue", "is not a network (for example 10.0.0.0/16)"),
])
def test_parse_bad(parse, value, problem):
    assert refused(parse, value).endswith(problem)


@pytest.mark.parametrize("value, kwargs, expected", [
    (68, {}, 68), (1500, {}, 1500), (9000, {}, 9000), (65535, {}, 65535), (None, {}, None), ("9000", {"text": True}, 9000)])
def test_mtu_good(value, kwargs, expected):
    assert v.validate_mtu("f", value, **kwargs) == expected


@pytest.mark.parametrize("value, problem", [
    (67, "is outside 68..65535"), (65536, "is outside 68..65535"), (0, "is outside 68..65535"),
    (-1, "is outside 68..65535"),
    ("1500", "must be an integer"), (True, "must be an integer")])
def test_mtu_bad(value, problem):
    assert refused(v.validate_mtu, value).endswith(problem)


@pytest.mark.parametrize("value, expected", [
    ("02:00:00:00:00:01", "02:00:00:00:00:01"), ("02-AB-00-00-00-01", "02:ab:00:00:00:01"), (None, None)])
def test_mac_good(value, expected):
    assert v.validate_mac("f", value) == expected


@pytest.mark.parametrize("value, problem", [
    ("01:00:5e:00:00:01", "is a multicast address; a device needs a unicast one"),
    ("00:00:00:00:00:00", "is the all-zero address"),
    ("02:00:00:00:00", "is not a MAC address (six hex pairs, e.g. 02:00:00:00:00:01)"),
    ("02:00:00:00:00:0g", "is not a MAC address (six hex pairs, e.g. 02:00:00:00:00:01)"),
    ("020000000001", "is not a MAC address (six hex pairs, e.g. 02:00:00:00:00:01)"),
    (5, "is not a MAC address (six hex pairs, e.g. 02:00:00:00:00:01)"),
])
def test_mac_bad(value, problem):
    assert refused(v.validate_mac, value).endswith(problem)


# The callers: the same bad input in two layers gets the same words.
def test_the_same_problem_reads_the_same_in_the_kernel_ovs_and_controller_code():
    from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.vxlan import VxlanResource
    from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_int_list
    from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay import overlay_plan
    problems = []
    for build in (lambda: VxlanResource({"name": "vx0", "vni": 16777216}, FakeSnapshot({})),
                  lambda: validate_int_list("trunks", [4096], 0, 4095),
                  lambda: overlay_plan({"h1": {"type": "vxlan", "address": "192.0.2.1"}}, "h1", vni=16777216)):
        with pytest.raises(ValidationError) as caught:
            build()
        problems.append(caught.value.msg.split(" ", 2)[2])
    assert problems == ["is outside 0..16777215", "is outside 0..4095", "is outside 0..16777215"]
