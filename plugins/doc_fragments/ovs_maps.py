# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The key-value columns of a Bridge or Port row (``external_ids``, ``other_config``), options of both
ovs_bridge and ovs_port, written once; the ovs_bridge and ovs_port fragments add them to the
topology module's ``bridges`` and ``ports``. ``db`` is no option of a row: it is the module option of
the ovsdb fragment."""


class ModuleDocFragment:

    DOCUMENTATION = r"""
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
