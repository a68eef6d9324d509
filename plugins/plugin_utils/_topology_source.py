# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology module's O(src): a YAML or JSON file of its lists, read on the controller.

Why a file: Ansible tags, copies and templates every value of a task's arguments; at a few thousand
items that costs seconds before the module even starts. A data file read here with a plain parser
goes to the module untouched. Its values are therefore NOT templated.
"""

import json

import yaml

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.source import (
    LIST_OPTIONS, ListsError, check_lists)

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML without libyaml: slower, same result
    from yaml import SafeLoader


class TopologySourceError(Exception):
    """Bad O(src): the message names the file and the offending key or value."""


def parse(text, path):
    """The document in ``text`` (JSON is tried first: it is a YAML subset and parses ten times faster)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return yaml.load(text, Loader=SafeLoader)  # nosec - SafeLoader: plain data only
    except yaml.YAMLError as error:
        raise TopologySourceError("src %s is neither JSON nor YAML: %s" % (path, error))


def validate(document, path):
    """{option: list} from the parsed document, or TopologySourceError naming what is wrong (the
    same shape check the module makes of the file the action plugin ships)."""
    try:
        return check_lists(document, "src", path)
    except ListsError as error:
        raise TopologySourceError(error.msg)


def load(path):
    """The lists in the file at ``path`` (a real, readable file)."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (IOError, OSError, UnicodeDecodeError) as error:
        raise TopologySourceError("src %s cannot be read: %s" % (path, error))
    return validate(parse(text, path), path)


def merge_into(args, lists, path):
    """The task's arguments with the file's lists; a list given both ways is refused."""
    both = sorted(option for option in lists if args.get(option))
    if both:
        raise TopologySourceError("src %s and the option %s are mutually exclusive: list %s either in the "
                                  "file or in the task" % (path, both[0], both[0]))
    merged = dict((key, value) for key, value in args.items() if key != "src")
    merged.update(lists)
    return merged


def split_lists(args, ship_inline_at):
    """(the module's arguments without the lists, the lists to ship as a file) when the lists hold
    ``ship_inline_at`` items or more (0: whenever there is one, as for O(src)); else (args, None)."""
    lists = dict((option, args[option]) for option in LIST_OPTIONS if args.get(option))
    if not lists or sum(len(items) for items in lists.values()) < ship_inline_at:
        return args, None
    rest = dict((key, value) for key, value in args.items() if key not in lists)
    return rest, lists
