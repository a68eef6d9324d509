# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind ``namespaces``: items of the netns module, each a NetnsResource.

Gathered: every named namespace (``loopback``: whether its ``lo`` is up); its owner mark is the
alias of its ``lo``.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import NetnsResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NETNS_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import Kind, netns_key


class NamespaceKind(Kind):
    option, module, spec, resource, rank, marked = "namespaces", "netns", NETNS_SPEC, NetnsResource, 0, True

    def provides(self, resource):
        return [netns_key(resource.name)]

    def label(self, resource):
        return resource.name

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
