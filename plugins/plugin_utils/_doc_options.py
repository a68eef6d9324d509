# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One resource's option documentation, written once, given the two shapes its doc fragment offers.

A resource's options (YAML, each option at column 0) are the top-level options of its single module
(``module_options``: the fragment's DOCUMENTATION) and the sub-options of the topology module's list
of that resource (``topology_list``: the fragment's TOPOLOGY, used as
``linuxnet.netns.RESOURCE.topology``); ``resource_fragment`` makes the fragment class holding both. Only the documentation is built here; the argument specs are in
module_utils (_kernel/specs.py, _ovs/specs.py), and tests/unit/plugins/modules/test_documented_options.py
holds both shapes to them.
"""

import re
import textwrap

import yaml


def resource_fragment(option, description, options):
    """The doc fragment class of one resource: ``options`` as its module's own (DOCUMENTATION) and as
    the items of the topology module's list ``option`` (TOPOLOGY; ``description`` as topology_list's)."""
    return type("ModuleDocFragment", (), {"DOCUMENTATION": module_options(options),
                                          "TOPOLOGY": topology_list(option, description, options)})


def module_options(options):
    """A doc fragment giving ``options`` as a module's own options."""
    return "options:\n" + textwrap.indent(options.strip("\n"), "  ") + "\n"


def topology_list(option, description, options):
    """A doc fragment giving the topology module's list ``option`` (``description``: a string, or a
    list of paragraphs), each item taking ``options``.

    An item's option refers to a sibling by its path in the topology module (``O(peer)`` becomes
    ``O(veths[].peer)``), so that the reference names an option of the module it is read in.
    """
    documented = {option: dict(description=description, type="list", elements="dict", default=[],
                               suboptions=yaml.safe_load(qualified(options, option)))}
    return yaml.safe_dump({"options": documented}, sort_keys=False, width=120)


def qualified(options, option):
    """``options`` with each reference to one of them, ``O(name)`` or ``O(name=value)``, as an item of
    the list ``option``; references to anything else (``O(db)``, another plugin's) are left alone."""
    names = sorted(yaml.safe_load(options))
    pattern = re.compile(r"\bO\((%s)(?=[=)])" % "|".join(re.escape(name) for name in names))
    return pattern.sub(lambda match: "O(%s[].%s" % (option, match.group(1)), options)
