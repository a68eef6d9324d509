# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every user string that can reach a command, a path or a kernel/OVSDB name is refused, before any
I/O, when it holds path traversal or shell metacharacters; the error names the field.

THE RULE (docs/security.md): the fields are derived from each module's own argument spec, read by
running the module's main() with a stand-in AnsibleModule, so a new option is never forgotten:
  - every option of type ``str`` without ``choices``;
  - every ``list``/``raw`` option whose elements are ``str`` or ``raw`` (each element is tried);
  - ``dict`` options whose KEYS become paths (``sysctls`` -> /proc/sys/...) are tried with bad keys;
  - the same, inside an item of each of the topology module's lists (``veths[0].peer_netns``): an
    item takes the options of its single module, so its fields come from that kind's spec.
The only exceptions are in EXEMPT, each with its reason; a new exception needs a new entry there.
Each module runs with a session that fails the test on any use, so validation must come first.
"""

import contextlib
import glob
import importlib
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PKG = "ansible_collections.linuxnet.netns.plugins.modules."
UTILS = "ansible_collections.linuxnet.netns.plugins.module_utils."
MODULES = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))
                 if not path.endswith("__init__.py"))

BAD_VALUES = ["../x", "a;b", "$(x)", "`x`", "a b", "a|b", "a\nb", "a&b", "a>b", "/etc/passwd"]

# Valid values for the options a module needs before it validates anything else (a tuple: see base_params).
VALID = {"name": "x0", "peer": "x1", "dev": "x0", "dest": "10.9.0.0/24", "targets": ["10.9.0.1"],
         "bridge": "br0", "vni": 5, "kind": ("bridge", "netem")}
# Valid values of one module that differ from VALID, or that it needs beside them.
VALID_OF = {"netns_service": {"name": "x0.service", "netns": "x0"},  # a unit name has its suffix
            "ns_command": {"netns": "x0", "argv": ["true"]}}

# dict options whose keys become paths; the bad keys they must refuse
PATH_KEY_DICTS = {"sysctls": ["../../kernel/x", "net/../../x", "net.a;b", "net.$(x)", "net.a b"]}

EXEMPT = {
    # OVSDB string maps: values (and keys) are data stored in the database, each written as one
    # JSON-quoted ovs-vsctl atom inside one argv element (see _ovs/syntax.py); they name no file, no link
    # and never meet a shell. Free text (a description with spaces) is legitimate there.
    "external_ids": "OVSDB data map, JSON-quoted atoms",
    "other_config": "OVSDB data map, JSON-quoted atoms",
    "options": "OVSDB interface options map, JSON-quoted atoms (remote_ip is checked as an address)",
    # ns_command's program and its arguments: each one argv element, run without a shell (a string is
    # refused); a path or a space in an argument is legitimate there
    "argv": "argv elements of a command run without a shell",
}


class Stop(Exception):
    """Raised by the stand-in module to end main()."""


class Forbidden:
    """A session or a command runner: any use means the module did I/O before validating."""

    def __getattr__(self, name):
        raise AssertionError("I/O (%s) before validation" % name)

    def __call__(self, *args, **kwargs):
        raise AssertionError("I/O before validation")


@contextlib.contextmanager
def forbidden_session(module):
    yield Forbidden()


def fake_ansible_module(params, captured):
    class FakeModule:
        check_mode = True
        _diff = True

        def __init__(self, argument_spec, **kwargs):
            captured["spec"] = argument_spec
            if params is None:
                raise Stop()
            self.params = dict((key, spec.get("default")) for key, spec in argument_spec.items())
            self.params.update(params)

        def fail_json(self, **kwargs):
            captured["failed"] = kwargs
            raise Stop()

        def exit_json(self, **kwargs):
            captured["exited"] = kwargs
            raise Stop()

        def warn(self, text):
            pass

        def get_bin_path(self, name, required=False, opt_dirs=None):
            return "/usr/bin/" + name

        run_command = Forbidden()

    return FakeModule


def run_main(monkeypatch, name, params):
    """Run plugins/modules/NAME main() with ``params`` (None: only read the spec). Returns captured."""
    module = importlib.import_module(PKG + name)
    captured = {}
    monkeypatch.setattr(module, "AnsibleModule", fake_ansible_module(params, captured))
    # wherever a module or its glue opens netlink sessions (the OVSDB client is real: the stand-in's
    # run_command is forbidden)
    for loaded in [module] + [value for key, value in sorted(sys.modules.items()) if key.startswith(UTILS)]:
        if hasattr(loaded, "NetlinkSession"):
            monkeypatch.setattr(loaded, "NetlinkSession", forbidden_session)
    try:
        module.main()
    except Stop:
        pass
    return captured


def spec_of(name):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return run_main(monkeypatch, name, None)["spec"]


def text_fields(spec):
    """(option, is_list) for every free-text option of an argument spec (THE RULE above)."""
    found = []
    for option, entry in sorted(spec.items()):
        kind = entry.get("type", "str")
        if option in EXEMPT or entry.get("choices"):
            continue
        if kind == "str":
            found.append((option, False))
        elif kind in ("list", "raw") and entry.get("elements", "str") in ("str", "raw"):
            found.append((option, True))
    return found


def item_specs(name):
    """{list option: item spec} for the options of module ``name`` whose items take a single
    module's options (the topology module's lists, by the kind of each)."""
    kinds = importlib.import_module(UTILS + "_topology.kinds").KIND_BY_OPTION
    return dict((option, kinds[option].spec) for option, entry in spec_of(name).items()
                if entry.get("elements") == "dict" and option in kinds)


def bad_values(spec):
    """(option, bad value) for every field of ``spec`` that THE RULE covers."""
    for option, is_list in text_fields(spec):
        for bad in BAD_VALUES:
            yield option, [bad] if is_list else bad
    for option in sorted(set(spec) & set(PATH_KEY_DICTS)):
        for key in PATH_KEY_DICTS[option]:
            yield option, {key: "1"}


def cases():
    for name in MODULES:
        for option, value in bad_values(spec_of(name)):
            yield pytest.param(name, option, value, option, id="%s.%s=%r" % (name, option, value))
        for option, item_spec in sorted(item_specs(name).items()):
            for field, value in bad_values(item_spec):
                item = dict(base_params(item_spec), **{field: value})
                where = "%s[0].%s" % (option, field)
                yield pytest.param(name, option, [item], where, id="%s.%s=%r" % (name, where, value))


def base_params(spec, module=None):
    """VALID's values (and VALID_OF's for ``module``); a tuple is candidates, the first that is one of
    the option's choices (``kind``: ns_link's bridge, ns_qdisc's netem, which needs no other option)."""
    valid = dict(VALID, **VALID_OF.get(module, {}))
    params = {}
    for option in spec:
        if option in valid:
            value = valid[option]
            if isinstance(value, tuple):
                value = [candidate for candidate in value if candidate in spec[option].get("choices", value)][0]
            params[option] = value
    return params


def names_field(field, option):
    return field == option or field.startswith(option + ".") or field.startswith(option + "[")


@pytest.mark.parametrize("module_name, option, value, field", list(cases()))
def test_bad_value_refused_naming_the_field(monkeypatch, module_name, option, value, field):
    spec = spec_of(module_name)
    params = base_params(spec, module_name)
    params[option] = value
    captured = run_main(monkeypatch, module_name, params)
    assert "failed" in captured, "%s accepted %s=%r: %s" % (module_name, option, value, captured)
    assert names_field(captured["failed"].get("field", ""), field), captured["failed"]


@pytest.mark.parametrize("module_name", MODULES)
def test_valid_base_params_pass_validation(monkeypatch, module_name):
    """The base values are valid, so each refusal above is about the bad field only: with them a
    module gets past validation (to its forbidden session or command, or to its end)."""
    params = base_params(spec_of(module_name), module_name)
    try:
        captured = run_main(monkeypatch, module_name, params)
    except AssertionError as error:
        assert "before validation" in str(error)
    else:
        assert "failed" not in captured, captured


@pytest.mark.parametrize("value", ["unix:/var/run/openvswitch/db.sock", "unix:/tmp/lab-1/ovs/db.sock",
                                   "tcp:127.0.0.1:6640", "ssl:[::1]:6640"])
def test_db_accepts_server_addresses(value):
    from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_db
    assert validate_db("db", value) == value


@pytest.mark.parametrize("value", ["unix:relative.sock", "unix:/run/../etc/x", "unix:/a b", "tcp:host:1",
                                   "tcp:127.0.0.1:0", "tcp:127.0.0.1", "punix:/x", "unix:/x;y"])
def test_db_refuses(value):
    from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
    from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_db
    with pytest.raises(ValidationError, match="^db: "):
        validate_db("db", value)


def test_every_module_has_name_fields():
    """The derivation finds fields in every module (an empty list would mean a broken rule)."""
    for name in MODULES:
        assert text_fields(spec_of(name)) or set(spec_of(name)) & set(PATH_KEY_DICTS), name


def test_exemptions_are_options_of_some_module():
    known = set()
    for name in MODULES:
        known |= set(spec_of(name))
    assert set(EXEMPT) <= known


@pytest.mark.parametrize("state", ["replaced", "overridden", "deleted"])
@pytest.mark.parametrize("option", sorted(item_specs("topology")))
def test_states_that_read_the_whole_host_check_the_listed_items_first(monkeypatch, state, option):
    item_spec = item_specs("topology")[option]
    field, value = next(bad_values(item_spec))
    params = {"state": state, option: [dict(base_params(item_spec), **{field: value})]}
    captured = run_main(monkeypatch, "topology", params)
    assert "failed" in captured, "%s accepted %s[0].%s=%r: %s" % (state, option, field, value, captured)
    assert names_field(captured["failed"].get("field", ""), "%s[0].%s" % (option, field)), captured["failed"]


def test_deleted_checks_the_listed_items_as_removals(monkeypatch):
    """A route to remove needs neither gateway nor dev (one to add does): the call gets past
    validation, to its first request."""
    with pytest.raises(AssertionError, match="before validation"):
        run_main(monkeypatch, "topology", {"state": "deleted", "routes": [{"netns": "x0", "dest": "default"}]})


def test_every_list_of_items_of_the_topology_module_is_tried():
    lists = sorted(option for option, entry in spec_of("topology").items() if entry.get("elements") == "dict")
    assert lists and sorted(item_specs("topology")) == lists
