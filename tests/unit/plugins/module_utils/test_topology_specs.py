# -*- coding: utf-8 -*-
"""One argument spec per resource: the single module's spec IS the topology item's spec."""

import importlib

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import specs as kernel_specs
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs import specs as ovs_specs
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION, KINDS

# module-level options that the topology module has once for all its items (db, owner)
CONNECTION_OPTIONS = set(ovs_specs.OVSDB_SPEC) | set(kernel_specs.NS_NAT_OWNER_SPEC)


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


def test_topology_lists_take_the_kinds():
    assert sorted(KIND_BY_OPTION) == [
        "addresses", "bridges", "links", "namespaces", "nats", "ports", "qdiscs", "routes", "veths", "vxlans"]


def test_topology_module_spec(monkeypatch):
    seen = module_spec("topology", monkeypatch)["argument_spec"]
    assert set(seen) == set(KIND_BY_OPTION) | {"src", "items_file", "state", "owner", "db", "persist", "persist_after"}
    assert seen["state"]["choices"] == ["merged", "replaced", "overridden", "deleted", "gathered", "rendered"]


@pytest.mark.parametrize("option,item", [
    ("namespaces", {"name": "blue"}),
    ("veths", {"name": "veth0", "peer": "veth1", "peer_netns": "blue", "mtu": 1400}),
    ("addresses", {"dev": "veth1", "netns": "blue", "address": ["10.0.2.100/24"]}),
    ("routes", {"netns": "blue", "dest": "default", "gateway": "10.0.2.1"}),
    ("bridges", {"name": "br0", "datapath_type": "netdev", "external_ids": {"a": "b"}}),
    ("ports", {"name": "veth0", "bridge": "br0", "tag": 10, "trunks": [1, 2]}),
    ("ports", {"name": "veth0", "bridge": "br0", "protected": True}),
    ("ports", {"name": "veth0", "state": "absent"}),
])
def test_fast_validation_path_agrees_with_the_validator(option, item):
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import plain_item, validate_items
    kind = KIND_BY_OPTION[option]
    full = ArgumentSpecValidator(kind.spec, required_if=kind.required_if).validate(item)
    assert not full.error_messages
    assert plain_item(kind, item) == full.validated_parameters
    assert validate_items({option: [item]})[option] == [full.validated_parameters]


@pytest.mark.parametrize("option,item", [
    ("veths", {"name": "veth0", "peer": "veth1", "up": "no"}),     # a string to convert: the validator does it
    ("ports", {"name": "veth0"}),                                    # required_if: bridge with state present
    ("veths", {"name": "veth0", "peer": "veth1", "peer_ns": "x"}),  # unknown option
])
def test_items_the_fast_path_cannot_take_go_through_the_validator(option, item):
    from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
    if option == "veths" and "up" in item:
        assert validate_items({option: [item]})[option][0]["up"] is False
        return
    with pytest.raises(NetnsError):
        validate_items({option: [item]})


def test_a_protected_flag_given_as_text_is_converted_by_the_validator():
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
    item = {"name": "vx0", "bridge": "br0", "protected": "yes"}
    assert validate_items({"ports": [item]})["ports"][0]["protected"] is True
