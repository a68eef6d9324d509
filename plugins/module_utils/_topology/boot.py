# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The boot unit's entry point: re-apply one owner's persisted declared state with the engine.

    PYTHONPATH=/usr/local/lib/linuxnet-netns/topology-engine.zip \\
        python3 -m ansible_collections.linuxnet.netns.plugins.module_utils._topology.boot FILE

Run by ``linuxnet-netns-topology@OWNER.service`` (persist_unit.py) from a copy of the module's own
AnsiballZ payload: the same code as a module call (``converge_topology``), with a host object in
place of AnsibleModule, so nothing of Ansible but its module_utils is needed. The file is checked
whole before the engine is given it, and the engine checks every item before its first write.
Each change goes to stdout (the journal), one line each; a failure to stderr, naming the file and
the object, with exit status 1 (the unit fails: ``systemctl status`` shows it).
"""

import json
import os
import shutil
import subprocess
import sys

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.hostlock import host_lock
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist_doc import load_declared
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import converge_topology

SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class BootHost:
    """What the engine asks of AnsibleModule: params, check and diff mode, warn, and commands."""

    check_mode = False
    _diff = False

    def __init__(self, db):
        self.params = {"db": db}

    @staticmethod
    def warn(message):
        sys.stderr.write("warning: %s\n" % message)

    @staticmethod
    def get_bin_path(name):
        return shutil.which(name, path=os.environ.get("PATH", "") + os.pathsep + SEARCH_PATH)

    @staticmethod
    def run_command(argv, expand_user_and_vars=False):  # pylint: disable=unused-argument
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, universal_newlines=True)
        out, err = process.communicate()
        return process.returncode, out, err


def describe(change):
    """One journal line for a change: action, kind, name."""
    return "%s %s %s" % (change.get("action"), change.get("kind"), change.get("name"))


def boot(path, out=sys.stdout, err=sys.stderr):
    """Converge the declared state in ``path``. Returns the exit status."""
    try:
        declared = load_declared(path)
        with host_lock():
            result = converge_topology(BootHost(declared.db), declared.wanted, declared.owner, declared.state)
    except NetnsError as error:
        err.write("%s: %s\n" % (path, error.msg) if not error.msg.startswith(path) else error.msg + "\n")
        failed = error.details.get("failed")
        if failed:
            err.write("failed object: %s\n" % failed)
        return 1
    changes = result.get("changes") or []
    for change in changes:
        out.write(describe(change) + "\n")
    out.write("owner %s: %d change(s), state %s; counts %s\n"
              % (declared.owner, len(changes), declared.state, json.dumps(result.get("counts"), sort_keys=True)))
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write("usage: python3 -m %s FILE\n" % __name__)
        return 2
    return boot(argv[0])


if __name__ == "__main__":
    raise SystemExit(main())  # the unit's exit status
