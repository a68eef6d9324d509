# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nftables through ``nft -j``: one namespace's ruleset read as JSON, one JSON batch applied.

``nft`` is run with an argument list (never a shell) from a worker thread that has entered the
namespace (nsfs.run_in_netns): a child process inherits the network namespace of the thread that
starts it, so the module process itself never leaves the host's namespace. A batch given to
``nft -j -f -`` is one nftables transaction: all of it is applied or none.

Why the ``nft`` binary rather than libnftables' Python binding (python3-nftables): the binding is
a Debian package in the system interpreter's dist-packages, which the interpreter Ansible runs a
module with (a virtualenv, another Python) often cannot import; ``nft`` is part of the nftables
package every NAT host needs anyway. Measured in the sandbox (200 calls each, docs/nat.md): a
read costs 1.8 ms through ``nft -j`` against 0.07 ms in-process, a one-module call does one read
and at most one write.
"""

import json
import os
import subprocess

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsfs import run_in_netns

NFT_TIMEOUT = 30
SEARCH_PATH = ("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin")


def nft_binary():
    """The path of ``nft``, or None when nftables is not installed."""
    for folder in os.environ.get("PATH", "").split(os.pathsep) + list(SEARCH_PATH):
        path = os.path.join(folder, "nft")
        if folder and os.access(path, os.X_OK):
            return path
    return None


def require_nft():
    binary = nft_binary()
    if binary is None:
        raise BackendError("nft not found on the managed host, so NAT rules cannot be read or set: "
                           "install nftables (the package nftables on Debian and Ubuntu)")
    return binary


def nft_argv(netns, commands):
    """argv of the equivalent command (for ``rendered`` and ``changes``; never run): the JSON
    batch as one argument, which ``nft -j`` applies as one transaction as well."""
    prefix = [] if netns is None else ["ip", "netns", "exec", netns]
    return prefix + ["nft", "-j", json.dumps({"nftables": commands}, sort_keys=True)]


def _run(netns, argv, stdin=None):
    def work():
        try:
            done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  universal_newlines=True, timeout=NFT_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BackendError("cannot run %s: %s" % (argv[0], error))
        return done.returncode, done.stdout, done.stderr
    return run_in_netns(netns, work)


def read_ruleset(netns):
    """The objects of ``nft -j list ruleset`` in ``netns`` (tables, chains, rules; metainfo left out)."""
    rc, out, err = _run(netns, [require_nft(), "-j", "list", "ruleset"])
    if rc != 0:
        raise BackendError("nft could not list the ruleset of %s: %s" % (where(netns), err.strip()),
                           rc=rc, stderr=err)
    try:
        objects = json.loads(out or '{"nftables": []}')["nftables"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackendError("nft -j list ruleset gave no JSON ruleset in %s: %s" % (where(netns), error))
    return [entry for entry in objects if "metainfo" not in entry]


def apply_batch(netns, commands):
    """Apply ``commands`` (nftables JSON commands) in ``netns`` as one transaction."""
    document = json.dumps({"nftables": commands})
    rc, _out, err = _run(netns, [require_nft(), "-j", "-f", "-"], stdin=document)
    if rc != 0:
        raise BackendError("nft refused the change in %s: %s" % (where(netns), err.strip()),
                           rc=rc, stderr=err, command=nft_argv(netns, commands))


def where(netns):
    return "the host's namespace" if netns is None else "namespace %r" % netns
