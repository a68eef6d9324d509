# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The NAT of one namespace by one owner: masquerades, port forwards (DNAT) and the forwarding sysctl.

The rules live in an nftables table of their own, ``ip linuxnet_<owner>`` in ``netns``
(nat_rules.py), replaced whole in one transaction (nft.py, libnftables' JSON API); no other table is read for more than a
warning, none is ever written. The interfaces named must exist (the netlink snapshot says so,
the planned one in the topology module), so a typo is refused before anything changes.
"""

from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname, validate_optional_netns
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    parse_network, validate_bool, validate_choice, validate_int, validate_ip, validate_list)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nat_rules, nft
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import KernelResource
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import label
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.sysctl import read_sysctls, write_sysctls

FORWARDING_KEY = "net.ipv4.ip_forward"
PORT_MAX = 65535
PROTOCOLS = ("tcp", "udp")

NftBatch = namedtuple("NftBatch", "netns commands")
SetForwarding = namedtuple("SetForwarding", "netns")


def validate_source(field, value):
    network = parse_network(field, value, hint="a network such as 10.0.2.0/24, no host bits")
    if network.version != 4:
        raise ValidationError(field, value, "is not an IPv4 network (the NAT table is of family ip)")
    return str(network)


def validate_port(field, value):
    """A port (an integer) or a range ``"LOW-HIGH"`` (a string; ``"80-80"`` is the port 80)."""
    if isinstance(value, str) and "-" in value.strip("-"):
        parts = [part.strip() for part in value.split("-")]
        if len(parts) != 2 or not all(part.isdigit() and 1 <= int(part) <= PORT_MAX for part in parts):
            raise ValidationError(field, value, "is not a port range LOW-HIGH of ports 1..%d" % PORT_MAX)
        low, high = int(parts[0]), int(parts[1])
        if low > high:
            raise ValidationError(field, value, "is a range whose low end is above its high end")
        return low if low == high else "%d-%d" % (low, high)
    return validate_int(field, value, 1, PORT_MAX, text=True, required=True)


def validate_masquerade(field, item):
    if not isinstance(item, dict):
        raise ValidationError(field, item, "must be a dictionary with source and out_interface")
    return {"source": validate_source(field + ".source", item.get("source")),
            "out_interface": validate_ifname(field + ".out_interface", item.get("out_interface"))}


def validate_forward(field, item):
    if not isinstance(item, dict):
        raise ValidationError(field, item, "must be a dictionary with port and to")
    to = validate_ip(field + ".to", item.get("to"), required=True, unicast=True)
    if ":" in to:
        raise ValidationError(field + ".to", item.get("to"), "is not an IPv4 address (the NAT table is of family ip)")
    in_interface = item.get("in_interface")
    return {"protocol": validate_choice(field + ".protocol", item.get("protocol") or "tcp", PROTOCOLS),
            "port": validate_port(field + ".port", item.get("port")),
            "to": to,
            "to_port": validate_int(field + ".to_port", item.get("to_port"), 1, PORT_MAX, text=True),
            "in_interface": None if in_interface is None else validate_ifname(field + ".in_interface", in_interface)}


def validate_items(field, value, check):
    return [check("%s[%d]" % (field, index), item)
            for index, item in enumerate(validate_list(field, value or []))]


def sysctl_argv(netns):
    prefix = [] if netns is None else ["ip", "netns", "exec", netns]
    return prefix + ["sysctl", "-w", FORWARDING_KEY + "=1"]


class NatResource(KernelResource):
    """The table ``linuxnet_<owner>`` in ``netns`` and, with ``forwarding``, ip_forward on."""

    kind = "nat"

    def __init__(self, params, snapshot):
        self.netns = validate_optional_netns("netns", params.get("netns"))
        self.owner = validate_owner("owner", params.get("owner"))
        self.state = validate_state(params.get("state"))
        self.masquerade = validate_items("masquerade", params.get("masquerade"), validate_masquerade)
        self.forwards = validate_items("forwards", params.get("forwards"), validate_forward)
        self.forwarding = validate_bool("forwarding", params.get("forwarding"), default=True)
        self.table = nat_rules.table_name(self.owner)
        self.label = label(self.table, self.netns)
        self.forwarding_now = None  # ip_forward as read (True/False)
        self.warnings = []
        super().__init__(snapshot)

    # -- reading -------------------------------------------------------------------------------
    def interface_fields(self):
        """(field, ifname) of every interface the rules name."""
        fields = [("masquerade[%d].out_interface" % index, item["out_interface"])
                  for index, item in enumerate(self.masquerade)]
        return fields + [("forwards[%d].in_interface" % index, item["in_interface"])
                         for index, item in enumerate(self.forwards) if item["in_interface"]]

    def interfaces(self):
        return sorted(set(ifname for _field, ifname in self.interface_fields()))

    def observe(self, snapshot):
        snapshot.require(self.netns)
        if self.state != "absent":
            links = snapshot.links(self.netns)
            for field, ifname in self.interface_fields():
                if links.get(ifname) is None:
                    raise MissingObjectError("device", label(ifname, self.netns),
                                             needed_by="%s of nat %s" % (field, self.label))
        ruleset, forwarding = self.read_host(snapshot)
        self.forwarding_now = forwarding
        if self.state != "absent":
            self.warnings = ["nat %s: %s drops forwarded packets by policy; masqueraded and forwarded "
                             "traffic passes only where that chain accepts it" % (self.label, chain)
                             for chain in nat_rules.dropping_forward_chains(ruleset, self.table)]
        found = nat_rules.read_table(ruleset, self.table)
        return Reading(None if found is None else self.view(found, forwarding))

    def read_host(self, snapshot):
        """(ruleset, ip_forward on) of the namespace; a bare host (``rendered``) or a namespace that
        exists only in the plan holds no table and forwards nothing."""
        if getattr(snapshot, "offline", False) or (self.state == "absent" and not nft.available()):
            return [], False  # without nftables there is no table to remove
        try:
            ruleset = nft.read_ruleset(self.netns)
        except MissingObjectError:
            return [], False
        return ruleset, read_sysctls(self.netns, [FORWARDING_KEY])[FORWARDING_KEY] == "1"

    def view(self, rules, forwarding):
        result = {"netns": self.netns, "table": self.table, "masquerade": rules["masquerade"],
                  "forwards": rules["forwards"], "forwarding": forwarding}
        if rules.get("unrecognised"):
            result["unrecognised"] = rules["unrecognised"]
        return result

    # -- planning ------------------------------------------------------------------------------
    def wanted(self):
        return {"masquerade": self.masquerade, "forwards": self.forwards}

    def plan_present(self, before, conflicts):
        changes = []
        if before is None or before.get("unrecognised") or any(before[key] != value for key, value in self.wanted().items()):
            commands = nat_rules.table_batch(self.table, self.wanted())
            changes.append(Change("create" if before is None else "replace", "nat", self.label, dict(self.wanted()),
                                  command=nft.nft_argv(self.netns, commands), op=NftBatch(self.netns, commands)))
        if self.forwarding and not self.forwarding_now:
            changes.append(Change("set", "sysctl", label(FORWARDING_KEY, self.netns), {"before": "0", "after": "1"},
                                  command=sysctl_argv(self.netns), op=SetForwarding(self.netns)))
        return changes

    def deletion(self, before):
        commands = nat_rules.delete_batch(self.table)
        return Change("delete", "nat", self.label, command=nft.nft_argv(self.netns, commands),
                      op=NftBatch(self.netns, commands))

    def expected(self, before):
        if self.state == "absent":
            return None
        return self.view(self.wanted(), True if self.forwarding else bool(self.forwarding_now))

    # -- writing -------------------------------------------------------------------------------
    def perform(self, change):
        op = change.op
        if isinstance(op, NftBatch):
            nft.apply_batch(op.netns, op.commands)
        elif isinstance(op, SetForwarding):
            write_sysctls(op.netns, {FORWARDING_KEY: "1"})
        else:
            raise TypeError("not a nat change: %r" % (op,))

    def forget_stale(self):
        """nftables and sysctls are not in the netlink snapshot: nothing of it went stale."""
