# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Netlink sockets of one module call: one socket per namespace, opened lazily.

The socket into a named namespace is opened by a worker thread inside it (nsthread.py); looking never
creates a namespace, and a missing one becomes MissingObjectError('netns', NAME). Reads and the
common writes go straight through the socket (dump.py, write.py); a pyroute2 IPRoute is built
on it only for the rarer writes, and pyroute2 itself is imported only then: its ``__init__`` loads
every netlink family it knows, 0.13 s of each module start. Every socket is closed when the session
ends, on every path.
"""

import errno
import importlib.util
import os

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import nsthread as _nsthread
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError)

HOST_NETNS_PATH = "/proc/self/ns/net"
_PYROUTE2 = {}  # IPRoute and NetlinkError once pyroute2 is imported


def require_pyroute2(module):
    """Fail the module with the standard message when pyroute2 is not installed. It is only
    looked for here; ``pyroute2()`` imports it when a write needs it."""
    if importlib.util.find_spec("pyroute2") is None:
        module.fail_json(msg=missing_required_lib("pyroute2"))


def pyroute2():
    """``{"IPRoute": ..., "NetlinkError": ...}``, importing pyroute2 on first use."""
    if not _PYROUTE2:
        try:
            from pyroute2 import IPRoute
            from pyroute2.netlink.exceptions import NetlinkError
        except ImportError as error:
            raise BackendError("%s (pyroute2 cannot be imported: %s)" % (missing_required_lib("pyroute2"), error))
        _PYROUTE2.update(IPRoute=IPRoute, NetlinkError=NetlinkError)
    return _PYROUTE2


def netns_path(netns):
    """Path of a namespace's file; the host's own namespace (None) is this process's."""
    if netns is None:
        return HOST_NETNS_PATH
    return os.path.join(_nsthread.RUN_DIR, netns)


def label(ifname, netns):
    """How an object is named in messages and changes: ``veth1@blue``, or ``veth0`` on the host."""
    return ifname if netns is None else "%s@%s" % (ifname, netns)


def ip_argv(netns, *argv):
    """argv of the equivalent ``ip`` command (for ``rendered`` output and messages; never run)."""
    prefix = ["ip"] if netns is None else ["ip", "-n", netns]
    return prefix + [str(arg) for arg in argv]


def ip_netns_target(netns):
    """How ``ip link ... netns X`` names a namespace; the host's own is that of PID 1."""
    return "1" if netns is None else netns


def netlink_failure(what, error):
    """A BackendError for a request the kernel refused (an OSError: see LazyIPRoute)."""
    code = getattr(error, "errno", None) or 0
    reason = os.strerror(code) if code else str(error)
    if code == errno.EPERM:
        reason += " (needs CAP_NET_ADMIN and CAP_SYS_ADMIN, for instance root)"
    return BackendError("%s failed: %s" % (what, reason), errno=code)


class NetnsFd:
    """An open file descriptor of a namespace, for IFLA_NET_NS_FD and NETNSA_FD; closed on exit."""

    def __init__(self, netns):
        self.netns = netns
        self.fd = None

    def __enter__(self):
        try:
            self.fd = os.open(netns_path(self.netns), os.O_RDONLY)
        except OSError as error:
            if error.errno == errno.ENOENT:
                raise MissingObjectError("netns", self.netns)
            raise BackendError("cannot open namespace %r: %s" % (self.netns, error.strerror))
        return self.fd

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        return False


class LazyIPRoute:
    """An IPRoute on a socket we made, built on first use (a few ms each, and the import of
    pyroute2: reads and the common writes use ``raw_socket`` and never build one).

    A request pyroute2 makes and the kernel refuses raises OSError with the kernel's errno, as
    the raw requests do: callers catch one kind of error."""

    def __init__(self, raw, event_loop):
        self.raw_socket = raw
        self._event_loop = event_loop
        self._ipr = None

    def __getattr__(self, name):
        if self._ipr is None:
            self._ipr = pyroute2()["IPRoute"](use_socket=self.raw_socket, groups=0,
                                              use_event_loop=self._event_loop())
        attribute = getattr(self._ipr, name)
        if not callable(attribute):
            return attribute
        netlink_error = pyroute2()["NetlinkError"]

        def request(*args, **kwargs):
            try:
                return attribute(*args, **kwargs)
            except netlink_error as error:
                code = getattr(error, "code", None) or 0
                raise OSError(code, os.strerror(code) if code else str(error))
        return request

    def close(self):
        """Close the IPRoute, if one was built, then the socket (ours: IPRoute leaves it open)."""
        try:
            if self._ipr is not None:
                self._ipr.close()
        finally:
            self._ipr = None
            self.raw_socket.close()


class NetlinkSession:
    """Owns the netlink sockets of one module call. Use as a context manager.

    ``ipr(None)`` is the host's own namespace; ``ipr("blue")`` a named one (MissingObjectError
    when it does not exist; nothing is ever created by looking).
    """

    def __init__(self, module=None):
        self.module = module
        self._sockets = {}
        self._loop = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def ipr(self, netns):
        key = netns or ""
        sock = self._sockets.get(key)
        if sock is not None:
            return sock
        # The socket is made here (in the namespace, by a worker thread: no helper process as
        # IPRoute(netns=...) would fork) and wrapped; every IPRoute of the session shares ONE event
        # loop (one per IPRoute costs a few ms and file descriptors); groups=0: no event broadcasts.
        try:
            raw = _nsthread.route_socket() if netns is None else _nsthread.socket_in(netns)
        except OSError as error:
            if error.errno == errno.ENOENT:
                raise MissingObjectError("netns", netns)
            raise BackendError("cannot open a netlink socket in namespace %r: %s"
                               % (netns, error.strerror or error))
        self._keep({key: raw})
        return self._sockets[key]

    def _event_loop(self):
        if self._loop is None:
            import asyncio  # only pyroute2 needs it: not imported by a run that never builds an IPRoute
            self._loop = asyncio.new_event_loop()
        return self._loop

    def create_namespace(self, name):
        """``ip netns add NAME``, keeping a socket inside it: the same worker thread creates the
        namespace and opens the socket (no second visit for the first request into it)."""
        try:
            raws = _nsthread.in_namespaces([name], create=[name])
        except OSError as error:
            raise BackendError("cannot create namespace %r: %s" % (name, error.strerror or error))
        self._keep(raws)

    def create_namespaces(self, names):
        """Create many namespaces with ONE worker thread, keeping a socket inside each; the names
        made, in order. Creation stops at the first failure, left to the caller to meet again
        (nsthread.create_namespaces)."""
        raws = _nsthread.create_namespaces(names)
        self._keep(raws)
        return list(raws)

    def open_many(self, names):
        """Open the sockets of many namespaces at once (ONE worker thread visits them all)."""
        missing = [name for name in names if name not in self._sockets]
        if not missing:
            return
        self._keep(_nsthread.in_namespaces(missing))

    def _keep(self, raws):
        """Wrap and keep the raw sockets ``{netns or "": socket}``, closing any kept before."""
        for key, raw in raws.items():
            self.forget(key)
            self._sockets[key] = LazyIPRoute(raw, self._event_loop)

    def forget(self, netns):
        """Close the socket of one namespace (before removing it: an open socket keeps it alive)."""
        sock = self._sockets.pop(netns or "", None)
        if sock is not None:
            sock.close()

    def close(self):
        while self._sockets:
            _key, sock = self._sockets.popitem()
            try:
                sock.close()
            except Exception:  # pylint: disable=broad-except
                pass  # closing must never hide the error that ended the call
        if self._loop is not None:
            self._loop.close()
            self._loop = None
