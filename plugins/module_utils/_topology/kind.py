# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the topology module needs to know about one kind of object: the base class of the kinds.

Each kind lives in its own file (``kind_netns.py``, ``kind_veth.py``, ...) as a subclass of
``Kind``; ``kinds.py`` lists them. A kind says which list option of the topology module names it,
which single module's argument spec its items take and which resource class (the SAME one that
module uses) each item becomes; for the order engine, what a resource provides and requires; how
its state is read and its planned result projected; for the states, what names an item and what
removes it; and how ``state: gathered`` lists what the host holds, in the item format.

The keys of the order engine (``netns_key``, ``link_key``) are here, so that a kind can require
what another provides without importing it.
"""

NETLINK = "netlink"
OVS = "ovs"
ABSENT = "absent"
PRESENT = "present"


def netns_key(netns):
    return ("netns", netns)


def link_key(netns, ifname):
    return ("link", netns, ifname)


def in_namespace(netns):
    """The key of a named namespace an object lives in (none for the host's own)."""
    return [netns_key(netns)] if netns is not None else []


def spaces(snapshot):
    """The host's own namespace (None) and every named one."""
    return [None] + snapshot.namespaces()


def present(item):
    return item.get("state", PRESENT) != ABSENT


class HostRead:
    """What ``state: gathered`` reads from: the netlink snapshot, the OVS state, and the kernel link
    kinds the topology manages (the ``link_kind`` of every kind)."""

    def __init__(self, snapshot, ovs_state, link_kinds):
        self.snapshot = snapshot
        self.ovs_state = ovs_state
        self.link_kinds = frozenset(link_kinds)


class Kind:
    """One kind of object of a topology. The defaults fit a netlink object named by ``name``."""

    option = None     # the topology module's list option
    module = None     # the single module whose options an item takes
    spec = None       # that module's argument spec (the same dict, from _kernel/specs or _ovs/specs)
    required_if = None
    resource = None   # the single module's resource class
    backend = NETLINK
    rank = 0          # tie-break among ready steps: lower first (see the ranks in kinds.py)
    marked = False    # its objects carry the owner mark (the resource takes ``owner``)
    link_kind = None  # the kernel link kind of its objects ("veth"): gathered lists their addresses
    #                   also in the host's namespace, where it leaves other devices out
    absent_keys = ("name",)  # the item fields that name an object, for a removal

    @property
    def link_kinds(self):
        """Every kernel link kind of its objects (a kind of several, ``links``, overrides this)."""
        return (self.link_kind,) if self.link_kind else ()

    # -- building and ordering -----------------------------------------------------------------
    def build(self, params, ctx):
        """The resource of one validated item."""
        if self.marked:
            params = dict(params, owner=ctx.owner)
        return self.resource(params, ctx.snapshot)

    def provides(self, resource):
        return ()

    def requires(self, resource):
        return ()

    def label(self, resource):
        return resource.label

    # -- planning ------------------------------------------------------------------------------
    def observe(self, resource, ctx):
        """The resource's Reading, from the call's shared snapshot (the resource is built on it)."""
        return resource.observe(ctx.snapshot)

    def lives_on(self, resource):
        """The key of the object this one lives on (an address's device), or None: when the same
        run creates that object, this one did not exist before the run either."""
        return None

    def project(self, ctx, resource, before, after):
        """Write the planned result into the context's state (pure bookkeeping, no I/O)."""

    # -- states (_topology/states.py) ------------------------------------------------------------
    def identity(self, item):
        """What names the object of an item (a list: two veths are the same if they share an end)."""
        return [item["name"]]

    def absent(self, item):
        """The parameters that remove the object ``item`` describes."""
        params = dict((key, item.get(key)) for key in self.absent_keys if item.get(key) is not None)
        params["state"] = ABSENT
        return params

    def as_replaced(self, item):
        """A listed item as ``replaced`` converges it (an address item purges)."""
        return item

    def devices(self, item):
        """``(netns, ifname, up)`` of each link a listed item makes: ``replaced`` gives each one an
        empty purging ``addresses`` item when none is listed, so it keeps only listed addresses."""
        return ()

    def part_of(self, item):
        """``(option, name)`` of the object this one is a part of (a port's bridge), or None:
        ``replaced`` removes the unlisted parts of a listed object."""
        return None

    def overridden(self, listed, inventory, owner, result):
        """The inventory items ``overridden`` removes: by default those carrying the owner's mark
        and not listed (``listed``: the identities of the listed items)."""
        if not self.marked:
            return []
        return [item for item, mark in inventory.get(self.option) or []
                if mark == owner and not listed.intersection(self.identity(item))]

    # -- gathered ------------------------------------------------------------------------------
    def gather(self, host):
        """``[(item, owner)]``: what ``host`` (a HostRead) holds, each item in the single module's
        format (fed back, it changes nothing), with the owner mark it carries (None when unmarked)."""
        raise NotImplementedError


class OvsKind(Kind):
    """A kind kept in the OVS database: read from the one OVS read, changed in one transaction."""

    backend = OVS
    marked = True

    def build(self, params, ctx):
        return self.resource(dict(params, owner=ctx.owner), ctx.ovs_client)

    def label(self, resource):
        return resource.name

    def observe(self, resource, ctx):
        return resource.select(ctx.ovs_state)
