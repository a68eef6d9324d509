# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many links deleted in one request through a link group, against the real kernel (sandbox)."""

from conftest import count_calls, ip, links

from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import group_delete
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.group_delete import delete_links_together
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.write import set_link_group
from topology_helpers import topology


def veths(netns, peer_netns, count, prefix):
    """``count`` pairs PREFIXaN in ``netns`` (None: the sandbox's own) - PREFIXbN in ``peer_netns``."""
    where = ["-n", netns] if netns else []
    for i in range(count):
        ip(*(where + ["link", "add", "%sa%d" % (prefix, i), "type", "veth", "peer", "name", "%sb%d" % (prefix, i),
                      "netns", peer_netns]))
    return ["%sa%d" % (prefix, i) for i in range(count)]


def other_link(name, group):
    """A link that is not ours (a veth with both ends here), in link group ``group``."""
    ip("link", "add", name, "type", "veth", "peer", "name", name + "p")
    ip("link", "set", name, "group", str(group))


def group_of(netns, ifname):
    return links(netns)[ifname].get("group")


def test_the_listed_links_go_in_one_request_and_nothing_else(make_netns, session, monkeypatch):
    blue = make_netns()
    names = veths(None, blue, 3, "kg")
    other_link("kgkeep", 7)
    group_deletions = count_calls(monkeypatch, group_delete, "delete_link_group")
    assert delete_links_together(session, None, names + ["kgmissing"])
    assert len(group_deletions) == 1
    host, inner = links(None), links(blue)
    assert not set(names) & set(host) and not [name for name in inner if name.startswith("kgb")]
    assert group_of(None, "kgkeep") == "7"  # ip shows a group by number when it has no name


def test_a_single_link_is_left_to_the_caller(make_netns, session):
    blue = make_netns()
    names = veths(None, blue, 1, "kh")
    assert not delete_links_together(session, None, names + ["khmissing"])
    assert "kha0" in links(None) and group_of(None, "kha0") == "default"


def test_a_group_holding_another_link_is_given_back_and_nothing_is_deleted(make_netns, session, monkeypatch):
    blue = make_netns()
    names = veths(None, blue, 2, "ki")
    other_link("kikeep", 4242)
    # the random group collides with a link that is not ours: the check after the move must see it
    monkeypatch.setattr(group_delete, "unused_group", lambda records: 4242)
    assert not delete_links_together(session, None, names)
    host = links(None)
    assert set(names) <= set(host) and "kikeep" in host
    assert [group_of(None, name) for name in names] == ["default", "default"]
    assert group_of(None, "kikeep") == "4242"


def test_a_refused_deletion_deletes_nothing_and_restores_the_groups(make_netns, session):
    blue = make_netns()
    assert veths(blue, blue, 2, "kj") == ["kja0", "kja1"]
    # lo cannot be deleted: the kernel refuses the whole group before deleting any of it
    assert not delete_links_together(session, blue, ["lo", "kja0", "kja1"])
    inner = links(blue)
    assert {"lo", "kja0", "kja1", "kjb0", "kjb1"} <= set(inner)
    assert [group_of(blue, name) for name in ("lo", "kja0", "kja1")] == ["default"] * 3


def test_a_request_without_answer_half_way_restores_the_groups(make_netns, session, monkeypatch):
    blue = make_netns()
    names = veths(None, blue, 3, "km")
    calls = []

    def second_times_out(sock, index, group, seq=0x4C55):
        calls.append(group)
        if len(calls) == 2:
            raise OSError("netlink: no answer within 30 s")
        set_link_group(sock, index, group, seq)
    monkeypatch.setattr(group_delete, "set_link_group", second_times_out)
    assert not delete_links_together(session, None, names)
    assert set(names) <= set(links(None))
    assert [group_of(None, name) for name in names] == ["default"] * 3
    assert calls[2:] == [0]  # only the link that was moved is put back


def test_topology_deletes_a_run_of_veths_together_and_reports_each(make_netns, monkeypatch):
    blue = make_netns()
    lists = dict(veths=[{"name": "kla%d" % i, "peer": "klb%d" % i, "peer_netns": blue} for i in range(4)])
    topology(**lists)
    group_deletions = count_calls(monkeypatch, group_delete, "delete_link_group")
    result = topology(state="deleted", **lists)
    assert len(group_deletions) == 1
    assert [(c["action"], c["kind"], c["name"]) for c in result["changes"]] == [
        ("delete", "veth", "kla%d" % i) for i in range(4)]
    assert not [name for name in links(None) if name.startswith("kla")]
    assert not [name for name in links(blue) if name.startswith("klb")]
    assert not topology(state="deleted", **lists)["changed"]


def test_topology_deletes_the_host_ends_of_a_run_of_namespaces_in_one_request(make_netns, monkeypatch):
    names = [make_netns(create=False) for _i in range(4)]
    lists = dict(namespaces=[{"name": name} for name in names],
                 veths=[{"name": "kna%d" % i, "peer": "knb%d" % i, "peer_netns": name} for i, name in enumerate(names)])
    topology(**lists)
    group_deletions = count_calls(monkeypatch, group_delete, "delete_link_group")
    result = topology(state="deleted", namespaces=lists["namespaces"])  # the veths are not listed
    assert [(c["action"], c["kind"], c["name"]) for c in result["changes"]] == [
        ("delete", "netns", name) for name in names]
    assert len(group_deletions) == 1  # the four host ends, in the sandbox's own namespace
    assert not [name for name in links(None) if name.startswith("kna")]
    assert not set(names) & set(ip("netns", "list").split())


def test_a_name_that_is_not_a_veth_is_not_deleted_when_veths_are_asked_for(make_netns, session):
    blue = make_netns()
    names = veths(None, blue, 2, "ko")
    ip("link", "add", "kovx", "type", "vxlan", "id", "4242", "dstport", "4789")
    assert delete_links_together(session, None, names + ["kovx"], kind="veth")
    host = links(None)
    assert not set(names) & set(host) and "kovx" in host
    assert group_of(None, "kovx") == "default"


def test_namespaces_whose_host_ends_went_together_are_not_asked_about_their_veths_again(make_netns, monkeypatch):
    """A namespace run: the host ends go in one request; a namespace whose veths all had their other
    end there needs no read of its own before it is removed. One that also holds a pair with both
    ends inside still deletes its veths first, as before."""
    from ansible_collections.linuxnet.netns.plugins.module_utils._kernel import netns as _netns

    names = [make_netns(create=False) for _i in range(4)]
    lists = dict(namespaces=[{"name": name} for name in names],
                 veths=[{"name": "kpa%d" % i, "peer": "kpb%d" % i, "peer_netns": name} for i, name in enumerate(names)]
                 + [{"name": "kpin", "netns": names[3], "peer": "kpin2", "peer_netns": names[3]}])
    topology(**lists)
    inside_first = count_calls(monkeypatch, _netns, "delete_links_together")
    one_by_one = count_calls(monkeypatch, _netns, "delete_link")
    result = topology(state="deleted", namespaces=lists["namespaces"])
    assert [(c["action"], c["kind"], c["name"]) for c in result["changes"]] == [
        ("delete", "netns", name) for name in names]
    assert [call[1] for call in inside_first] == [names[3]] and one_by_one == []
    assert not [name for name in links(None) if name.startswith("kpa")]
    assert not set(names) & set(ip("netns", "list").split())
