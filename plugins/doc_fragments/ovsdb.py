# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Open vSwitch modules (ovs_bridge, ovs_port) share: the OVSDB they talk to, and the
key-value columns of the rows they manage."""


class ModuleDocFragment:

    # The database, and what talking to it needs
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
"""

    # The external_ids and other_config maps of a Bridge or Port row
    MAPS = r"""
options:
  external_ids:
    description:
      - Keys to set in C(external_ids). Other keys are kept unless O(purge_external_ids=true).
      - What this collection creates carries its owner mark here, the key C(linuxnet_owner)
        (see M(linuxnet.netns.topology)).
    type: dict
  purge_external_ids:
    description:
      - Remove the C(external_ids) keys not given in O(external_ids) (only when O(external_ids) is given).
      - The owner mark C(linuxnet_owner) is never removed this way.
    type: bool
    default: false
  other_config:
    description: Keys to set in C(other_config). Other keys are kept unless O(purge_other_config=true).
    type: dict
  purge_other_config:
    description: Remove the C(other_config) keys not given in O(other_config) (only when O(other_config) is given).
    type: bool
    default: false
"""
