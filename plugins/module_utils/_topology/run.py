# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module glue of linuxnet.netns.topology: sessions, the OVS read, states, results.

The only place of the topology module that calls fail_json / exit_json.
"""

import os
import resource
import sys
import time

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError, NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.hostlock import host_lock
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.state import OvsState
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import OvsdbClient
from ansible_collections.linuxnet.netns.plugins.module_utils._core.owner import validate_owner
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.apply import apply_plan
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.context import PlanContext
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist import (
    Persistence, Systemd, check_host, running_payload)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist import apply as apply_persistence
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.persist_doc import PERSISTED_STATES, Declared
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.planning import plan, plan_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.results import results
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.steps import build_steps
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.gather import gather, items_only
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import OVS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KINDS, OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.render import (
    as_script_lines, render_argvs)
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.snapshot import PlannedSnapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.source import ListsError, read_items_file
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.states import (
    as_listed, desired_items, needs_inventory)

ARGV_MARGIN = 16384


def empty_ovs_state():
    return OvsState({}, {}, {})


def argv_limit():
    """Bytes an ovs-vsctl argv may take: ARG_MAX less the environment passed along, less a margin."""
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError):
        limit = 131072
    environment = sum(len(key) + len(value) + 2 for key, value in os.environ.items())
    return max(limit - environment - ARGV_MARGIN, 32768)


def ovs_client(module):
    """The OVSDB client of this call (nothing is run yet)."""
    binary = module.get_bin_path("ovs-vsctl")

    def run(argv):
        return module.run_command(argv, expand_user_and_vars=False)

    return OvsdbClient(run, module.params["db"], binary or "ovs-vsctl"), binary


def read_ovs(module, client, binary, wanted, inventory_needed):
    """The OVS state. OVS is read only when the call needs it; a host without OVS is fine as long
    as no bridge or port (no object of an OVS kind) is listed."""
    listed = any(wanted.get(kind.option) for kind in KINDS if kind.backend == OVS)
    if not listed and not inventory_needed:
        return empty_ovs_state()
    if not binary:
        if listed:
            raise BackendError("ovs-vsctl not found on the managed host, so bridges and ports cannot be "
                               "managed: install Open vSwitch (role linuxnet.netns.prerequisites)",
                               db=module.params["db"])
        return empty_ovs_state()
    try:
        return client.read()
    except BackendError as error:
        if listed:
            raise
        module.warn("Open vSwitch is not reachable (%s); only netlink objects are considered" % error.msg)
        return empty_ovs_state()


def stats(started, timings=()):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": round(time.time() - started, 3),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),  # the whole module process
            "max_rss_kb": usage.ru_maxrss,
            "phases": [{"phase": what, "changes": count, "seconds": round(seconds, 3)}
                       for what, count, seconds in timings]}


def offline_context(db, owner):
    """A plan context for a bare host that is never read or written (``rendered``)."""
    return PlanContext(None, PlannedSnapshot(None, offline=True), OvsdbClient(None, db), empty_ovs_state(), owner)


def rendered(module, wanted, owner):
    ctx = offline_context(module.params["db"], owner)
    ordered, _warnings = plan(desired_items("rendered", wanted, {}, owner), ctx, check_mode=True)
    return as_script_lines(render_argvs(ordered, ctx.ovs_client))


def converge_topology(module, wanted, owner, state):
    """Read, plan and (unless check mode) apply. Returns the module result.

    Every listed item is built (its values checked) before the host is read: a bad value fails
    the call before any netlink or OVS request."""
    with NetlinkSession(module) as session:
        snapshot = PlannedSnapshot(session)
        client, binary = ovs_client(module)
        ctx = PlanContext(session, snapshot, client, None, owner)
        if state != "merged":
            # the items converged are derived from the listed ones (and from what the host holds):
            # check the listed ones as given first
            build_steps(as_listed(state, wanted), ctx)
        inventory = {}
        if needs_inventory(state, wanted):
            ctx.ovs_state = read_ovs(module, client, binary, wanted, True)
            inventory = gather(snapshot, ctx.ovs_state)
            if state == "gathered":
                return {"changed": False, "gathered": items_only(inventory)}
        started = time.time()
        steps = build_steps(desired_items(state, wanted, inventory, owner), ctx)
        if ctx.ovs_state is None:
            ctx.ovs_state = read_ovs(module, client, binary, wanted, False)
        ordered, warnings = plan_steps(steps, ctx, module.check_mode, started)
        if not module.check_mode:
            apply_plan(ordered, ctx, argv_limit())
    for warning in warnings:
        module.warn(warning)
    before, after, counts, changes = results(ordered)
    result = {"changed": bool(changes), "before": before, "counts": counts,
              "changes": changes}
    if changes:
        result["after"] = after
    if module._diff:
        result["diff"] = {"before": before, "after": after}
    result["_timings"] = ctx.timings
    return result


def listed(params):
    """The lists of this call: from ``items_file`` when it is set (the action plugin ships long
    lists that way), else from the list options."""
    path = params.get("items_file")
    if path is None:
        return dict((option, params.get(option) or []) for option in OPTIONS)
    inline = [option for option in OPTIONS if params.get(option)]
    if inline:
        raise ListsError("items_file", path, "items_file %s and the option %s are mutually exclusive: list %s "
                                             "either in the file or in the task" % (path, inline[0], inline[0]))
    lists = read_items_file(path)
    return dict((option, lists.get(option) or []) for option in OPTIONS)


def invocation(params, lists=None):
    """A short ``invocation`` (AnsibleModule would echo every item back: at 3000 items, seconds of
    Ansible's own result handling): the scalar options as given, the lists by their length."""
    lists = lists or params
    args = dict((key, value) for key, value in params.items() if key not in OPTIONS)
    args.update((option, "%d items" % len(lists.get(option) or [])) for option in OPTIONS)
    return {"module_args": args}


def persistence_of(module, wanted, owner, state, boot_entry):
    """The owner's Persistence this call asks for (checked: persist: true needs systemd and the
    payload), or None when it leaves persistence alone (``persist`` not given)."""
    persist = module.params.get("persist")
    after = [validate_owner("persist_after[%d]" % index, name)
             for index, name in enumerate(module.params.get("persist_after") or [])]
    if state in ("gathered", "rendered"):
        if persist:
            raise NetnsError("persist: true needs state merged, replaced or overridden, not %s" % state,
                             field="persist", value=persist)
        return None
    if persist is None and state != "deleted":
        return None
    systemd = Systemd(lambda argv: module.run_command(argv, expand_user_and_vars=False),
                      module.get_bin_path("systemctl"))
    if not persist or state not in PERSISTED_STATES:  # persist: false, or state deleted
        return Persistence(owner, None, systemd)
    engine = (running_payload(__file__), sys.executable, boot_entry)
    check_host(systemd, engine)
    return Persistence(owner, Declared(wanted, state, owner, module.params["db"]), systemd, engine=engine, after=after)


def persist_result(module, persistence, result):
    """Plan (and unless check mode apply) the persistence; its changes join the result's."""
    before = persistence.read()
    changes = persistence.plan(before)
    if not module.check_mode:
        apply_persistence(changes)
    result["changes"].extend(change.as_dict() for change in changes)
    result["changed"] = bool(result["changes"])
    result["persisted"] = persistence.expected()
    if module._diff:
        result["diff"] = {"before": dict(result["before"], persisted=before),
                          "after": dict(result.get("after") or result["before"], persisted=persistence.expected())}


def run_topology_module(module, boot_entry=None):
    started = time.time()
    params = module.params
    state = params["state"]
    if params.get("src") is not None:  # the action plugin replaces src by its lists
        module.fail_json(msg="src %s reached the managed host: it is read on the controller by the action plugin "
                             "of linuxnet.netns.topology; call the module by that name" % params["src"],
                         field="src", value=params["src"], invocation=invocation(params))
    lists = None
    try:
        lists = listed(params)
        wanted = validate_items(lists)
        owner = validate_owner("owner", params.get("owner"))
        persistence = persistence_of(module, wanted, owner, state, boot_entry)  # refused before any change
        if state == "rendered":
            result = {"changed": False, "rendered": rendered(module, wanted, owner)}
        else:
            with host_lock():  # the same lock as the single modules: runs do not interleave
                result = converge_topology(module, wanted, owner, state)
                if persistence is not None:
                    persist_result(module, persistence, result)
    except NetnsError as error:
        module.fail_json(msg=error.msg, invocation=invocation(params, lists), **error.details)
    result["invocation"] = invocation(params, lists)
    result["stats"] = stats(started, result.pop("_timings", ()))
    module.exit_json(**result)
