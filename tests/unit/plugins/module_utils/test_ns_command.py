# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ns_command's checks: an argument list only, creates/removes, the missing namespace rule."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.command import NsCommand


def call(**params):
    return NsCommand(dict(dict(netns="blue", argv=["ip", "-br", "addr"]), **params))


def test_the_command_is_ip_netns_exec_and_the_list():
    assert call(argv=["sh", "-c", "a b; c"]).command == ["ip", "netns", "exec", "blue", "sh", "-c", "a b; c"]


@pytest.mark.parametrize("argv, field, problem", [
    ("ip -br addr", "argv", "must be a list of arguments, not a string"),
    ([], "argv", "must be a non-empty list"),
    ({"a": 1}, "argv", "must be a non-empty list"),
    (["ip", 3], "argv[1]", "must be a string"),
    (["ip", "a\0b"], "argv[1]", "NUL"),
    ([""], "argv[0]", "must name a program"),
])
def test_argv_refused(argv, field, problem):
    with pytest.raises(ValidationError) as caught:
        call(argv=argv)
    assert caught.value.details == {"field": field, "value": argv if field == "argv" else argv[int(field[5])]}
    assert problem in caught.value.msg


@pytest.mark.parametrize("params, field", [({"netns": "../x"}, "netns"), ({"netns": None}, "netns"),
                                           ({"creates": "rel/x"}, "creates"), ({"chdir": "tmp"}, "chdir")])
def test_other_fields_refused(params, field):
    with pytest.raises(ValidationError) as caught:
        call(**params)
    assert caught.value.details["field"] == field


def test_creates_and_removes(tmp_path):
    there = str(tmp_path / "there")
    open(there, "w").close()
    missing = str(tmp_path / "missing")
    assert call(creates=there).skip_reason() == "skipped, since %s exists" % there
    assert call(creates=missing).skip_reason() is None
    assert call(removes=missing).skip_reason() == "skipped, since %s does not exist" % missing
    assert call(removes=str(tmp_path / "th*")).skip_reason() is None


def test_a_missing_namespace():
    with pytest.raises(MissingObjectError, match="^netns 'blue' does not exist"):
        call().check_netns(False, is_file=lambda path: False)
    assert call().check_netns(True, is_file=lambda path: False).name == "blue"
    assert call().check_netns(False, is_file=lambda path: True) is None
