# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Addresses of one device in a namespace."""

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.addresses import (
    is_link_local, normalise_address, sort_addresses)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.applier import apply_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import change_address, set_link
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Resource
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_list
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot


def normalise_addresses(field, values):
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return sort_addresses(normalise_address(field, value) for value in validate_list(field, values, of="addresses"))


class AddressResource(Resource):
    kind = "address"

    def __init__(self, params, session, snapshot=None):
        self.dev = validate_ifname("dev", params.get("dev"))
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.addresses = normalise_addresses("address", params.get("address"))
        self.purge = flag(params, "purge", False)
        self.up = flag(params, "up", True)
        self.state = validate_state(params.get("state"))
        self.session = session
        self.snapshot = snapshot if snapshot is not None else Snapshot(session)

    @property
    def label(self):
        return label(self.dev, self.netns)

    def read(self):
        return self.observe(self.snapshot)

    def observe(self, snapshot):
        record = snapshot.links(self.netns).get(self.dev)
        if record is None:
            raise MissingObjectError("device", self.label)
        return {"dev": self.dev, "netns": self.netns, "up": record["up"],
                "addresses": list(snapshot.addresses(self.netns).get(record["index"], []))}

    def plan(self, before):
        current = set(before["addresses"]) if before else set()
        wanted = set(self.addresses)
        if self.state == "absent":
            return [self.address_change("delete", cidr) for cidr in sort_addresses(current & wanted)]
        removed = set()
        if self.purge:
            removed = set(cidr for cidr in current - wanted if not is_link_local(cidr))
        changes = [self.address_change("delete", cidr) for cidr in sort_addresses(removed)]
        changes.extend(self.address_change("add", cidr) for cidr in sort_addresses(wanted - current))
        if self.up and not (before and before["up"]):
            changes.append(Change("set", "link", self.label, {"attribute": "up", "before": False,
                                                              "after": True},
                                  command=ip_argv(self.netns, "link", "set", self.dev, "up"),
                                  payload=("up",)))
        return changes

    def address_change(self, action, cidr):
        verb = "add" if action == "add" else "del"
        return Change(action, "address", "%s on %s" % (cidr, self.label), {"address": cidr},
                      command=ip_argv(self.netns, "addr", verb, cidr, "dev", self.dev),
                      payload=(action, cidr))

    def expected(self, before):
        current = set(before["addresses"]) if before else set()
        wanted = set(self.addresses)
        if self.state == "absent":
            remaining = current - wanted
        elif self.purge:
            remaining = wanted | set(cidr for cidr in current if is_link_local(cidr))
        else:
            remaining = current | wanted
        up = (before or {}).get("up", False) or (self.up and self.state == "present")
        return {"dev": self.dev, "netns": self.netns, "up": up, "addresses": sort_addresses(remaining)}

    def apply(self, changes):
        try:
            apply_steps(changes, self.perform)
        finally:
            self.snapshot.invalidate(self.netns)

    def perform(self, change):
        step = change.payload
        if step[0] == "up":
            set_link(self.session, self.netns, self.dev, state="up")
            return
        change_address(self.session, self.netns, self.dev, step[0] == "add", step[1])


def build_address(params, session):
    return AddressResource(params, session)
