# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""netns_service's plan against a host given as data (the real systemd runs in
tests/integration/test_services.py): which files, reloads, starts and restarts, and restart_required."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import converge
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd import dropin
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.service import NetnsService

DROPIN = "/etc/systemd/system/web.service.d/50-linuxnet-netns.conf"
TEMPLATE = "/etc/systemd/system/linuxnet-netns-ready@.service"


class Host:
    """A host as data: unit states, files, namespaces; records what is done."""

    def __init__(self, active="inactive", pid="0", files=None, namespaces=("blue",), ready="inactive",
                 in_netns=None, load="loaded"):
        self.units = {"web.service": {"LoadState": load, "ActiveState": active, "MainPID": pid},
                      "linuxnet-netns-ready@blue.service": {"LoadState": "loaded", "ActiveState": ready}}
        self.files = dict(files or {})
        self.namespaces = namespaces
        self.in_netns = in_netns
        self.done = []

    def show(self, unit):
        return self.units.get(unit, {"LoadState": "not-found", "ActiveState": "inactive", "MainPID": "0"})

    def read_text(self, path):
        return self.files.get(path)

    def write_text(self, path, text):
        self.done.append(("write", path))
        self.files[path] = text

    def remove_file(self, path):
        self.done.append(("remove", path))
        self.files.pop(path, None)

    def is_namespace(self, path):
        return path.rsplit("/", 1)[1] in self.namespaces

    def same_namespace(self, _a, _b):
        return self.in_netns

    def daemon_reload(self):
        self.done.append(("reload",))

    def start(self, unit):
        self.done.append(("start", unit))

    def restart(self, unit):
        self.done.append(("restart", unit))


def service(host, **params):
    return NetnsService(dict(dict(name="web.service", netns="blue"), **params), host)


def bound():
    return {TEMPLATE: dropin.READY_TEXT, DROPIN: dropin.dropin_text("web.service", "blue")}


def test_a_stopped_service_gets_both_files_and_one_reload_each():
    host = Host()
    resource = service(host)
    outcome = converge(resource, check_mode=False)
    assert host.done == [("write", TEMPLATE), ("reload",), ("write", DROPIN), ("reload",)]
    assert outcome.after["netns"] == "blue" and outcome.before["netns"] is None
    assert not resource.restart_required(outcome.before, outcome.changes)
    assert converge(service(host), check_mode=False).changes == []


def test_a_running_service_keeps_running_the_ready_unit_is_started_first():
    host = Host(active="active", pid="42", in_netns=False)
    resource = service(host)
    outcome = converge(resource, check_mode=False)
    assert host.done == [("write", TEMPLATE), ("reload",), ("start", "linuxnet-netns-ready@blue.service"),
                         ("write", DROPIN), ("reload",)]
    assert resource.restart_required(outcome.before, outcome.changes)


def test_check_mode_writes_nothing_and_plans_the_same():
    host = Host(active="active", pid="42", in_netns=False)
    checked = converge(service(host), check_mode=True)
    assert host.done == []
    applied = converge(service(host), check_mode=False)
    assert [change.as_dict() for change in checked.changes] == [change.as_dict() for change in applied.changes]


def test_unchanged_files_but_running_elsewhere_still_needs_a_restart():
    host = Host(active="active", pid="42", files=bound(), ready="active", in_netns=False)
    resource = service(host)
    outcome = converge(resource, check_mode=False)
    assert outcome.changes == [] and resource.restart_required(outcome.before, outcome.changes)
    restarting = service(host, restart=True)
    outcome = converge(restarting, check_mode=False)
    assert host.done == [("restart", "web.service")]
    assert not restarting.restart_required(outcome.before, outcome.changes)


def test_running_where_bound_is_left_alone():
    host = Host(active="active", pid="42", files=bound(), ready="active", in_netns=True)
    resource = service(host, restart=True)
    outcome = converge(resource, check_mode=False)
    assert outcome.changes == [] and host.done == []
    assert not resource.restart_required(outcome.before, outcome.changes)


def test_absent_removes_the_dropin_and_keeps_the_template():
    host = Host(files=bound())
    resource = service(host, state="absent", netns=None)
    outcome = converge(resource, check_mode=False)
    assert host.done == [("remove", DROPIN), ("reload",)]
    assert resource.file_diffs(outcome.before, outcome.changes) == [
        {"before_header": DROPIN, "after_header": DROPIN, "before": bound()[DROPIN], "after": ""}]
    assert converge(service(host, state="absent"), check_mode=False).changes == []


def test_a_missing_namespace_fails_a_real_run_and_is_assumed_in_check_mode():
    with pytest.raises(MissingObjectError, match=r"^netns 'nosuch' does not exist \(needed by netns_service web.service\)$"):
        converge(service(Host(), netns="nosuch"), check_mode=False)
    host = Host()
    outcome = converge(service(host, netns="nosuch"), check_mode=True)
    assert outcome.warnings and host.done == [] and len(outcome.changes) == 4


def test_a_unit_systemd_does_not_know_fails():
    with pytest.raises(MissingObjectError, match=r"^unit 'web.service' does not exist"):
        converge(service(Host(load="not-found")), check_mode=False)


@pytest.mark.parametrize("params, field", [
    ({"name": "web"}, "name"), ({"netns": None}, "netns"), ({"netns": "a/b"}, "netns"),
    ({"netns": "../x"}, "netns"), ({"state": "running"}, "state")])
def test_bad_input_refused_before_any_read(params, field):
    with pytest.raises(ValidationError) as caught:
        service(None, **params)
    assert caught.value.details["field"] == field


def test_the_dropin_of_an_escaped_namespace():
    text = dropin.dropin_text("web.service", "my-ns")
    assert "BindsTo=linuxnet-netns-ready@my\\x2dns.service\n" in text
    assert "NetworkNamespacePath=/run/netns/my-ns\n" in text
    assert "BindReadOnlyPaths=-/etc/netns/my-ns/resolv.conf:/etc/resolv.conf\n" in text
