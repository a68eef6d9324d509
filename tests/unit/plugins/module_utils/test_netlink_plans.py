# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plans and diffs of the netlink resources, computed from plain-data snapshots (no kernel)."""

import pytest

from ansible_collections.linuxnet.netns.tests.unit.plugins.module_utils.netlink_fakes import FakeSnapshot, host_blue_pair, link

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import (
    ConflictError, MissingObjectError, ValidationError)
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.netns import NetnsResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.address import AddressResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.route import RouteResource
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Reading, converge
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource


def actions(changes):
    return [(change.action, change.kind, change.name) for change in changes]


def veth(snapshot, **params):
    base = {"name": "veth0", "peer": "veth1", "peer_netns": "blue"}
    base.update(params)
    return VethResource(base, snapshot)


def plan_of(resource):
    before, conflicts = resource.read()
    return before, resource.plan(before, conflicts), resource.expected(before)


# -- veth -----------------------------------------------------------------------------------------

def test_veth_in_place_is_unchanged():
    before, changes, after = plan_of(veth(host_blue_pair()))
    assert changes == []
    assert before["peer"] == {"name": "veth1", "netns": "blue", "mtu": 1500,
                              "mac": "02:00:00:00:00:02", "up": True}
    assert after == before


def test_veth_found_from_the_peer_side_too():
    resource = veth(host_blue_pair(), name="veth1", netns="blue", peer="veth0", peer_netns=None)
    before, changes, _after = plan_of(resource)
    assert changes == [] and before["name"] == "veth1" and before["peer"]["netns"] is None


def test_veth_missing_is_created():
    snapshot = FakeSnapshot({None: [link("lo", 1)], "blue": [link("lo", 1)]})
    before, changes, after = plan_of(veth(snapshot, mtu=1400))
    assert before is None
    assert actions(changes) == [("create", "veth", "veth0")]
    assert changes[0].details["peer_netns"] == "blue"
    assert after["mtu"] == 1400 and after["peer"]["netns"] == "blue" and after["up"] is True


def test_veth_drift_mtu_and_down_end():
    _before, changes, after = plan_of(veth(host_blue_pair(blue_up=False, mtu=1500), mtu=1400))
    assert [(c.name, c.details["attribute"]) for c in changes] == [
        ("veth0", "mtu"), ("veth1@blue", "mtu"), ("veth1@blue", "up")]
    assert after["peer"]["up"] and after["peer"]["mtu"] == 1400


def test_veth_end_in_wrong_namespace_is_moved_then_brought_up():
    # veth1 ended up on the host: both ends in the host namespace, no nsid
    snapshot = FakeSnapshot({None: [link("lo", 1), link("veth0", 5, "veth", link_index=6),
                                    link("veth1", 6, "veth", link_index=5)],
                             "blue": [link("lo", 1)]})
    _before, changes, after = plan_of(veth(snapshot))
    assert actions(changes) == [("move", "veth", "veth1"), ("set", "veth", "veth1@blue")]
    assert changes[0].details == {"from_netns": None, "to_netns": "blue"}
    assert changes[1].details["attribute"] == "up"
    assert after["peer"]["netns"] == "blue"


def test_veth_name_held_by_loopback_is_a_conflict_unless_forced():
    snapshot = FakeSnapshot({None: [link("lo", 1)], "blue": [link("lo", 1)]})
    resource = veth(snapshot, name="lo")
    with pytest.raises(ConflictError) as error:
        resource.plan(*resource.read())
    assert "lo is a kernel" in error.value.msg
    forced = veth(snapshot, name="lo", force=True)
    assert actions(forced.plan(*forced.read())) == [("delete", "link", "lo"), ("create", "veth", "lo")]


def test_veth_name_held_by_another_pair_is_a_conflict():
    snapshot = FakeSnapshot({None: [link("lo", 1), link("veth0", 5, "veth", link_index=6),
                                    link("veth9", 6, "veth", link_index=5)],
                             "blue": [link("lo", 1)]})
    resource = veth(snapshot)
    with pytest.raises(ConflictError) as error:
        resource.plan(*resource.read())
    assert "paired with veth9" in error.value.msg
    assert error.value.details["conflicts"][0]["name"] == "veth0"


def test_veth_unconfirmed_peer_is_not_the_pair():
    # veth0 points at index 2 in blue, but blue's index 2 points back at another index
    snapshot = FakeSnapshot(
        {None: [link("lo", 1), link("veth0", 5, "veth", link_index=2, link_nsid=0)],
         "blue": [link("lo", 1), link("veth1", 2, "veth", link_index=7, link_nsid=0)]},
        nsids={None: {0: "blue"}, "blue": {0: None}})
    resource = veth(snapshot)
    with pytest.raises(ConflictError):
        resource.plan(*resource.read())


def test_veth_absent():
    resource = veth(host_blue_pair(), state="absent")
    assert actions(resource.plan(*resource.read())) == [("delete", "veth", "veth0")]
    assert resource.expected(resource.read().before) is None
    gone = veth(FakeSnapshot({None: [link("lo", 1)], "blue": [link("lo", 1)]}), state="absent")
    assert gone.plan(*gone.read()) == []
    not_ours = veth(FakeSnapshot({None: [link("veth0", 3, "bridge")], "blue": []}), state="absent")
    assert not_ours.plan(*not_ours.read()) == []


def test_veth_missing_namespace_check_mode_warns_real_run_fails():
    snapshot = FakeSnapshot({None: [link("lo", 1)]})
    outcome = converge(veth(snapshot), check_mode=True)
    assert outcome.changed and outcome.missing == {"kind": "netns", "name": "blue"}
    assert outcome.warnings and "blue" in outcome.warnings[0]
    with pytest.raises(MissingObjectError):
        converge(veth(snapshot), check_mode=False)
    assert not converge(veth(snapshot, state="absent"), check_mode=False).changed


@pytest.mark.parametrize("params", [
    {"name": "veth0", "peer": "veth0", "peer_netns": None},
    {"name": "a" * 16},
    {"netns": "../etc"},
    {"mtu": 10},
    {"mac": "ff:ff:ff:ff:ff:ff"},
    {"state": "gone"},
])
def test_veth_bad_input(params):
    with pytest.raises(ValidationError):
        veth(FakeSnapshot({}), **params)


# -- addresses ------------------------------------------------------------------------------------

def addr(snapshot, **params):
    base = {"dev": "veth1", "netns": "blue", "address": ["10.0.2.100/24"]}
    base.update(params)
    return AddressResource(base, snapshot)


def blue_with_addresses(*cidrs, **kwargs):
    return FakeSnapshot({"blue": [link("lo", 1), link("veth1", 2, "veth", up=kwargs.get("up", True))]},
                        addresses={"blue": {2: list(cidrs)}})


def test_addresses_netmask_form_equals_prefix_form():
    resource = addr(blue_with_addresses("10.0.2.100/24"), address=["10.0.2.100/255.255.255.0"])
    assert resource.plan(*resource.read()) == []


def test_addresses_added_and_link_brought_up():
    resource = addr(blue_with_addresses(up=False), address=["10.0.2.100/24", "fd00::1/64"])
    changes = resource.plan(*resource.read())
    assert actions(changes) == [("add", "address", "10.0.2.100/24 on veth1@blue"),
                                ("add", "address", "fd00::1/64 on veth1@blue"),
                                ("set", "link", "veth1@blue")]
    assert changes[0].command == ["ip", "-n", "blue", "addr", "add", "10.0.2.100/24", "dev", "veth1"]


def test_addresses_purge_keeps_link_local():
    snapshot = blue_with_addresses("10.0.2.5/24", "10.0.2.100/24", "fe80::1/64")
    resource = addr(snapshot, purge=True)
    assert actions(resource.plan(*resource.read())) == [("delete", "address", "10.0.2.5/24 on veth1@blue")]
    assert resource.expected(resource.read().before)["addresses"] == ["10.0.2.100/24", "fe80::1/64"]
    keep = addr(snapshot)
    assert keep.plan(*keep.read()) == []


def test_addresses_absent_removes_only_listed():
    resource = addr(blue_with_addresses("10.0.2.5/24", "10.0.2.100/24"), state="absent")
    assert actions(resource.plan(*resource.read())) == [("delete", "address", "10.0.2.100/24 on veth1@blue")]
    assert resource.expected(resource.read().before)["addresses"] == ["10.0.2.5/24"]


def test_addresses_missing_device():
    snapshot = FakeSnapshot({"blue": [link("lo", 1)]})
    outcome = converge(addr(snapshot), check_mode=True)
    assert outcome.missing == {"kind": "device", "name": "veth1@blue"}
    assert not converge(addr(snapshot, state="absent"), check_mode=False).changed


# -- routes ---------------------------------------------------------------------------------------

def route(snapshot, **params):
    base = {"netns": "blue", "dest": "default", "gateway": "10.0.2.1"}
    base.update(params)
    return RouteResource(base, snapshot)


def blue_with_routes(*routes):
    return FakeSnapshot({"blue": [link("lo", 1), link("veth1", 2, "veth")]}, routes={"blue": list(routes)})


def kernel_route(dest, gateway=None, dev="veth1", metric=0, table=254):
    return {"dest": dest, "gateway": gateway, "dev": dev, "metric": metric, "table": table,
            "protocol": 3, "scope": 0}


def test_route_created_then_unchanged():
    resource = route(blue_with_routes())
    changes = resource.plan(*resource.read())
    assert actions(changes) == [("create", "route", "0.0.0.0/0 metric 0@blue")]
    assert changes[0].command == ["ip", "-n", "blue", "route", "add", "0.0.0.0/0", "via", "10.0.2.1",
                                  "metric", "0", "table", "254"]
    same = route(blue_with_routes(kernel_route("0.0.0.0/0", "10.0.2.1")))
    assert same.plan(*same.read()) == []


def test_route_gateway_drift_is_replaced():
    resource = route(blue_with_routes(kernel_route("0.0.0.0/0", "10.0.2.254")))
    changes = resource.plan(*resource.read())
    assert actions(changes) == [("set", "route", "0.0.0.0/0 metric 0@blue")]
    assert changes[0].details == {"gateway": {"before": "10.0.2.254", "after": "10.0.2.1"}}


def test_route_identity_includes_metric_and_table():
    snapshot = blue_with_routes(kernel_route("0.0.0.0/0", "10.0.2.1", metric=100))
    resource = route(snapshot)
    assert actions(resource.plan(*resource.read()))[0][0] == "create"
    other_table = route(snapshot, table=100, metric=100)
    assert actions(other_table.plan(*other_table.read()))[0][0] == "create"


def test_route_on_link_replaces_gateway():
    resource = route(blue_with_routes(kernel_route("10.9.0.0/16", "10.0.2.1")), dest="10.9.0.0/16",
                     gateway=None, dev="veth1")
    changes = resource.plan(*resource.read())
    assert changes[0].details == {"gateway": {"before": "10.0.2.1", "after": None}}


def test_route_absent_and_bad_input():
    resource = route(blue_with_routes(kernel_route("0.0.0.0/0", "10.0.2.1")), state="absent", gateway=None)
    assert actions(resource.plan(*resource.read())) == [("delete", "route", "0.0.0.0/0 metric 0@blue")]
    with pytest.raises(ValidationError):
        route(FakeSnapshot({}), dest="10.0.0.0/8", gateway="fd00::1")
    with pytest.raises(ValidationError):
        route(FakeSnapshot({}), gateway=None)


# -- netns ----------------------------------------------------------------------------------------

class ReadlessNetns(NetnsResource):
    """sysctls come from the test, not from /proc."""

    current_sysctls = {}

    def read(self):
        if not self.snapshot.exists(self.name):
            return Reading(None)
        lo = self.snapshot.links(self.name).get("lo")
        return Reading({"name": self.name, "loopback_up": lo["up"], "links": [],
                        "sysctls": dict(self.current_sysctls)})


def netns(snapshot, **params):
    base = {"name": "blue"}
    base.update(params)
    return ReadlessNetns(base, snapshot)


def test_netns_created_with_loopback_and_sysctls():
    resource = netns(FakeSnapshot({None: []}), sysctls={"net.ipv4.ip_forward": 1})
    changes = resource.plan(*resource.read())
    assert actions(changes) == [("create", "netns", "blue"), ("set", "loopback", "lo@blue"),
                                ("set", "sysctl", "net.ipv4.ip_forward@blue")]
    # a creation takes two commands: the namespace, then the owner mark on its lo
    assert changes[0].command == [["ip", "netns", "add", "blue"],
                                  ["ip", "-n", "blue", "link", "set", "lo", "alias", "linuxnet-owner:linuxnet"]]
    assert resource.expected(None)["sysctls"] == {"net.ipv4.ip_forward": "1"}


def test_netns_existing_compares_sysctls_as_text():
    snapshot = FakeSnapshot({None: [], "blue": [link("lo", 1)]})
    resource = netns(snapshot, sysctls={"net.ipv4.ip_forward": True})
    resource.current_sysctls = {"net.ipv4.ip_forward": "1"}
    assert resource.plan(*resource.read()) == []
    resource.current_sysctls = {"net.ipv4.ip_forward": "0"}
    changes = resource.plan(*resource.read())
    assert changes[0].details == {"key": "net.ipv4.ip_forward", "before": "0", "after": "1"}


def test_netns_absent_reports_links():
    snapshot = FakeSnapshot({None: [link("veth0", 5, "veth", link_index=2, link_nsid=0)],
                             "blue": [link("lo", 1), link("veth1", 2, "veth", link_index=5, link_nsid=0)]},
                            nsids={None: {0: "blue"}, "blue": {0: None}})
    resource = NetnsResource({"name": "blue", "state": "absent"}, snapshot)
    changes = resource.plan(*resource.read())
    assert changes[0].details["links_removed"] == [
        {"name": "lo", "kind": None}, {"name": "veth1", "kind": "veth", "peer": {"name": "veth0", "netns": None}}]
    gone = NetnsResource({"name": "red", "state": "absent"}, snapshot)
    assert gone.plan(*gone.read()) == []


# -- apply: a refusal names the step and what was done before -------------------------------------

def test_apply_steps_reports_done_steps():
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.applier import apply_steps
    from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
    from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import Change

    steps = [Change("create", "netns", "blue"), Change("set", "sysctl", "net.x@blue")]

    def perform(change):
        if change.kind == "sysctl":
            raise OSError(13, "Permission denied")

    with pytest.raises(BackendError) as error:
        apply_steps(steps, perform)
    assert error.value.msg == "set sysctl net.x@blue failed: Permission denied"
    assert error.value.details["done"] == [{"action": "create", "kind": "netns", "name": "blue"}]
    assert error.value.details["failed_step"] == {"action": "set", "kind": "sysctl", "name": "net.x@blue"}


def test_veth_commands_are_the_equivalent_ip_argv():
    snapshot = FakeSnapshot({None: [link("lo", 1)], "blue": [link("lo", 1)], "red": [link("lo", 1)]})
    resource = veth(snapshot, netns="red", mtu=1400, mac="02:00:00:00:00:aa")
    # a creation takes three commands: the pair, then the owner mark (and link state) on each end
    assert resource.plan(*resource.read())[0].command == [
        ["ip", "-n", "red", "link", "add", "veth0", "mtu", "1400", "address", "02:00:00:00:00:aa",
         "type", "veth", "peer", "name", "veth1", "netns", "blue", "mtu", "1400"],
        ["ip", "-n", "red", "link", "set", "veth0", "alias", "linuxnet-owner:linuxnet", "up"],
        ["ip", "-n", "blue", "link", "set", "veth1", "alias", "linuxnet-owner:linuxnet", "up"]]
    moved = FakeSnapshot({None: [link("lo", 1), link("veth0", 5, "veth", link_index=6),
                                 link("veth1", 6, "veth", link_index=5)], "blue": [link("lo", 1)]})
    changes = veth(moved).plan(*veth(moved).read())
    assert [c.command for c in changes] == [["ip", "link", "set", "veth1", "netns", "blue"],
                                            ["ip", "-n", "blue", "link", "set", "veth1", "up"]]
