# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host's current topology in the topology module's own input format (``state: gathered``).

Each list option maps to entries ``(item, owner)``: ``item`` takes exactly the options of its
single module (so the result can be fed back), ``owner`` is the owner mark the object carries
(None when unmarked). What each kind lists is said by its ``gather`` (the ``kind_*.py`` files).
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kind import HostRead
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import KINDS, LINK_KINDS


def gather(snapshot, ovs_state):
    """option -> list of (item, owner)."""
    host = HostRead(snapshot, ovs_state, LINK_KINDS)
    return dict((kind.option, kind.gather(host)) for kind in KINDS)


def items_only(inventory):
    return dict((option, [item for item, _owner in entries]) for option, entries in inventory.items())
