# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Nothing in the collection widens access to Open vSwitch (docs/security.md): writing OVSDB needs
root or membership of the socket's group, and no plugin, role or playbook changes the mode, owner
or group of the OVSDB socket or of any OVS runtime folder.

Refused: any Python call named chmod/lchmod/fchmod/chown/lchown/fchown, whatever it is called on
or imported as, anywhere in plugins/ or roles/*/files; any text line of plugins/, roles/, playbooks/
naming chmod/chown/chgrp/setfacl together with an OVS path or a socket; any YAML task with
mode/owner/group/setype on a path under an OVS folder or ending in .sock.
"""

import ast
import glob
import os
import re

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
# by the called name alone, whatever it is called on or imported as (os.chmod, o.chmod, Path(p).chmod,
# `from os import chmod`): nothing in the collection has a reason to change a mode or an owner
PERMISSION_NAMES = {"chmod", "lchmod", "fchmod", "chown", "lchown", "fchown"}
PERMISSION_WORDS = re.compile(r"\b(chmod|chown|chgrp|setfacl)\b")
OVS_PATH = re.compile(r"openvswitch|ovsdb|db\.sock|\.sock\b|\.mgmt\b")
PERMISSION_ARGS = {"mode", "owner", "group", "setype", "seuser", "attributes"}
PATH_ARGS = ("path", "dest", "name")


def files(*patterns):
    found = []
    for pattern in patterns:
        found += glob.glob(os.path.join(ROOT, pattern), recursive=True)
    return sorted(set(found))


def python_offences(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in PERMISSION_NAMES:
            found.append((node.lineno, name))
    return found


def text_offences(text):
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if PERMISSION_WORDS.search(line) and OVS_PATH.search(line)]


def yaml_offences(data):
    found = []

    def walk(item):
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, dict) and PERMISSION_ARGS & set(value):
                    paths = [str(value.get(key, "")) for key in PATH_ARGS]
                    if any(OVS_PATH.search(path) for path in paths):
                        found.append(item.get("name", "?"))
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
    walk(data)
    return found


def test_no_permission_changes_in_python():
    report = []
    for path in files("plugins/**/*.py", "roles/*/files/**/*.py"):
        with open(path) as handle:
            report += ["%s:%d: %s" % (os.path.relpath(path, ROOT), line, what)
                       for line, what in python_offences(handle.read())]
    assert not report, "\n".join(report)


def test_no_chmod_or_chown_of_ovs_paths_anywhere():
    report = []
    for path in files("plugins/**/*", "roles/**/*", "playbooks/**/*"):
        if not os.path.isfile(path):
            continue
        with open(path, errors="replace") as handle:
            report += ["%s:%d: %s" % (os.path.relpath(path, ROOT), line, text)
                       for line, text in text_offences(handle.read())]
    assert not report, "\n".join(report)


def test_no_yaml_task_sets_modes_on_ovs_paths():
    report = []
    for path in files("roles/**/*.yml", "playbooks/**/*.yml"):
        with open(path) as handle:
            report += ["%s: %s" % (os.path.relpath(path, ROOT), task) for task in yaml_offences(yaml.safe_load(handle))]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("snippet", ["import os\nos.chmod('/var/run/openvswitch/db.sock', 0o666)",
                                     "import shutil\nshutil.chown(p, group='ovs')",
                                     "from os import chmod\nchmod(p, 0o666)",
                                     "import os as o\no.chmod(p, 0o666)",
                                     "import pathlib\npathlib.Path(p).chmod(0o666)"])
def test_python_scan_catches(snippet):
    assert python_offences(snippet)


@pytest.mark.parametrize("text", ["argv: [chmod, '0666', /var/run/openvswitch/db.sock]",
                                  "setfacl -m g:ops:rw /run/openvswitch/db.sock"])
def test_text_scan_catches(text):
    assert text_offences(text)


def test_yaml_scan_catches():
    socket_file = {"path": "/var/run/openvswitch/db.sock", "mode": "0666"}
    tasks = [{"name": "open the socket", "ansible.builtin.file": socket_file}]
    assert yaml_offences(tasks) == ["open the socket"]
