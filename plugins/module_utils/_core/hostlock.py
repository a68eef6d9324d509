# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module call at a time per host: an exclusive flock on LOCK_PATH around read, plan and apply.

Without it, two runs against one host at once can read a half-made picture: run B lists the host's
links, run A creates a veth pair, run B lists the namespace's links and finds an end whose peer it
has not seen, and refuses with a misleading conflict. The wait is bounded (LOCK_TIMEOUT); a caller
that cannot create the lock file (not root: check mode as a user) runs without it.
"""

import contextlib
import errno
import fcntl
import os
import time

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError

LOCK_PATH = "/run/lock/linuxnet-netns.lock"
LOCK_TIMEOUT = 120  # seconds: longer than one module call may take (OVS write timeout 60 s)
POLL = 0.05


def _open(path):
    try:
        os.makedirs(os.path.dirname(path), 0o755)
    except OSError as error:
        if error.errno != errno.EEXIST:
            return None
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None


@contextlib.contextmanager
def host_lock(path=None, timeout=LOCK_TIMEOUT):
    """Hold an exclusive lock on ``path`` (default LOCK_PATH, read at call time) for the block;
    BackendError after ``timeout`` seconds."""
    path = path or LOCK_PATH
    handle = _open(path)
    if handle is None:
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (IOError, OSError) as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                raise BackendError("another linuxnet.netns module call held %s for more than %d s" % (path, timeout),
                                   lock=path)
            time.sleep(POLL)
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock
