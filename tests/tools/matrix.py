# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ansible-core matrix (`make matrix`): the integration contract of every module (check, apply,
re-run unchanged, diff, absent: tests/integration/test_module_targets.py) and site.yml on a lab from
an installed copy of the collection (test_galaxy_install.py), under every ansible-core minor from the
oldest that meta/runtime.yml declares to the newest on PyPI.

Minors whose ansible-core installs on this machine's Python run in venvs of their own under
.build/matrix/; the newer ones (Python 3.12 or later needed) run with a controller inside a Debian 13
root (Python 3.13): the cached root of the lab's machines (roles/lab/files/labkit/roots.py) under an
overlay of its own (.build/matrix/trixie/), entered with chroot in a mount namespace of its own, with
/proc, /sys, /dev, /tmp and the checkout bound in (the mounts go with the namespace).

    python3 tests/tools/matrix.py [--minors 2.16,2.21 | --edges] [--report docs/matrix.md]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "roles", "lab", "files"))

from labkit import roots  # noqa: E402  pylint: disable=wrong-import-position

BUILD = os.path.join(REPO, ".build", "matrix")
TESTS = ["tests/integration/test_module_targets.py", "tests/integration/test_galaxy_install.py",
         "tests/integration/test_machines.py"]
PINNED = ("pyroute2", "pytest")  # as requirements.txt pins them
EXTRA = ("pyyaml",)
RUN_TIMEOUT = 3600  # seconds for one minor's tests
INSTALL_TIMEOUT = 900
# what the tests need beyond the machines' root: socat for the lab, git for ansible-galaxy, nftables for
# ns_nat (light hosts use the controller's programs), and
# systemd-nspawn and debootstrap for machines (their roots: this machine's cache, bound in)
CONTROLLER_PACKAGES = ("socat", "git", "nftables", "systemd-container", "debootstrap")
BINDS = ("/proc", "/sys", "/dev", "/tmp", os.path.dirname(roots.DEFAULT_CACHE))
OLD_ROOT = ".matrix-old-root"  # where pivot_root puts this machine's root, unmounted at once


def declared_oldest():
    with open(os.path.join(REPO, "meta", "runtime.yml")) as handle:
        found = re.search(r"requires_ansible:\s*[\"']>=\s*(\d+)\.(\d+)", handle.read())
    return int(found.group(1)), int(found.group(2))


def pinned():
    with open(os.path.join(REPO, "requirements.txt")) as handle:
        pins = dict(line.strip().split("==", 1) for line in handle if "==" in line and not line.startswith("#"))
    return ["%s==%s" % (name, pins[name]) for name in PINNED] + list(EXTRA)


def run(argv, timeout, **kwargs):
    """A finished process (text output); a program that does not exist ends with 127, as in a shell."""
    try:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
                              check=False, **kwargs)
    except FileNotFoundError as exc:
        return subprocess.CompletedProcess(argv, 127, "", str(exc))


def installable_minors(python_argv):
    """ansible-core minors on PyPI that `python_argv` (a Python, maybe run in the controller root) can install."""
    result = run(python_argv + ["-m", "pip", "index", "versions", "ansible-core"], 120)
    found = re.search(r"Available versions: (.*)", result.stdout)
    if not found:
        raise SystemExit("matrix: pip index versions ansible-core failed: %s" % (result.stderr or result.stdout))
    return sorted(set(tuple(int(part) for part in version.split(".")[:2])
                      for version in found.group(1).split(", ") if re.match(r"^\d+\.\d+\.\d+$", version)))


# ---------------------------------------------------------------------------------------------
# Controllers: this machine's Python, or a chroot into a Debian 13 root


class HostController:
    name = "this machine (Python %d.%d)" % sys.version_info[:2]

    def venv(self, minor):
        return os.path.join(BUILD, "ansible-core-%d.%d" % minor)

    def argv(self, argv):
        return argv

    def python(self):
        return [sys.executable]

    def prepare(self):
        pass


class TrixieController:
    """chroot into an overlay of the cached Debian 13 root, in a mount namespace of its own."""

    def __init__(self):
        self.base = os.path.join(BUILD, "trixie")
        self.root = os.path.join(self.base, "root")
        self.lower = None
        self.name = "Debian 13 root (Python 3.13)"

    def venv(self, minor):
        return "/opt/matrix/ansible-core-%d.%d" % minor

    def argv(self, argv):
        return ["unshare", "--mount", "--propagation", "private", "--", sys.executable, os.path.abspath(__file__),
                "_chroot", self.lower, self.base, "--"] + argv

    def python(self):
        return self.argv([os.path.join(roots.VENV, "bin", "python")])  # the root's venv has pip

    def prepare(self):
        tools = dict((tool, shutil.which(tool)) for tool in roots.TOOLS)
        self.lower = roots.ensure_root(roots.DEFAULT_CACHE, roots.recipe("trixie"), tools, "matrix controller")[0]
        for name in ("upper", "work", "root"):
            os.makedirs(os.path.join(self.base, name), exist_ok=True)
        os.makedirs(os.path.join(self.base, "upper", "etc"), exist_ok=True)
        shutil.copyfile("/etc/resolv.conf", os.path.join(self.base, "upper", "etc", "resolv.conf"))
        machine_id = os.path.join(self.base, "upper", "etc", "machine-id")
        if not os.path.exists(machine_id):  # systemd-nspawn derives the machines' MAC addresses from it
            with open(machine_id, "w") as handle:
                handle.write(uuid.uuid4().hex + "\n")
        os.makedirs(os.path.join(self.base, "upper", "etc", "ssl", "certs"), exist_ok=True)
        # this machine's certificate authorities, so that pip inside reaches PyPI as pip outside does
        shutil.copyfile("/etc/ssl/certs/ca-certificates.crt",
                        os.path.join(self.base, "upper", "etc", "ssl", "certs", "ca-certificates.crt"))
        missing = [package for package in CONTROLLER_PACKAGES
                   if run(self.argv(["dpkg", "-s", package]), 60).returncode != 0]
        if missing:
            result = run(self.argv(["apt-get", "install", "-y", "-q"] + missing), INSTALL_TIMEOUT,
                         env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
            if result.returncode != 0:
                raise SystemExit("matrix: apt-get install %s in the controller root failed: %s"
                                 % (" ".join(missing), result.stderr[-2000:]))


def chroot_main(lower, base, argv):
    """In a private mount namespace: the overlay, the binds, pivot_root into it (not only chroot: a lab
    host entered with nsenter -m gets its mount namespace's root, which must be this one), exec argv."""
    root = os.path.join(base, "root")
    subprocess.run(["mount", "-t", "overlay", "overlay", "-o", "lowerdir=%s,upperdir=%s/upper,workdir=%s/work"
                    % (lower, base, base), root], check=True)
    for path in BINDS + (REPO,):
        os.makedirs(root + path, exist_ok=True)
        subprocess.run(["mount", "--rbind", path, root + path], check=True)
    old_root = os.path.join(root, OLD_ROOT)
    os.makedirs(old_root, exist_ok=True)
    os.chdir(root)
    subprocess.run(["pivot_root", ".", OLD_ROOT], check=True)
    os.chroot(".")
    subprocess.run(["umount", "-l", "/" + OLD_ROOT], check=True)
    os.chdir(REPO)
    env = dict(os.environ, PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME="/root")
    os.execvpe(argv[0], argv, env)


# ---------------------------------------------------------------------------------------------
# One minor


def install(controller, minor):
    venv = controller.venv(minor)
    python = os.path.join(venv, "bin", "python")
    check = run(controller.argv([python, "-c", "import ansible.release as r; print(r.__version__)"]), 60)
    if check.returncode == 0 and check.stdout.startswith("%d.%d." % minor):
        return check.stdout.strip()
    for step in (["/usr/bin/python3" if isinstance(controller, TrixieController) else sys.executable, "-m", "venv",
                  venv],
                 [python, "-m", "pip", "install", "-q", "ansible-core==%d.%d.*" % minor] + pinned()):
        result = run(controller.argv(step), INSTALL_TIMEOUT)
        if result.returncode != 0:
            raise RuntimeError("%s failed: %s" % (" ".join(step[:4]), (result.stderr or result.stdout)[-2000:]))
    return run(controller.argv([python, "-c", "import ansible.release as r; print(r.__version__)"]), 60).stdout.strip()


def run_minor(controller, minor):
    started = time.monotonic()
    try:
        version = install(controller, minor)
    except RuntimeError as exc:
        return {"minor": "%d.%d" % minor, "controller": controller.name, "passed": False, "summary": str(exc),
                "seconds": round(time.monotonic() - started)}
    bin_dir = os.path.join(controller.venv(minor), "bin")
    argv = ["env", "PATH=%s:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" % bin_dir,
            os.path.join(bin_dir, "pytest"), "-q", "-p", "no:cacheprovider"] + TESTS
    tested = time.monotonic()
    result = run(controller.argv(argv), RUN_TIMEOUT, cwd=REPO)
    lines = (result.stdout.strip().splitlines() or [result.stderr.strip()[-300:]])
    return {"minor": "%d.%d" % minor, "version": version, "controller": controller.name,
            "passed": result.returncode == 0, "summary": lines[-1], "seconds": round(time.monotonic() - tested),
            "output": result.stdout[-8000:] if result.returncode else ""}


def report(results, path, command):
    lines = ["# The ansible-core matrix", "",
             "Last run: %s, `%s` (tests/tools/matrix.py): %s on lab hosts." % (
                 time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), command, ", ".join(TESTS)), "",
             "Managed hosts: light lab hosts (they run the controller's own system: Debian 12 with this",
             "machine's controller, Debian 13 inside the Debian 13 controller root) and systemd machines of",
             "Debian 12 and 13 (test_machines.py). A minor runs on this machine's Python when its ansible-core",
             "installs there, otherwise in the Debian 13 root.", "",
             "| ansible-core | controller | result | tests | time (s) |", "|---|---|---|---|---|"]
    for item in results:
        cells = (item.get("version", item["minor"]), item["controller"], "pass" if item["passed"] else "FAIL",
                 item["summary"].replace("|", "/"), item["seconds"])
        lines.append("| %s | %s | %s | %s | %s |" % cells)
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")


def main(argv):
    if argv[:1] == ["_chroot"]:
        return chroot_main(argv[1], argv[2], argv[4:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--minors", help="e.g. 2.16,2.21 (default: every minor from the declared oldest to the newest)")
    parser.add_argument("--edges", action="store_true", help="the oldest and the newest minor only")
    parser.add_argument("--tests", help="comma-separated test files instead of the matrix's own")
    parser.add_argument("--report", default=None, help="write the table (markdown) to this file")
    args = parser.parse_args(argv)
    if args.tests:
        TESTS[:] = args.tests.split(",")
    host, trixie = HostController(), TrixieController()
    os.makedirs(BUILD, exist_ok=True)
    trixie.prepare()
    on_host = set(installable_minors(host.python()))
    newest = max(installable_minors(trixie.python()))
    oldest = declared_oldest()
    minors = [(oldest[0], minor) for minor in range(oldest[1], newest[1] + 1)]
    if args.minors:
        wanted = [tuple(int(part) for part in text.split(".")) for text in args.minors.split(",")]
        minors = [minor for minor in minors if minor in wanted]
    if args.edges:
        minors = [minors[0], minors[-1]]
    results = []
    for minor in minors:
        controller = host if minor in on_host else trixie
        print("matrix: ansible-core %d.%d on %s ..." % (minor + (controller.name,)), flush=True)
        results.append(run_minor(controller, minor))
        print("matrix: %(minor)s %(summary)s (%(seconds)s s)" % results[-1], flush=True)
        if results[-1].get("output"):
            print(results[-1]["output"], flush=True)
    with open(os.path.join(BUILD, "result.json"), "w") as handle:
        json.dump(results, handle, indent=1)
    if args.report:
        report(results, args.report, "make matrix" + (" MATRIX_MINORS=%s" % args.minors if args.minors else ""))
    return 0 if results and all(item["passed"] for item in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
