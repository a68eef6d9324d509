# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Named network namespaces (files under /run/netns) and running code inside one.

A namespace is created by nsthread.py (the bind mount ``ip netns add`` makes) and removed here as
``ip netns delete`` does it: lazy unmount, then unlink.
``run_in_netns`` runs a function in a short-lived worker thread (nsthread.run_in_worker) that has
joined the namespace with setns(2): setns with CLONE_NEWNET changes only the calling thread, so the
module process itself never leaves the host's namespace. /proc/sys/net resolves per thread,
which is what sysctls need.
"""

import errno
import os

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import nsthread as _nsthread
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import netns_path

THREAD_TIMEOUT = 10.0


def _names():
    try:
        return os.listdir(_nsthread.RUN_DIR)
    except OSError as error:
        if error.errno == errno.ENOENT:
            return []
        raise


def list_namespaces():
    """Sorted names of the named network namespaces."""
    return sorted(_names())


def remove_namespace(name):
    path = netns_path(name)
    try:
        _nsthread.remove_named(path)
    except OSError as error:
        if error.errno == errno.ENOENT:
            return
        raise BackendError("cannot remove namespace %r: %s" % (name, error.strerror or error))


def run_in_netns(netns, func):
    """Return ``func()`` run inside ``netns`` (None: the host's own, run directly)."""
    if netns is None:
        return func()

    def work():
        try:
            fd = os.open(netns_path(netns), os.O_RDONLY)
        except OSError as error:
            if error.errno == errno.ENOENT:
                raise MissingObjectError("netns", netns)
            raise BackendError("cannot open namespace %r: %s" % (netns, error.strerror))
        try:
            _nsthread.enter_fd(fd)
        except OSError as error:
            raise BackendError("cannot enter namespace %r: %s" % (netns, error))
        finally:
            os.close(fd)
        return func()

    return _nsthread.run_in_worker(work, THREAD_TIMEOUT, "work inside namespace %r" % netns)


def run_in_each(names, func):
    """``{name: func()}`` for each of ``names``, run inside it: the host's own (None) directly, the
    named ones in turn by ONE worker thread (not a thread per namespace)."""
    results = {}
    if None in names:
        results[None] = func()
    named = [name for name in names if name is not None]

    def work():
        for name in named:
            try:
                fd = os.open(netns_path(name), os.O_RDONLY)
            except OSError as error:
                if error.errno == errno.ENOENT:
                    raise MissingObjectError("netns", name)
                raise BackendError("cannot open namespace %r: %s" % (name, error.strerror))
            try:
                _nsthread.enter_fd(fd)
            except OSError as error:
                raise BackendError("cannot enter namespace %r: %s" % (name, error))
            finally:
                os.close(fd)
            results[name] = func()
    if named:
        _nsthread.run_in_worker(work, THREAD_TIMEOUT + 0.05 * len(named), "work inside %d namespaces" % len(named))
    return results
