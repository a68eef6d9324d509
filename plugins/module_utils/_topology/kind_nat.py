# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``nats``: items of the ns_nat module, each a NatResource (the table of the module's owner).

Order: after the namespace and every interface its rules name (a veth end made by the same run),
last of all (rank 60): nothing depends on it. Marked by its table's name (``linuxnet_<owner>``),
so ``overridden`` removes the owner's unlisted tables and never another tool's. Gathered: every
``ip linuxnet_*`` table of the host's namespace and of the named ones (none when nftables is not
installed, or when the kernel has no nf_tables: then there is nothing to list).
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import nat_rules, nft
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.nat import FORWARDING_KEY, NatResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_NAT_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.sysctl import read_sysctls
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, in_namespace, link_key, spaces


def gathered_item(netns, rules, forwarding):
    forwards = [dict((key, value) for key, value in item.items() if value is not None) for item in rules["forwards"]]
    return {"netns": netns, "masquerade": rules["masquerade"], "forwards": forwards, "forwarding": forwarding}


class NatKind(Kind):
    option, module, spec, resource, rank, marked = "nats", "ns_nat", NS_NAT_SPEC, NatResource, 60, True
    absent_keys = ("netns",)

    def requires(self, resource):
        return in_namespace(resource.netns) + [link_key(resource.netns, ifname) for ifname in resource.interfaces()]

    def identity(self, item):
        return [item.get("netns") or None]

    def gather(self, host):
        if not nft.available():
            return []
        result = []
        try:
            rulesets = nft.read_rulesets(spaces(host.snapshot))  # one worker visits every namespace
        except BackendError as error:
            if "not supported" in error.msg:  # a kernel without nf_tables holds no table of ours
                return []
            raise
        for netns in spaces(host.snapshot):
            ruleset = rulesets[netns]
            owners = nat_rules.owners_of(ruleset)
            if not owners:
                continue
            forwarding = read_sysctls(netns, [FORWARDING_KEY])[FORWARDING_KEY] == "1"
            for owner in owners:
                rules = nat_rules.read_table(ruleset, nat_rules.table_name(owner))
                result.append((gathered_item(netns, rules, forwarding), owner))
        return result
