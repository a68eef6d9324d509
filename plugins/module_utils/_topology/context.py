# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the resources of one topology call share: sockets, the planned snapshot, the OVS state."""


class PlanContext:
    """session: the netlink sockets (None offline); snapshot: the PlannedSnapshot every
    kernel resource is built on; ovs_client / ovs_state: the OVSDB client and its one read;
    owner: the owner mark of what the call creates."""

    def __init__(self, session, snapshot, ovs_client, ovs_state, owner):
        self.session = session
        self.snapshot = snapshot
        self.ovs_client = ovs_client
        self.ovs_state = ovs_state
        self.owner = owner
        self.timings = []  # (what, changes, seconds) of each phase, for the ``stats`` result
        # what the planned creations (and re-creations) provide: an object living on one did not
        # exist before the run; a port whose device is one is repaired (_topology/planning.py)
        self.made = set()
