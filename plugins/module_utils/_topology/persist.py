# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Persistence of one owner's declared state (``persist``): read, plan, apply, like a resource.

Kept on the host, for ``persist: true``:

- ``CONFIG_DIR/OWNER.json``: the declared state (persist_doc.py), mode 0600;
- ``UNIT_DIR/linuxnet-netns-topology@.service``: the template unit (persist_unit.py), shared by owners;
- ``LIB_DIR/topology-engine.zip``: the module's own AnsiballZ payload, which the unit runs;
- the unit's instance for the owner, enabled.

``persist: false`` and ``state: deleted`` disable the instance and remove the owner's file; the
template and the engine go with the last owner's file. Every write is atomic (a file beside it,
then a rename): a reboot half-way leaves the old file or the new one. The plan is made before
anything is written, and check mode stops there (the same plan).
"""

import hashlib
import io
import os
import zipfile
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist_doc import (
    CONFIG_DIR, dumps, file_of, read_document)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist_unit import (
    ENGINE, LIB_DIR, TEMPLATE, UNIT_DIR, drop_in_of, drop_in_text, template_text, unit_of)

PAYLOAD_SUFFIX = "_payload.zip"  # AnsiballZ: TMP/ansible_MODULE_payload_XXXX/ansible_MODULE_payload.zip
SYSTEMD_RUNNING = "/run/systemd/system"  # sd_booted(3)
# AnsiballZ adds a sitecustomize.py to the payload as it starts the module (for coverage); on
# PYTHONPATH at boot it would be run by every interpreter start, so the engine copy leaves it out
RUN_ONLY = ("sitecustomize.py",)


class Paths(namedtuple("Paths", "config_dir unit_dir lib_dir")):
    """Where the files go (tests give directories of their own)."""

    __slots__ = ()

    def file(self, owner):
        return file_of(owner, self.config_dir)

    @property
    def template(self):
        return os.path.join(self.unit_dir, TEMPLATE)

    @property
    def engine(self):
        return os.path.join(self.lib_dir, ENGINE)


HOST_PATHS = Paths(CONFIG_DIR, UNIT_DIR, LIB_DIR)


class Systemd(namedtuple("Systemd", "run systemctl")):
    """``run(argv) -> (rc, out, err)`` and the path of systemctl (None: no systemd on the host)."""

    __slots__ = ()

    def is_enabled(self, unit):
        if not self.systemctl:
            return False
        _rc, out, _err = self.run([self.systemctl, "is-enabled", unit])
        return out.strip() in ("enabled", "enabled-runtime")

    def call(self, *argv):
        rc, out, err = self.run([self.systemctl] + list(argv))
        if rc != 0:
            raise BackendError("systemctl %s failed: %s" % (" ".join(argv), (err or out).strip()),
                               rc=rc, argv=["systemctl"] + list(argv))


def running_payload(module_file):
    """The AnsiballZ payload zip that ``module_file`` (a ``__file__``) was imported from, or None."""
    head, found, _tail = module_file.partition(PAYLOAD_SUFFIX + os.sep)
    path = head + PAYLOAD_SUFFIX if found else None
    return path if path and zipfile.is_zipfile(path) else None


def zip_signature(path):
    """What a zip holds (names, sizes, CRCs), or None. AnsiballZ stamps each build with its time,
    so the bytes differ from one run to the next while the engine is the same."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sorted((info.filename, info.file_size, info.CRC) for info in archive.infolist()
                          if info.filename not in RUN_ONLY)
    except (IOError, OSError, zipfile.BadZipfile):
        return None


def engine_digest(path):
    """A short digest of what the zip at ``path`` holds (zip_signature), for the diff; None when absent."""
    signature = zip_signature(path)
    if signature is None:
        return None
    return hashlib.sha256(repr(signature).encode("utf-8")).hexdigest()[:16]


def _read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def _stored(path):
    """The parsed file for the diff: the document, None when there is none, the error otherwise."""
    try:
        return read_document(path)
    except NetnsError as error:
        return {"unreadable": error.msg}


def write_atomically(path, data, mode):
    """``data`` (bytes) at ``path``: a new file beside it (created with ``mode``, less the umask),
    flushed to disk, then renamed over it."""
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder, 0o755)
    temporary = os.path.join(folder, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    if os.path.exists(temporary):
        os.unlink(temporary)  # left by a run that was killed: the name is this process's
    try:
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.rename(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _remove(path):
    if os.path.exists(path):
        os.unlink(path)


def engine_bytes(source):
    """The payload zip ``source`` as the engine: every member but those of RUN_ONLY."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as payload, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as engine:
        for info in payload.infolist():
            if info.filename not in RUN_ONLY:
                engine.writestr(info, payload.read(info))
    return buffer.getvalue()


def _copy_engine(source, path):
    write_atomically(path, engine_bytes(source), 0o644)


class Persistence:
    """One owner's persistence. ``declared``: a persist_doc.Declared to keep, or None to remove.
    ``engine``: (payload zip to copy, interpreter, entry module) when keeping."""

    def __init__(self, owner, declared, systemd, paths=HOST_PATHS, engine=None, after=()):
        self.owner, self.declared, self.systemd, self.paths, self.engine = owner, declared, systemd, paths, engine
        self.unit = unit_of(owner)
        self.file = paths.file(owner)
        self.drop_in = drop_in_of(owner, paths.unit_dir)
        self.after = tuple(after) if declared is not None else ()

    def read(self):
        return {"file": self.file, "content": _stored(self.file), "unit": self.unit,
                "enabled": self.systemd.is_enabled(self.unit) if os.path.exists(self.paths.template) else False,
                "drop_in": _read_text(self.drop_in), "template": _read_text(self.paths.template),
                "engine": engine_digest(self.paths.engine)}

    def expected(self):
        """The same keys as ``read``, as the plan leaves them (the template and the engine are
        shared: they stay while another owner's file does)."""
        if self.declared is None:
            shared = self._other_owners()
            return {"file": self.file, "content": None, "unit": self.unit, "enabled": False, "drop_in": None,
                    "template": _read_text(self.paths.template) if shared else None,
                    "engine": engine_digest(self.paths.engine) if shared else None}
        source, python, entry = self.engine
        return {"file": self.file, "content": self.declared.document(), "unit": self.unit, "enabled": True,
                "drop_in": drop_in_text(self.after),
                "template": template_text(python, self.paths.engine, entry, self.paths.config_dir),
                "engine": engine_digest(source)}

    def plan(self, before):
        """Changes from what the host keeps to what is asked (each with its ``op``, a callable)."""
        if self.declared is None:
            return self._plan_removal(before)
        source, python, entry = self.engine
        changes = []
        if zip_signature(self.paths.engine) != zip_signature(source):
            changes.append(Change("write", "persist", self.paths.engine, {"source": "module payload"},
                                  op=lambda: _copy_engine(source, self.paths.engine)))
        text = template_text(python, self.paths.engine, entry, self.paths.config_dir)
        if _read_text(self.paths.template) != text:
            changes.append(Change("write", "persist", self.paths.template,
                                  op=lambda: self._write_unit_file(self.paths.template, text)))
        document = self.declared.document()
        if before["content"] != document:
            changes.append(Change("write", "persist", self.file, {"owner": self.owner},
                                  op=lambda: write_atomically(self.file, dumps(document).encode("utf-8"), 0o600)))
        changes.extend(self._plan_drop_in(before))
        if not before["enabled"]:
            changes.append(Change("enable", "unit", self.unit, op=lambda: self.systemd.call("enable", self.unit)))
        return changes

    def _plan_drop_in(self, before):
        text = drop_in_text(self.after)
        if before["drop_in"] == text:
            return []
        if text is None:
            return [Change("delete", "persist", self.drop_in, op=self._remover(self.drop_in))]
        return [Change("write", "persist", self.drop_in, {"after": [unit_of(owner) for owner in self.after]},
                       op=lambda: self._write_unit_file(self.drop_in, text))]

    def _write_unit_file(self, path, text):
        write_atomically(path, text.encode("utf-8"), 0o644)
        self.systemd.call("daemon-reload")

    def _plan_removal(self, before):
        changes = []
        if before["enabled"]:
            changes.append(Change("disable", "unit", self.unit,
                                  op=lambda: self.systemd.call("disable", "--now", self.unit)))
        if before["content"] is not None:
            changes.append(Change("delete", "persist", self.file, {"owner": self.owner}, op=lambda: _remove(self.file)))
        changes.extend(self._plan_drop_in(before))
        if not self._other_owners():
            for path in (self.paths.template, self.paths.engine):
                if os.path.exists(path):
                    changes.append(Change("delete", "persist", path, op=self._remover(path)))
        return changes

    def _remover(self, path):
        def remove():
            _remove(path)
            if path == self.drop_in and os.path.isdir(os.path.dirname(path)) and not os.listdir(os.path.dirname(path)):
                os.rmdir(os.path.dirname(path))
            if path in (self.paths.template, self.drop_in) and self.systemd.systemctl:
                self.systemd.call("daemon-reload")
        return remove

    def _other_owners(self):
        try:
            names = os.listdir(self.paths.config_dir)
        except OSError:
            return []
        return [name for name in names if name.endswith(".json") and name != os.path.basename(self.file)]


def check_host(systemd, engine):
    """Refuse ``persist: true`` where it could not work, before anything is changed."""
    if not os.path.isdir(SYSTEMD_RUNNING) or not systemd.systemctl:
        raise BackendError("persist: true needs systemd as the managed host's init system "
                           "(%s is missing or systemctl was not found)" % SYSTEMD_RUNNING, field="persist")
    if engine[0] is None:
        raise BackendError("persist: true needs the module to run from its AnsiballZ payload (the engine the "
                           "boot unit runs); this call was not", field="persist")


def apply(changes):
    for change in changes:
        change.op()
