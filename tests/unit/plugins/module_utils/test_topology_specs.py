# -*- coding: utf-8 -*-
"""One argument spec per resource: the single module's spec IS the topology item's spec."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils import _specs
from ansible_collections.linuxnet.netns.plugins.module_utils._topology_kinds import KIND_BY_OPTION, KINDS

CONNECTION_OPTIONS = set(_specs.OVSDB_SPEC)


class Captured(Exception):
    pass


def module_spec(name, monkeypatch):
    """The argument_spec a module's main() hands to AnsibleModule."""
    module = importlib.import_module("ansible_collections.linuxnet.netns.plugins.modules.%s" % name)
    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        raise Captured()

    monkeypatch.setattr(module, "AnsibleModule", fake)
    with pytest.raises(Captured):
        module.main()
    return seen


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.option)
def test_the_item_spec_is_the_single_modules_spec(kind, monkeypatch):
    seen = module_spec(kind.module, monkeypatch)
    resource_part = dict((key, value) for key, value in seen["argument_spec"].items()
                         if key not in CONNECTION_OPTIONS)
    assert resource_part == kind.spec
    for key in resource_part:
        assert resource_part[key] is kind.spec[key]  # the same objects, not a copy
    assert seen.get("required_if") == kind.required_if


def test_topology_lists_take_the_six_kinds():
    assert sorted(KIND_BY_OPTION) == ["addresses", "bridges", "namespaces", "ports", "routes", "veths"]


def test_topology_module_spec(monkeypatch):
    seen = module_spec("topology", monkeypatch)["argument_spec"]
    assert set(seen) == set(KIND_BY_OPTION) | {"state", "owner", "db"}
    assert seen["state"]["choices"] == ["merged", "replaced", "overridden", "deleted", "gathered", "rendered"]
