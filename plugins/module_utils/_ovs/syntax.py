# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovs-vsctl value syntax: how Python values are written into, and read back from, ovs-vsctl.

Writing: every string atom is written as a JSON string (double quotes, backslash escapes), which
ovs-vsctl parses back exactly (ovsdb_atom_from_string). So a value holding spaces, quotes, commas,
``=``, braces or non-ASCII text stays one atom and can neither break the argument nor add another
key or column. Each argument is one argv element; no shell ever sees it.

Reading: ``--format=json --data=json`` output, where a set is ``["set", [...]]``, a map is
``["map", [[k, v], ...]]``, a reference is ``["uuid", "..."]`` and a one-element set is the atom.
"""

import json


def atom(value):
    """One ovs-vsctl atom: integers and booleans as they are, everything else a quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))


def set_literal(values):
    """A set column value: ``[a,b]`` (``[]`` clears the column)."""
    return "[%s]" % ",".join(atom(value) for value in values)


def map_literal(mapping):
    """A whole map column value: ``{"k"="v",...}`` (``{}`` clears the column)."""
    return "{%s}" % ",".join("%s=%s" % (atom(key), atom(mapping[key])) for key in sorted(mapping))


def column_value(column, value):
    """``column=value`` for a scalar, set (list) or map (dict) value."""
    if isinstance(value, dict):
        return "%s=%s" % (column, map_literal(value))
    if isinstance(value, (list, tuple)):
        return "%s=%s" % (column, set_literal(value))
    return "%s=%s" % (column, atom(value))


def map_key_value(column, key, value):
    """``column:"key"="value"``: sets one key of a map column, leaving the other keys alone."""
    return "%s:%s=%s" % (column, atom(key), atom(value))


def decode(datum):
    """Turn one ``--data=json`` cell into plain Python: set -> list, map -> dict, uuid -> str."""
    if isinstance(datum, list) and len(datum) == 2 and isinstance(datum[0], str):
        tag, body = datum
        if tag == "set":
            return [decode(item) for item in body]
        if tag == "map":
            return dict((decode(key), decode(value)) for key, value in body)
        if tag in ("uuid", "named-uuid"):
            return body
    return datum


def optional(datum):
    """A column of 0 or 1 values (``tag``, ``fail_mode``, ``mtu_request``): the value or None."""
    value = decode(datum)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def as_list(datum):
    """A set column: always a list (a one-element set arrives as the bare atom)."""
    value = decode(datum)
    return value if isinstance(value, list) else [value]


def parse_tables(output, tables):
    """Parse the output of chained ``list`` commands, one JSON document per line, in order.

    Returns ``{table: [row_dict, ...]}``; rows are dicts of column name to the raw JSON cell.
    """
    documents = [line for line in output.splitlines() if line.strip()]
    if len(documents) != len(tables):
        raise ValueError("expected %d tables, got %d documents" % (len(tables), len(documents)))
    result = {}
    for table, text in zip(tables, documents):
        document = json.loads(text)
        headings = document["headings"]
        result[table] = [dict(zip(headings, row)) for row in document["data"]]
    return result
