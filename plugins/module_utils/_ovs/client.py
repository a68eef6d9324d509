# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OVSDB client: ONE ovs-vsctl process to read everything, ONE to write a whole plan.

ovs-vsctl runs every ``--``-separated command of an invocation in one atomic OVSDB transaction,
so a plan of any size is applied all or nothing. The runner is injected (``run(argv) -> (rc, out,
err)``, ``module.run_command`` in a module) so the client is testable outside a module.
"""

import contextlib

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.datapath import receiving_ifindexes
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_db
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import OvsState, read_commands

DEFAULT_DB = "unix:/var/run/openvswitch/db.sock"
# Seconds ovs-vsctl may wait for the database (and, after a write, for ovs-vswitchd to apply it).
READ_TIMEOUT = 10
WRITE_TIMEOUT = 60
_UNREACHABLE = ("database connection failed", "Connection refused",
                "timed out", "alarm")


def chain(commands):
    """``[["add-br", "br0"], ["set", ...]]`` -> ``["--", "add-br", "br0", "--", "set", ...]``."""
    argv = []
    for command in commands:
        argv.append("--")
        argv.extend(command)
    return argv


class OvsdbClient:
    """Reads the whole OVS state and applies lists of ovs-vsctl commands as one transaction."""

    def __init__(self, run, db=None, binary="ovs-vsctl", probe=receiving_ifindexes):
        self.run = run
        # Validated here so every path to OVS (single modules, topology, rendered) checks it.
        self.db = validate_db("db", db or DEFAULT_DB)
        self.binary = binary
        self.probe = probe  # db -> the ifindexes the userspace datapath receives from, or None

    def argv(self, commands, timeout=WRITE_TIMEOUT, extra=()):
        """The full argv of one ovs-vsctl call running ``commands`` as one transaction."""
        return ([self.binary, "--db=" + self.db, "--timeout=%d" % timeout] + list(extra)
                + chain(commands))

    def read(self):
        """Every bridge, port, interface and controller, from one ovs-vsctl call; and which devices
        the userspace datapath receives from (read after the database: a port added meanwhile
        then reads as receiving, never a healthy port as dead)."""
        argv = self.argv(read_commands(), READ_TIMEOUT, ("--format=json", "--data=json"))
        out = self._call(argv)
        try:
            return OvsState.from_output(out, self.probe(self.db))
        except (ValueError, KeyError, TypeError) as error:
            raise BackendError("could not parse the Open vSwitch state read from %s: %s" % (self.db, error),
                               db=self.db)

    def transact(self, commands):
        """Run ``commands`` (lists of ovs-vsctl arguments) as ONE atomic transaction."""
        if commands:
            self._call(self.argv(commands))

    def transact_all(self, transactions):
        """Run each list of commands as its own transaction, in order (see _ovs/resource.transactions)."""
        for commands in transactions:
            self.transact(commands)

    def _call(self, argv):
        rc, out, err = self.run(argv)
        if rc == 0:
            return out
        err = (err or "").strip()
        if any(marker in err for marker in _UNREACHABLE) or rc < 0 or rc == 142:
            raise BackendError(
                "Open vSwitch database %s is not answering (is Open vSwitch installed and "
                "ovsdb-server running? option db): %s" % (self.db, err or "rc=%d" % rc),
                db=self.db, rc=rc, stderr=err)
        raise BackendError("ovs-vsctl refused the change: %s" % err, db=self.db, rc=rc, stderr=err,
                           command=argv)


@contextlib.contextmanager
def ovsdb_session(module):
    """The backend factory of the OVS modules (_core/runner.run_resource_module): an OvsdbClient
    using the module's ``db`` and run_command."""
    db = validate_db("db", module.params.get("db") or DEFAULT_DB)
    binary = module.get_bin_path("ovs-vsctl")
    if not binary:
        raise BackendError("ovs-vsctl not found on the managed host, so the Open vSwitch database %s "
                           "cannot be reached: install Open vSwitch (role linuxnet.netns.prerequisites)"
                           % db, db=db)

    def run(argv):
        return module.run_command(argv, expand_user_and_vars=False)

    yield OvsdbClient(run, db, binary)
