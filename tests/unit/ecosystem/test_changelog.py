# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`antsibull-changelog lint` passes on changelogs/fragments (and does fail on a bad fragment, so a
pass means something). The release itself (`antsibull-changelog release`, writing CHANGELOG.md)
is done once per version, not by tests."""

import glob
import os
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LINT = shutil.which("antsibull-changelog", path=os.path.dirname(sys.executable)) or shutil.which("antsibull-changelog")

pytestmark = pytest.mark.skipif(not LINT, reason="antsibull-changelog is not installed")


def lint(*fragments):
    return subprocess.run([LINT, "lint"] + list(fragments), cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, check=False)


def test_fragments_lint_clean():
    assert glob.glob(os.path.join(ROOT, "changelogs", "fragments", "*.yml"))
    result = lint()
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_config_keeps_fragments_and_writes_changelog_md():
    with open(os.path.join(ROOT, "changelogs", "config.yaml")) as handle:
        config = yaml.safe_load(handle)
    assert config["keep_fragments"] is True
    assert config["output"] == [{"file": "CHANGELOG.md", "format": "md"}]


def test_lint_fails_on_a_bad_fragment(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("minor_changes:\n  - 42\nno_such_section:\n  - text\n")
    result = lint(str(bad))
    assert result.returncode != 0 and "no_such_section" in result.stdout, result.stdout + result.stderr
