# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every kernel resource shares: it is built as ``X(params, snapshot)`` on a netlink
Snapshot (the reads; its ``session`` holds the sockets the writes go through), applies its
changes step by step and then forgets the dumps it made stale.

The link changes several resources plan (delete, move, set a link; remove what is in the way
with ``force``) are typed records here, with the one function that performs them.
"""

from collections import namedtuple
from contextlib import contextmanager

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Resource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.applier import apply_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import delete_link, move_link, set_link
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession, ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

DeleteLink = namedtuple("DeleteLink", "netns ifname")
MoveLink = namedtuple("MoveLink", "netns ifname to_netns")
SetLink = namedtuple("SetLink", "netns ifname attrs")  # attrs: set_link's keywords (state=, mtu=, ...)


@contextmanager
def netlink_backend(module):
    """The backend of a kernel module's resource (run_resource_module's ``backend_factory``):
    a Snapshot over this call's netlink sockets, closed on every path."""
    with NetlinkSession(module) as session:
        yield Snapshot(session)


class KernelResource(Resource):
    """A resource read from a netlink Snapshot. Subclasses implement ``observe``, ``deletion`` and
    ``plan_present`` (or all of ``plan``), ``expected`` and ``perform(change)`` (one change; the link
    records go to ``perform_link_op``)."""

    def __init__(self, snapshot):
        self.snapshot = snapshot
        self.session = snapshot.session

    def read(self):
        return self.observe(self.snapshot)

    def observe(self, snapshot):
        """The Reading of this object from ``snapshot`` (only asks it)."""
        raise NotImplementedError

    def plan(self, before, conflicts=()):
        """Absent: nothing, or the one deletion of what is there; present: ``plan_present``."""
        if self.state == "absent":
            return [] if before is None else [self.deletion(before)]
        return self.plan_present(before, conflicts)

    def deletion(self, before):
        """The Change deleting the object as read (``before``)."""
        raise NotImplementedError

    def plan_present(self, before, conflicts):
        """The changes making the object as wanted, from ``before`` (None: not there)."""
        raise NotImplementedError

    def apply(self, changes):
        try:
            apply_steps(changes, self.perform)
        finally:
            self.forget_stale()

    def forget_stale(self):
        """Drop the dumps the applied changes made stale: those of the object's namespace."""
        self.snapshot.invalidate(self.netns)

    def perform(self, change):
        raise NotImplementedError

    def conflict_error(self, conflicts):
        """``<kind> <label>: <holder> <problem>; ...``, with the hint that ``force`` replaces them."""
        problems = "; ".join("%s %s" % (label(c["name"], c["netns"]), c["problem"]) for c in conflicts)
        return ConflictError("%s %s: %s; set force: true to %s"
                             % (self.kind, self.conflict_label(), problems, self.force_hint), conflicts=list(conflicts))

    force_hint = "replace"  # what the message says ``force: true`` does

    def conflict_label(self):
        return self.label

    def plan_conflicts(self, conflicts):
        """Refused (ConflictError) unless ``force``; with force, each holder is deleted first."""
        self.refuse_conflicts(conflicts)
        return [link_deletion("link", c["netns"], c["name"], {"reason": "force: %s" % c["problem"]})
                for c in conflicts]


def link_deletion(kind, netns, ifname, details=None):
    """The Change deleting link ``ifname`` of ``netns`` (``ip link del``), named as a ``kind``."""
    return Change("delete", kind, label(ifname, netns), details, command=ip_argv(netns, "link", "del", ifname),
                  op=DeleteLink(netns, ifname))


def only_deletes(resource, changes):
    """The resource is to be absent and its plan is one deletion, nothing else (batchable)."""
    return resource.state == "absent" and len(changes) == 1 and changes[0].action == "delete"


def perform_link_op(session, op):
    """Perform a DeleteLink, MoveLink or SetLink."""
    if isinstance(op, DeleteLink):
        delete_link(session, op.netns, op.ifname)
    elif isinstance(op, MoveLink):
        move_link(session, op.netns, op.ifname, op.to_netns)
    elif isinstance(op, SetLink):
        set_link(session, op.netns, op.ifname, **op.attrs)
    else:
        raise TypeError("not a link change: %r" % (op,))
