# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection as users get it: `ansible-galaxy collection build` makes the tarball, which holds
what users need and none of the developers' files (galaxy.yml build_ignore), and a copy installed
with `ansible-galaxy collection install TARBALL -p EMPTY_DIR` runs the collection playbook
`linuxnet.netns.site` on lab hosts over SSH, with ANSIBLE_COLLECTIONS_PATH naming that folder only
(no checkout link, no roles path, no ansible.cfg of the checkout).

The tarball is built from a copy of the checkout into which developer leftovers were planted
(.build, .venv, tests/output, __pycache__, .pytest_cache, bench/results, an old tarball), so the
test proves build_ignore even on a clean checkout.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import tarfile
import time

import pytest

import lab_harness

ROOT = lab_harness.REPO
BIN = lab_harness.BIN
PLANTED = [".build/collections/junk.txt", ".venv/lib/junk.py", "tests/output/junk.txt",
           "tests/unit/__pycache__/junk.cpython-311.pyc", "plugins/modules/__pycache__/veth.cpython-311.pyc",
           ".pytest_cache/v/cache/junk", "bench/results/junk.json", "linuxnet-netns-0.0.9.tar.gz", ".ansible/junk",
           ".git/junk"]
FORBIDDEN = re.compile(r"(^|/)(\.build|\.venv|\.git|\.pytest_cache|__pycache__|\.ansible)(/|$)|^tests/output(/|$)"
                       r"|^bench/results(/|$)|\.pyc$|\.tar\.gz$")
TIMINGS = []


def run(argv, cwd, env=None, timeout=600):
    started = time.monotonic()
    result = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=timeout, check=False)
    TIMINGS.append((" ".join([os.path.basename(argv[0])] + argv[1:3]), round(time.monotonic() - started, 1)))
    return result


def copy_of_checkout(dest):
    """The checkout (without its venv link, build folder and git link) plus planted leftovers."""
    shutil.copytree(ROOT, dest, symlinks=True, ignore=lambda folder, names: [
        name for name in names if folder == ROOT and name in (".venv", ".build", ".git", ".pytest_cache")])
    for relative in PLANTED:
        path = os.path.join(dest, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write("leftover\n")


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    work = tmp_path_factory.mktemp("galaxy")
    source = str(work / "src")
    copy_of_checkout(source)
    result = run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", source, "--output-path",
                  str(work / "dist")], cwd=str(work))
    assert result.returncode == 0, result.stdout + result.stderr
    built = glob.glob(str(work / "dist" / "linuxnet-netns-*.tar.gz"))
    assert len(built) == 1, built
    return built[0]


def members(path):
    with tarfile.open(path) as archive:
        return [member.name for member in archive.getmembers()]


def test_tarball_leaves_out_developer_files(tarball):
    names = members(tarball)
    assert not [name for name in names if FORBIDDEN.search(name)]


def test_tarball_holds_what_users_need(tarball):
    names = set(members(tarball))
    needed = {"MANIFEST.json", "FILES.json", "README.md", "meta/runtime.yml", "meta/execution-environment.yml",
              "meta/ee-bindep.txt", "execution-environment.yml", "docs/index.md",
              "docs/install.md", "docs/security.md"}
    needed |= set(os.path.relpath(path, ROOT) for pattern in ("plugins/*/*.py", "plugins/module_utils/*/*.py", "roles/*/meta/argument_specs.yml",
                                                              "roles/*/tasks/*.yml", "playbooks/*.yml")
                  for path in glob.glob(os.path.join(ROOT, pattern)))
    assert not sorted(needed - names)


def installed_env(collections, home):
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith("ANSIBLE_"))
    env.update(ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_ROLES_PATH=os.path.join(home, "no-roles"),
               ANSIBLE_CONFIG=os.path.join(home, "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_HOST_KEY_CHECKING="False", ANSIBLE_LOCAL_TEMP=os.path.join(home, "tmp"))
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    return env


def test_installed_copy_runs_site_on_lab_hosts(tarball, new_lab, tmp_path):
    home = str(tmp_path)
    collections = os.path.join(home, "collections")
    os.makedirs(collections)
    os.makedirs(os.path.join(home, "no-roles"))
    with open(os.path.join(home, "ansible.cfg"), "w") as handle:
        handle.write("[defaults]\nhost_key_checking = False\ninterpreter_python = auto_silent\n")
    env = installed_env(collections, home)
    assert os.listdir(collections) == []

    installed = run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", tarball, "-p", collections],
                    cwd=home, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    listed = run([os.path.join(BIN, "ansible-galaxy"), "collection", "list", "--format", "json"], cwd=home, env=env)
    found = dict((path, names) for path, names in json.loads(listed.stdout).items()
                 if "linuxnet.netns" in names)  # ansible-core's internal collections are listed too
    assert list(found) == [os.path.join(collections, "ansible_collections")], found
    assert found[os.path.join(collections, "ansible_collections")]["linuxnet.netns"]["version"] == "0.1.0"
    copy = os.path.join(collections, "ansible_collections", "linuxnet", "netns")
    assert not os.path.islink(copy) and os.path.isfile(os.path.join(copy, "playbooks", "site.yml"))

    lab = new_lab(hosts=2, prefix="igal")
    up = lab.up()
    assert up.returncode == 0, up.stderr
    try:
        played = run([os.path.join(BIN, "ansible-playbook"), "-i", lab.inventory, "linuxnet.netns.site"],
                     cwd=home, env=env, timeout=lab_harness.TIMEOUT)
        assert played.returncode == 0, played.stdout[-6000:] + played.stderr[-3000:]
        assert re.search(r"^igal1\s+:\s+ok=\d+\s+changed=[1-9]", played.stdout, re.M), played.stdout[-3000:]
        # the modules and roles that ran are the installed copy's, not the checkout's
        assert ROOT + "/" not in played.stdout and ROOT + "/" not in played.stderr
        for host in lab.hosts:
            namespaces = lab.exec(host, ["ip", "netns", "list"]).stdout
            assert sorted(line.split()[0] for line in namespaces.splitlines()) == ["blue", "red"], namespaces
        again = run([os.path.join(BIN, "ansible-playbook"), "-i", lab.inventory, "linuxnet.netns.site"],
                    cwd=home, env=env, timeout=lab_harness.TIMEOUT)
        assert again.returncode == 0 and re.search(r"^igal1\s+:\s+ok=\d+\s+changed=0", again.stdout, re.M), \
            again.stdout[-6000:]
    finally:
        print("timings (s): %s" % TIMINGS)
        down = lab.down()
        assert down.returncode == 0, down.stderr
