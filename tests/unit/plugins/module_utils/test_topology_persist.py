# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""persist: the declared state as a file (every hand edit refused naming the file and the field),
the unit's name and text, and the files planned and written in directories of the test's own.

systemctl is answered by a recorder here: this machine runs no systemd as PID 1. The real one runs
in tests/integration/test_persist.py (machines of both distributions, real reboots)."""

import io
import json
import os
import stat
import zipfile

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology import boot as _boot
from ansible_collections.linuxnet.netns.plugins.module_utils._topology import run as _run
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist import (
    Paths, Persistence, Systemd, apply, engine_bytes, running_payload)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist_doc import (
    Declared, PersistedFileError, check_document, dumps, load_declared)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist_unit import (
    drop_in_text, template_text, unit_of)

ENTRY = "ansible_collections.linuxnet.netns.plugins.module_utils._topology.boot"
LISTS = {"namespaces": [{"name": "blue"}],
         "veths": [{"name": "veth0", "peer": "veth1", "peer_netns": "blue"}],
         "addresses": [{"dev": "veth1", "netns": "blue", "address": ["10.0.2.100/24"]}]}


def declared(owner="linuxnet", state="merged"):
    return Declared(validate_items(LISTS), state, owner, "unix:/var/run/openvswitch/db.sock")


# ---------------------------------------------------------------------------------------------
# The file


def test_the_file_holds_the_checked_items_and_reads_back_the_same(tmp_path):
    path = str(tmp_path / "linuxnet.json")
    document = declared().document()
    assert document["items"]["veths"][0]["mtu"] is None  # every option of the spec, defaults filled in
    assert "routes" not in document["items"]  # empty lists are left out
    with open(path, "w") as handle:
        handle.write(dumps(document))
    again = load_declared(path)
    assert (again.owner, again.state, again.db) == ("linuxnet", "merged", "unix:/var/run/openvswitch/db.sock")
    assert again.document() == document


def edited(**changes):
    document = declared().document()
    for key, value in changes.items():
        if value is KeyError:
            del document[key]
        else:
            document[key] = value
    return document


def with_item(option, index, **values):
    document = declared().document()
    item = document["items"][option][index]
    item.update(values)
    for key in [key for key, value in values.items() if value is KeyError]:
        del item[key]
    return document


BAD = [
    ("[1, 2]", "file", "must hold a JSON object"),
    ('{"format": 1,', "file", "is not JSON"),
    (edited(extra=1), "extra", "unknown key"),
    (edited(format=2), "format", "must be 1, not 2"),
    (edited(owner=KeyError), "owner", "missing"),
    (edited(owner="other"), "owner", "does not match the file's name"),
    (edited(owner="a b"), "owner", "must be 1-64 letters"),
    (edited(state="deleted"), "state", "must be one of merged, replaced, overridden"),
    (edited(db="tcp:nowhere"), "db", "tcp:nowhere"),
    (edited(items=[]), "items", "must be a JSON object"),
    (edited(items={"tunnels": []}), "items.tunnels", "unknown list"),
    (edited(items={"veths": {}}), "items.veths", "must be a list"),
    (with_item("veths", 0, mtu="big"), "items.veths[0]", "mtu"),
    (with_item("veths", 0, colour="red"), "items.veths[0]", "colour"),
    (with_item("addresses", 0, netns=None, dev=KeyError), "items.addresses[0]", "dev"),
]


@pytest.mark.parametrize("content, field, problem", BAD, ids=[case[1] + ":" + case[2][:20] for case in BAD])
def test_a_hand_edited_file_is_refused_naming_the_file_and_the_field(tmp_path, content, field, problem):
    path = str(tmp_path / "linuxnet.json")
    with open(path, "w") as handle:
        handle.write(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(PersistedFileError) as raised:
        load_declared(path)
    error = raised.value
    assert error.msg.startswith("%s: %s: " % (path, field)), error.msg
    assert problem in error.msg
    assert error.details["file"] == path and error.details["field"] == field


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(PersistedFileError, match="linuxnet.json: file: does not exist"):
        load_declared(str(tmp_path / "linuxnet.json"))


def test_check_document_is_pure_of_the_host():
    assert check_document(declared().document(), "/x/linuxnet.json").owner == "linuxnet"


# ---------------------------------------------------------------------------------------------
# The unit


@pytest.mark.parametrize("owner, escaped", [("linuxnet", "linuxnet"), ("over-lay", "over\\x2dlay"),
                                            ("a+b", "a\\x2bb"), (".hidden", "\\x2ehidden"), ("a.b_c", "a.b_c")])
def test_the_instance_is_the_owner_escaped_as_systemd_escape_does(owner, escaped):
    assert unit_of(owner) == "linuxnet-netns-topology@%s.service" % escaped


def test_the_template_is_ordered_after_ovs_and_before_network_online():
    text = template_text("/usr/bin/python3", "/usr/local/lib/linuxnet-netns/topology-engine.zip", ENTRY,
                         "/etc/linuxnet-netns/topology")
    lines = text.splitlines()
    assert "Before=network-online.target" in lines
    assert "Wants=network-pre.target openvswitch-switch.service" in lines  # wanted, never required
    assert not any(line.startswith("Requires=") for line in lines)
    assert "After=network-pre.target openvswitch-switch.service ovs-vswitchd.service ovsdb-server.service" in lines
    assert "Type=oneshot" in lines and "RemainAfterExit=yes" in lines
    assert "WantedBy=multi-user.target network-online.target" in lines
    assert ("ExecStart=/usr/bin/python3 -s -m %s /etc/linuxnet-netns/topology/%%I.json" % ENTRY) in lines
    assert drop_in_text([]) is None
    assert "After=linuxnet-netns-topology@linuxnet.service" in drop_in_text(["linuxnet"]).splitlines()


# ---------------------------------------------------------------------------------------------
# The files planned and written


class Recorder:
    """systemctl as a list of calls; ``enabled`` is what is-enabled answers."""

    def __init__(self):
        self.calls, self.enabled = [], set()

    def __call__(self, argv):
        self.calls.append(argv[1:])
        if argv[1] == "is-enabled":
            return (0, "enabled\n", "") if argv[2] in self.enabled else (1, "disabled\n", "")
        if argv[1] == "enable":
            self.enabled.add(argv[2])
        if argv[1] == "disable":
            self.enabled.discard(argv[-1])
        return 0, "", ""


def payload(path, stamp=(2026, 12, 4, 1, 2, 3)):
    """A zip like AnsiballZ's: the same members, stamped with the time it was built."""
    with zipfile.ZipFile(str(path), "w") as archive:
        for name in ("ansible/__init__.py", "ansible_collections/linuxnet/netns/plugins/module_utils/_topology/boot.py",
                     "sitecustomize.py"):
            archive.writestr(zipfile.ZipInfo(name, stamp), b"# " + name.encode())
    return str(path)


@pytest.fixture
def host(tmp_path):
    paths = Paths(str(tmp_path / "etc"), str(tmp_path / "units"), str(tmp_path / "lib"))
    recorder = Recorder()
    source = payload(tmp_path / "ansible_topology_payload.zip")

    def persistence(owner="linuxnet", keep=True, after=(), source=source):
        return Persistence(owner, declared(owner) if keep else None, Systemd(recorder, "/bin/systemctl"), paths,
                           engine=(source, "/usr/bin/python3", ENTRY), after=after)
    persistence.paths, persistence.recorder, persistence.tmp = paths, recorder, tmp_path
    return persistence


def run(persistence):
    """Plan and apply; the changes as (action, kind, name)."""
    changes = persistence.plan(persistence.read())
    apply(changes)
    return [(change.action, change.kind, change.name) for change in changes]


def test_keep_writes_engine_template_file_then_enables(host):
    paths = host.paths
    first = host()
    before = first.read()
    assert before["content"] is None and not before["enabled"]
    planned = first.plan(before)  # check mode stops here: nothing written
    assert not os.path.exists(paths.config_dir) and not os.path.exists(paths.unit_dir)
    assert [(c.action, c.name) for c in planned] == [
        ("write", paths.engine), ("write", paths.template), ("write", paths.file("linuxnet")),
        ("enable", "linuxnet-netns-topology@linuxnet.service")]
    apply(planned)
    assert stat.S_IMODE(os.stat(paths.file("linuxnet")).st_mode) == 0o600
    assert load_declared(paths.file("linuxnet")).document() == declared().document()
    assert first.read() == first.expected()
    assert ["daemon-reload"] in host.recorder.calls
    with zipfile.ZipFile(paths.engine) as engine:  # the payload less what AnsiballZ adds as it runs
        assert "sitecustomize.py" not in engine.namelist() and len(engine.namelist()) == 2
    assert run(host()) == []  # idempotent
    # a payload built again (another run, another time stamp): the same engine, nothing to write
    rebuilt = payload(host.tmp / "again.zip", stamp=(2027, 1, 1, 0, 0, 0))
    assert run(host(source=rebuilt)) == []


def test_a_changed_item_rewrites_only_the_file_and_diff_shows_it(host):
    run(host())
    persistence = host()
    persistence.declared.wanted["veths"][0]["mtu"] = 1400
    before = persistence.read()
    assert before["content"]["items"]["veths"][0]["mtu"] is None
    assert persistence.expected()["content"]["items"]["veths"][0]["mtu"] == 1400
    assert run(persistence) == [("write", "persist", host.paths.file("linuxnet"))]


def test_two_owners_two_files_two_units_and_removal_keeps_the_other(host):
    run(host())
    assert run(host("extra", after=["linuxnet"])) == [
        ("write", "persist", host.paths.file("extra")),
        ("write", "persist", os.path.join(host.paths.unit_dir, "linuxnet-netns-topology@extra.service.d", "after.conf")),
        ("enable", "unit", "linuxnet-netns-topology@extra.service")]
    assert run(host("extra", keep=False)) == [
        ("disable", "unit", "linuxnet-netns-topology@extra.service"),
        ("delete", "persist", host.paths.file("extra")),
        ("delete", "persist", os.path.join(host.paths.unit_dir, "linuxnet-netns-topology@extra.service.d", "after.conf"))]
    assert ["disable", "--now", "linuxnet-netns-topology@extra.service"] in host.recorder.calls
    assert os.listdir(host.paths.config_dir) == ["linuxnet.json"]  # the other owner's file, template, engine stay
    assert os.path.exists(host.paths.template) and os.path.exists(host.paths.engine)
    assert run(host("linuxnet", keep=False)) == [
        ("disable", "unit", "linuxnet-netns-topology@linuxnet.service"),
        ("delete", "persist", host.paths.file("linuxnet")),
        ("delete", "persist", host.paths.template), ("delete", "persist", host.paths.engine)]
    assert run(host("linuxnet", keep=False)) == []  # twice: nothing left


def test_running_payload_is_found_from_a_module_file(tmp_path):
    folder = tmp_path / "ansible_topology_payload_x1"
    folder.mkdir()
    zipped = payload(folder / "ansible_topology_payload.zip")
    assert running_payload(zipped + "/ansible_collections/linuxnet/netns/plugins/module_utils/_topology/run.py") == zipped
    assert running_payload("/work/plugins/module_utils/_topology/run.py") is None
    assert zipfile.ZipFile(io.BytesIO(engine_bytes(zipped))).namelist() == [
        "ansible/__init__.py", "ansible_collections/linuxnet/netns/plugins/module_utils/_topology/boot.py"]


# ---------------------------------------------------------------------------------------------
# The boot entry point and the module's refusals


def test_boot_refuses_a_bad_file_before_the_engine(tmp_path, monkeypatch):
    monkeypatch.setattr(_boot, "converge_topology", lambda *args: pytest.fail("the engine was given a bad file"))
    path = str(tmp_path / "linuxnet.json")
    with open(path, "w") as handle:
        handle.write(json.dumps(with_item("veths", 0, mtu="big")))
    out, err = io.StringIO(), io.StringIO()
    assert _boot.boot(path, out, err) == 1
    assert err.getvalue().startswith("%s: items.veths[0]: " % path) and out.getvalue() == ""


def test_boot_hands_the_declared_state_to_the_engine_and_logs_each_change(tmp_path, monkeypatch):
    seen = []

    def converge(host, wanted, owner, state):
        seen.append((host.params["db"], host.check_mode, wanted, owner, state))
        return {"changes": [{"action": "create", "kind": "netns", "name": "blue"}], "counts": {}}
    monkeypatch.setattr(_boot, "converge_topology", converge)
    monkeypatch.setattr(_boot, "host_lock", lambda: open(os.devnull))
    path = str(tmp_path / "linuxnet.json")
    with open(path, "w") as handle:
        handle.write(dumps(declared().document()))
    out, err = io.StringIO(), io.StringIO()
    assert _boot.boot(path, out, err) == 0, err.getvalue()
    assert seen == [("unix:/var/run/openvswitch/db.sock", False, declared().wanted, "linuxnet", "merged")]
    assert out.getvalue().splitlines()[0] == "create netns blue"


class Module:
    check_mode = False
    _diff = False

    def __init__(self, **params):
        self.params = dict(dict(persist=None, persist_after=[], db="unix:/x"), **params)

    @staticmethod
    def get_bin_path(name):
        return "/bin/" + name

    @staticmethod
    def run_command(argv, expand_user_and_vars=False):
        raise AssertionError("ran %s" % argv)


@pytest.mark.parametrize("state", ["gathered", "rendered"])
def test_persist_needs_a_state_that_declares(state):
    with pytest.raises(NetnsError, match="persist: true needs state merged, replaced or overridden, not " + state):
        _run.persistence_of(Module(persist=True), {}, "linuxnet", state, ENTRY)


def test_persist_needs_systemd_and_the_payload(monkeypatch, tmp_path):
    monkeypatch.setattr(_run, "check_host", _run.check_host)
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology import persist as _persist
    monkeypatch.setattr(_persist, "SYSTEMD_RUNNING", str(tmp_path / "no-systemd"))
    with pytest.raises(NetnsError, match="needs systemd"):
        _run.persistence_of(Module(persist=True), {}, "linuxnet", "merged", ENTRY)
    monkeypatch.setattr(_persist, "SYSTEMD_RUNNING", str(tmp_path))
    with pytest.raises(NetnsError, match="AnsiballZ payload"):  # pytest imports the files, not a payload
        _run.persistence_of(Module(persist=True), {}, "linuxnet", "merged", ENTRY)


def test_persist_not_given_leaves_persistence_alone_and_bad_after_is_refused():
    assert _run.persistence_of(Module(), {}, "linuxnet", "merged", ENTRY) is None
    assert _run.persistence_of(Module(), {}, "linuxnet", "deleted", ENTRY).declared is None
    with pytest.raises(NetnsError, match=r"persist_after\[0\]"):
        _run.persistence_of(Module(persist_after=["a/b"]), {}, "linuxnet", "merged", ENTRY)


def test_boot_names_the_object_that_failed(tmp_path, monkeypatch):
    from ansible_collections.linuxnet.netns.plugins.module_utils._topology.apply import ApplyFailure

    def converge(*_args):
        raise ApplyFailure("veths[0] failed: File exists. 1 change(s) were made before the failure (see done)",
                           failed="veths[0]", done=[], left=[])
    monkeypatch.setattr(_boot, "converge_topology", converge)
    monkeypatch.setattr(_boot, "host_lock", lambda: open(os.devnull))
    path = str(tmp_path / "linuxnet.json")
    with open(path, "w") as handle:
        handle.write(dumps(declared().document()))
    out, err = io.StringIO(), io.StringIO()
    assert _boot.boot(path, out, err) == 1
    assert err.getvalue().splitlines() == ["%s: veths[0] failed: File exists. 1 change(s) were made before the "
                                           "failure (see done)" % path, "failed object: veths[0]"]
