# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An existing device (a physical NIC, any link) moved into namespace ``netns`` (None: the host's
own) and back, with its addresses and routes.

The kernel drops a device's addresses and routes when it changes namespace (and downs it). So
the read takes them first (addresses but IPv6 link-local ones, which the kernel makes again; routes
through the device but those the kernel derives from its addresses), and the move puts them back
in the new namespace: up first (a route through a gateway needs a live device), addresses, routes
(as static routes), then down again if it was down.

Refused unless ``force``: moving the device that carries the default route of its namespace, or,
in the namespace the module runs in, the one the controller's SSH connection comes in through
(``SSH_CONNECTION``: the device holding the server's address or routing to the client), which
would cut the connection running the module.

A device that is in no named namespace may be in a namespace deleted while a process still holds
it (``ip netns delete`` only removes the name): it comes back (a physical NIC to the first
namespace of the machine) only when that process exits. The read waits ``wait`` seconds for it to
appear, then says so; it never waits without bound.
"""

import ipaddress
import os
import time
from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ConflictError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname, validate_optional_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_int
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import KernelResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import (
    change_address, link_index, move_link, set_link)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.routes import change_route, route_device
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv, ip_netns_target, label

RTPROT_KERNEL = 2
WAIT_MAX = 600
POLL = 0.2
DEFAULT_ROUTES = ("0.0.0.0/0", "::/0")

MoveDevice = namedtuple("MoveDevice", "from_netns to_netns addresses routes up")


def kept_addresses(cidrs):
    """The addresses a move carries over: all but IPv6 link-local ones (the kernel makes those)."""
    return sorted(cidr for cidr in cidrs if not ipaddress.ip_interface(cidr).is_link_local)


def kept_routes(routes, ifname):
    """The routes through ``ifname`` a move carries over: not those the kernel derives from addresses."""
    return sorted((dict((key, route[key]) for key in ("dest", "gateway", "metric", "table"))
                   for route in routes if route["dev"] == ifname and route["protocol"] != RTPROT_KERNEL),
                  key=lambda route: (route["table"], route["dest"], route["metric"]))


def control_problems(session, netns, ifname, index, addresses, routes, environ):
    """Why moving the device would cut something off: it carries the default route of ``netns``,
    or (in the module's own namespace) the SSH connection the module runs over."""
    problems = ["carries the default route %s of %s" % (route["dest"], netns or "the host's namespace")
                for route in routes if route["dest"] in DEFAULT_ROUTES]
    connection = (environ.get("SSH_CONNECTION") or "").split()
    if netns is None and len(connection) == 4:
        client, server = connection[0], connection[2]
        local = set(str(ipaddress.ip_interface(cidr).ip) for cidr in addresses)
        try:
            if server in local or route_device(session, None, client) == index:
                problems.append("carries the SSH connection this module runs over (%s to %s)" % (client, server))
        except ValueError:
            pass  # not an address: not a connection we can recognise
    return problems


class DeviceResource(KernelResource):
    kind = "device"
    state = "present"

    def __init__(self, params, snapshot, environ=None):
        super().__init__(snapshot)
        self.name = validate_ifname("name", params.get("name"))
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.from_netns = validate_optional_netns("from_netns", params.get("from_netns"))
        if params.get("from_netns") is not None and self.from_netns == self.netns:
            raise ValidationError("from_netns", params.get("from_netns"), "is the target namespace netns itself")
        self.force = flag(params, "force", False)
        self.wait = validate_int("wait", params.get("wait"), 0, WAIT_MAX, default=5)
        self.environ = os.environ if environ is None else environ

    @property
    def label(self):
        return label(self.name, self.netns)

    # -- read ------------------------------------------------------------------------------------
    def observe(self, snapshot):
        if snapshot.links(self.netns).get(self.name) is not None:  # MissingObjectError: no such target
            return Reading(self.view(snapshot, self.netns))
        where = self.find(snapshot)
        return Reading(self.view(snapshot, where))

    def candidates(self, snapshot):
        if self.from_netns is not None:
            return [self.from_netns]
        return [netns for netns in [None] + snapshot.namespaces() if netns != self.netns]

    def find(self, snapshot):
        """The one namespace (other than the target) holding the device, waiting up to ``wait`` s."""
        deadline = time.time() + self.wait
        while True:
            spaces = self.candidates(snapshot)
            found = [netns for netns in spaces if snapshot.links(netns).get(self.name) is not None]
            if len(found) > 1:
                raise ValidationError("from_netns", None, "is needed: %s is in %s" % (
                    self.name, ", ".join(netns or "the host's namespace" for netns in found)))
            if found:
                return found[0]
            if time.time() >= deadline:
                raise ValidationError("name", self.name, self.not_found(spaces))
            time.sleep(POLL)
            for netns in spaces:
                snapshot.invalidate(netns)

    def not_found(self, spaces):
        return ("is a device in none of %s (nor in %s), after waiting %d s. If it was in a namespace deleted"
                " while a process still holds that namespace, it comes back only when that process exits"
                % (", ".join(netns or "the host's namespace" for netns in spaces),
                   self.netns or "the host's namespace", self.wait))

    def view(self, snapshot, netns):
        links = snapshot.links(netns)
        record = links.get(self.name)
        routes = kept_routes(snapshot.routes(netns), self.name)
        addresses = kept_addresses(snapshot.addresses(netns).get(record["index"], []))
        view = {"name": self.name, "netns": netns, "addresses": addresses, "routes": routes,
                "up": bool(record.get("up"))}
        if netns != self.netns:
            problems = control_problems(self.session, netns, self.name, record["index"], addresses, routes,
                                        self.environ)
            if problems:
                view["refused"] = problems
        return view

    # -- plan ------------------------------------------------------------------------------------
    def plan(self, before, conflicts=()):
        if before is None or before["netns"] == self.netns:
            return []
        if before.get("refused") and not self.force:
            raise ConflictError("device %s: moving it to %s is refused: it %s; set force: true to move it anyway"
                                % (label(self.name, before["netns"]), self.netns or "the host's namespace",
                                   "; it ".join(before["refused"])), refused=before["refused"])
        details = {"from": before["netns"], "to": self.netns, "addresses": before["addresses"],
                   "routes": before["routes"]}
        return [Change("move", "device", label(self.name, before["netns"]), details,
                       command=self.move_commands(before),
                       op=MoveDevice(before["netns"], self.netns, before["addresses"], before["routes"],
                                     before["up"]))]

    def move_commands(self, before):
        commands = [ip_argv(before["netns"], "link", "set", self.name, "netns", ip_netns_target(self.netns)),
                    ip_argv(self.netns, "link", "set", self.name, "up")]
        commands += [ip_argv(self.netns, "addr", "add", cidr, "dev", self.name) for cidr in before["addresses"]]
        for route in before["routes"]:
            argv = ["route", "replace", route["dest"]]
            if route["gateway"]:
                argv += ["via", route["gateway"]]
            commands.append(ip_argv(self.netns, *(argv + ["dev", self.name, "metric", route["metric"],
                                                          "table", route["table"]])))
        if not before["up"]:
            commands.append(ip_argv(self.netns, "link", "set", self.name, "down"))
        return commands

    def expected(self, before):
        if before is None:
            return None
        after = dict(before, netns=self.netns)
        after.pop("refused", None)
        return after

    # -- apply -----------------------------------------------------------------------------------
    def perform(self, change):
        op = change.op
        move_link(self.session, op.from_netns, self.name, op.to_netns)
        link_index(self.session, op.to_netns, self.name)  # there now (MissingObjectError otherwise)
        set_link(self.session, op.to_netns, self.name, state="up")
        for cidr in op.addresses:
            change_address(self.session, op.to_netns, self.name, True, cidr)
        for route in op.routes:
            change_route(self.session, op.to_netns, "replace", route["dest"], route["table"], route["metric"],
                         gateway=route["gateway"], dev=self.name)
        if not op.up:
            set_link(self.session, op.to_netns, self.name, state="down")

    def forget_stale(self):
        self.snapshot.invalidate_all()
