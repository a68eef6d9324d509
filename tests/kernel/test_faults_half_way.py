# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A failure half-way through a module call (docs/faults.md): the peer's namespace vanishes between
read()/plan() and apply(). The error says what was done before the failing step, and no half-made
veth is left: a pair is created in ONE netlink request, so it exists whole or not at all."""

import pytest

from conftest import ip, links

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.veth import VethResource


def plan_then(params, between):
    """read() and plan(), run ``between()``, then apply(); return (changes, the NetnsError raised)."""
    with NetlinkSession() as session:
        resource = VethResource(params, Snapshot(session))
        changes = resource.plan(*resource.read())
        between()
        with pytest.raises(NetnsError) as raised:
            resource.apply(changes)
    return changes, raised.value


def test_peer_namespace_gone_before_create(make_netns):
    blue = make_netns()
    host_links = sorted(links(None))
    changes, error = plan_then({"name": "kfh0", "peer": "kfh1", "peer_netns": blue},
                               lambda: ip("netns", "delete", blue))
    assert [change.action for change in changes] == ["create"]
    assert blue in error.msg, error.msg
    assert error.details["done"] == []  # nothing was done before the failing step
    assert error.details["failed_step"]["action"] == "create"
    assert sorted(links(None)) == host_links  # no half-made pair on the host


def test_peer_namespace_gone_between_delete_and_create(make_netns):
    """force: replace a wrong pair. The old pair is deleted, then the create fails: the error names the
    delete as done, and neither a half-made new pair nor a rest of the old one remains."""
    blue = make_netns()
    ip("link", "add", "kfh2", "type", "veth", "peer", "name", "kfhx")  # kfh2 paired with the wrong peer
    changes, error = plan_then({"name": "kfh2", "peer": "kfh3", "peer_netns": blue, "force": True},
                               lambda: ip("netns", "delete", blue))
    assert [change.action for change in changes][:2] == ["delete", "create"], changes
    done = error.details["done"]
    assert [(step["action"], step["name"]) for step in done] == [("delete", changes[0].name)], done
    assert blue in error.msg, error.msg
    assert error.details["failed_step"]["action"] == "create"
    left = links(None)
    assert "kfh2" not in left and "kfhx" not in left and "kfh3" not in left


def test_destination_of_a_move_gone(make_netns):
    """The peer end sits in green and must move to blue, which vanishes before the move. The steps
    before it (the host end brought up) are reported as done; the pair stays whole in green."""
    blue, green = make_netns(), make_netns()
    ip("link", "add", "kfh4", "type", "veth", "peer", "name", "kfh5", "netns", green)
    changes, error = plan_then({"name": "kfh4", "peer": "kfh5", "peer_netns": blue},
                               lambda: ip("netns", "delete", blue))
    assert [change.action for change in changes] == ["set", "move", "set"], changes
    assert blue in error.msg, error.msg
    assert [(step["action"], step["name"]) for step in error.details["done"]] == [("set", "kfh4")]
    assert error.details["failed_step"]["action"] == "move"
    assert error.details["failed_step"]["to_netns"] == blue
    assert "kfh5" in links(green) and "kfh4" in links(None)  # the pair whole, where it was
