# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What netns_service reads and writes on the host: unit files, systemctl, the namespaces.

``run(argv) -> (rc, stdout, stderr)`` runs a program (module.run_command with a list: never a shell).
Files are written whole, through a temporary file renamed over the old one, so systemd never reads
half a drop-in.
"""

import errno
import os

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError

SHOW_PROPERTIES = ("LoadState", "ActiveState", "MainPID", "FragmentPath")


def read_text(path):
    """The file's text, or None when there is none."""
    try:
        with open(path) as handle:
            return handle.read()
    except OSError as error:
        if error.errno == errno.ENOENT:
            return None
        raise BackendError("cannot read %s: %s" % (path, error.strerror))


def write_text(path, text):
    folder = os.path.dirname(path)
    temporary = os.path.join(folder, ".%s.tmp" % os.path.basename(path))
    try:
        os.makedirs(folder, mode=0o755, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)  # unit files are world-readable
        with os.fdopen(handle, "w") as stream:
            stream.write(text)
        os.rename(temporary, path)
    except OSError as error:
        raise BackendError("cannot write %s: %s" % (path, error.strerror))


def remove_file(path):
    """Remove ``path`` and its folder when that is left empty (a drop-in folder of ours)."""
    try:
        os.unlink(path)
    except OSError as error:
        if error.errno != errno.ENOENT:
            raise BackendError("cannot remove %s: %s" % (path, error.strerror))
    try:
        os.rmdir(os.path.dirname(path))
    except OSError:
        pass  # not empty: other drop-ins of the unit stay


def is_namespace(path):
    """Whether ``path`` is a mounted network namespace (an nsfs mount point, as ip netns add makes)."""
    try:
        with open("/proc/self/mountinfo") as handle:
            for line in handle:
                fields = line.split(" - ", 1)
                if len(fields) == 2 and fields[1].split(" ", 1)[0] == "nsfs" \
                        and fields[0].split(" ")[4] == path:
                    return True
    except OSError as error:
        raise BackendError("cannot read /proc/self/mountinfo: %s" % error.strerror)
    return False


def same_namespace(path_a, path_b):
    """Whether two namespace files (``/proc/PID/ns/net``, ``/run/netns/NAME``) are the same namespace;
    None when either cannot be read (the process ended)."""
    try:
        one, two = os.stat(path_a), os.stat(path_b)
    except OSError:
        return None
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


class ServiceHost:
    """The host as netns_service sees it: systemctl, unit files, namespaces (a fake in unit tests)."""

    read_text = staticmethod(read_text)
    write_text = staticmethod(write_text)
    remove_file = staticmethod(remove_file)
    is_namespace = staticmethod(is_namespace)
    same_namespace = staticmethod(same_namespace)

    def __init__(self, run, binary="systemctl"):
        self.run = run
        self.binary = binary

    def _call(self, *args):
        argv = [self.binary] + list(args)
        rc, stdout, stderr = self.run(argv)
        if rc != 0:
            raise BackendError("%s failed (rc=%s): %s" % (" ".join(argv), rc, (stderr or stdout).strip()),
                               rc=rc, stdout=stdout, stderr=stderr)
        return stdout

    def show(self, unit):
        """{property: value} of SHOW_PROPERTIES for ``unit`` (LoadState ``not-found`` when there is none)."""
        out = self._call("show", "--property=" + ",".join(SHOW_PROPERTIES), "--", unit)
        found = {}
        for line in out.splitlines():
            key, _sep, value = line.partition("=")
            found[key] = value
        return found

    def daemon_reload(self):
        self._call("daemon-reload")

    def start(self, unit):
        self._call("start", "--", unit)

    def restart(self, unit):
        self._call("restart", "--", unit)
