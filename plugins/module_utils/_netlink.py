# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Netlink sockets of one module call: one pyroute2 IPRoute per namespace, opened lazily.

A socket into a named namespace is opened with ``IPRoute(netns=NAME, flags=0)``: flags=0 means
"open, never create" (pyroute2's default, O_CREAT, would silently create a namespace that is only
being looked at). A missing namespace becomes MissingObjectError('netns', NAME). Every socket is
closed when the session ends, on every path.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import errno
import os
import traceback

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.linuxnet.netns.plugins.module_utils import _nsthread
from ansible_collections.linuxnet.netns.plugins.module_utils._errors import (
    BackendError, MissingObjectError)

try:
    from pyroute2 import IPRoute
    from pyroute2 import netns as pyroute2_netns
    from pyroute2.netlink.exceptions import NetlinkError
except ImportError:
    HAS_PYROUTE2 = False
    PYROUTE2_IMPORT_ERROR = traceback.format_exc()
    IPRoute = None
    pyroute2_netns = None

    class NetlinkError(Exception):
        """Stand-in so that ``except NetlinkError`` stays valid without pyroute2."""

        code = 0
else:
    HAS_PYROUTE2 = True
    PYROUTE2_IMPORT_ERROR = None

HOST_NETNS_PATH = "/proc/self/ns/net"


def require_pyroute2(module):
    """Fail the module with the standard message when pyroute2 cannot be imported."""
    if not HAS_PYROUTE2:
        module.fail_json(msg=missing_required_lib("pyroute2"), exception=PYROUTE2_IMPORT_ERROR)


def netns_run_dir():
    return pyroute2_netns.NETNS_RUN_DIR if pyroute2_netns else "/run/netns"


def netns_path(netns):
    """Path of a namespace's file; the host's own namespace (None) is this process's."""
    if netns is None:
        return HOST_NETNS_PATH
    return os.path.join(netns_run_dir(), netns)


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
    """A BackendError for a request the kernel refused (NetlinkError, or OSError from a file)."""
    code = (error.code if isinstance(error, NetlinkError) else getattr(error, "errno", None)) or 0
    reason = os.strerror(code) if code else str(error)
    if code == errno.EPERM:
        reason += " (needs CAP_NET_ADMIN and CAP_SYS_ADMIN, for instance root)"
    return BackendError("%s failed: %s" % (what, reason), errno=code)


class NetnsFd(object):
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


class LazyIPRoute(object):
    """An IPRoute on a socket we made, built on first use (a few ms each: a whole-host read
    that only dumps, through ``raw_socket`` and _rtnl_dump, never builds one)."""

    def __init__(self, raw, event_loop):
        self.raw_socket = raw
        self._event_loop = event_loop
        self._ipr = None

    def __getattr__(self, name):
        if self._ipr is None:
            self._ipr = IPRoute(use_socket=self.raw_socket, groups=0, use_event_loop=self._event_loop())
        return getattr(self._ipr, name)

    def close(self):
        if self._ipr is not None:
            self._ipr.close()
            self._ipr = None


class NetlinkSession(object):
    """Owns the netlink sockets of one module call. Use as a context manager.

    ``ipr(None)`` is the host's own namespace; ``ipr("blue")`` a named one (MissingObjectError
    when it does not exist; nothing is ever created by looking).
    """

    def __init__(self, module=None):
        self.module = module
        self._sockets = {}
        self._raw = {}  # the kernel sockets under each IPRoute: closed by us (see ipr)
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
            raw = _nsthread.route_socket() if netns is None else _nsthread.socket_in(netns, netns_run_dir())
        except OSError as error:
            if error.errno == errno.ENOENT:
                raise MissingObjectError("netns", netns)
            raise BackendError("cannot open a netlink socket in namespace %r: %s"
                               % (netns, error.strerror or error))
        sock = LazyIPRoute(raw, self._event_loop)
        self._sockets[key] = sock
        self._raw[key] = raw
        return sock

    def _event_loop(self):
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    def create_namespace(self, name):
        """``ip netns add NAME``, keeping a socket inside it: the same worker thread creates the
        namespace and opens the socket (no second visit for the first request into it)."""
        try:
            raws = _nsthread.in_namespaces([name], create=[name], run_dir=netns_run_dir())
        except OSError as error:
            raise BackendError("cannot create namespace %r: %s" % (name, error.strerror or error))
        self.forget(name)
        self._raw[name] = raws[name]
        self._sockets[name] = LazyIPRoute(raws[name], self._event_loop)

    def open_many(self, names):
        """Open the sockets of many namespaces at once (ONE worker thread visits them all)."""
        missing = [name for name in names if name not in self._sockets]
        if not missing:
            return
        raws = _nsthread.in_namespaces(missing, run_dir=netns_run_dir())
        for name, raw in raws.items():
            self._raw[name] = raw
            self._sockets[name] = LazyIPRoute(raw, self._event_loop)

    def forget(self, netns):
        """Close the socket of one namespace (before removing it: an open socket keeps it alive)."""
        sock = self._sockets.pop(netns or "", None)
        if sock is not None:
            sock.close()
        raw = self._raw.pop(netns or "", None)
        if raw is not None:
            raw.close()

    def close(self):
        while self._sockets:
            _key, sock = self._sockets.popitem()
            try:
                sock.close()
            except Exception:  # pylint: disable=broad-except
                pass  # closing must never hide the error that ended the call
        while self._raw:
            self._raw.popitem()[1].close()
        if self._loop is not None:
            self._loop.close()
            self._loop = None
