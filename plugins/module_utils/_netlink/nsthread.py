# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creating namespaces and opening netlink sockets inside them without a process per namespace.

pyroute2 forks a helper process to create a namespace (``netns.create``) and another one to open
a socket inside a namespace (``IPRoute(netns=...)``): about 10 ms each, 20 s for 1000 namespaces.
Network namespaces belong to a thread, not a process, so the same work is done here by ONE
short-lived worker thread that hops from namespace to namespace with setns(2)/unshare(2):

- a netlink socket belongs, for its whole life, to the namespace its creator was in when it was
  created; the sockets are then used from the module's own thread like any other;
- ``unshare(CLONE_NEWNET)`` gives the thread a fresh namespace, which a bind mount of
  ``/proc/thread-self/ns/net`` on ``/run/netns/NAME`` names, exactly as ``ip netns add`` does.

The module's own thread never changes namespace; the worker returns to the host's namespace
before it ends (and its namespace dies with it anyway). Every wait is bounded.
"""

import ctypes
import ctypes.util
import errno
import os
import socket
import threading

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, MissingObjectError, NetnsError

CLONE_NEWNET = 0x40000000
MS_BIND = 4096
MS_REC = 16384
MS_SHARED = 1 << 20
MNT_DETACH = 2
NETLINK_ROUTE = 0
# Where ``ip netns`` keeps the named namespaces: iproute2's NETNS_RUN_DIR is /var/run/netns, and
# /var/run is /run wherever systemd or the FHS 3.0 layout is in use (Debian, RHEL, Ubuntu...).
RUN_DIR = "/run/netns"
WORKER_TIMEOUT = 120.0
_LIBC = []  # the loaded C library, once


def libc():
    if not _LIBC:
        _LIBC.append(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True))
    return _LIBC[0]


def _check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, "%s: %s" % (what, os.strerror(code)))


_SHARED_RUN_DIRS = set()


def _share_run_dir(run_dir):
    """Make ``run_dir`` a shared mount point (what ``ip netns add`` does), once per process."""
    if run_dir in _SHARED_RUN_DIRS:
        return
    try:
        os.mkdir(run_dir, 0o755)
    except OSError as error:
        if error.errno != errno.EEXIST:
            raise
    path = run_dir.encode()
    if libc().mount(b"none", path, b"none", MS_SHARED | MS_REC, None) != 0:
        _check(libc().mount(path, path, b"none", MS_BIND | MS_REC, None), "bind %s" % run_dir)
        _check(libc().mount(b"none", path, b"none", MS_SHARED | MS_REC, None), "share %s" % run_dir)
    _SHARED_RUN_DIRS.add(run_dir)


def route_socket():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_ROUTE)
    sock.bind((0, 0))
    return sock


def _create_here(path):
    """Give the calling (worker) thread a new namespace and name it ``path``."""
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0))
    try:
        _check(libc().unshare(CLONE_NEWNET), "unshare")
        _check(libc().mount(b"/proc/thread-self/ns/net", path.encode(), b"none", MS_BIND, None),
               "mount")
    except OSError:
        os.unlink(path)
        raise


def remove_named(path):
    """Remove the named namespace ``path`` as ``ip netns delete`` does: a lazy unmount (which may
    fail: already unmounted), then the unlink (raises OSError)."""
    libc().umount2(path.encode(), MNT_DETACH)
    os.unlink(path)


def enter_fd(fd):
    """Move the calling thread into the network namespace open as ``fd``."""
    _check(libc().setns(fd, CLONE_NEWNET), "setns")


def _enter(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        enter_fd(fd)
    finally:
        os.close(fd)


def run_in_worker(work, timeout=WORKER_TIMEOUT, what="namespace work"):
    """Run ``work()`` in a worker thread that ends in the host's namespace; re-raise its error.
    ``what`` names the work in the message when it does not finish within ``timeout`` seconds."""
    outcome = {}

    def target():
        home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        try:
            outcome["value"] = work()
        except Exception as error:  # pylint: disable=broad-except
            outcome["error"] = error
        finally:
            libc().setns(home, CLONE_NEWNET)
            os.close(home)

    thread = threading.Thread(target=target, name="linuxnet-netns-worker")
    thread.daemon = True
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise BackendError("%s did not finish within %ss" % (what, timeout))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _visit(names, create, opened):
    """Worker thread: enter (or create) each namespace of ``names`` in turn and open a socket inside
    it, into ``opened``; the first failure is raised, naming the namespace."""
    for name in names:
        path = os.path.join(RUN_DIR, name)
        try:
            if name in create:
                _create_here(path)
            else:
                _enter(path)
        except OSError as error:
            if error.errno == errno.ENOENT:
                raise MissingObjectError("netns", name)
            verb = "create" if name in create else "enter"
            raise BackendError("cannot %s namespace %r: %s" % (verb, name, error.strerror or error),
                               netns=name, errno=error.errno)
        try:
            opened[name] = route_socket()
        except OSError as error:  # e.g. out of file descriptors: a namespace made here goes again
            if name in create:
                remove_named(path)
            raise BackendError("cannot open a netlink socket in namespace %r: %s" % (name, error.strerror or error),
                               netns=name, errno=error.errno)


def in_namespaces(names, create=()):
    """``{name: netlink socket}`` for every namespace of ``names`` (creating those in ``create``).

    ONE worker thread visits them all.
    On any failure the sockets already opened are closed and the error names the namespace
    (MissingObjectError when it does not exist); namespaces already created stay.
    """
    create = set(create)
    names = list(names)
    if create:
        _share_run_dir(RUN_DIR)

    def work():
        opened = {}
        try:
            _visit(names, create, opened)
        except Exception:
            for sock in opened.values():
                sock.close()
            raise
        return opened

    return run_in_worker(work)


def create_namespaces(names):
    """Create the namespaces ``names`` in that order with ONE worker thread (what ``ip -batch``
    with ``netns add`` lines does), a netlink socket inside each: ``{name: socket}`` of those made.

    Creation stops at the first failure, which is not raised: the namespaces before it are made
    and returned, and the caller creates the failed one by itself, which reports the error.
    """
    names = list(names)
    _share_run_dir(RUN_DIR)

    def work():
        opened = {}
        try:
            _visit(names, set(names), opened)
        except (NetnsError, OSError):
            pass  # left to the caller (see above)
        return opened

    return run_in_worker(work)


def socket_in(name):
    """A netlink route socket inside namespace ``name`` (MissingObjectError when absent)."""
    return in_namespaces([name])[name]
