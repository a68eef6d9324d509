# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two shapes of one resource's option text (plugin_utils/_doc_options.py); that the modules show
them as their argument specs say is tests/unit/ecosystem/test_documented_options.py."""

import pytest
import yaml

from ansible_collections.linuxnet.netns.plugins.plugin_utils._doc_options import options_text, qualified, topology_list

OPTIONS = r"""
name:
  description: Name of the first end; its peer is O(peer).
  type: str
  required: true
peer:
  description: Name of the other end, in O(peer_netns=blue) for example.
  type: str
peer_netns:
  type: str
"""


@pytest.mark.parametrize("text,expected", [
    ("O(peer)", "O(veths[].peer)"),
    ("O(peer_netns=blue)", "O(veths[].peer_netns=blue)"),
    ("O(peer_netns) and O(peer)", "O(veths[].peer_netns) and O(veths[].peer)"),
    ("O(db)", "O(db)"),  # not an option of the item: a module option of the topology module
    ("O(linuxnet.netns.veth#module:peer)", "O(linuxnet.netns.veth#module:peer)"),
    ("O(peers)", "O(peers)"),
    ("C(peer) V(peer) RV(peer)", "C(peer) V(peer) RV(peer)"),
])
def test_qualified_names_the_item_options_by_their_path(text, expected):
    options = OPTIONS + "extra:\n  description: %s\n" % text
    assert yaml.safe_load(qualified(options, "veths"))["extra"]["description"] == expected


DOCUMENTATION = "options:\n" + "".join("  " + line + "\n" for line in OPTIONS.strip("\n").splitlines())


def test_the_options_of_a_fragment_are_its_options_at_column_0():
    assert yaml.safe_load(options_text(DOCUMENTATION)) == yaml.safe_load(OPTIONS)
    with pytest.raises(ValueError, match="first key is not options"):
        options_text("attributes: {}\noptions:\n  a: {}\n")


def test_topology_list_holds_the_same_options_as_its_items():
    documented = yaml.safe_load(topology_list("veths", "veth pairs: see M(linuxnet.netns.veth).", DOCUMENTATION))
    veths = documented["options"]["veths"]
    assert dict((key, value) for key, value in veths.items() if key != "suboptions") == dict(
        description="veth pairs: see M(linuxnet.netns.veth).", type="list", elements="dict", default=[])
    assert veths["suboptions"]["name"] == dict(
        description="Name of the first end; its peer is O(veths[].peer).", type="str", required=True)
    assert veths["suboptions"]["peer_netns"] == {"type": "str"}


def test_topology_list_joins_the_options_of_several_fragments():
    more = "options:\n  extra:\n    description: Beside O(peer).\n    type: bool\n"
    suboptions = yaml.safe_load(topology_list("veths", "veth pairs.", DOCUMENTATION, more))["options"]["veths"]["suboptions"]
    assert list(suboptions) == ["name", "peer", "peer_netns", "extra"]
    assert suboptions["extra"]["description"] == "Beside O(veths[].peer)."


def test_fragment_classes_hold_only_literal_strings():
    """ansible-test's yamllint reads a fragment's class body and accepts only literal strings there;
    the TOPOLOGY shapes are set after the class."""
    import ast
    import glob
    import os
    fragments = glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "doc_fragments", "*.py"))
    assert len(fragments) >= 9
    for path in fragments:
        with open(path) as handle:
            tree = ast.parse(handle.read())
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.Assign):
                        assert isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str), path
