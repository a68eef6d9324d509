# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Processes identified by pid and start time (a reused pid is never signalled); bounded runs and
waits; the tiny init of light hosts and of the underlay."""

import os
import select
import shutil
import signal
import subprocess
import sys
import time

from labkit.errors import LabError

STOP_TIMEOUT = 5.0  # seconds between TERM and KILL, and again after KILL
LABCTL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "labctl.py")


def start_time(pid):
    """Start time of a process in clock ticks since boot, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[19]) if fields[0] != "Z" else None


def proc_record(pid):
    return {"pid": pid, "start": start_time(pid)}


def is_alive(record):
    return bool(record) and record["start"] is not None and start_time(record["pid"]) == record["start"]


def signal_proc(record, signum):
    if is_alive(record):
        try:
            os.kill(record["pid"], signum)
        except ProcessLookupError:
            pass


def wait_gone(records, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(is_alive(record) for record in records):
            return True
        time.sleep(0.02)
    return not any(is_alive(record) for record in records)


def stop_procs(records, timeout=STOP_TIMEOUT):
    """TERM, bounded wait, KILL, bounded wait. Return the records still alive (should be none)."""
    for record in records:
        signal_proc(record, signal.SIGTERM)
    if not wait_gone(records, timeout):
        for record in records:
            signal_proc(record, signal.SIGKILL)
        wait_gone(records, STOP_TIMEOUT)
    return [record for record in records if is_alive(record)]


def run(argv, what, timeout, env=None):
    """Run argv (a list, no shell); raise LabError naming `what` if it fails or takes too long."""
    try:
        result = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env,
                                stderr=subprocess.PIPE, timeout=max(timeout, 0.1), check=False)
    except subprocess.TimeoutExpired:
        raise LabError("%s: %s did not finish within %.1f s" % (what, argv[0], timeout)) from None
    except OSError as exc:
        raise LabError("%s: cannot run %s: %s" % (what, argv[0], exc)) from None
    if result.returncode != 0:
        message = (result.stderr or result.stdout).decode(errors="replace").strip()
        raise LabError("%s: %s failed (exit %d): %s" % (what, " ".join(argv), result.returncode, message))
    return result


def find_tools(names, overrides=None):
    """Absolute paths of programs; LabError listing those that are missing."""
    tools = dict((tool, shutil.which(tool)) for tool in names)
    tools.update((tool, path) for tool, path in (overrides or {}).items() if path)
    missing = sorted(tool for tool, path in tools.items() if not path)
    if missing:
        raise LabError("missing programs: %s (install them, see bindep.txt)" % ", ".join(missing))
    return tools


def labctl_command(*args):
    """labctl.py run with this Python: inits, keepers (the workdir among args names the lab in ps)."""
    return [sys.executable, LABCTL] + [str(arg) for arg in args]


def init_command(lifetime, workdir):
    """The init process of a light host or of the underlay (see ``init_main``)."""
    return labctl_command("_init", lifetime, workdir)


def spawn(argv, log_path, env=None):
    """Start argv in a session of its own, stderr to log_path; return the Popen.

    The caller records the pid at once (so that `down` finds it whatever happens next), then calls
    wait_ready."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                                start_new_session=True, env=env)


def wait_ready(process, what, log_path, timeout):
    """Wait (bounded) until the process started by spawn() says it is ready (one line: ready)."""
    try:
        ready = select.select([process.stdout], [], [], timeout)[0]
        line = process.stdout.readline() if ready else b""
    finally:
        process.stdout.close()
    if line.strip() != b"ready":
        raise LabError("%s: did not start within %.1f s (see %s)" % (what, timeout, log_path))


def say_ready():
    """The other end of wait_ready: one line on stdout, then stdout closed."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    os.close(1)
    os.open(os.devnull, os.O_WRONLY)


def child_pid(pid, timeout, comm=None):
    """The first child of pid (with command name `comm` if given), waiting at most `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as children:
                found = [int(child) for child in children.read().split()]
        except OSError:
            found = []
        found = [child for child in found if comm is None or command_name(child) == comm]
        if found:
            return found[0]
        time.sleep(0.01)
    return None


def command_name(pid):
    try:
        with open("/proc/%d/comm" % pid) as handle:
            return handle.read().strip()
    except OSError:
        return None


def init_main(lifetime):
    """PID 1 of a light host (or the underlay's holder): reap children, end on TERM/INT/HUP or after lifetime."""
    stop = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop | {signal.SIGCHLD})
    say_ready()
    deadline = time.monotonic() + lifetime
    while time.monotonic() < deadline:
        info = signal.sigtimedwait(stop | {signal.SIGCHLD}, max(deadline - time.monotonic(), 0.001))
        if info is not None and info.si_signo in stop:
            return 0
        while True:
            try:
                pid = os.waitpid(-1, os.WNOHANG)[0]
            except ChildProcessError:
                break
            if pid == 0:
                break
    return 0
