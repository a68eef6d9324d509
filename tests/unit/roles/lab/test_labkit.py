# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure parts of roles/lab/files/labkit for machines: distributions per host, the root cache's
recipe keys and stamps, the files written into a machine's disk, cgroup hierarchies."""

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "roles", "lab", "files"))

from labkit import cgroups, machine, plan, roots  # noqa: E402  pylint: disable=wrong-import-position
from labkit.errors import LabError  # noqa: E402  pylint: disable=wrong-import-position


@pytest.mark.parametrize("kind, distributions, planned", [
    ("light", [], [None, None, None]),
    ("machine", ["trixie"], ["trixie", "trixie", "trixie"]),
    ("machine", ["bookworm", "trixie"], ["bookworm", "trixie", "bookworm"]),
])
def test_plan_distributions(kind, distributions, planned):
    assert plan.plan_distributions(["m1", "m2", "m3"], kind, distributions) == planned


@pytest.mark.parametrize("kind, distributions, message", [
    ("vm", ["trixie"], "kind: 'vm' is not one of light, machine"),
    ("machine", ["bookworm", "buster"], "m2: unknown distribution 'buster' (known: bookworm, trixie)"),
    ("machine", [], "m1: a machine needs a distribution"),
])
def test_plan_distributions_refuses(kind, distributions, message):
    with pytest.raises(LabError) as caught:
        plan.plan_distributions(["m1", "m2"], kind, distributions)
    assert str(caught.value).startswith(message)


def test_machine_names_fit_the_veth_name():
    with pytest.raises(LabError, match="averylongna1: a machine's name has at most 11 characters"):
        plan.plan_distributions(["averylongna1"], "machine", ["trixie"])


def test_recipe_key_follows_the_recipe():
    base = roots.recipe("trixie")
    assert roots.recipe_key(base) == roots.recipe_key(roots.recipe("trixie"))
    others = [roots.recipe("bookworm"), roots.recipe("trixie", "http://mirror.example/debian"),
              dict(base, version=base["version"] + 1), dict(base, packages=base["packages"] + ["vim"])]
    assert len({roots.recipe_key(spec) for spec in others + [base]}) == 5
    assert roots.root_path("/c", base) == "/c/trixie-%s" % roots.recipe_key(base)


def test_a_root_is_complete_only_with_its_stamp(tmp_path):
    spec = roots.recipe("bookworm")
    root = roots.root_path(str(tmp_path), spec)
    os.makedirs(root)
    assert not roots.is_complete(root, spec)  # an interrupted build
    with open(root + ".json", "w") as handle:
        json.dump({"recipe": dict(spec, version=0)}, handle)
    assert not roots.is_complete(root, spec)  # another recipe's stamp
    with open(root + ".json", "w") as handle:
        json.dump({"recipe": spec, "built": "2026-12-04T00:00:00Z"}, handle)
    assert roots.is_complete(root, spec)
    os.makedirs(str(tmp_path / "trixie-000000000000"))
    assert roots.stale_roots(str(tmp_path), [root]) == [str(tmp_path / "trixie-000000000000")]


def test_tail_of_keeps_the_first_and_last_lines():
    text = "what: debootstrap failed (exit 1): I: one\n" + "".join("I: line %d\n" % n for n in range(20)) + "E: why"
    assert roots.tail_of(text).splitlines() == ["what: debootstrap failed (exit 1): I: one", "...", "I: line 15",
                                                "I: line 16", "I: line 17", "I: line 18", "I: line 19", "E: why"]


def test_machine_files():
    unit = plan.render_underlay_unit("192.168.250.11/24")
    assert "ExecStart=/usr/sbin/ip addr replace 192.168.250.11/24 dev host0" in unit.splitlines()
    assert "Before=ssh.service network.target" in unit.splitlines()
    sshd = dict(line.split(" ", 1) for line in plan.render_machine_sshd_config().splitlines())
    assert sshd["PasswordAuthentication"] == "no" and sshd["HostKey"] == "/etc/ssh/ssh_host_ed25519_key"


def test_seeded_folders_take_the_lower_modes(tmp_path):
    lower, upper = tmp_path / "lower", tmp_path / "upper"
    (lower / "root").mkdir(parents=True)
    os.chmod(str(lower / "root"), 0o700)  # as debootstrap leaves /root
    upper.mkdir()
    umask = os.umask(0)
    try:
        machine.seed_file(str(lower), str(upper), "root/.ssh/authorized_keys", "key\n", 0o600)
    finally:
        os.umask(umask)
    assert oct(os.stat(str(upper / "root")).st_mode & 0o777) == "0o700"
    assert oct(os.stat(str(upper / "root" / ".ssh")).st_mode & 0o777) == "0o700"  # not in lower: 0700
    assert oct(os.stat(str(upper / "root" / ".ssh" / "authorized_keys")).st_mode & 0o777) == "0o600"


def test_cgroup_hierarchies(tmp_path):
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        "30 22 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
        "31 22 0:27 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
        "32 22 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n")
    own = tmp_path / "cgroup"
    own.write_text("9:name=systemd:/a\n4:memory:/m\n0::/b/c\n")
    expected = [("/sys/fs/cgroup/unified", "/b/c"), ("/sys/fs/cgroup/systemd", "/a")]
    assert cgroups.hierarchies(str(mountinfo), str(own)) == expected


def test_inventory_names_kind_and_distribution_per_host():
    yaml = pytest.importorskip("yaml")
    text = plan.render_inventory("/tmp/lab", [
        ("m1", "10.0.0.11", {"lab_kind": "machine", "lab_distribution": "bookworm",
                             "ansible_python_interpreter": "/opt/linuxnet/venv/bin/python"}),
        ("h2", "10.0.0.12")], 7, "/venv/bin/python")
    document = yaml.safe_load(text)["lab"]
    assert document["hosts"]["m1"] == {"ansible_host": "10.0.0.11", "lab_kind": "machine",
                                       "lab_distribution": "bookworm",
                                       "ansible_python_interpreter": "/opt/linuxnet/venv/bin/python"}
    assert document["hosts"]["h2"] == {"ansible_host": "10.0.0.12"}
    assert document["vars"]["ansible_python_interpreter"] == "/venv/bin/python"
