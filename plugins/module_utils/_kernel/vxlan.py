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
"""

import ipaddress
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.linkattrs import validate_mtu
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import delete_link, link_index
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import (
    DeleteLink, KernelResource, SetLink, perform_link_op)

VNI_MAX = 16777215
DEFAULT_DSTPORT = 4789
FLOOD_MAC = "00:00:00:00:00:00"
# Attributes the kernel cannot change on a live link: a difference re-creates it.
FIXED_ATTRIBUTES = ("vni", "dstport", "local", "device")

CreateVxlan = namedtuple("CreateVxlan", "replace")  # replace: the link is deleted first
FloodEntry = namedtuple("FloodEntry", "add remote")  # an all-zero FDB entry added (or deleted)


def validate_int(field, value, low, high, default=None):
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "must be an integer")
    if not low <= value <= high:
        raise ValidationError(field, value, "is outside %d..%d" % (low, high))
    return value


def validate_ip(field, value):
    """An IPv4 or IPv6 host address (no prefix), normalised to its compressed text form."""
    if value is None:
        return None
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        raise ValidationError(field, value, "is not an IP address")
    if address.is_multicast or address.is_unspecified:
        raise ValidationError(field, value, "must be a unicast address")
    return str(address)


def validate_remotes(value, local):
    """A list of unicast addresses, de-duplicated and sorted; none of them ``local``."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise ValidationError("remotes", value, "must be a list of IP addresses")
    remotes = set()
    for item in value:
        remote = validate_ip("remotes", item)
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


def read_vxlan(ipr, record, links):
    """The vxlan attributes of one link, as plain data."""
    msg = ipr.link("get", index=record["index"])[0]
    data = msg.get_nested("IFLA_LINKINFO", "IFLA_INFO_DATA")
    get = data.get_attr if data is not None else (lambda key: None)
    local = get("IFLA_VXLAN_LOCAL") or get("IFLA_VXLAN_LOCAL6")
    device_index = get("IFLA_VXLAN_LINK")
    device = links.by_index(device_index) if device_index else None
    return {
        "vni": get("IFLA_VXLAN_ID"),
        "dstport": get("IFLA_VXLAN_PORT"),
        "local": str(ipaddress.ip_address(local)) if local else None,
        "device": device["ifname"] if device else None,
        "learning": bool(get("IFLA_VXLAN_LEARNING")),
    }


def read_remotes(ipr, index):
    """Destinations of the all-zero FDB entries of a link (its flood list)."""
    remotes = set()
    for entry in ipr.fdb("dump", ifindex=index):
        if entry.get("ifindex") != index or entry.get_attr("NDA_LLADDR") != FLOOD_MAC:
            continue
        dst = entry.get_attr("NDA_DST")
        if dst:
            remotes.add(str(ipaddress.ip_address(dst)))
    return sort_addresses(remotes)


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
        self.dstport = validate_int("dstport", params.get("dstport"), 1, 65535, DEFAULT_DSTPORT)
        self.local = validate_ip("local", params.get("local"))
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
        ipr = self.session.ipr(self.netns)
        view = {"name": self.name, "netns": self.netns}
        view.update(read_vxlan(ipr, record, links))
        view["remotes"] = read_remotes(ipr, record["index"])
        view["mtu"] = record.get("mtu")
        view["up"] = bool(record.get("up"))
        return Reading(view)

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

    def plan(self, before, conflicts=()):
        link = before
        if self.state == "absent":
            if link is None:
                return []
            return [Change("delete", "vxlan", self.label, command=self.delete_command(),
                           op=DeleteLink(self.netns, self.name))]
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
        changes = [Change(action, "vxlan", self.label, details, command=self.create_command(),
                          op=CreateVxlan(action == "replace"))]
        changes.extend(self.remote_change("add", remote) for remote in self.remotes)
        if self.up:
            changes.append(Change("set", "vxlan", self.label, {"attribute": "up", "before": False, "after": True},
                                  command=ip_argv(self.netns, "link", "set", self.name, "up"),
                                  op=SetLink(self.netns, self.name, {"state": "up"})))
        return changes

    def delete_command(self):
        return ip_argv(self.netns, "link", "del", self.name)

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

    def remote_change(self, action, remote):
        verb = "append" if action == "add" else "del"
        return Change(action, "vxlan_remote", self.label, {"remote": remote},
                      command=bridge_argv(self.netns, "fdb", verb, FLOOD_MAC, "dev", self.name, "dst", remote),
                      op=FloodEntry(action == "add", remote))

    def plan_update(self, link):
        changes = []
        wanted = (("learning", self.learning, {"kind": "vxlan", "vxlan_learning": int(self.learning)},
                   ["type", "vxlan", "learning" if self.learning else "nolearning"]),
                  ("mtu", self.mtu, {"mtu": self.mtu}, ["mtu", self.mtu]))
        for attribute, value, request, words in wanted:
            if value is not None and value != link.get(attribute):
                changes.append(Change("set", "vxlan", self.label,
                                      {"attribute": attribute, "before": link.get(attribute), "after": value},
                                      command=ip_argv(self.netns, "link", "set", self.name, *words),
                                      op=SetLink(self.netns, self.name, request)))
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
        ipr = self.session.ipr(self.netns)
        if isinstance(op, CreateVxlan):
            if op.replace:
                delete_link(self.session, self.netns, self.name)
            ipr.link("add", **self.create_request())
        elif isinstance(op, FloodEntry):
            ipr.fdb("append" if op.add else "del", ifindex=link_index(self.session, self.netns, self.name),
                    lladdr=FLOOD_MAC, dst=op.remote)
        else:
            perform_link_op(self.session, op)

    def create_request(self):
        request = {"ifname": self.name, "kind": "vxlan", "vxlan_id": self.vni, "vxlan_port": self.dstport,
                   "vxlan_learning": int(self.learning)}
        if self.local:
            key = "vxlan_local" if family_of(self.local) == 4 else "vxlan_local6"
            request[key] = self.local
        if self.device:
            try:
                request["vxlan_link"] = link_index(self.session, self.netns, self.device)
            except MissingObjectError:
                raise MissingObjectError("device", label(self.device, self.netns), needed_by="vxlan %s" % self.label)
        if self.mtu:
            request["mtu"] = self.mtu
        return request

