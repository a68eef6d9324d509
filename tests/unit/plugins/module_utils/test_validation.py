# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation and normalisation of every input of the netlink modules (pure, no kernel).

MTU and MAC are checked in _core/validate.py and tested in test_core_validate.py."""

import ipaddress
import socket

import pytest

# imported for its side effect: it puts the collection on sys.path

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.addresses import (
    is_link_local, normalise_address, sort_addresses)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import address_text
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import (
    normalise_dest, normalise_gateway, validate_metric, validate_table)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.sysctl import (
    normalise_sysctl_value, sysctl_path, validate_sysctl_key, validate_sysctls)


@pytest.mark.parametrize("key", ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
                                 "net.ipv4.conf.veth-0.rp_filter", "net.core.somaxconn"])
def test_sysctl_key_ok(key):
    assert validate_sysctl_key("sysctls", key) == key


@pytest.mark.parametrize("key", ["kernel.hostname", "vm.swappiness", "net", "net.", "net..ipv4",
                                 "net.ipv4/../../x", "net.ipv4.ip_forward ", "/proc/sys/net/x",
                                 "net.ipv4.a*b", 5, None])
def test_sysctl_key_rejected(key):
    with pytest.raises(ValidationError) as error:
        validate_sysctl_key("sysctls", key)
    assert error.value.details["field"] == "sysctls"


@pytest.mark.parametrize("value, expected", [
    (1, "1"), (True, "1"), (False, "0"), ("1", "1"), (" 1\n", "1"),
    ("4096\t87380   6291456", "4096 87380 6291456"), ([4096, 87380], "4096 87380"),
])
def test_sysctl_value_normalised(value, expected):
    assert normalise_sysctl_value("v", value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", 1.5, {"a": 1}])
def test_sysctl_value_rejected(value):
    with pytest.raises(ValidationError):
        normalise_sysctl_value("v", value)


def test_sysctls_dict():
    assert validate_sysctls("sysctls", {"net.ipv4.ip_forward": 1}) == {"net.ipv4.ip_forward": "1"}
    assert validate_sysctls("sysctls", None) == {}
    assert sysctl_path("net.ipv4.ip_forward") == "/proc/sys/net/ipv4/ip_forward"
    with pytest.raises(ValidationError):
        validate_sysctls("sysctls", ["net.ipv4.ip_forward"])


@pytest.mark.parametrize("value, expected", [
    ("10.0.2.100/24", "10.0.2.100/24"),
    ("10.0.2.100/255.255.255.0", "10.0.2.100/24"),
    ("10.0.2.100", "10.0.2.100/32"),
    ("10.0.2.0/31", "10.0.2.0/31"),
    ("fd00::1/64", "fd00::1/64"),
    ("FD00:0::1/64", "fd00::1/64"),
    ("fd00::1", "fd00::1/128"),
])
def test_address_normalised(value, expected):
    assert normalise_address("address", value) == expected


@pytest.mark.parametrize("value", ["10.0.2.0/24", "10.0.2.255/24", "fd00::/64", "224.0.0.1/24",
                                   "0.0.0.0/0", "127.0.0.1/8", "10.0.2.1/33", "10.0.2.300/24",
                                   "blue", "", None])
def test_address_rejected(value):
    with pytest.raises(ValidationError) as error:
        normalise_address("address", value)
    assert error.value.details["value"] == value


def test_address_sort_and_link_local():
    assert sort_addresses(["fd00::1/64", "10.0.0.2/24", "10.0.0.10/24", "10.0.0.2/24"]) == \
        ["10.0.0.2/24", "10.0.0.10/24", "fd00::1/64"]
    assert is_link_local("fe80::1/64")
    assert not is_link_local("fd00::1/64")
    assert not is_link_local("169.254.1.1/16")


@pytest.mark.parametrize("dest, gateway, expected", [
    ("default", None, "0.0.0.0/0"), ("default", "10.0.0.1", "0.0.0.0/0"), ("default", "fd00::1", "::/0"),
    ("10.1.0.0/16", None, "10.1.0.0/16"), ("10.1.2.3", None, "10.1.2.3/32"),
    ("10.1.0.0/255.255.0.0", None, "10.1.0.0/16"), ("fd00:1::/64", None, "fd00:1::/64"),
])
def test_dest_normalised(dest, gateway, expected):
    assert normalise_dest("dest", dest, gateway) == expected


@pytest.mark.parametrize("dest", ["10.1.2.3/16", "fd00::1/64", "10.1.0.0/40", "nowhere", "", None])
def test_dest_rejected(dest):
    with pytest.raises(ValidationError):
        normalise_dest("dest", dest)


def test_gateway_table_metric():
    assert normalise_gateway("gateway", "10.0.0.1") == "10.0.0.1"
    assert normalise_gateway("gateway", None) is None
    for bad in ("10.0.0.0/24", "224.0.0.1", "0.0.0.0", "x"):
        with pytest.raises(ValidationError):
            normalise_gateway("gateway", bad)
    assert validate_table("table", None) == 254
    assert validate_table("table", 100) == 100
    for bad in (0, 255, -1, True, "main"):
        with pytest.raises(ValidationError):
            validate_table("table", bad)
    assert validate_metric("metric", None, 4) == 0
    assert validate_metric("metric", None, 6) == 1024
    with pytest.raises(ValidationError):
        validate_metric("metric", -1, 4)


def test_sort_orders_by_number_not_text_and_bare_addresses_sort_too():
    assert sort_addresses(["10.0.0.10/8", "9.0.0.1/8", "10.0.0.9/8", "10.0.0.9/7", "::1/128", "fe80::2/64",
                           "fe80::10/64"]) == ["9.0.0.1/8", "10.0.0.9/7", "10.0.0.9/8", "10.0.0.10/8", "::1/128",
                                               "fe80::2/64", "fe80::10/64"]
    assert sort_addresses(["192.0.2.10", "192.0.2.9"]) == ["192.0.2.9", "192.0.2.10"]


@pytest.mark.parametrize("text", ["10.0.2.100", "fe80::1", "2001:db8::", "2001:db8:0:1::1", "::", "::1",
                                  "::ffff:10.0.0.1", "64:ff9b::a00:1", "2001:db8:1:0:1:0:0:1"])
def test_kernel_address_text_is_what_ipaddress_writes(text):
    address = ipaddress.ip_address(text)
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    assert address_text(family, address.packed) == str(address)
