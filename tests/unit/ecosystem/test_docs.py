# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The generated pages of docs/ are up to date: docs/tools/build_docs.py is re-run into a temporary
folder and its output must equal what is committed (roles, modules, index), with no stale page left.
After changing a role README, an argument spec or a module's documentation:
    .venv/bin/python docs/tools/build_docs.py
"""

import filecmp
import glob
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCRIPT = os.path.join(ROOT, "docs", "tools", "build_docs.py")
COLLECTION_LINK = os.path.join(ROOT, ".build", "collections", "ansible_collections", "linuxnet", "netns")


def generated(folder):
    return sorted(os.path.relpath(path, folder) for pattern in ("index.md", "roles/*.md", "modules/*.md")
                  for path in glob.glob(os.path.join(folder, pattern)))


def test_generated_docs_are_up_to_date(tmp_path):
    if not os.path.lexists(COLLECTION_LINK):  # as `make collection-link`
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink(ROOT, COLLECTION_LINK)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".build", "collections"))
    result = subprocess.run([sys.executable, SCRIPT, "--output", str(tmp_path)], capture_output=True, text=True,
                            env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    fresh = generated(str(tmp_path))
    committed = generated(os.path.join(ROOT, "docs"))
    assert fresh == committed, "pages to add or remove: re-run docs/tools/build_docs.py"
    stale = [page for page in fresh if not filecmp.cmp(os.path.join(str(tmp_path), page),
                                                       os.path.join(ROOT, "docs", page), shallow=False)]
    assert not stale, "stale generated pages %s: re-run docs/tools/build_docs.py" % stale


def test_every_role_and_module_has_a_page():
    roles = sorted(os.path.basename(os.path.dirname(path)) for path in glob.glob(os.path.join(ROOT, "roles", "*", "README.md")))
    modules = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))
    pages = generated(os.path.join(ROOT, "docs"))
    assert ["roles/%s.md" % role for role in roles] == [page for page in pages if page.startswith("roles/")]
    assert ["modules/%s.md" % name for name in modules] == [page for page in pages if page.startswith("modules/")]


def test_every_module_reads_in_ansible_doc_as_text():
    """``ansible-doc MODULE`` (the text a user reads) renders every module: a YAML slip such as a
    ``requirements`` item with ``: `` in it becomes a mapping, which --json carries but the text
    view cannot print."""
    if not os.path.lexists(COLLECTION_LINK):
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink(ROOT, COLLECTION_LINK)
    modules = sorted("linuxnet.netns." + os.path.basename(path)[:-3]
                     for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".build", "collections"), ANSIBLE_NOCOLOR="1")
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-doc")] + modules,
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0 and "ERROR" not in result.stderr, result.stderr[-3000:]
    for module in modules:
        assert "> MODULE %s" % module in result.stdout, module
