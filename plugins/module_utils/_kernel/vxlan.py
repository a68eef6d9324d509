# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A kernel VXLAN link with a flood list: ``name`` in ``netns`` (None: the host's own namespace).

The flood list (``remotes``) is the set of all-zero FDB entries of the link: broadcast and unknown
unicast frames are sent once to every remote (head-end replication), so ONE link per host joins a
full mesh without loops (the link never relays what it received from one remote to another).
Only all-zero entries are managed; the MACs the link learns are left alone.

The kernel refuses to change the VNI, the UDP port, the local address or the underlay device of a
live link (EOPNOTSUPP), so a difference there re-creates the link ("replace"). ``learning``, MTU
and up/down are changed in place.

A link the resource creates carries its owner's mark in its alias (``_core/owner.py``), set right
after the creation (the kernel ignores an alias given with ``ip link add``), as for a veth end.
"""

import ipaddress
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import vxlan as netlink_vxlan
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import delete_link, link_index
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    validate_int, validate_ip, validate_list, validate_mtu)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import (
    KernelResource, SetLink, link_deletion, perform_link_op)

VNI_MAX = 16777215
DEFAULT_DSTPORT = 4789
FLOOD_MAC = netlink_vxlan.FLOOD_MAC
# Attributes the kernel cannot change on a live link: a difference re-creates it.
FIXED_ATTRIBUTES = ("vni", "dstport", "local", "device")

CreateVxlan = namedtuple("CreateVxlan", "replace")  # replace: the link is deleted first
FloodEntry = namedtuple("FloodEntry", "add remote")  # an all-zero FDB entry added (or deleted)
SetLearning = namedtuple("SetLearning", "learning")  # IFLA_VXLAN_LEARNING of the live link


def validate_remotes(value, local):
    """A list of unicast addresses, de-duplicated and sorted; none of them ``local``."""
    if value is None:
        return []
    remotes = set()
    for item in validate_list("remotes", value, of="IP addresses"):
        remote = validate_ip("remotes", item, required=True, unicast=True)
        if remote == local:
            raise ValidationError("remotes", item, "is the local address")
        remotes.add(remote)
    return sort_addresses(remotes)


def sort_addresses(addresses):
    return sorted(addresses, key=lambda text: (ipaddress.ip_address(text).version, ipaddress.ip_address(text)))


def family_of(address):
    return ipaddress.ip_address(address).version


def bridge_argv(netns, *argv):
    """argv of the equivalent ``bridge`` command (never run)."""
    prefix = ["bridge"] if netns is None else ["bridge", "-n", netns]
    return prefix + [str(arg) for arg in argv]


def read_vxlan(session, netns, record, links):
    """The vxlan attributes of one link, as plain data."""
    found = netlink_vxlan.read_vxlan(session, netns, record["index"])
    device = links.by_index(found["device_index"]) if found["device_index"] else None
    return {"vni": found["vni"], "dstport": found["dstport"], "local": found["local"],
            "device": device["ifname"] if device else None, "learning": found["learning"]}


def vxlan_view(session, netns, record, links):
    """The link of ``record`` (a vxlan in ``netns``) as the vxlan module's options describe it."""
    view = {"name": record["ifname"], "netns": netns}
    view.update(read_vxlan(session, netns, record, links))
    view["remotes"] = read_remotes(session, netns, record["index"])
    view["mtu"] = record.get("mtu")
    view["up"] = bool(record.get("up"))
    return view


def read_remotes(session, netns, index):
    """Destinations of the all-zero FDB entries of a link (its flood list)."""
    return sort_addresses(netlink_vxlan.flood_remotes(session, netns, index))


class VxlanResource(KernelResource):
    kind = "vxlan"
    force_hint = "replace it"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.name = validate_ifname("name", params.get("name"))
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.state = validate_state(params.get("state"))
        self.vni = validate_int("vni", params.get("vni"), 0, VNI_MAX)
        if self.vni is None and self.state == "present":
            raise ValidationError("vni", None, "is required with state present")
        self.dstport = validate_int("dstport", params.get("dstport"), 1, 65535, default=DEFAULT_DSTPORT)
        self.local = validate_ip("local", params.get("local"), unicast=True)
        self.device = params.get("device")
        if self.device is not None:
            self.device = validate_ifname("device", self.device)
        self.learning = flag(params, "learning", True)
        self.remotes = validate_remotes(params.get("remotes"), self.local)
        families = set(family_of(address) for address in self.remotes + ([self.local] if self.local else []))
        if len(families) > 1:
            raise ValidationError("remotes", params.get("remotes"),
                                  "mixes IPv4 and IPv6 (the local address and every remote must be of one family)")
        self.mtu = validate_mtu("mtu", params.get("mtu"))
        self.up = flag(params, "up", True)
        self.force = flag(params, "force", False)
        self.owner = validate_owner("owner", params.get("owner"))

    @property
    def label(self):
        return label(self.name, self.netns)

    # -- read ------------------------------------------------------------------------------------
    def observe(self, snapshot):
        links = snapshot.links(self.netns)  # MissingObjectError for a missing namespace
        record = links.get(self.name)
        if record is None:
            return Reading(None)
        if record.get("kind") != "vxlan":
            return Reading(None, [{"name": self.name, "netns": self.netns, "kind": record.get("kind"),
                                   "problem": "is a %s device, not a vxlan"
                                              % (record.get("kind") or "kernel (loopback/physical)")}])
        return Reading(vxlan_view(self.session, self.netns, record, links))

    # -- plan ------------------------------------------------------------------------------------
    def desired(self):
        return {"name": self.name, "netns": self.netns, "vni": self.vni, "dstport": self.dstport,
                "local": self.local, "device": self.device, "learning": self.learning,
                "remotes": list(self.remotes), "mtu": self.mtu, "up": self.up}

    def fixed_differences(self, link):
        """Attributes the kernel cannot change that differ (unset ``local``/``device``: any)."""
        wanted = {"vni": self.vni, "dstport": self.dstport, "local": self.local, "device": self.device}
        differences = {}
        for attribute in FIXED_ATTRIBUTES:
            if wanted[attribute] is None and attribute in ("local", "device"):
                continue
            if wanted[attribute] != link.get(attribute):
                differences[attribute] = {"before": link.get(attribute), "after": wanted[attribute]}
        return differences

    def deletion(self, before):
        return link_deletion("vxlan", self.netns, self.name)

    def plan_present(self, before, conflicts):
        link = before
        changes = self.plan_conflicts(conflicts)
        if link is None:
            return changes + self.plan_creation("create", self.desired())
        differences = self.fixed_differences(link)
        if differences:
            return self.plan_creation("replace", dict(differences, reason="the kernel cannot change %s in place"
                                                      % ", ".join(sorted(differences))))
        return self.plan_update(link)

    def plan_creation(self, action, details):
        details = dict(details)
        details.pop("remotes", None)
        details.pop("name", None)  # the change's name is the label (``vx42@blue``), as for its other changes
        changes = [Change(action, "vxlan", self.label, details, command=self.create_commands(),
                          op=CreateVxlan(action == "replace"))]
        changes.extend(self.remote_change("add", remote) for remote in self.remotes)
        if self.up:
            changes.append(Change("set", "vxlan", self.label, {"attribute": "up", "before": False, "after": True},
                                  command=ip_argv(self.netns, "link", "set", self.name, "up"),
                                  op=SetLink(self.netns, self.name, {"state": "up"})))
        return changes

    def create_command(self):
        """``ip link add`` equivalent of the creation (a replace deletes the link first)."""
        argv = ["link", "add", self.name]
        if self.mtu:
            argv += ["mtu", self.mtu]
        argv += ["type", "vxlan", "id", self.vni, "dstport", self.dstport]
        if self.local:
            argv += ["local", self.local]
        if self.device:
            argv += ["dev", self.device]
        argv.append("learning" if self.learning else "nolearning")
        return ip_argv(self.netns, *argv)

    def create_commands(self):
        """The creation, then the owner mark (as ``perform`` does)."""
        return [self.create_command(), ip_argv(self.netns, "link", "set", self.name, "alias", alias_mark(self.owner))]

    def remote_change(self, action, remote):
        verb = "append" if action == "add" else "del"
        return Change(action, "vxlan_remote", self.label, {"remote": remote},
                      command=bridge_argv(self.netns, "fdb", verb, FLOOD_MAC, "dev", self.name, "dst", remote),
                      op=FloodEntry(action == "add", remote))

    def plan_update(self, link):
        changes = []
        wanted = (("learning", self.learning, SetLearning(self.learning),
                   ["type", "vxlan", "learning" if self.learning else "nolearning"]),
                  ("mtu", self.mtu, SetLink(self.netns, self.name, {"mtu": self.mtu}), ["mtu", self.mtu]))
        for attribute, value, op, words in wanted:
            if value is not None and value != link.get(attribute):
                changes.append(Change("set", "vxlan", self.label,
                                      {"attribute": attribute, "before": link.get(attribute), "after": value},
                                      command=ip_argv(self.netns, "link", "set", self.name, *words), op=op))
        current = set(link.get("remotes") or [])
        changes.extend(self.remote_change("delete", remote) for remote in sort_addresses(current - set(self.remotes)))
        changes.extend(self.remote_change("add", remote) for remote in self.remotes if remote not in current)
        if link.get("up") != self.up:
            changes.append(Change("set", "vxlan", self.label,
                                  {"attribute": "up", "before": link.get("up"), "after": self.up},
                                  command=ip_argv(self.netns, "link", "set", self.name, "up" if self.up else "down"),
                                  op=SetLink(self.netns, self.name, {"state": "up" if self.up else "down"})))
        return changes

    def expected(self, before):
        if self.state == "absent":
            return None
        before = before or {}
        after = self.desired()
        for attribute in ("local", "device"):
            if after[attribute] is None:
                after[attribute] = before.get(attribute)
        if after["mtu"] is None and before and not self.fixed_differences(before):
            after["mtu"] = before.get("mtu")
        return after

    # -- apply -----------------------------------------------------------------------------------
    def perform(self, change):
        op = change.op
        if isinstance(op, CreateVxlan):
            if op.replace:
                delete_link(self.session, self.netns, self.name)
            netlink_vxlan.create_vxlan(self.session, self.netns, self.name, **self.create_request())
            perform_link_op(self.session, SetLink(self.netns, self.name, {"ifalias": alias_mark(self.owner)}))
        elif isinstance(op, SetLearning):
            netlink_vxlan.set_learning(self.session, self.netns, self.name, op.learning)
        elif isinstance(op, FloodEntry):
            netlink_vxlan.change_flood_remote(self.session, self.netns, self.name, op.add, op.remote)
        else:
            perform_link_op(self.session, op)

    def create_request(self):
        """The attributes of the link to create (the underlay device's ifindex looked up now)."""
        request = {"vni": self.vni, "dstport": self.dstport, "learning": self.learning,
                   "local": self.local, "mtu": self.mtu}
        if self.device:
            try:
                request["device_index"] = link_index(self.session, self.netns, self.device)
            except MissingObjectError:
                raise MissingObjectError("device", label(self.device, self.netns), needed_by="vxlan %s" % self.label)
        return request
