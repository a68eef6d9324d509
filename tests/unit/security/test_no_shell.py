# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No shell anywhere: every Python file under plugins/ and roles/*/files is read as a syntax tree
(so formatting, aliases or line breaks cannot hide a call) and every task file of roles/ and
playbooks/ is read as YAML. Offenders are listed by file and line.

Refused in Python:
  - ``shell=True`` passed to any call;  ``use_unsafe_shell=True`` (AnsibleModule.run_command)
  - ``os.system``, ``os.popen``, ``commands.*``, ``pty.spawn``, ``subprocess.getoutput`` /
    ``getstatusoutput`` (always a shell)
  - ``subprocess.*`` / ``run_command`` called with a string (or f-string, or ``%``/``+``/``.format``
    built) command instead of a list
  - a string literal ``/bin/sh`` / ``sh -c`` / ``bash -c`` used as a program
Refused in YAML: the ``shell``/``ansible.builtin.shell``/``raw`` modules and ``script`` tasks.
"""

import ast
import glob
import os
import re

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SUBPROCESS_CALLS = ("run", "call", "check_call", "check_output", "Popen")
ALWAYS_SHELL = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput"),
                ("subprocess", "getstatusoutput"), ("pty", "spawn"), ("commands", "getoutput"),
                ("commands", "getstatusoutput")}
SHELL_PROGRAM = re.compile(r"(^|/)(ba|da|z|k)?sh$")
YAML_SHELL_MODULES = {"shell", "ansible.builtin.shell", "ansible.legacy.shell", "raw", "ansible.builtin.raw",
                      "script", "ansible.builtin.script"}


def python_files():
    found = glob.glob(os.path.join(ROOT, "plugins", "**", "*.py"), recursive=True)
    found += glob.glob(os.path.join(ROOT, "roles", "*", "files", "**", "*.py"), recursive=True)
    return sorted(found)


def yaml_files():
    found = []
    for top in ("roles", "playbooks"):
        for pattern in ("*.yml", "*.yaml"):
            found += glob.glob(os.path.join(ROOT, top, "**", pattern), recursive=True)
    return sorted(found)


def dotted(node):
    """``a.b.c`` of a Name/Attribute chain, or None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def is_string_built(node):
    """A command given as text: a literal string, an f-string, % / + / .format() on strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return is_string_built(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return is_string_built(node.func.value)
    return False


def literal_true(node):
    return isinstance(node, ast.Constant) and node.value is True or not isinstance(node, ast.Constant)


def offences(source, filename="<snippet>"):
    """[(line, text)] for every shell use in Python ``source``."""
    tree = ast.parse(source, filename)
    imported = {}  # local name -> (module, attr) for `from os import system as s`
    modules = {}  # local name -> module for `import subprocess as sp`
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imported[alias.asname or alias.name] = (node.module, alias.name)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    modules[alias.asname] = alias.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = node.value.split()
            if words and SHELL_PROGRAM.search(words[0]) and (len(words) == 1 or words[1] == "-c"):
                found.append((node.lineno, "shell program %r" % node.value))
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func) or ""
        if "." not in name and name in imported:
            name = "%s.%s" % imported[name]
        head, _dot, tail = name.partition(".")
        if tail and head in modules:
            name = "%s.%s" % (modules[head], tail)
        parts = tuple(name.rsplit(".", 1)) if "." in name else ("", name)
        for keyword in node.keywords:
            if keyword.arg in ("shell", "use_unsafe_shell") and literal_true(keyword.value):
                found.append((node.lineno, "%s(%s=...)" % (name, keyword.arg)))
        if parts in ALWAYS_SHELL:
            found.append((node.lineno, "%s() runs a shell" % name))
        is_process_call = ((parts[0].endswith("subprocess") and parts[1] in SUBPROCESS_CALLS)
                           or parts[1] == "run_command")
        if is_process_call:
            command = node.args[0] if node.args else next(
                (k.value for k in node.keywords if k.arg in ("args", "argv")), None)
            if command is not None and is_string_built(command):
                found.append((node.lineno, "%s() with a string command" % name))
    return sorted(found)


def yaml_offences(path):
    """[(task name, module)] for tasks that use a shell module."""
    with open(path) as handle:
        data = yaml.safe_load(handle)
    found = []

    def walk(item):
        if isinstance(item, dict):
            for key in YAML_SHELL_MODULES & set(k for k in item if isinstance(k, str)):
                found.append((item.get("name", "?"), key))
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
    walk(data)
    return found


def test_plugins_and_role_files_run_no_shell():
    files = python_files()
    assert any(path.endswith("_ovs/client.py") for path in files) and any("labctl.py" in path for path in files)
    report = []
    for path in files:
        with open(path) as handle:
            for line, what in offences(handle.read(), path):
                report.append("%s:%d: %s" % (os.path.relpath(path, ROOT), line, what))
    assert not report, "shell use found:\n" + "\n".join(report)


def test_roles_and_playbooks_use_no_shell_module():
    files = yaml_files()
    assert files
    report = ["%s: task %r uses %s" % (os.path.relpath(path, ROOT), task, module)
              for path in files for task, module in yaml_offences(path)]
    assert not report, "use ansible.builtin.command with argv instead:\n" + "\n".join(report)


# The scanner itself: each snippet must be caught (so the tests above can fail), and argv use must not.
BAD = [
    "import subprocess\nsubprocess.run('ip link', shell=True)",
    "import os as o\no.system('ls')",
    "import subprocess as sp\nsp.check_output('ip link')",
    "import subprocess\nsubprocess.run(['ip', 'link'],\n    shell = True)",
    "from subprocess import Popen as P\nP(cmd, shell=flag)",
    "import os\nos.system('ip netns add x')",
    "from os import popen\npopen('ls')",
    "import subprocess\nsubprocess.check_output('ip -j link')",
    "import subprocess\nsubprocess.run('ip link set %s up' % name)",
    "import subprocess\nsubprocess.run(f'ip link set {name} up')",
    "import subprocess\nsubprocess.call('ip ' + args)",
    "import subprocess\nsubprocess.getoutput('ls')",
    "module.run_command('ovs-vsctl add-br br0')",
    "module.run_command(['ovs-vsctl', 'add-br', 'br0'], use_unsafe_shell=True)",
    "module.run_command(args='ovs-vsctl show')",
    "import subprocess\nsubprocess.run(['/bin/sh', '-c', 'ip link'])",
    "import subprocess\nsubprocess.run(['bash -c', 'x'])",
]
GOOD = [
    "import subprocess\nsubprocess.run(['ip', 'link'], shell=False, check=False)",
    "module.run_command(['ovs-vsctl', '--db=' + db, 'show'], expand_user_and_vars=False)",
    "text = 'never a shell'\nprint('sh is a word')",
]


@pytest.mark.parametrize("snippet", BAD)
def test_scanner_catches(snippet):
    assert offences(snippet), snippet


@pytest.mark.parametrize("snippet", GOOD)
def test_scanner_passes_argv(snippet):
    assert offences(snippet) == []


@pytest.mark.parametrize("task", [
    {"name": "x", "ansible.builtin.shell": "ip link"},
    {"name": "x", "shell": {"cmd": "ip link"}},
    {"block": [{"name": "inner", "ansible.builtin.raw": "ls"}]},
])
def test_yaml_scanner_catches(tmp_path, task):
    path = tmp_path / "tasks.yml"
    path.write_text(yaml.safe_dump([task]))
    assert yaml_offences(str(path))
