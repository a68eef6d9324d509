# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nftables through libnftables' JSON API: one namespace's ruleset read, one JSON batch applied.

libnftables (``libnftables.so.1``, of the package every ``nft`` comes with) is called through
ctypes, in the thread that has entered the namespace (nsfs.run_in_netns): its netlink socket is
opened by ``nft_ctx_new`` in that thread's network namespace, so the module process itself never
leaves the host's. This is what Debian's python3-nftables binding does, without needing the
binding, which lives in the system interpreter's dist-packages only. Where the library cannot be
loaded, the same text goes to ``nft -j -f -`` (an argument list, never a shell), started from that
thread (a child inherits the thread's namespace). Either way a batch is one nftables transaction:
all of it is applied or none. Figures behind the choice (per call, in the sandbox): docs/nat.md.
"""

import ctypes
import json
import os
import subprocess

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsfs import run_in_each, run_in_netns

NFT_TIMEOUT = 30
SEARCH_PATH = ("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin")
LIBRARY = "libnftables.so.1"
NFT_CTX_OUTPUT_JSON = 1 << 4
LIST_RULESET = "list ruleset"
_loaded = {}


def library():
    """libnftables with the signatures used here, or None when it cannot be loaded."""
    if "lib" not in _loaded:
        try:
            lib = ctypes.CDLL(LIBRARY)
            lib.nft_ctx_new.restype = ctypes.c_void_p
            lib.nft_ctx_new.argtypes = [ctypes.c_uint32]
            for name in ("nft_ctx_free", "nft_ctx_buffer_output", "nft_ctx_buffer_error"):
                getattr(lib, name).argtypes = [ctypes.c_void_p]
            lib.nft_ctx_output_set_flags.argtypes = [ctypes.c_void_p, ctypes.c_uint]
            for name in ("nft_ctx_get_output_buffer", "nft_ctx_get_error_buffer"):
                getattr(lib, name).restype = ctypes.c_char_p
                getattr(lib, name).argtypes = [ctypes.c_void_p]
            lib.nft_run_cmd_from_buffer.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        except (OSError, AttributeError):
            lib = None
        _loaded["lib"] = lib
    return _loaded["lib"]


def nft_binary():
    """The path of ``nft``, or None when nftables is not installed."""
    for folder in os.environ.get("PATH", "").split(os.pathsep) + list(SEARCH_PATH):
        path = os.path.join(folder, "nft")
        if folder and os.access(path, os.X_OK):
            return path
    return None


def available():
    return library() is not None or nft_binary() is not None


def nft_argv(netns, commands):
    """argv of the equivalent command (for ``rendered`` and ``changes``; never run): the JSON
    batch as one argument, which ``nft -j`` applies as one transaction as well."""
    prefix = [] if netns is None else ["ip", "netns", "exec", netns]
    return prefix + ["nft", "-j", json.dumps({"nftables": commands}, sort_keys=True)]


def run_text(text):
    """(rc, JSON output, errors) of nftables input ``text`` (commands or a JSON batch), in the
    calling thread's namespace."""
    lib = library()
    if lib is None:
        return _run_process(text)
    ctx = lib.nft_ctx_new(0)
    if not ctx:
        raise BackendError("libnftables could not make a context")
    try:
        lib.nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_JSON)  # and so JSON input is understood
        lib.nft_ctx_buffer_output(ctx)
        lib.nft_ctx_buffer_error(ctx)
        rc = lib.nft_run_cmd_from_buffer(ctx, text.encode("utf-8"))
        out, err = lib.nft_ctx_get_output_buffer(ctx), lib.nft_ctx_get_error_buffer(ctx)
        return rc, (out or b"").decode("utf-8"), (err or b"").decode("utf-8")
    finally:
        lib.nft_ctx_free(ctx)


def _run_process(text):
    binary = nft_binary()
    if binary is None:
        raise BackendError("nftables is not installed on the managed host (neither %s nor nft), so NAT rules "
                           "cannot be read or set: install nftables (the package nftables on Debian and Ubuntu)"
                           % LIBRARY)
    # nft -j -f - takes a JSON batch; a listing is asked as arguments (-f would print nothing)
    argv, stdin = ([binary, "-j"] + text.split(), None) if text == LIST_RULESET else ([binary, "-j", "-f", "-"], text)
    try:
        done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=NFT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackendError("cannot run %s: %s" % (binary, error))
    return done.returncode, done.stdout, done.stderr


def _ruleset(netns, answer):
    rc, out, err = answer
    if rc != 0:
        raise BackendError("nftables could not list the ruleset of %s: %s" % (where(netns), err.strip()),
                           rc=rc, stderr=err)
    try:
        objects = json.loads(out or '{"nftables": []}')["nftables"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackendError("nftables gave no JSON ruleset in %s: %s" % (where(netns), error))
    return [entry for entry in objects if "metainfo" not in entry]


def read_ruleset(netns):
    """The objects of ``list ruleset`` in ``netns`` (tables, chains, rules; metainfo left out)."""
    return _ruleset(netns, run_in_netns(netns, lambda: run_text(LIST_RULESET)))


def read_rulesets(namespaces):
    """``{netns: ruleset}`` of many namespaces, read by one worker thread."""
    answers = run_in_each(list(namespaces), lambda: run_text(LIST_RULESET))
    return dict((netns, _ruleset(netns, answer)) for netns, answer in answers.items())


def apply_batch(netns, commands):
    """Apply ``commands`` (nftables JSON commands) in ``netns`` as one transaction."""
    document = json.dumps({"nftables": commands})
    rc, _out, err = run_in_netns(netns, lambda: run_text(document))
    if rc != 0:
        raise BackendError("nftables refused the change in %s: %s" % (where(netns), err.strip()),
                           rc=rc, stderr=err, command=nft_argv(netns, commands))


def where(netns):
    return "the host's namespace" if netns is None else "namespace %r" % netns
