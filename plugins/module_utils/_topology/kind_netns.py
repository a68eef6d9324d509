# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``namespaces``: items of the netns module, each a NetnsResource.

Gathered: every named namespace (``loopback``: whether its ``lo`` is up); its owner mark is the
alias of its ``lo``.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import NetnsResource, create_together, remove_made_ahead
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NETNS_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.group_delete import delete_veths_by_namespace
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, netns_key, only_deletes


class NamespaceKind(Kind):
    option, module, spec, resource, rank, marked = "namespaces", "netns", NETNS_SPEC, NetnsResource, 0, True
    CREATE_RUN, DELETE_RUN = "create namespaces", "delete namespaces"  # its together_keys

    def provides(self, resource):
        return [netns_key(resource.name)]

    def label(self, resource):
        return resource.name

    def together_key(self, resource, changes):
        """Namespace creations: made by one worker thread (_kernel/netns.create_together).
        Namespace deletions: the veths they hold, deleted from the other end, one request per
        namespace those ends are in (500 namespaces with a veth to the host: one request, not 500)."""
        if only_deletes(resource, changes):
            return self.DELETE_RUN
        return self.CREATE_RUN if changes and changes[0].payload[0] == "create" else None

    def prepare_together(self, ctx, run):
        if self.together_key(run[0].resource, run[0].changes) == self.CREATE_RUN:
            create_together([planned.resource for planned in run])
            return
        try:
            handled = delete_veths_by_namespace(
                ctx.session, [peer for planned in run for peer in planned.changes[0].payload[2]])
        finally:
            ctx.snapshot.invalidate_all()
        for planned in run:  # every veth inside has its other end outside, and those are gone
            _delete, inside, outside = planned.changes[0].payload
            planned.resource.peers_deleted_ahead = len(outside) == len(inside) and handled.issuperset(outside)

    def abandon_together(self, ctx, run):
        return remove_made_ahead([planned.resource for planned in run])

    def project(self, ctx, resource, before, after):
        if after is None:
            ctx.snapshot.remove_namespace(resource.name)
        elif before is None:
            ctx.snapshot.add_namespace(resource.name, after["loopback_up"])
        else:
            ctx.snapshot.put_link(resource.name, "lo", None, up=after["loopback_up"])

    def gather(self, host):
        snapshot = host.snapshot
        result = []
        for name in snapshot.namespaces():
            lo = snapshot.links(name).get("lo") or {}
            result.append(({"name": name, "loopback": bool(lo.get("up"))}, alias_owner(lo.get("alias"))))
        return result
