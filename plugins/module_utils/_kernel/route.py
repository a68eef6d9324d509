# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One route in a namespace, identified by (destination, table, metric); gateway and dev reconciled."""

import ipaddress
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import (
    validate_ifname, validate_optional_netns)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, label
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import KernelResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import (
    MAIN_TABLE, change_route, dest_version, normalise_dest, normalise_gateway, route_key, validate_metric,
    validate_table)

RouteRequest = namedtuple("RouteRequest", "command")  # the route request: add | replace | del


class RouteResource(KernelResource):
    kind = "route"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.gateway = normalise_gateway("gateway", params.get("gateway"))
        self.dest = normalise_dest("dest", params.get("dest"), self.gateway)
        self.version = dest_version(self.dest)
        if self.gateway and ipaddress.ip_address(self.gateway).version != self.version:
            raise ValidationError("gateway", self.gateway, "is not of the same IP version as dest %s"
                                  % self.dest)
        dev = params.get("dev")
        self.dev = validate_ifname("dev", dev) if dev not in (None, "") else None
        self.metric = validate_metric("metric", params.get("metric"), self.version)
        self.table = validate_table("table", params.get("table"))
        self.state = validate_state(params.get("state"))
        if self.state == "present" and not (self.gateway or self.dev):
            raise ValidationError("gateway", None, "or dev is required for a route to be present")

    @property
    def key(self):
        return (self.dest, self.table, self.metric)

    @property
    def label(self):
        text = self.dest
        if self.table != MAIN_TABLE:
            text += " table %d" % self.table
        text += " metric %d" % self.metric
        return text if self.netns is None else "%s@%s" % (text, self.netns)

    def observe(self, snapshot):
        links = snapshot.links(self.netns)
        if self.state == "present" and self.dev and links.get(self.dev) is None:
            raise MissingObjectError("device", label(self.dev, self.netns))
        for route in snapshot.routes(self.netns):
            if route_key(route) == self.key:
                return Reading({"netns": self.netns, "dest": route["dest"], "table": route["table"],
                                "metric": route["metric"], "gateway": route["gateway"], "dev": route["dev"]})
        return Reading(None)

    def desired(self):
        return {"netns": self.netns, "dest": self.dest, "table": self.table, "metric": self.metric,
                "gateway": self.gateway, "dev": self.dev}

    def command(self, verb):
        argv = (["-6"] if self.version == 6 else []) + ["route", verb, self.dest]
        if verb != "del":
            if self.gateway:
                argv += ["via", self.gateway]
            if self.dev:
                argv += ["dev", self.dev]
        argv += ["metric", self.metric, "table", self.table]
        return ip_argv(self.netns, *argv)

    def deletion(self, before):
        return Change("delete", "route", self.label, {}, command=self.command("del"), op=RouteRequest("del"))

    def plan_present(self, before, conflicts):
        if before is None:
            return [Change("create", "route", self.label,
                           {"gateway": self.gateway, "dev": self.dev},
                           command=self.command("add"), op=RouteRequest("add"))]
        differences = {}
        if before["gateway"] != self.gateway:
            differences["gateway"] = {"before": before["gateway"], "after": self.gateway}
        if self.dev is not None and before["dev"] != self.dev:
            differences["dev"] = {"before": before["dev"], "after": self.dev}
        if not differences:
            return []
        return [Change("set", "route", self.label, differences, command=self.command("replace"),
                       op=RouteRequest("replace"))]

    def expected(self, before):
        if self.state == "absent":
            return None
        after = self.desired()
        if after["dev"] is None and before is not None and before["gateway"] == self.gateway:
            after["dev"] = before["dev"]
        return after

    def perform(self, change):
        request = change.op.command
        adding = request != "del"
        change_route(self.session, self.netns, request, self.dest, self.table, self.metric,
                     gateway=self.gateway if adding else None, dev=self.dev if adding else None)
