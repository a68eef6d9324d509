# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A link of a type (``kind``): macvlan, ipvlan, vlan (on a ``parent``), Linux bridge (with its
``ports``), dummy; ``name`` in ``netns`` (None: the host's own namespace).

Created in ONE request on the socket of its namespace (``_netlink/link_types.py``), its owner's mark
(the alias) set right after, as for a veth end. Reconciled in place: MTU, MAC, up/down, master, a
bridge's STP, VLAN filtering and ports, the mode of a macvlan or ipvlan. What the kernel cannot
change on a live link (its parent, a VLAN id or protocol, a change to or from macvlan
``passthru``, its kind when it is another kind of this module) is a ``replace``: delete and
create, shown as such in the changes and the diff. A device of a kind this module does not manage
(a veth, a physical NIC) holding the name is a conflict: refused unless ``force``.

A parent must be in the link's own namespace: a parent found only in another one is refused
before anything changes (the link would otherwise be made where the parent is, and moved).
"""

from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname, validate_optional_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    validate_choice, validate_int, validate_list, validate_mac, validate_mtu)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import (
    KernelResource, SetLink, link_deletion, perform_link_op)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import link_types
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import delete_link, link_index
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label

LINK_KINDS = ("macvlan", "ipvlan", "vlan", "bridge", "dummy")
# The options each kind takes beyond the common ones; another kind's option is refused.
KIND_OPTIONS = {
    "macvlan": ("parent", "mode"),
    "ipvlan": ("parent", "mode"),
    "vlan": ("parent", "vlan_id", "vlan_protocol"),
    "bridge": ("stp", "vlan_filtering", "ports"),
    "dummy": (),
}
ALL_KIND_OPTIONS = ("parent", "mode", "vlan_id", "vlan_protocol", "stp", "vlan_filtering", "ports")
MODES = {"macvlan": tuple(link_types.MACVLAN_MODES), "ipvlan": tuple(link_types.IPVLAN_MODES)}
DEFAULT_MODE = {"macvlan": "bridge", "ipvlan": "l2"}
VLAN_ID_MIN, VLAN_ID_MAX = 1, 4094  # 0 (priority tag) and 4095 (reserved) are not VLANs

CreateLink = namedtuple("CreateLink", "replace")  # replace: the link is deleted first
ChangeOptions = namedtuple("ChangeOptions", "options")  # the type's options changed in place
SetMaster = namedtuple("SetMaster", "ifname master")  # master None: nomaster


def validate_kind_options(kind, params):
    """Refuse an option of another kind (``stp`` on a macvlan), naming it."""
    allowed = KIND_OPTIONS[kind]
    for option in ALL_KIND_OPTIONS:
        if params.get(option) is not None and option not in allowed:
            users = [other for other, options in KIND_OPTIONS.items() if option in options]
            raise ValidationError(option, params.get(option), "applies to kind %s only, not %s"
                                  % (" and ".join(users), kind))


class LinkResource(KernelResource):
    force_hint = "replace it"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.name = validate_ifname("name", params.get("name"))
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.state = validate_state(params.get("state"))
        self.link_kind = validate_choice("kind", params.get("kind"), LINK_KINDS,
                                         required=self.state == "present")
        self.owner = validate_owner("owner", params.get("owner"))
        self.force = flag(params, "force", False)
        self.up = flag(params, "up", True)
        self.mtu = validate_mtu("mtu", params.get("mtu"))
        self.mac = validate_mac("mac", params.get("mac"))
        self.master = self._master(params.get("master"))
        self.parent, self.options, self.ports = None, {}, None
        if self.link_kind is None:
            return  # absent without a kind: any link of this module's kinds named so goes
        validate_kind_options(self.link_kind, params)
        self.parent = self._parent(params.get("parent"))
        self.options = self._options(params)
        self.ports = self._ports(params.get("ports"))
        if self.link_kind == "ipvlan" and self.mac is not None:
            raise ValidationError("mac", params.get("mac"), "cannot be set on an ipvlan (it has its parent's MAC)")

    @property
    def kind(self):
        return self.link_kind or "link"

    @property
    def label(self):
        return label(self.name, self.netns)

    # -- validation ------------------------------------------------------------------------------
    def _master(self, value):
        """None: left as it is; ``""``: no master; else the master's name (not this link)."""
        if value is None or value == "":
            return value
        master = validate_ifname("master", value)
        if master == self.name:
            raise ValidationError("master", value, "is the link itself (a bridge cannot contain itself)")
        return master

    def _parent(self, value):
        if self.link_kind not in ("macvlan", "ipvlan", "vlan"):
            return None
        if value is None:
            if self.state == "present":
                raise ValidationError("parent", None, "is required for a %s" % self.link_kind)
            return None
        parent = validate_ifname("parent", value)
        if parent == self.name:
            raise ValidationError("parent", value, "is the link itself")
        return parent

    def _options(self, params):
        kind = self.link_kind
        if kind in MODES:
            return {"mode": validate_choice("mode", params.get("mode"), MODES[kind], default=DEFAULT_MODE[kind])}
        if kind == "vlan":
            vlan_id = validate_int("vlan_id", params.get("vlan_id"), VLAN_ID_MIN, VLAN_ID_MAX)
            if vlan_id is None and self.state == "present":
                raise ValidationError("vlan_id", None, "is required for a vlan")
            return {"vlan_id": vlan_id, "vlan_protocol": validate_choice(
                "vlan_protocol", params.get("vlan_protocol"), tuple(link_types.VLAN_PROTOCOLS), default="802.1Q")}
        if kind == "bridge":
            filtering = params.get("vlan_filtering")
            return {"stp": flag(params, "stp", False),
                    "vlan_filtering": None if filtering is None else flag(params, "vlan_filtering", False)}
        return {}

    def _ports(self, value):
        if value is None:
            return None
        ports = []
        for item in validate_list("ports", value, of="interface names"):
            port = validate_ifname("ports", item)
            if port == self.name:
                raise ValidationError("ports", item, "is the bridge itself (a bridge cannot contain itself)")
            if port == self.master:
                raise ValidationError("ports", item, "is the bridge's own master")
            if port not in ports:
                ports.append(port)
        return sorted(ports)

    # -- read ------------------------------------------------------------------------------------
    def observe(self, snapshot):
        links = snapshot.links(self.netns)  # MissingObjectError for a missing namespace
        record = links.get(self.name)
        if self.state == "present":
            self._require_neighbours(snapshot, links)
        if record is None:
            return Reading(None)
        if self.state == "absent" and self.link_kind not in (None, record.get("kind")):
            return Reading(None)  # another kind's link of that name is left alone
        if record.get("kind") not in LINK_KINDS:
            return Reading(None, [{"name": self.name, "netns": self.netns, "kind": record.get("kind"),
                                   "problem": "is a %s device, not one of %s"
                                              % (record.get("kind") or "kernel (loopback/physical)",
                                                 ", ".join(LINK_KINDS))}])
        return Reading(link_view(self.session, self.netns, record, links))

    def _require_neighbours(self, snapshot, links):
        """The parent and the ports are in this namespace (a parent elsewhere is bad input)."""
        if self.parent is not None and links.get(self.parent) is None:
            elsewhere = [netns for netns in [None] + snapshot.namespaces()
                         if netns != self.netns and snapshot.links(netns).get(self.parent) is not None]
            if elsewhere:
                raise ValidationError("parent", self.parent, "is in namespace %s, not in %s: a %s is made in the"
                                      " namespace of its parent" % (elsewhere[0] or "(host)",
                                                                    self.netns or "(host)", self.link_kind))
            raise MissingObjectError("device", label(self.parent, self.netns), needed_by="%s %s"
                                     % (self.link_kind, self.label))
        for port in self.ports or ():
            if links.get(port) is None:
                raise MissingObjectError("device", label(port, self.netns), needed_by="bridge %s" % self.label)

    # -- plan ------------------------------------------------------------------------------------
    def desired(self):
        view = {"name": self.name, "netns": self.netns, "kind": self.link_kind}
        if self.parent is not None:
            view["parent"] = self.parent
        view.update(self.options)
        if self.ports is not None:
            view["ports"] = list(self.ports)
        view.update({"master": self.master or None, "mtu": self.mtu, "up": self.up})
        if self.link_kind != "ipvlan":
            view["mac"] = self.mac
        return view

    def fixed_differences(self, link):
        """What the kernel cannot change in place and differs: kind, parent, VLAN id/protocol,
        macvlan passthru."""
        wanted = {"kind": self.link_kind, "parent": self.parent}
        if self.link_kind == "vlan":
            wanted.update(self.options)
        if self.link_kind == "macvlan" and "passthru" in (self.options["mode"], link.get("mode")):
            wanted["mode"] = self.options["mode"]
        return dict((attribute, {"before": link.get(attribute), "after": value})
                    for attribute, value in sorted(wanted.items()) if value != link.get(attribute))

    def deletion(self, before):
        return link_deletion(before.get("kind", "link"), self.netns, self.name)

    def plan_present(self, before, conflicts):
        changes = self.plan_conflicts(conflicts)
        if before is None:
            return changes + self.plan_creation("create", {})
        differences = self.fixed_differences(before)
        if differences:
            return self.plan_creation("replace", dict(differences, reason="the kernel cannot change %s in place"
                                                      % ", ".join(sorted(differences))))
        return self.plan_update(before)

    def plan_creation(self, action, details):
        changes = [Change(action, self.link_kind, self.label, details, command=self.create_commands(),
                          op=CreateLink(action == "replace"))]
        return changes + [self.master_change(port, self.name, None) for port in self.ports or ()]

    def create_commands(self):
        """The ``ip link add`` (a replace deletes the link first), then the owner mark."""
        argv = ["link", "add", self.name]
        if self.parent:
            argv += ["link", self.parent]
        for word, value in (("mtu", self.mtu), ("address", self.mac), ("master", self.master)):
            if value:
                argv += [word, value]
        if self.up:
            argv.append("up")
        argv += ["type", self.link_kind] + self.type_words(self.creation_options())
        return [ip_argv(self.netns, *argv), ip_argv(self.netns, "link", "set", self.name, "alias",
                                                    alias_mark(self.owner))]

    def creation_options(self):
        """The type's options sent on creation: VLAN filtering only when on (off is the kernel's
        default, and a kernel built without it refuses the attribute even to turn it off)."""
        options = dict(self.options)
        if not options.get("vlan_filtering", True):
            options.pop("vlan_filtering")
        return options

    def type_words(self, options):
        """The ``type KIND`` words of ``ip link`` for ``options``."""
        words = []
        for option, word in (("mode", "mode"), ("vlan_id", "id"), ("vlan_protocol", "protocol"),
                             ("stp", "stp_state"), ("vlan_filtering", "vlan_filtering")):
            value = options.get(option)
            if value is not None:
                words += [word, int(value) if isinstance(value, bool) else value]
        return words

    def set_change(self, attribute, before, after, words, op):
        return Change("set", self.link_kind, self.label, {"attribute": attribute, "before": before, "after": after},
                      command=ip_argv(self.netns, "link", "set", self.name, *words), op=op)

    def master_change(self, ifname, master, before):
        words = ["master", master] if master else ["nomaster"]
        return Change("set", "master", label(ifname, self.netns), {"before": before, "after": master},
                      command=ip_argv(self.netns, "link", "set", ifname, *words), op=SetMaster(ifname, master))

    def plan_update(self, link):
        changes = []
        for option, value in sorted(self.options.items()):
            if value is not None and value != link.get(option):
                changes.append(self.set_change(option, link.get(option), value,
                                               ["type", self.link_kind] + self.type_words({option: value}),
                                               ChangeOptions({option: value})))
        for attribute, value, word, attrs in (("mtu", self.mtu, "mtu", {"mtu": self.mtu}),
                                              ("mac", self.mac, "address", {"address": self.mac})):
            if value is not None and value != link.get(attribute):
                changes.append(self.set_change(attribute, link.get(attribute), value, [word, value],
                                               SetLink(self.netns, self.name, attrs)))
        if self.master is not None and (self.master or None) != link.get("master"):
            changes.append(self.master_change(self.name, self.master or None, link.get("master")))
        if self.ports is not None:
            current = set(link.get("ports") or ())
            changes.extend(self.master_change(port, None, self.name) for port in sorted(current - set(self.ports)))
            changes.extend(self.master_change(port, self.name, None) for port in self.ports if port not in current)
        if link.get("up") != self.up:
            state = "up" if self.up else "down"
            changes.append(self.set_change("up", link.get("up"), self.up, [state],
                                           SetLink(self.netns, self.name, {"state": state})))
        return changes

    def expected(self, before):
        if self.state == "absent":
            return None
        after = self.desired()
        kept = before if before and not self.fixed_differences(before) else {}
        for attribute in ("mtu", "mac", "master", "vlan_filtering"):
            if attribute in after and after[attribute] is None and self._left_alone(attribute):
                after[attribute] = kept.get(attribute)
        if "ports" in after or self.link_kind == "bridge":
            after["ports"] = list(self.ports) if self.ports is not None else list(kept.get("ports") or [])
        return after

    def _left_alone(self, attribute):
        return attribute != "master" or self.master is None

    # -- apply -----------------------------------------------------------------------------------
    def perform(self, change):
        op = change.op
        if isinstance(op, CreateLink):
            self.create(op.replace)
        elif isinstance(op, ChangeOptions):
            link_types.change_link(self.session, self.netns, self.name,
                                   link_index(self.session, self.netns, self.name), self.link_kind, op.options)
        elif isinstance(op, SetMaster):
            master = link_index(self.session, self.netns, op.master) if op.master else 0
            link_types.change_master(self.session, self.netns, link_index(self.session, self.netns, op.ifname),
                                     master)
        else:
            perform_link_op(self.session, op)

    def create(self, replace):
        if replace:
            delete_link(self.session, self.netns, self.name)
        parent = self._index("parent", self.parent)
        master = self._index("master", self.master or None)
        link_types.create_link(self.session, self.netns, self.name, self.link_kind, self.creation_options(),
                               parent_index=parent, mtu=self.mtu, mac=self.mac, master_index=master, up=self.up)
        perform_link_op(self.session, SetLink(self.netns, self.name, {"ifalias": alias_mark(self.owner)}))

    def _index(self, role, ifname):
        if ifname is None:
            return None
        try:
            return link_index(self.session, self.netns, ifname)
        except MissingObjectError:
            raise MissingObjectError("device", label(ifname, self.netns), needed_by="%s %s (its %s)"
                                     % (self.link_kind, self.label, role))


def link_view(session, netns, record, links):
    """A link of one of LINK_KINDS as the ns_link module's options describe it."""
    kind = record["kind"]
    view = {"name": record["ifname"], "netns": netns, "kind": kind}
    if kind in ("macvlan", "ipvlan", "vlan"):
        parent = links.by_index(record.get("link_index")) if record.get("link_nsid") is None else None
        view["parent"] = parent["ifname"] if parent else None
    if record["index"] > 0:  # a link that exists (a planned one has a negative index)
        view.update(link_types.link_options(session, netns, record["index"], kind))
    if kind == "bridge":
        view["ports"] = sorted(other["ifname"] for other in links.records
                               if other.get("master_index") == record["index"])
    view.update({"master": links.master_name(record), "mtu": record.get("mtu"), "up": bool(record.get("up"))})
    if kind != "ipvlan":
        view["mac"] = record.get("mac")
    return view
