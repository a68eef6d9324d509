# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""systemd unit names: systemd's rules, and escaping compared with the real systemd-escape."""

import shutil
import subprocess

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.units import (
    escape, escape_path, validate_unit_name)

NAMESPACE_NAMES = ["blue", "my-ns", "a.b", "a+b", "x_1", "A-B.c+d_e", "tenant-0042"]


@pytest.mark.parametrize("name", ["web.service", "getty@tty1.service", "a:b.service", "my\\x2dweb.service",
                                  "x" * 247 + ".service"])
def test_unit_names_accepted(name):
    assert validate_unit_name("name", name) == name


@pytest.mark.parametrize("name, problem", [
    ("web", "has no unit type suffix (did you mean 'web.service'?)"),
    ("web.conf", "has no unit type suffix"),
    ("multi-user.target", "is a .target unit; only .service units can be bound"),
    ("web@.service", "is a template; name one of its instances (for example web@NAME.service)"),
    (".service", "has no name before .service"),
    ("@x.service", "has no name before .service"),
    ("a@b@c.service", "has more than one '@'"),
    ("web;reboot.service", "must not contain ';'"),
    ("web .service", "must not contain ' '"),
    ("../x.service", "must not contain '/'"),
    ("x" * 248 + ".service", "is longer than the 255 bytes of a unit name"),
    ("", "must be a non-empty unit name"),
    (None, "must be a non-empty unit name"),
])
def test_unit_names_refused_naming_field_and_value(name, problem):
    with pytest.raises(ValidationError) as caught:
        validate_unit_name("name", name)
    assert caught.value.details == {"field": "name", "value": name}
    assert problem in caught.value.msg


@pytest.mark.parametrize("name, escaped", [("blue", "blue"), ("my-ns", "my\\x2dns"), ("a+b", "a\\x2bb"),
                                           ("a.b", "a.b"), (".x", "\\x2ex")])
def test_escape(name, escaped):
    assert escape(name) == escaped


@pytest.mark.skipif(not shutil.which("systemd-escape"), reason="systemd-escape is not installed here")
@pytest.mark.parametrize("name", NAMESPACE_NAMES)
def test_escape_is_systemd_escape(name):
    real = subprocess.run(["systemd-escape", "--", name], capture_output=True, text=True, check=True).stdout.strip()
    assert escape(name) == real
    path = "/run/netns/" + name
    real = subprocess.run(["systemd-escape", "--path", "--", path], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert escape_path(path) == real
