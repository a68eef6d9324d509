# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One resource's option documentation, written once, given the second shape its doc fragment offers.

A resource's doc fragment holds its options once, as the literal DOCUMENTATION of its single module
(ansible-test reads a fragment's class body and accepts only literal strings there). The same
options are the sub-options of the topology module's list of that resource: ``topology_list``
builds that shape from the DOCUMENTATION, and the fragment sets it as TOPOLOGY after its class
(used as ``linuxnet.netns.RESOURCE.topology``). Only the documentation is built here; the argument specs are in
module_utils (_kernel/specs.py, _ovs/specs.py), and tests/unit/ecosystem/test_documented_options.py
holds both shapes to them.
"""

import re
import textwrap

import yaml


def options_text(documentation):
    """The options of a module-shaped doc fragment (``options:`` at its root), each at column 0."""
    head, _sep, body = documentation.partition("options:\n")
    if head.strip():
        raise ValueError("a doc fragment whose first key is not options: %r" % head)
    return textwrap.dedent(body)


def topology_list(option, description, *documentations):
    """A doc fragment giving the topology module's list ``option`` (``description``: a string, or a
    list of paragraphs), each item taking the options of ``documentations`` (DOCUMENTATION strings
    of fragments, in order).

    An item's option refers to a sibling by its path in the topology module (``O(peer)`` becomes
    ``O(veths[].peer)``), so that the reference names an option of the module it is read in.
    """
    options = "".join(options_text(documentation) for documentation in documentations)
    documented = {option: dict(description=description, type="list", elements="dict", default=[],
                               suboptions=yaml.safe_load(qualified(options, option)))}
    return yaml.safe_dump({"options": documented}, sort_keys=False, width=120)


def qualified(options, option):
    """``options`` with each reference to one of them, ``O(name)`` or ``O(name=value)``, as an item of
    the list ``option``; references to anything else (``O(db)``, another plugin's) are left alone."""
    names = sorted(yaml.safe_load(options))
    pattern = re.compile(r"\bO\((%s)(?=[=)])" % "|".join(re.escape(name) for name in names))
    return pattern.sub(lambda match: "O(%s[].%s" % (option, match.group(1)), options)
