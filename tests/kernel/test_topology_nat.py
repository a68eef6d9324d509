# -*- coding: utf-8 -*-
"""The topology module's ``nats`` list against the real kernel's nftables (inside tests/tools/sandbox).

The module builds it all in one call: blue (10.0.2.100/24) behind a veth to the router namespace
``gw``, whose uplink ``gw-up`` (192.0.2.1/24) leads to ``world`` (192.0.2.2/24, no route back), and
``nats`` masquerades blue out of ``gw-up`` and forwards gw's port 8080 to blue's 80. Traffic proves
it; another tool's table in ``gw`` survives every state, ``overridden`` included.
"""

import shlex
import subprocess

import yaml

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import MissingObjectError, ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import rendered

from nat_helpers import OTHER_TABLE, ask, in_netns, listeners, nft_tables, other_table, settle  # noqa: F401 pylint: disable=unused-import
from test_topology_src import play
from topology_helpers import FakeModule, clean_host, host_view, topology

NAT = {"netns": "gw", "masquerade": [{"source": "10.0.2.0/24", "out_interface": "gw-up"}],
       "forwards": [{"port": 8080, "to": "10.0.2.100", "to_port": 80, "in_interface": "gw-up"}]}


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()


def nat_topology(nat=None):
    return dict(
        namespaces=[{"name": "blue"}, {"name": "gw"}, {"name": "world"}],
        veths=[{"name": "gw-blue", "netns": "gw", "peer": "b0", "peer_netns": "blue"},
               {"name": "gw-up", "netns": "gw", "peer": "w0", "peer_netns": "world"}],
        addresses=[{"dev": "b0", "netns": "blue", "address": ["10.0.2.100/24"]},
                   {"dev": "gw-blue", "netns": "gw", "address": ["10.0.2.1/24"]},
                   {"dev": "gw-up", "netns": "gw", "address": ["192.0.2.1/24"]},
                   {"dev": "w0", "netns": "world", "address": ["192.0.2.2/24"]}],
        routes=[{"netns": "blue", "dest": "default", "gateway": "10.0.2.1"}],
        nats=[nat or NAT],
    )


def settled():
    settle(("blue", "10.0.2.1"), ("gw", "10.0.2.100"), ("gw", "192.0.2.2"), ("world", "192.0.2.1"))


def nat_view():
    return host_view(), nft_tables("gw") if "gw" in host_view()["netns"] else None


def actions(result):
    return [(c["action"], c["kind"], c["name"]) for c in result["changes"]]


def add_other_table():
    in_netns("gw", ["nft", "-f", "-"], input=OTHER_TABLE, check=True)
    return other_table("gw")


def test_check_run_apply_rerun_with_diff_and_traffic(listeners):
    empty = host_view()
    checked = topology(check_mode=True, **nat_topology())
    assert checked["changed"] and host_view() == empty
    assert checked["diff"]["before"]["nats"] == [None]
    assert checked["diff"]["after"]["nats"][0]["table"] == "linuxnet_linuxnet"

    done = topology(**nat_topology())
    assert actions(done) == actions(checked)
    assert actions(done)[-2:] == [("create", "nat", "linuxnet_linuxnet@gw"), ("set", "sysctl", "net.ipv4.ip_forward@gw")]
    assert done["counts"]["nats"] == {"planned": 1, "changed": 1}
    settled()
    listeners("world", "192.0.2.2", 7000)
    listeners("blue", "10.0.2.100", 80)
    assert ask("blue", "192.0.2.2", 7000) == "192.0.2.1"  # egress, masqueraded
    assert ask("world", "192.0.2.1", 8080) == "192.0.2.2"  # the forward reaches blue

    others = add_other_table()
    unchanged = nat_view()
    again = topology(**nat_topology())
    assert not again["changed"] and again["counts"]["nats"] == {"planned": 1, "changed": 0}
    assert not topology(check_mode=True, **nat_topology())["changed"]
    assert nat_view() == unchanged

    changed = dict(NAT, forwards=[dict(NAT["forwards"][0], port=8081)])
    result = topology(**nat_topology(changed))
    assert actions(result) == [("replace", "nat", "linuxnet_linuxnet@gw")]
    assert result["diff"]["before"]["nats"][0]["forwards"][0]["port"] == 8080
    assert result["diff"]["after"]["nats"][0]["forwards"][0]["port"] == 8081
    assert other_table("gw") == others


def test_deleted_twice_then_everything_of_the_owner_leaves_the_other_table():
    topology(**nat_topology())
    others = add_other_table()
    listed = {"nats": [{"netns": "gw"}]}
    assert topology(state="deleted", check_mode=True, **listed)["changed"]
    assert ("ip", "linuxnet_linuxnet") in nft_tables("gw")
    assert actions(topology(state="deleted", **listed)) == [("delete", "nat", "linuxnet_linuxnet@gw")]
    assert nft_tables("gw") == [("inet", "othertool")]
    assert not topology(state="deleted", **listed)["changed"]

    topology(**nat_topology())
    everything = topology(state="deleted")
    assert ("delete", "nat", "linuxnet_linuxnet@gw") in actions(everything)
    assert not topology(state="deleted")["changed"]
    assert others  # gw itself went with everything of the owner; the other table lived until then


def test_gathered_fed_back_is_unchanged_also_as_replaced_and_overridden():
    topology(**nat_topology())
    others = add_other_table()
    gathered = topology(state="gathered")["gathered"]
    assert gathered["nats"] == [{"netns": "gw", "masquerade": NAT["masquerade"], "forwards": NAT["forwards"]
                                 and [dict(NAT["forwards"][0], protocol="tcp")], "forwarding": True}]
    before = nat_view()
    assert not topology(**gathered)["changed"]
    assert not topology(state="replaced", **gathered)["changed"]
    assert not topology(state="overridden", **gathered)["changed"]
    assert nat_view() == before and other_table("gw") == others


def test_overridden_removes_our_unlisted_table_and_leaves_others():
    topology(**nat_topology())
    others = add_other_table()
    topology(owner="lab", nats=[dict(NAT, masquerade=[], forwards=[])])  # another owner's table
    smaller = nat_topology()
    smaller["nats"] = []
    result = topology(state="overridden", **smaller)
    assert actions(result) == [("delete", "nat", "linuxnet_linuxnet@gw")]
    assert nft_tables("gw") == [("inet", "othertool"), ("ip", "linuxnet_lab")]
    assert other_table("gw") == others
    assert not topology(state="overridden", **smaller)["changed"]


def test_rendered_gives_the_nft_commands_that_build_it(listeners):
    lists = nat_topology()
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    lines = rendered(FakeModule(), wanted, "linuxnet")
    nft_lines = [line for line in lines if " nft -j " in line]
    assert len(nft_lines) == 1 and nft_lines[0].startswith("ip netns exec gw nft -j ")
    assert lines[-1] == "ip netns exec gw sysctl -w net.ipv4.ip_forward=1"
    for line in lines:
        subprocess.run(shlex.split(line), check=True, timeout=60)
    settled()
    listeners("blue", "10.0.2.100", 80)
    assert ask("world", "192.0.2.1", 8080) == "192.0.2.2"
    assert not topology(**nat_topology())["changed"]  # the rendered commands built exactly that


def test_bad_items_are_refused_before_anything_changes():
    empty = host_view()
    for nat, field in ((dict(NAT, masquerade=[{"source": "10.0.2.1/24", "out_interface": "gw-up"}]),
                        "nats[0]: masquerade[0].source: '10.0.2.1/24'"),
                       (dict(NAT, forwards=[{"port": 70000, "to": "10.0.2.100"}]), "nats[0]: forwards[0].port: 70000")):
        with pytest.raises(ValidationError) as caught:
            topology(**nat_topology(nat))
        assert field in caught.value.msg
    with pytest.raises(MissingObjectError) as caught:
        topology(**nat_topology(dict(NAT, masquerade=[{"source": "10.0.2.0/24", "out_interface": "eth7"}])))
    assert "eth7@gw" in caught.value.msg
    assert host_view() == empty  # refused while planning: not even the namespaces were made


def test_ansible_playbook_takes_nats_from_a_src_file_and_gathers_them(tmp_path, listeners):
    """The whole path: the action plugin reads the file, the module's argument spec has the list,
    AnsiballZ ships the kind's files (libnftables is called from the module's own process)."""
    (tmp_path / "nats.yml").write_text(yaml.safe_dump(nat_topology()))
    applied = play(tmp_path, {"src": "nats.yml"})
    assert applied["changed"] and not applied.get("failed"), applied
    assert applied["counts"]["nats"] == {"planned": 1, "changed": 1}
    settled()
    listeners("blue", "10.0.2.100", 80)
    assert ask("world", "192.0.2.1", 8080) == "192.0.2.2"
    again = play(tmp_path, {"src": "nats.yml"})
    assert not again["changed"] and not again.get("failed"), again
    gathered = play(tmp_path, {"state": "gathered"})["gathered"]
    assert [item["netns"] for item in gathered["nats"]] == ["gw"]
