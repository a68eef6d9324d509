# -*- coding: utf-8 -*-
"""ovs-vsctl value syntax: quoting that no value can break out of, and reading --data=json."""

import json

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.syntax import (
    as_list, atom, column_value, decode, map_key_value, map_literal, optional, parse_tables, set_literal)

NASTY = ["plain", "with space", 'quote"inside', "comma,separated", "k=v", "{brace}", "[bracket]",
         "back\\slash", "new\nline", "ünïcödé", "", "-- add-br evil", "x\" external_ids:y=\"z"]


@pytest.mark.parametrize("value", NASTY)
def test_string_atom_is_one_json_string(value):
    written = atom(value)
    assert written.startswith('"') and written.endswith('"')
    assert json.loads(written) == value


@pytest.mark.parametrize("key", NASTY[:-2])
@pytest.mark.parametrize("value", NASTY)
def test_map_key_value_splits_back_into_exactly_key_and_value(key, value):
    argument = map_key_value("external_ids", key, value)
    column, rest = argument.split(":", 1)
    assert column == "external_ids"
    decoder = json.JSONDecoder()
    parsed_key, end = decoder.raw_decode(rest)
    assert rest[end] == "="
    parsed_value, end2 = decoder.raw_decode(rest[end + 1:])
    assert (parsed_key, parsed_value) == (key, value)
    assert end + 1 + end2 == len(rest)  # nothing after the value: no second key can be smuggled in


@pytest.mark.parametrize("value, expected", [
    (True, "true"), (False, "false"), (7, "7"), ("7", '"7"'), ("a b", '"a b"'),
])
def test_atom(value, expected):
    assert atom(value) == expected


def test_collections():
    assert set_literal([]) == "[]"
    assert set_literal([1, 2]) == "[1,2]"
    assert set_literal(["OpenFlow13"]) == '["OpenFlow13"]'
    assert map_literal({}) == "{}"
    assert map_literal({"b": "2", "a": "x y"}) == '{"a"="x y","b"="2"}'
    assert column_value("trunks", [10, 20]) == "trunks=[10,20]"
    assert column_value("options", {"peer": "p1"}) == 'options={"peer"="p1"}'
    assert column_value("tag", 5) == "tag=5"
    assert column_value("fail_mode", "secure") == 'fail_mode="secure"'


@pytest.mark.parametrize("datum, expected", [
    (["set", []], []),
    (["set", [1, 2]], [1, 2]),
    (["map", [["a", "b"]]], {"a": "b"}),
    (["uuid", "1234"], "1234"),
    ("name", "name"),
    (5, 5),
])
def test_decode(datum, expected):
    assert decode(datum) == expected


def test_optional_and_as_list():
    assert optional(["set", []]) is None
    assert optional(5) == 5
    assert as_list(["uuid", "u1"]) == ["u1"]
    assert as_list(["set", [["uuid", "u1"], ["uuid", "u2"]]]) == ["u1", "u2"]


def test_parse_tables_pairs_documents_with_tables():
    output = '{"data":[["br0"]],"headings":["name"]}\n{"data":[],"headings":["name"]}\n'
    assert parse_tables(output, ("Bridge", "Port")) == {"Bridge": [{"name": "br0"}], "Port": []}
    with pytest.raises(ValueError):
        parse_tables(output, ("Bridge",))
