# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Addresses of one device in a namespace."""

from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.addresses import (
    is_link_local, normalise_address, sort_addresses)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import change_address
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_list
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import (
    KernelResource, SetLink, perform_link_op)

AddressOp = namedtuple("AddressOp", "add cidr")  # one address added (or deleted) on the device


def normalise_addresses(field, values):
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return sort_addresses(normalise_address(field, value) for value in validate_list(field, values, of="addresses"))


class AddressResource(KernelResource):
    kind = "address"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.dev = validate_ifname("dev", params.get("dev"))
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.addresses = normalise_addresses("address", params.get("address"))
        self.purge = flag(params, "purge", False)
        self.up = flag(params, "up", True)
        self.state = validate_state(params.get("state"))

    @property
    def label(self):
        return label(self.dev, self.netns)

    def observe(self, snapshot):
        record = snapshot.links(self.netns).get(self.dev)
        if record is None:
            raise MissingObjectError("device", self.label)
        return Reading({"dev": self.dev, "netns": self.netns, "up": record["up"],
                        "addresses": list(snapshot.addresses(self.netns).get(record["index"], []))})

    def plan(self, before, conflicts=()):
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
                                  op=SetLink(self.netns, self.dev, {"state": "up"})))
        return changes

    def address_change(self, action, cidr):
        verb = "add" if action == "add" else "del"
        return Change(action, "address", "%s on %s" % (cidr, self.label), {"address": cidr},
                      command=ip_argv(self.netns, "addr", verb, cidr, "dev", self.dev),
                      op=AddressOp(action == "add", cidr))

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

    def perform(self, change):
        op = change.op
        if isinstance(op, AddressOp):
            change_address(self.session, self.netns, self.dev, op.add, op.cidr)
        else:
            perform_link_op(self.session, op)
