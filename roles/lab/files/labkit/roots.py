# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Root file systems of Debian releases for machines, built once with debootstrap and cached.

A root lives in CACHE/<distribution>-<key>, where key is a hash of its recipe (release, variant,
packages, mirror, the steps after debootstrap: RECIPE_VERSION). A changed recipe therefore gets a
directory of its own and is built anew; the stamp CACHE/<distribution>-<key>.json is written only
when a build is complete, so a root without its stamp (an interrupted build) is removed and built
again. A build goes to a temporary directory beside it that is removed when the build fails (no
network, a full disk, a timeout). Machines never write to a root: each has an overlay of its own.
"""

import fcntl
import hashlib
import json
import os
import shutil
import time

from labkit.errors import LabError
from labkit.procs import run

DEFAULT_CACHE = "/var/cache/linuxnet-netns/roots"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
RECIPE_VERSION = 4  # raise it when the steps of build() change: every cached root is then stale
PACKAGES = ("systemd-sysv", "dbus", "openvswitch-switch", "openssh-server", "python3", "python3-venv",
            "python3-apt", "iproute2", "iputils-ping")
# The managed Python of a machine: a virtualenv that also sees the distribution's packages (python3-apt
# for Ansible's apt module), as a user's interpreter often is; the modules need nothing else in it.
VENV = "/opt/linuxnet/venv"
BUILD_TIMEOUT = 900.0
LOCK_TIMEOUT = BUILD_TIMEOUT + 60.0  # another lab may be building the same root
TOOLS = ("debootstrap", "chroot")


def recipe(distribution, mirror=DEFAULT_MIRROR):
    return {"version": RECIPE_VERSION, "distribution": distribution, "variant": "minbase",
            "packages": list(PACKAGES), "mirror": mirror, "venv": VENV}


def recipe_key(spec):
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]


def root_path(cache, spec):
    return os.path.join(cache, "%s-%s" % (spec["distribution"], recipe_key(spec)))


def read_stamp(root):
    try:
        with open(root + ".json") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def is_complete(root, spec):
    stamp = read_stamp(root)
    return bool(stamp) and stamp.get("recipe") == spec and os.path.isdir(root)


def stale_roots(cache, current):
    """Roots in the cache that no current recipe names (kept until removed by hand: a running lab may use one)."""
    if not os.path.isdir(cache):
        return []
    keep = set(os.path.basename(path) for path in current)
    return sorted(os.path.join(cache, entry) for entry in os.listdir(cache)
                  if os.path.isdir(os.path.join(cache, entry)) and entry not in keep and ".build-" not in entry)


def cache_lock(cache, distribution, what):
    """An exclusive lock per distribution, waited for at most LOCK_TIMEOUT."""
    handle = os.open(os.path.join(cache, "%s.lock" % distribution), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(handle)
                raise LabError("%s: the root cache %s is locked by another build for %.0f s"
                               % (what, cache, LOCK_TIMEOUT))
            time.sleep(0.5)


def ensure_root(cache, spec, tools, what, timeout=BUILD_TIMEOUT):
    """The path of a complete root for `spec`, built now if the cache has none. Returns (path, seconds built)."""
    os.makedirs(cache, exist_ok=True)
    root = root_path(cache, spec)
    lock = cache_lock(cache, spec["distribution"], what)
    try:
        if is_complete(root, spec):
            return root, 0.0
        for leftover in (root, root + ".json"):  # an interrupted build, or a stamp without its root
            if os.path.isdir(leftover):
                shutil.rmtree(leftover)
            elif os.path.lexists(leftover):
                os.unlink(leftover)
        started = time.monotonic()
        build(root, spec, tools, what, timeout)
        return root, time.monotonic() - started
    finally:
        os.close(lock)


def build(root, spec, tools, what, timeout):
    """debootstrap into a temporary directory, the steps after it, then rename and stamp."""
    temporary = "%s.build-%d" % (root, os.getpid())
    deadline = time.monotonic() + timeout
    message = "%s: the root of %s could not be built" % (what, spec["distribution"])
    try:
        run([tools["debootstrap"], "--variant=%s" % spec["variant"], "--include=%s" % ",".join(spec["packages"]),
             spec["distribution"], temporary, spec["mirror"]], message, timeout)
        finish(temporary, spec, tools, message, deadline)
        os.rename(temporary, root)
    except BaseException as exc:
        if os.path.isdir(temporary):
            shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(exc, LabError):
            raise LabError(tail_of(str(exc))) from None
        if isinstance(exc, OSError):
            raise LabError("%s: %s" % (message, exc)) from None
        raise
    try:
        with open(root + ".json.tmp", "w") as handle:
            json.dump({"recipe": spec, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, handle,
                      indent=1, sort_keys=True)
        os.replace(root + ".json.tmp", root + ".json")
    except OSError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise LabError("%s: %s" % (message, exc)) from None


def finish(root, spec, tools, message, deadline):
    """After debootstrap: the managed virtualenv, no shared ssh host keys, Open vSwitch left to the roles."""
    run([tools["chroot"], root, "/usr/bin/python3", "-m", "venv", "--system-site-packages", spec["venv"]], message,
        deadline - time.monotonic())
    ssh_dir = os.path.join(root, "etc", "ssh")
    for entry in os.listdir(ssh_dir):
        if entry.startswith("ssh_host_"):
            os.unlink(os.path.join(ssh_dir, entry))  # each machine gets the lab's key for it
    # openvswitch-switch comes installed but disabled (systemd unit and SysV links alike): the
    # prerequisites role enables and starts it
    run([tools["chroot"], root, "systemctl", "disable", "--quiet", "openvswitch-switch.service"], message,
        deadline - time.monotonic())
    with open(os.path.join(root, "etc", "machine-id"), "w"):
        pass  # empty: each machine writes its own into its overlay


def tail_of(text, lines=6):
    """The last lines of a long message (debootstrap's output ends with the reason)."""
    parts = text.strip().splitlines()
    return "\n".join(parts[:1] + (["..."] if len(parts) > lines + 1 else []) + parts[1:][-lines:])
