# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A systemd service bound to a named network namespace by a drop-in (dropin.py says what it holds).

The resource of _core/resource.py: read (the drop-in, the ready template, the unit's state), plan
(files to write or remove, daemon-reload, the restart when asked), apply.

A running service whose new drop-in says ``BindsTo=`` an inactive ready unit would be stopped by
systemd at the daemon-reload (a unit bound to an inactive one is stopped), so the ready unit is
started first: the service keeps running, with its old settings, until it is restarted. The unit "runs with old
settings" (``restart_required``) when it is active and either its drop-in changes in this run or its
main process is not in the namespace the drop-in names (/proc/PID/ns/net against /run/netns/NAME).
"""

from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_netns_name
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading, Resource
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd import dropin as _dropin
from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.units import validate_unit_name

WriteFile = namedtuple("WriteFile", "path text")
RemoveFile = namedtuple("RemoveFile", "path")
DaemonReload = namedtuple("DaemonReload", "")
Restart = namedtuple("Restart", "unit")
Start = namedtuple("Start", "unit")

RUNNING_STATES = ("active", "activating", "reloading")
HOST_NETNS = "/proc/1/ns/net"  # where a unit without NetworkNamespacePath runs: systemd's own


def bound_netns(text):
    """The namespace a drop-in of ours names (its NetworkNamespacePath under /run/netns), or None."""
    prefix = "NetworkNamespacePath=%s/" % _dropin.RUN_DIR
    for line in (text or "").splitlines():
        if line.startswith(prefix):
            return line[len(prefix):]
    return None


class NetnsService(Resource):
    """``name`` (a .service unit) bound to ``netns`` (present) or unbound (absent)."""

    kind = "service"

    def __init__(self, params, backend):
        self.unit = validate_unit_name("name", params.get("name"))
        self.state = validate_state(params.get("state"))
        netns = params.get("netns")
        if self.state == "present" and netns in (None, ""):
            raise ValidationError("netns", netns, "is required with state=present")
        self.netns = None if netns in (None, "") else validate_netns_name("netns", netns)
        self.restart = flag(params, "restart", False)
        self.host = backend
        self.dropin = _dropin.dropin_path(self.unit)
        self.template = _dropin.ready_template_path()
        self.wanted = _dropin.dropin_text(self.unit, self.netns) if self.state == "present" else None
        self.files = {}  # {path: text or None} as read: the plan compares them, the diff shows them
        self.ready_state = None  # the ready unit's ActiveState as read

    def read(self):
        shown = self.host.show(self.unit)
        if shown.get("LoadState") == "not-found" and self.state == "present":
            raise MissingObjectError("unit", self.unit, needed_by="netns_service")
        if self.state == "present" and not self.host.is_namespace(self.netns_path):
            raise MissingObjectError("netns", self.netns, needed_by="netns_service %s" % self.unit)
        text = self.host.read_text(self.dropin)
        pid = shown.get("MainPID") or "0"
        active = shown.get("ActiveState")
        runs_where_bound = None
        if active in RUNNING_STATES and pid != "0":
            runs_where_bound = self.host.same_namespace("/proc/%s/ns/net" % pid, self.netns_path or HOST_NETNS)
        self.files = {self.dropin: text, self.template: self.host.read_text(self.template)}
        if self.state == "present":
            self.ready_state = self.host.show(_dropin.ready_unit(self.netns)).get("ActiveState")
        return Reading({"unit": self.unit, "netns": bound_netns(text), "dropin": self.dropin if text else None,
                        "active_state": active, "main_pid": int(pid) if pid.isdigit() else 0,
                        "runs_in_wanted_netns": runs_where_bound})

    @property
    def netns_path(self):
        return None if self.netns is None else "%s/%s" % (_dropin.RUN_DIR, self.netns)

    def wanted_files(self):
        """{path: text (None: no file)} this state asks for; the ready template is never removed
        (other services may be bound with it)."""
        if self.state == "absent":
            return {self.dropin: None}
        return {self.template: _dropin.READY_TEXT, self.dropin: self.wanted}

    def file_changes(self, before):
        """[(path, Change)] of each file to write or remove."""
        files = self.files if before is not None else {}
        changes = []
        for path, text in self.wanted_files().items():
            if files.get(path) == text:
                continue
            if text is None:
                changes.append(Change("delete", "unit-file", path, op=RemoveFile(path), command=["rm", "--", path]))
            else:
                changes.append(Change("write", "unit-file", path, {"lines": text.count("\n")},
                                      op=WriteFile(path, text)))
        return changes

    def ready_start(self, before, dropin_changes):
        """The start of the ready unit a running service needs before its new drop-in is loaded."""
        if self.state != "present" or not dropin_changes or not before \
                or before["active_state"] not in RUNNING_STATES or self.ready_state == "active":
            return []
        ready = _dropin.ready_unit(self.netns)
        return [Change("start", "unit", ready, op=Start(ready), command=["systemctl", "start", "--", ready])]

    def needs_restart(self, before, files_change):
        """Whether the unit runs (or would run) with settings other than these."""
        if not before or before["active_state"] not in RUNNING_STATES:
            return False
        dropin_changes = any(change.name == self.dropin for change in files_change)
        return dropin_changes or before["runs_in_wanted_netns"] is False

    def plan(self, before, conflicts=()):
        files = self.file_changes(before)
        template = [change for change in files if change.name == self.template]
        dropin = [change for change in files if change.name == self.dropin]
        changes = []
        if template:  # loaded before the ready unit can start
            changes += template + [self.reload_change()]
        changes += self.ready_start(before, dropin)
        if dropin:
            changes += dropin + [self.reload_change()]
        if self.restart and self.needs_restart(before, changes):
            changes.append(Change("restart", "service", self.unit, op=Restart(self.unit),
                                  command=["systemctl", "restart", "--", self.unit]))
        return changes

    @staticmethod
    def reload_change():
        return Change("reload", "systemd", "daemon-reload", op=DaemonReload(), command=["systemctl", "daemon-reload"])

    def restart_required(self, before, changes):
        """After this run: the unit runs with old settings, and nothing restarts it."""
        restarted = any(isinstance(change.op, Restart) for change in changes)
        return not restarted and self.needs_restart(before, changes)

    def expected(self, before):
        after = dict(before or {"unit": self.unit, "active_state": None, "main_pid": 0,
                                "runs_in_wanted_netns": None})
        after.update(netns=self.netns if self.state == "present" else None,
                     dropin=self.dropin if self.state == "present" else None)
        return after

    def file_diffs(self, before, changes):
        """Text diffs (before/after of each file the plan writes or removes), as Ansible shows them."""
        files = self.files if before is not None else {}
        diffs = []
        for change in changes:
            if isinstance(change.op, (WriteFile, RemoveFile)):
                path = change.op.path
                diffs.append({"before_header": path, "after_header": path, "before": files.get(path) or "",
                              "after": change.op.text if isinstance(change.op, WriteFile) else ""})
        return diffs

    def apply(self, changes):
        for change in changes:
            op = change.op
            if isinstance(op, WriteFile):
                self.host.write_text(op.path, op.text)
            elif isinstance(op, RemoveFile):
                self.host.remove_file(op.path)
            elif isinstance(op, DaemonReload):
                self.host.daemon_reload()
            elif isinstance(op, Start):
                self.host.start(op.unit)
            elif isinstance(op, Restart):
                self.host.restart(op.unit)
