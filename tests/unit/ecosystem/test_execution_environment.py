# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""execution-environment.yml (ansible-builder 3) and the collection's meta/execution-environment.yml:
every file they name exists, pins agree with requirements.txt, bindep files parse. With
ansible-builder importable (not in the dev venv: it is not needed there) the definition is also
validated against ansible-builder's own schema, and with bindep importable the bindep files are
parsed by bindep itself."""

import os
import re

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
V3_TOP_LEVEL = {"version", "images", "dependencies", "options", "build_arg_defaults", "additional_build_files",
                "additional_build_steps"}
V3_DEPENDENCIES = {"python", "system", "galaxy", "python_interpreter", "ansible_core", "ansible_runner", "exclude"}
BINDEP_LINE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*( \[[!A-Za-z0-9:_.+ -]+\])?$")


def load(path):
    with open(os.path.join(ROOT, path)) as handle:
        return yaml.safe_load(handle)


def pins(path):
    """{package: version} from a requirements file's ``name==version`` lines."""
    found = {}
    with open(os.path.join(ROOT, path)) as handle:
        for line in handle:
            match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
            if match:
                found[match.group(1).lower()] = match.group(2)
    return found


def test_root_definition_is_version_3_with_known_sections():
    definition = load("execution-environment.yml")
    assert definition["version"] == 3
    assert set(definition) <= V3_TOP_LEVEL
    assert set(definition["dependencies"]) <= V3_DEPENDENCIES
    assert "python" not in definition["dependencies"]  # no Python package beyond ansible-core
    for key in ("system", "galaxy"):
        assert os.path.isfile(os.path.join(ROOT, definition["dependencies"][key])), key


def test_pins_agree_with_the_dev_requirements():
    definition = load("execution-environment.yml")
    dev = pins("requirements.txt")
    assert definition["dependencies"]["ansible_core"]["package_pip"] == "ansible-core==" + dev["ansible-core"]


def test_collection_metadata_names_its_files():
    meta = load("meta/execution-environment.yml")
    assert meta["dependencies"] == {"system": "meta/ee-bindep.txt"}
    for path in meta["dependencies"].values():
        assert os.path.isfile(os.path.join(ROOT, path)), path


def test_galaxy_requirements_name_the_collection():
    collections = load("meta/ee-galaxy-requirements.yml")["collections"]
    assert len(collections) == 1 and "netns" in collections[0]["name"]


@pytest.mark.parametrize("path", ["meta/ee-bindep.txt", "bindep.txt"])
def test_bindep_files_parse(path):
    with open(os.path.join(ROOT, path)) as handle:
        text = handle.read()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert lines and all(BINDEP_LINE.match(line) for line in lines), lines
    try:
        from bindep.depends import Depends
    except ImportError:
        return
    Depends(text)  # raises on a syntax error


def test_ee_bindep_has_the_runtime_tools():
    with open(os.path.join(ROOT, "meta", "ee-bindep.txt")) as handle:
        names = set(line.split()[0] for line in handle if line.strip() and not line.startswith("#"))
    assert {"iproute", "iproute2", "iputils", "iputils-ping", "openssh-clients", "util-linux", "openvswitch"} <= names


def test_definition_valid_for_ansible_builder():
    ee_schema = pytest.importorskip("ansible_builder.ee_schema", reason="ansible-builder is not installed")
    ee_schema.validate_schema(load("execution-environment.yml"))
