# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's documented options are its argument spec: the same names, types, elements, defaults,
choices, required and aliases, at every depth; and every O() in its documentation names one of them.

The documentation is read as users see it, with ``ansible-doc --json`` (the doc fragments merged by
ansible itself); the argument spec is what each module's main() hands to AnsibleModule. The topology
module's lists declare no ``options`` in its spec (the engine validates each item against the spec of
its kind, see _topology/engine.py), so each list's documented sub-options are compared with that
kind's spec: the options of the single module of the same name.
"""

import glob
import importlib.util
import os

import pytest
from antsibull_docs_parser import dom
from antsibull_docs_parser.parser import Context, parse

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KIND_BY_OPTION
from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.test_topology_specs import module_spec

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODULES = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))


def _build_docs():
    """docs/tools/build_docs.py, whose ansible-doc reading the generated pages are made from."""
    spec = importlib.util.spec_from_file_location("build_docs", os.path.join(ROOT, "docs", "tools", "build_docs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def documented():
    return _build_docs().ansible_doc(MODULES)


def tree(options, children):
    """What the comparison looks at, with the defaults of ansible-doc and AnsibleModule filled in;
    ``children`` is where an option keeps its own: ``suboptions`` in the docs, ``options`` in a spec."""
    return dict((name, dict(
        type=option.get("type", "str"),
        elements=option.get("elements"),
        default=option.get("default"),
        choices=option.get("choices"),
        required=option.get("required", False),
        aliases=sorted(option.get("aliases") or []),
        children=tree(option.get(children) or {}, children),
    )) for name, option in options.items())


def effective_spec(name, monkeypatch):
    """The module's argument spec; for the topology module, each list with the options of its kind."""
    spec = dict(module_spec(name, monkeypatch)["argument_spec"])
    if name == "topology":
        for option, kind in KIND_BY_OPTION.items():
            assert spec[option]["elements"] == "dict" and "options" not in spec[option], option
            spec[option] = dict(spec[option], options=kind.spec)
    return spec


def differences(documented_options, spec_options, path=""):
    """Each place where the documentation and the spec disagree, as ``path: field doc=... spec=...``."""
    found = []
    for name in sorted(set(documented_options) | set(spec_options)):
        where = path + name
        if name not in spec_options:
            found.append("%s: documented, not in the argument spec" % where)
        elif name not in documented_options:
            found.append("%s: in the argument spec, not documented" % where)
        else:
            doc, spec = documented_options[name], spec_options[name]
            for field in ("type", "elements", "default", "choices", "required", "aliases"):
                if doc[field] != spec[field]:
                    found.append("%s: %s documented %r, spec %r" % (where, field, doc[field], spec[field]))
            found += differences(doc["children"], spec["children"], where + ".")
    return found


@pytest.mark.parametrize("name", MODULES)
def test_documented_options_are_the_argument_spec(name, documented, monkeypatch):
    options = documented[name]["doc"].get("options") or {}
    found = differences(tree(options, "suboptions"), tree(effective_spec(name, monkeypatch), "options"))
    assert not found, "\n".join(found)


def test_every_topology_list_names_its_module(documented):
    """Each list (from its resource's fragment, linuxnet.netns.RESOURCE.topology) says whose options
    its items take."""
    options = documented["topology"]["doc"]["options"]
    for option, kind in KIND_BY_OPTION.items():
        description = options[option]["description"]
        text = " ".join(description) if isinstance(description, list) else description
        assert "M(linuxnet.netns.%s)" % kind.module in text, option


def option_paths(options, path=()):
    """Every option's path, ``("veths", "peer")`` for a sub-option, as O() links name them."""
    paths = set()
    for name, option in options.items():
        paths.add(path + (name,))
        paths |= option_paths(option.get("suboptions") or {}, path + (name,))
    return paths


def descriptions(options):
    for option in options.values():
        yield option.get("description")
        yield from descriptions(option.get("suboptions") or {})


@pytest.mark.parametrize("name", MODULES)
def test_every_option_reference_names_an_option(name, documented):
    """As validate-modules' invalid-documentation-markup check: a shared text that says O(peer) must say
    O(veths[].peer) where it is a sub-option (see plugin_utils/_doc_options.py)."""
    doc = documented[name]["doc"]
    options = doc.get("options") or {}
    known = option_paths(options)
    plugin = dom.PluginIdentifier(fqcn="linuxnet.netns.%s" % name, type="module")
    texts = [doc.get("description"), doc.get("notes"), doc.get("requirements")] + list(descriptions(options))
    unknown = []
    for text in texts:
        for paragraph in [text] if isinstance(text, str) else text or []:
            for part in (part for par in parse(paragraph, Context(current_plugin=plugin)) for part in par):
                if part.type == dom.PartType.OPTION_NAME and part.plugin == plugin and tuple(part.link) not in known:
                    unknown.append(part.name)
    assert not unknown, "O() of options %s do not exist" % unknown


def test_differences_name_the_option_and_the_field():
    """The comparison itself: a wrong type, a missing choice and an undocumented sub-option are found."""
    doc = tree({"a": {"type": "str"}, "b": {"type": "list", "elements": "dict", "suboptions": {
        "c": {"type": "int", "choices": [1]}}}}, "suboptions")
    spec = tree({"a": {"type": "int"}, "b": {"type": "list", "elements": "dict", "options": {
        "c": {"type": "int"}, "d": {}}}}, "options")
    assert differences(doc, spec) == [
        "a: type documented 'str', spec 'int'",
        "b.c: choices documented [1], spec None",
        "b.d: in the argument spec, not documented",
    ]
