# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Netlink sockets of one module call: one socket per namespace, opened lazily.

The socket into a named namespace is opened by a worker thread inside it (nsthread.py); looking
never creates a namespace, and a missing one becomes MissingObjectError('netns', NAME). Every
request, read or write, is built by codec.py and sent on these sockets (dump.py, write.py); the
layers above never see a socket, only the functions of this package that take the session. Every
socket is closed when the session ends, on every path.
"""

import errno
import os

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import nsthread as _nsthread
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    BackendError, MissingObjectError)

HOST_NETNS_PATH = "/proc/self/ns/net"


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
    """A BackendError for a request the kernel refused (an OSError carrying its errno)."""
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


class NetlinkSession:
    """Owns the netlink sockets of one module call. Use as a context manager.

    ``netlink_socket(None)`` is the host's own namespace's socket; ``netlink_socket("blue")`` a
    named one's (MissingObjectError when it does not exist; nothing is ever created by looking).
    Only this package's request functions use the sockets (codec.py).
    """

    def __init__(self, module=None):
        self.module = module
        self._sockets = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def netlink_socket(self, netns):
        key = netns or ""
        sock = self._sockets.get(key)
        if sock is not None:
            return sock
        # Made inside the namespace by a worker thread (no helper process, which pyroute2's
        # IPRoute(netns=...) would fork), bound to no multicast group: no event broadcasts.
        try:
            raw = _nsthread.route_socket() if netns is None else _nsthread.socket_in(netns)
        except OSError as error:
            if error.errno == errno.ENOENT:
                raise MissingObjectError("netns", netns)
            raise BackendError("cannot open a netlink socket in namespace %r: %s"
                               % (netns, error.strerror or error))
        self._keep({key: raw})
        return raw

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
        """Keep the sockets ``{netns or "": socket}``, closing any kept before under that name."""
        for key, raw in raws.items():
            self.forget(key)
            self._sockets[key] = raw

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
