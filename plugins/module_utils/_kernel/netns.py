# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A named network namespace: exists, loopback up, sysctls set inside it."""

from collections import namedtuple

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.group_delete import (
    delete_links_together, delete_veths_by_namespace)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.linkops import delete_link, set_link
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_netns_name
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import ip_argv
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.nsfs import remove_namespace
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import alias_mark, validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag, validate_state
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change, Reading
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import (
    KernelResource, SetLink, only_deletes, perform_link_op)
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.sysctl import (
    read_sysctls, validate_sysctls, write_sysctls)

LOOPBACK = "lo"

CreateNamespace = namedtuple("CreateNamespace", "")
# veths: names of its veths; outside: (netns, ifname) of their other ends in other namespaces
DeleteNamespace = namedtuple("DeleteNamespace", "veths outside")
WriteSysctl = namedtuple("WriteSysctl", "key")
CREATE_RUN, DELETE_RUN = "create namespaces", "delete namespaces"  # its together_keys


def link_summary(snapshot, netns):
    """The links of a namespace with their kind and, for a veth, where the peer is."""
    summary = []
    for record in snapshot.links(netns).records:
        item = {"name": record["ifname"], "kind": record.get("kind")}
        peer = snapshot.peer_of(netns, record)
        if peer is not None:
            item["peer"] = {"name": peer[1]["ifname"], "netns": peer[0]}
        summary.append(item)
    return summary


class NetnsResource(KernelResource):
    kind = "netns"

    def __init__(self, params, snapshot):
        super().__init__(snapshot)
        self.name = validate_netns_name("name", params.get("name"))
        self.state = validate_state(params.get("state"))
        self.loopback = flag(params, "loopback", True)
        self.sysctls = validate_sysctls("sysctls", params.get("sysctls"))
        self.owner = validate_owner("owner", params.get("owner"))
        self._made_ahead = False  # made and marked by prepare_together, its "create" step not applied yet
        self._peers_deleted_ahead = False  # the other ends of its veths deleted by prepare_together

    def observe(self, snapshot):
        if not snapshot.exists(self.name):
            return Reading(None)
        lo = snapshot.links(self.name).get(LOOPBACK)
        state = {"name": self.name, "loopback_up": bool(lo and lo["up"]),
                 "links": link_summary(snapshot, self.name)}
        if self.state == "present":
            state["sysctls"] = read_sysctls(self.name, sorted(self.sysctls))
        return Reading(state)

    def deletion(self, before):
        veths = [link for link in before["links"] if link.get("kind") == "veth"]
        # their other ends elsewhere: the topology module deletes those of many namespaces at once
        outside = tuple((link["peer"]["netns"], link["peer"]["name"]) for link in veths
                        if link.get("peer") and link["peer"]["netns"] != self.name)
        return Change("delete", "netns", self.name, {"links_removed": before["links"]},
                      command=["ip", "netns", "delete", self.name],
                      op=DeleteNamespace(tuple(link["name"] for link in veths), outside))

    def plan_present(self, before, conflicts):
        changes = []
        if before is None:
            changes.append(Change("create", "netns", self.name,
                                  command=[["ip", "netns", "add", self.name],
                                           ["ip", "-n", self.name, "link", "set", LOOPBACK, "alias",
                                            alias_mark(self.owner)]],
                                  op=CreateNamespace()))
            before = {"loopback_up": False, "sysctls": {}}
        if self.loopback and not before["loopback_up"]:
            changes.append(Change("set", "loopback", "%s@%s" % (LOOPBACK, self.name),
                                  {"attribute": "up", "before": False, "after": True},
                                  command=ip_argv(self.name, "link", "set", LOOPBACK, "up"),
                                  op=SetLink(self.name, LOOPBACK, {"state": "up"})))
        for key in sorted(self.sysctls):
            current = before["sysctls"].get(key)
            if current != self.sysctls[key]:
                changes.append(Change("set", "sysctl", "%s@%s" % (key, self.name),
                                      {"key": key, "before": current, "after": self.sysctls[key]},
                                      command=["ip", "netns", "exec", self.name, "sysctl", "-w",
                                               "%s=%s" % (key, self.sysctls[key])],
                                      op=WriteSysctl(key)))
        return changes

    def expected(self, before):
        if self.state == "absent":
            return None
        after = dict(before) if before else {"name": self.name, "loopback_up": False, "sysctls": {},
                                             "links": [{"name": LOOPBACK, "kind": None}]}
        if self.loopback:
            after["loopback_up"] = True
        after["sysctls"] = dict(after.get("sysctls") or {}, **self.sysctls)
        return after

    def forget_stale(self):
        self.snapshot.invalidate_all()  # the list of namespaces, and every nsid

    def perform(self, change):
        op = change.op
        if isinstance(op, CreateNamespace):
            if self._made_ahead:
                self._made_ahead = False
                return
            self.session.create_namespace(self.name)
            self.mark()
        elif isinstance(op, DeleteNamespace):
            # The kernel destroys a namespace (and the veth peers of its links) later, on its own;
            # deleting the veths first frees their names in the other namespaces right now, so the
            # same names can be created again at once. When prepare_together has deleted the other
            # ends of all of them ahead, they are gone already.
            if op.veths and not self._peers_deleted_ahead:
                if not delete_links_together(self.session, self.name, op.veths, kind="veth"):
                    for ifname in op.veths:
                        delete_link(self.session, self.name, ifname)
            self.unmake()
        elif isinstance(op, WriteSysctl):
            write_sysctls(self.name, {op.key: self.sysctls[op.key]})
        else:
            perform_link_op(self.session, op)

    def mark(self):
        # the owner mark: a namespace has no attribute of its own, its loopback carries it
        set_link(self.session, self.name, LOOPBACK, ifalias=alias_mark(self.owner))

    def unmake(self):
        self._made_ahead = False
        self.session.forget(self.name)  # an open socket would keep the namespace alive
        remove_namespace(self.name)

    # -- batching (the topology module) -----------------------------------------------------------
    def together_key(self, changes):
        """Namespace creations: made by one worker thread (``create_together``).
        Namespace deletions: the veths they hold, deleted from the other end, one request per
        namespace those ends are in (500 namespaces with a veth to the host: one request, not 500)."""
        if only_deletes(self, changes):
            return DELETE_RUN
        return CREATE_RUN if changes and isinstance(changes[0].op, CreateNamespace) else None

    @classmethod
    def prepare_together(cls, batch):
        resources = [resource for resource, _changes in batch]
        if resources[0].together_key(batch[0][1]) == CREATE_RUN:
            cls.create_together(resources)
            return
        snapshot = resources[0].snapshot
        try:
            handled = delete_veths_by_namespace(
                snapshot.session, [peer for _resource, changes in batch for peer in changes[0].op.outside])
        finally:
            snapshot.invalidate_all()
        for resource, changes in batch:  # every veth inside has its other end outside, and those are gone
            op = changes[0].op
            resource._peers_deleted_ahead = len(op.outside) == len(op.veths) and handled.issuperset(op.outside)

    @classmethod
    def abandon_together(cls, batch):
        return cls.remove_made_ahead([resource for resource, _changes in batch])

    @classmethod
    def create_together(cls, resources):
        """The namespaces of many resources whose plan creates them (a run of the topology module),
        made with ONE worker thread and then marked; each resource's "create" step then finds its
        namespace made. On a failure the rest is left to the steps: the first of them not made
        creates its namespace by itself and reports the error."""
        names_made = resources[0].session.create_namespaces([resource.name for resource in resources])
        made = resources[:len(names_made)]  # the first ones, in order
        for resource in made:
            resource._made_ahead = True
        for position, resource in enumerate(made):
            try:
                resource.mark()
            except NetnsError:
                # the unmarked ones go again (an unmarked namespace is never removed by this collection)
                left = cls.remove_made_ahead(made[position:])
                if left:
                    raise BackendError("namespaces made without their owner mark could not be removed: %s"
                                       % ", ".join(left), unmarked=left)
                return

    @staticmethod
    def remove_made_ahead(resources):
        """Remove the namespaces create_together made whose own step was not applied (a step before
        them failed), so that the host holds what ``done`` says. The names not removed."""
        left = []
        for resource in resources:
            if not resource._made_ahead:
                continue
            try:
                resource.unmake()
            except NetnsError:
                left.append(resource.name)
        return left
