# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/design.md's table of files (file -> its one job) names every file of module_utils and
plugin_utils, and only files that exist."""

import fnmatch
import glob
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROW = re.compile(r"^\| `([^`]+\.py)` \| (.+) \|$")


def table_rows():
    with open(os.path.join(ROOT, "docs", "design.md")) as handle:
        text = handle.read()
    section = text[text.index("## The layers"):text.index("## The parts")]
    return dict(match.groups() for match in (ROW.match(line) for line in section.splitlines()) if match)


def tree_files():
    found = []
    for pattern, prefix in (("plugins/module_utils/*/*.py", "plugins/module_utils/"), ("plugins/plugin_utils/*.py", "plugins/")):
        found += [os.path.relpath(path, os.path.join(ROOT, prefix)) for path in glob.glob(os.path.join(ROOT, pattern))]
    return sorted(path for path in found if not path.endswith("__init__.py"))


def test_every_file_has_its_job_in_the_table():
    rows = table_rows()
    assert len(rows) > 50
    missing = [path for path in tree_files() if not any(fnmatch.fnmatch(path, name) for name in rows)]
    assert missing == [], "files without a row in docs/design.md: %s" % missing


def test_every_row_names_a_file_that_exists():
    files = tree_files()
    stale = [name for name in table_rows() if not fnmatch.filter(files, name)]
    assert stale == [], "rows of docs/design.md naming no file: %s" % stale


def test_every_job_is_one_short_line():
    assert all(len(job) <= 110 for job in table_rows().values())
