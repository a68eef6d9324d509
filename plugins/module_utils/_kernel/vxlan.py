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

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.applier import apply_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    ConflictError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import (
    delete_link, link_index, set_link)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Resource
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    validate_int, validate_ip, validate_list, validate_mtu)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot

VNI_MAX = 16777215
DEFAULT_DSTPORT = 4789
FLOOD_MAC = "00:00:00:00:00:00"
# Attributes the kernel cannot change on a live link: a difference re-creates it.
FIXED_ATTRIBUTES = ("vni", "dstport", "local", "device")


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


class VxlanResource(Resource):
    kind = "vxlan"

    def __init__(self, params, session, snapshot=None):
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
        self.session = session
        self.snapshot = snapshot if snapshot is not None else Snapshot(session)

    @property
    def label(self):
        return label(self.name, self.netns)

    # -- read ------------------------------------------------------------------------------------
    def read(self):
        links = self.snapshot.links(self.netns)  # MissingObjectError for a missing namespace
        record = links.get(self.name)
        if record is None:
            return None
        if record.get("kind") != "vxlan":
            return {"conflicts": [{"name": self.name, "netns": self.netns, "kind": record.get("kind"),
                                   "problem": "is a %s device, not a vxlan"
                                              % (record.get("kind") or "kernel (loopback/physical)")}]}
        ipr = self.session.ipr(self.netns)
        view = {"name": self.name, "netns": self.netns}
        view.update(read_vxlan(ipr, record, links))
        view["remotes"] = read_remotes(ipr, record["index"])
        view["mtu"] = record.get("mtu")
        view["up"] = bool(record.get("up"))
        return view

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

    def plan(self, before):
        before = before or {}
        conflicts = before.pop("conflicts", [])
        link = before or None
        if self.state == "absent":
            if link is None:
                return []
            return [Change("delete", "vxlan", self.label, command=self.delete_command(), payload=("delete",))]
        changes = []
        if conflicts:
            if not self.force:
                problems = ["%s %s" % (label(c["name"], c["netns"]), c["problem"]) for c in conflicts]
                raise ConflictError("vxlan %s: %s; set force: true to replace it"
                                    % (self.label, "; ".join(problems)), conflicts=conflicts)
            changes.append(Change("delete", "link", self.label, {"reason": "force: %s" % conflicts[0]["problem"]},
                                  command=self.delete_command(), payload=("delete",)))
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
        changes = [Change(action, "vxlan", self.label, details, command=self.create_command(), payload=(action,))]
        changes.extend(self.remote_change("add", remote) for remote in self.remotes)
        if self.up:
            changes.append(Change("set", "vxlan", self.label, {"attribute": "up", "before": False, "after": True},
                                  command=ip_argv(self.netns, "link", "set", self.name, "up"),
                                  payload=("set", {"state": "up"})))
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
                      payload=(action + "_remote", remote))

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
                                      payload=("set", request)))
        current = set(link.get("remotes") or [])
        changes.extend(self.remote_change("delete", remote) for remote in sort_addresses(current - set(self.remotes)))
        changes.extend(self.remote_change("add", remote) for remote in self.remotes if remote not in current)
        if link.get("up") != self.up:
            changes.append(Change("set", "vxlan", self.label,
                                  {"attribute": "up", "before": link.get("up"), "after": self.up},
                                  command=ip_argv(self.netns, "link", "set", self.name, "up" if self.up else "down"),
                                  payload=("set", {"state": "up" if self.up else "down"})))
        return changes

    def expected(self, before):
        if self.state == "absent":
            return None
        before = before or {}
        before.pop("conflicts", None)
        after = self.desired()
        for attribute in ("local", "device"):
            if after[attribute] is None:
                after[attribute] = before.get(attribute)
        if after["mtu"] is None and before and not self.fixed_differences(before):
            after["mtu"] = before.get("mtu")
        return after

    # -- apply -----------------------------------------------------------------------------------
    def apply(self, changes):
        try:
            apply_steps(changes, self.perform)
        finally:
            self.snapshot.invalidate(self.netns)

    def perform(self, change):
        step = change.payload
        ipr = self.session.ipr(self.netns)
        if step[0] == "delete":
            delete_link(self.session, self.netns, self.name)
        elif step[0] in ("create", "replace"):
            if step[0] == "replace":
                delete_link(self.session, self.netns, self.name)
            ipr.link("add", **self.create_request())
        elif step[0] == "set":
            set_link(self.session, self.netns, self.name, **step[1])
        elif step[0] in ("add_remote", "delete_remote"):
            command = "append" if step[0] == "add_remote" else "del"
            ipr.fdb(command, ifindex=link_index(self.session, self.netns, self.name),
                    lladdr=FLOOD_MAC, dst=step[1])

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


def build_vxlan(params, session):
    return VxlanResource(params, session)
