# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the filters plan_address and two_bridge_plan share: the options of the address plan (each
host of the play gets its own block of one subnet)."""


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  subnet:
    description: The subnet shared by every host, for example C(10.0.0.0/16); each host gets its own block of it.
    type: str
  index:
    description: The host's block number, its place in the play (block 0 keeps the address as written).
    type: int
    default: 0
  stride:
    description: Addresses per host block.
    type: int
    default: 256
"""
