# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Open vSwitch modules (ovs_bridge, ovs_port) share: the OVSDB they talk to and how they
reconcile a row with it. (The key-value columns of the rows they manage are options of both:
plugin_utils/_ovs_maps_doc.py.) Its notes are merged with a module's sorted, so they are written to
read in any order."""


class ModuleDocFragment:

    # The database, what talking to it needs, and how a row is reconciled with it
    DOCUMENTATION = r"""
options:
  db:
    description: OVSDB to talk to.
    type: str
    default: unix:/var/run/openvswitch/db.sock
requirements:
  - Open vSwitch (C(ovs-vsctl)) on the managed host, with C(ovsdb-server) running.
  - Write access to the OVSDB socket O(db) (root, or membership of the socket's group); the collection
    never changes the socket's permissions.
notes:
  - A missing or stopped Open vSwitch fails with a message naming O(db).
  - Every attribute given is compared with what OVSDB holds and set when it differs; attributes not
    given are left as they are.
  - The whole state is read with one C(ovs-vsctl) call and all changes are applied in one atomic
    C(ovs-vsctl) transaction.
"""
