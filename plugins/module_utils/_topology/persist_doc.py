# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The declared state of one owner as a file (``persist: true``), and reading it back at boot.

What is kept is the run's input after the module's own checking: each list's items with every
option the single module's spec gives them (defaults filled in), the ``state``, the ``owner`` and
``db``. Never what the host held: drift is not persisted, it is repaired at the next start.

Reading checks everything before the engine is given anything (the engine then checks each item
again, as for a module call, before its first write): a file edited by hand into something invalid
fails naming the file and the field, and nothing on the host changes.
"""

import json
import os

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_db
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.source import LIST_OPTIONS

FORMAT = 1
CONFIG_DIR = "/etc/linuxnet-netns/topology"
# the states whose input is a declared state; deleted removes the file, gathered and rendered
# change nothing
PERSISTED_STATES = ("merged", "replaced", "overridden")
KEYS = ("format", "owner", "state", "db", "items")


class PersistedFileError(NetnsError):
    """A persisted file that cannot be used; the message starts with the file and names the field."""

    def __init__(self, path, field, problem):
        if problem.startswith(field + ": "):  # a message of the module's own checks names it already
            problem = problem[len(field) + 2:]
        super().__init__("%s: %s: %s" % (path, field, problem), file=path, field=field)


class Declared:
    """One owner's declared state: ``wanted`` (option -> validated items), ``state``, ``owner``, ``db``."""

    __slots__ = ("wanted", "state", "owner", "db")

    def __init__(self, wanted, state, owner, db):
        self.wanted, self.state, self.owner, self.db = wanted, state, owner, db

    def document(self):
        items = dict((option, self.wanted[option]) for option in LIST_OPTIONS if self.wanted.get(option))
        return {"format": FORMAT, "owner": self.owner, "state": self.state, "db": self.db, "items": items}


def file_of(owner, config_dir=CONFIG_DIR):
    return os.path.join(config_dir, owner + ".json")


def dumps(document):
    """The file's text: sorted keys and one level per line, so that a hand edit diffs well."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def read_document(path):
    """The parsed file, or None when there is none. Raises PersistedFileError when it is not JSON."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (IOError, OSError) as error:
        if not os.path.exists(path):
            return None
        raise PersistedFileError(path, "file", "cannot be read: %s" % error)
    except UnicodeDecodeError as error:
        raise PersistedFileError(path, "file", "is not UTF-8: %s" % error)
    try:
        return json.loads(text)
    except ValueError as error:
        raise PersistedFileError(path, "file", "is not JSON: %s" % error)


def _field(document, path, key, check):
    if key not in document:
        raise PersistedFileError(path, key, "missing")
    return check(document[key])


def _lists(items, path):
    """option -> list of mappings, from the file's ``items``."""
    if not isinstance(items, dict):
        raise PersistedFileError(path, "items", "must be a JSON object of %s" % ", ".join(LIST_OPTIONS))
    for option, listed in items.items():
        where = "items.%s" % option
        if option not in LIST_OPTIONS:
            raise PersistedFileError(path, where, "unknown list (expected %s)" % ", ".join(LIST_OPTIONS))
        if not isinstance(listed, list):
            raise PersistedFileError(path, where, "must be a list, not %r" % (listed,))
    return items


def check_document(document, path):
    """Declared from a parsed file. Every field is checked; the items as the module checks them."""
    if not isinstance(document, dict):
        raise PersistedFileError(path, "file", "must hold a JSON object with keys %s" % ", ".join(KEYS))
    unknown = sorted(str(key) for key in document if key not in KEYS)
    if unknown:
        raise PersistedFileError(path, unknown[0], "unknown key (expected %s)" % ", ".join(KEYS))
    if document.get("format") != FORMAT:
        raise PersistedFileError(path, "format", "must be %d, not %r" % (FORMAT, document.get("format")))
    try:
        owner = validate_owner("owner", _field(document, path, "owner", lambda value: value))
    except NetnsError as error:
        raise PersistedFileError(path, "owner", error.msg)
    if os.path.basename(path) != owner + ".json":
        raise PersistedFileError(path, "owner", "%r does not match the file's name (expected %s.json)" % (owner, owner))
    state = document.get("state")
    if state not in PERSISTED_STATES:
        raise PersistedFileError(path, "state", "must be one of %s, not %r" % (", ".join(PERSISTED_STATES), state))
    try:
        db = validate_db("db", _field(document, path, "db", lambda value: value))
    except NetnsError as error:
        raise PersistedFileError(path, "db", error.msg)
    lists = _lists(_field(document, path, "items", lambda value: value), path)
    try:
        wanted = validate_items(lists)
    except NetnsError as error:  # "veths[3]: ..." from the module's own checking
        raise PersistedFileError(path, "items." + error.msg.split(": ", 1)[0], error.msg.split(": ", 1)[-1])
    return Declared(wanted, state, owner, db)


def load_declared(path):
    """The declared state in ``path`` (raises PersistedFileError naming the file and the field)."""
    document = read_document(path)
    if document is None:
        raise PersistedFileError(path, "file", "does not exist")
    return check_document(document, path)
