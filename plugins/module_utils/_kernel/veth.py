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

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.applier import apply_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    ConflictError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import (
    create_veth, delete_link, move_link, set_link)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import (
    ip_argv, ip_netns_target, label)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Resource
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_mac, validate_mtu
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot


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


class VethResource(Resource):
    kind = "veth"

    def __init__(self, params, session, snapshot=None):
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
        self.session = session
        self.snapshot = snapshot if snapshot is not None else Snapshot(session)

    @property
    def label(self):
        return label(self.name, self.netns)

    def spaces(self):
        """The namespaces searched, in order: ``netns`` then ``peer_netns``."""
        return [self.netns] if self.netns == self.peer_netns else [self.netns, self.peer_netns]

    # -- read ------------------------------------------------------------------------------------
    def read(self):
        return self.observe(self.snapshot)

    def observe(self, snapshot):
        """The pair as it is (plus ``conflicts``: devices in the way), or None."""
        if self.state == "absent":
            spaces = [ns for ns in self.spaces() if snapshot.exists(ns)]
            if not spaces:
                raise MissingObjectError("netns", self.netns if self.netns else self.peer_netns)
            return self.find_pair(snapshot, spaces)
        for netns in self.spaces():
            snapshot.links(netns)  # MissingObjectError for a missing namespace
        pair = self.find_pair(snapshot, self.spaces())
        conflicts = self.find_conflicts(snapshot, pair)
        if not conflicts:
            return pair
        result = pair if pair is not None else {}
        result["conflicts"] = conflicts
        return result

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
    def plan(self, before):
        before = before or {}
        conflicts = before.pop("conflicts", [])
        pair = before or None
        if self.state == "absent":
            if pair is None:
                return []
            return [Change("delete", "veth", label(pair["name"], pair["netns"]),
                           {"peer": label(pair["peer"]["name"], pair["peer"]["netns"])},
                           command=ip_argv(pair["netns"], "link", "del", pair["name"]),
                           payload=("delete", pair["netns"], pair["name"]))]
        changes = self.plan_conflicts(conflicts)
        if pair is None:
            changes.append(Change("create", "veth", self.label, self.desired_details(),
                                  command=self.create_commands(), payload=("create",)))
            return changes
        changes.extend(self.plan_end(pair, self.netns, self.mac))
        changes.extend(self.plan_end(pair["peer"], self.peer_netns, self.peer_mac))
        return changes

    def plan_conflicts(self, conflicts):
        if conflicts and not self.force:
            problems = ["%s %s" % (label(c["name"], c["netns"]), c["problem"]) for c in conflicts]
            raise ConflictError("veth %s (peer %s): %s; set force: true to replace"
                                % (self.label, label(self.peer, self.peer_netns), "; ".join(problems)),
                                conflicts=conflicts)
        return [Change("delete", "link", label(c["name"], c["netns"]),
                       {"reason": "force: %s" % c["problem"]},
                       command=ip_argv(c["netns"], "link", "del", c["name"]),
                       payload=("delete", c["netns"], c["name"])) for c in conflicts]

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
                                  payload=("move", end["netns"], end["name"], netns)))
            up = False  # the kernel brings a link down when it changes namespace
        wanted = (("mtu", self.mtu, end["mtu"], "mtu"), ("mac", mac, end["mac"], "address"))
        for attribute, value, current, request_key in wanted:
            if value is not None and value != current:
                changes.append(Change("set", "veth", name,
                                      {"attribute": attribute, "before": current, "after": value},
                                      command=ip_argv(netns, "link", "set", end["name"], request_key, value),
                                      payload=("set", netns, end["name"], {request_key: value})))
        if up != self.up:
            state = "up" if self.up else "down"
            changes.append(Change("set", "veth", name, {"attribute": "up", "before": up, "after": self.up},
                                  command=ip_argv(netns, "link", "set", end["name"], state),
                                  payload=("set", netns, end["name"], {"state": state})))
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
        before = before or {}
        before.pop("conflicts", None)
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
    def apply(self, changes):
        try:
            apply_steps(changes, self.perform)
        finally:
            self.snapshot.invalidate_all()

    def perform(self, change):
        step = change.payload
        if step[0] == "create":
            create_veth(self.session, self.name, self.netns, self.peer, self.peer_netns,
                        mtu=self.mtu, mac=self.mac, peer_mac=self.peer_mac)
            for netns, ifname in ((self.netns, self.name), (self.peer_netns, self.peer)):
                attrs = {"ifalias": alias_mark(self.owner)}
                if self.up:
                    attrs["state"] = "up"
                set_link(self.session, netns, ifname, **attrs)
        elif step[0] == "delete":
            delete_link(self.session, step[1], step[2])
        elif step[0] == "move":
            move_link(self.session, step[1], step[2], step[3])
        elif step[0] == "set":
            set_link(self.session, step[1], step[2], **step[3])


def build_veth(params, session):
    return VethResource(params, session)
