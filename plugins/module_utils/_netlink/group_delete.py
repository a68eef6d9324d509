# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many links of one namespace deleted in ONE request, as ``ip link delete group G`` does.

The kernel ends every link deletion request by waiting for an RCU grace period (about 30 ms on
the test machines): 500 veths deleted one by one take 15 s. Deleting a link group deletes all of
its links in one request and one wait (500 veths: 0.2 s).

A group is a number every link carries (0 unless someone set it). So the links are first put in a
group that no link of the namespace is in, the namespace is read again, and the group is deleted
only when it holds exactly those links. Otherwise each link gets its group back and nothing is
deleted: the caller then deletes them one by one. (Another program would have to give one of its
links the same random 32-bit group in the few milliseconds between that check and the deletion.)
"""

import errno
import random

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import label
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.codec import DumpError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.dump import link_records
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.write import delete_link_group, set_link_group

MIN_LINKS = 2  # a single link is deleted as fast by itself, with fewer requests
GROUP_LIMIT = 1 << 32
_RANDOM = random.SystemRandom()


def unused_group(records):
    """A random link group (never 0, the default) that none of ``records`` is in."""
    taken = set(record["group"] for record in records)
    while True:  # ends: a namespace has far fewer links than 2**32 groups
        group = _RANDOM.randrange(1, GROUP_LIMIT)
        if group not in taken:
            return group


def delete_links_together(session, netns, ifnames, kind=None):
    """Delete the links ``ifnames`` of ``netns`` (those that exist, and are of ``kind`` when given)
    in one request.

    True: they are deleted. False: nothing was deleted and every link is in its own group again
    (fewer than MIN_LINKS exist, the kernel refused a step, or the group held another link).
    Raises NetnsError only when a link could not be given its group back, naming it.
    """
    sock = session.netlink_socket(netns)
    wanted = set(ifnames)
    records = link_records(sock)
    targets = [record for record in records if record["ifname"] in wanted and kind in (None, record["kind"])]
    if len(targets) < MIN_LINKS:
        return False
    group = unused_group(records)
    moved = []
    try:
        for record in targets:
            set_link_group(sock, record["index"], group)
            moved.append(record)
        members = sorted((record["index"], record["ifname"]) for record in link_records(sock)
                         if record["group"] == group)
        if members == sorted((record["index"], record["ifname"]) for record in targets):
            delete_link_group(sock, group)
            return True
    except OSError:  # refused (DumpError) or no answer: nothing is deleted, the kernel checks every
        pass  # link of the group before it deletes any
    _restore_groups(sock, netns, moved, group)
    return False


def _restore_groups(sock, netns, records, group):
    for record in records:
        try:
            set_link_group(sock, record["index"], record["group"] or 0)
        except OSError as error:
            if isinstance(error, DumpError) and error.errno == errno.ENODEV:
                continue  # gone meanwhile (a veth whose peer was deleted): nothing to restore
            raise NetnsError("could not put link %s back into link group %s (it is in group %d): %s"
                             % (label(record["ifname"], netns), record["group"] or 0, group, error),
                             link=label(record["ifname"], netns), group=group)


def delete_veths_by_namespace(session, ends):
    """``ends``: (netns, ifname) pairs naming veths. Those of each namespace deleted together
    (namespaces in the order first named); whatever is not deleted that way is left to the caller.
    Only veths: a name that now belongs to another kind of link is not touched.
    Returns the ends that need nothing more: those of the namespaces whose group was deleted."""
    by_netns = {}
    for netns, ifname in ends:
        by_netns.setdefault(netns, []).append(ifname)
    handled = set()
    for netns, ifnames in by_netns.items():
        if delete_links_together(session, netns, ifnames, kind="veth"):
            handled.update((netns, ifname) for ifname in ifnames)
    return handled
