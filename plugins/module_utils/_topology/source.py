# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology lists as a document of their own: its shape, and reading it on the managed host.

The action plugin reads O(src) on the controller and ships its lists to the host as a JSON file
(option ``items_file``), so ansible-core never encodes, decodes, copies or validates thousands of
items as module arguments. Both ends check the same shape here (a mapping of list options to lists
of mappings); each item's options are then checked by the engine exactly as for inline lists.
"""

import json

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError

# The topology module's list options (tests/unit checks this against the kinds' own list).
LIST_OPTIONS = ("namespaces", "veths", "addresses", "routes", "bridges", "ports", "vxlans", "links",
                "qdiscs", "nats")


class ListsError(NetnsError):
    """A document of lists that is not a mapping of list options to lists of mappings."""

    def __init__(self, field, value, msg):
        super().__init__(msg, field=field, value=value)


def check_lists(document, field, value):
    """{option: list} from a parsed document; the option and its value ("src tenants.yml") lead
    every message."""
    name = "%s %s" % (field, value)
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ListsError(field, value, "%s must hold a mapping of %s, not a %s"
                         % (name, ", ".join(LIST_OPTIONS), type(document).__name__))
    unknown = sorted(str(key) for key in document if key not in LIST_OPTIONS)
    if unknown:
        raise ListsError(field, value, "%s: unknown key %r (expected some of: %s)"
                         % (name, unknown[0], ", ".join(LIST_OPTIONS)))
    lists = {}
    for option, items in document.items():
        if items is None:
            items = []
        if not isinstance(items, list):
            raise ListsError(field, value, "%s: %s must be a list, not %s %r"
                             % (name, option, type(items).__name__, items))
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise ListsError(field, value, "%s: %s[%d] must be a mapping of options, not %r"
                                 % (name, option, index, item))
        lists[option] = items
    return lists


def read_items_file(path):
    """The lists in the JSON file at ``path`` on the managed host (``items_file``)."""
    name = "items_file %s" % path
    try:
        with open(path, "rb") as handle:
            document = json.loads(handle.read().decode("utf-8"))
    except (IOError, OSError, UnicodeDecodeError) as error:
        raise ListsError("items_file", path, "%s cannot be read: %s" % (name, error))
    except ValueError as error:
        raise ListsError("items_file", path, "%s is not JSON: %s" % (name, error))
    return check_lists(document, "items_file", path)
