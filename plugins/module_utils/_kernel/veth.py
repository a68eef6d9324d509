# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A veth pair: ``name`` in ``netns``, ``peer`` in ``peer_netns`` (None: the host's own namespace).

Where it looks: both names are searched in ``netns`` and ``peer_netns`` (only there). A device is
one end of *this* pair only if it is a veth whose peer, followed through IFLA_LINK and
IFLA_LINK_NETNSID and confirmed from the other end, carries the other name. Anything else holding
one of the two names where the pair should be is a conflict (ConflictError, or replaced with force).
"""

import copy
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.group_delete import delete_veths_by_namespace
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import create_veth, set_link
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import (
    ip_argv, ip_netns_target, label)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_mac, validate_mtu
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import (
    KernelResource, MoveLink, SetLink, link_deletion, only_deletes, perform_link_op)

CreatePair = namedtuple("CreatePair", "")  # ``ip link add ... type veth peer ...``, then each end marked
DELETE_RUN = "delete veths"  # together_key: veth deletions next to each other


def end_view(netns, record):
    """Public data of one veth end."""
    return {"name": record["ifname"], "netns": netns, "mtu": record.get("mtu"),
            "mac": record.get("mac"), "up": bool(record.get("up"))}


def describe_holder(snapshot, netns, record):
    """Why a device holding a wanted name is not this pair's end."""
    kind = record.get("kind")
    if kind != "veth":
        return "is a %s device, not a veth" % (kind or "kernel (loopback/physical)")
    peer = snapshot.peer_of(netns, record)
    if peer is None:
        return "is a veth whose peer is in a namespace without a name"
    return "is a veth paired with %s" % label(peer[1]["ifname"], peer[0])


class VethResource(KernelResource):
    kind = "veth"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.name = validate_ifname("name", params.get("name"))
        self.peer = validate_ifname("peer", params.get("peer"))
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.peer_netns = validate_optional_netns("peer_netns", params.get("peer_netns"))
        if self.name == self.peer and self.netns == self.peer_netns:
            raise ValidationError("peer", self.peer, "must differ from name when both ends are in "
                                                     "the same namespace")
        self.mtu = validate_mtu("mtu", params.get("mtu"))
        self.mac = validate_mac("mac", params.get("mac"))
        self.peer_mac = validate_mac("peer_mac", params.get("peer_mac"))
        self.up = flag(params, "up", True)
        self.force = flag(params, "force", False)
        self.state = validate_state(params.get("state"))
        self.owner = validate_owner("owner", params.get("owner"))

    @property
    def label(self):
        return label(self.name, self.netns)

    def spaces(self):
        """The namespaces searched, in order: ``netns`` then ``peer_netns``."""
        return [self.netns] if self.netns == self.peer_netns else [self.netns, self.peer_netns]

    # -- read ------------------------------------------------------------------------------------
    def observe(self, snapshot):
        """The pair as it is, or None; and the devices in the way (conflicts)."""
        if self.state == "absent":
            spaces = [ns for ns in self.spaces() if snapshot.exists(ns)]
            if not spaces:
                raise MissingObjectError("netns", self.netns if self.netns else self.peer_netns)
            return Reading(self.find_pair(snapshot, spaces))
        for netns in self.spaces():
            snapshot.links(netns)  # MissingObjectError for a missing namespace
        pair = self.find_pair(snapshot, self.spaces())
        return Reading(pair, self.find_conflicts(snapshot, pair))

    def find_pair(self, snapshot, spaces):
        for wanted, other in ((self.name, self.peer), (self.peer, self.name)):
            for netns in spaces:
                record = snapshot.links(netns).get(wanted)
                if record is None or record.get("kind") != "veth":
                    continue
                peer = snapshot.peer_of(netns, record)
                if peer is None or peer[1]["ifname"] != other:
                    continue
                ends = [(netns, record), peer]
                if wanted != self.name:
                    ends.reverse()
                pair = end_view(*ends[0])
                pair["peer"] = end_view(*ends[1])
                return pair
        return None

    def find_conflicts(self, snapshot, pair):
        """Devices holding ``name`` in ``netns`` or ``peer`` in ``peer_netns`` that are not the pair."""
        conflicts = []
        ends = (pair, pair["peer"]) if pair else (None, None)
        wanted = ((self.name, self.netns, ends[0]), (self.peer, self.peer_netns, ends[1]))
        for ifname, netns, end in wanted:
            record = snapshot.links(netns).get(ifname)
            if record is None:
                continue
            if end is not None and end["netns"] == netns:
                continue  # the pair's own end, in place
            conflicts.append({"name": ifname, "netns": netns, "kind": record.get("kind"),
                              "problem": describe_holder(snapshot, netns, record)})
        return conflicts

    # -- plan ------------------------------------------------------------------------------------
    def deletion(self, before):
        peer = before["peer"]
        return link_deletion("veth", before["netns"], before["name"], {"peer": label(peer["name"], peer["netns"])})

    def plan_present(self, before, conflicts):
        pair = before
        changes = self.plan_conflicts(conflicts)
        if pair is None:
            changes.append(Change("create", "veth", self.label, self.desired_details(),
                                  command=self.create_commands(), op=CreatePair()))
            return changes
        changes.extend(self.plan_end(pair, self.netns, self.mac))
        changes.extend(self.plan_end(pair["peer"], self.peer_netns, self.peer_mac))
        return changes

    def conflict_label(self):
        return "%s (peer %s)" % (self.label, label(self.peer, self.peer_netns))

    def create_command(self):
        argv = ["link", "add", self.name]
        if self.mtu:
            argv += ["mtu", self.mtu]
        if self.mac:
            argv += ["address", self.mac]
        argv += ["type", "veth", "peer", "name", self.peer]
        if self.peer_netns != self.netns:
            argv += ["netns", ip_netns_target(self.peer_netns)]
        if self.mtu:
            argv += ["mtu", self.mtu]
        if self.peer_mac:
            argv += ["address", self.peer_mac]
        return ip_argv(self.netns, *argv)

    def desired_details(self):
        return {"netns": self.netns, "peer": self.peer, "peer_netns": self.peer_netns,
                "mtu": self.mtu, "mac": self.mac, "peer_mac": self.peer_mac, "up": self.up}

    def plan_end(self, end, netns, mac):
        changes = []
        up = end["up"]
        name = label(end["name"], netns)
        if end["netns"] != netns:
            changes.append(Change("move", "veth", label(end["name"], end["netns"]),
                                  {"from_netns": end["netns"], "to_netns": netns},
                                  command=ip_argv(end["netns"], "link", "set", end["name"], "netns",
                                                  ip_netns_target(netns)),
                                  op=MoveLink(end["netns"], end["name"], netns)))
            up = False  # the kernel brings a link down when it changes namespace
        wanted = (("mtu", self.mtu, end["mtu"], "mtu"), ("mac", mac, end["mac"], "address"))
        for attribute, value, current, request_key in wanted:
            if value is not None and value != current:
                changes.append(Change("set", "veth", name,
                                      {"attribute": attribute, "before": current, "after": value},
                                      command=ip_argv(netns, "link", "set", end["name"], request_key, value),
                                      op=SetLink(netns, end["name"], {request_key: value})))
        if up != self.up:
            state = "up" if self.up else "down"
            changes.append(Change("set", "veth", name, {"attribute": "up", "before": up, "after": self.up},
                                  command=ip_argv(netns, "link", "set", end["name"], state),
                                  op=SetLink(netns, end["name"], {"state": state})))
        return changes

    def create_commands(self):
        """``ip link add`` of the pair, then the owner mark (and link state) on each end: the kernel
        ignores an alias given at creation, so it is set right after, as ``perform`` does."""
        commands = [self.create_command()]
        for netns, ifname in ((self.netns, self.name), (self.peer_netns, self.peer)):
            commands.append(ip_argv(netns, "link", "set", ifname, "alias", alias_mark(self.owner))
                            + (["up"] if self.up else []))
        return commands

    def expected(self, before):
        if self.state == "absent":
            return None
        pair = before or {"name": self.name, "mtu": None, "mac": None,
                          "peer": {"name": self.peer, "mtu": None, "mac": None}}
        pair = copy.deepcopy(pair)
        for end, netns, mac in ((pair, self.netns, self.mac), (pair["peer"], self.peer_netns, self.peer_mac)):
            end["netns"] = netns
            end["up"] = self.up
            if self.mtu is not None:
                end["mtu"] = self.mtu
            if mac is not None:
                end["mac"] = mac
        return pair

    # -- apply -----------------------------------------------------------------------------------
    def forget_stale(self):
        self.snapshot.invalidate_all()  # two namespaces, and the peers' nsids

    def perform(self, change):
        if not isinstance(change.op, CreatePair):
            perform_link_op(self.session, change.op)
            return
        create_veth(self.session, self.name, self.netns, self.peer, self.peer_netns,
                    mtu=self.mtu, mac=self.mac, peer_mac=self.peer_mac)
        for netns, ifname in ((self.netns, self.name), (self.peer_netns, self.peer)):
            attrs = {"ifalias": alias_mark(self.owner)}
            if self.up:
                attrs["state"] = "up"
            set_link(self.session, netns, ifname, **attrs)

    # -- batching (the topology module) -----------------------------------------------------------
    def together_key(self, changes):
        """Veth deletions: those of one namespace go in one request (_netlink/group_delete)."""
        return DELETE_RUN if only_deletes(self, changes) else None

    @classmethod
    def prepare_together(cls, batch):
        """Delete the batch's veths, one request per namespace; each step's own delete then finds
        its veth gone (delete_link treats a missing link as deleted)."""
        snapshot = batch[0][0].snapshot
        try:
            delete_veths_by_namespace(snapshot.session, [(changes[0].op.netns, changes[0].op.ifname)
                                                         for _resource, changes in batch])
        finally:
            snapshot.invalidate_all()
