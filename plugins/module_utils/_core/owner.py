# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The owner mark: how objects created by this collection are told apart from hand-made ones.

Every object a resource creates carries the mark of its owner (``linuxnet`` unless the topology
module's ``owner`` says otherwise). ``state: overridden`` and ``state: deleted`` of the topology
module remove only objects that carry their owner's mark; nothing unmarked is ever removed.

- OVS bridges and ports: the ``external_ids`` key ``linuxnet_owner``. ``purge_external_ids``
  keeps it.
- Links (veth ends): the interface alias (IFLA_IFALIAS, ``ip link set DEV alias ...``)
  ``linuxnet-owner:OWNER``.
- Namespaces have no attribute of their own: the alias of the namespace's ``lo`` carries the mark
  (``ip -n NS link set lo alias linuxnet-owner:OWNER``); it lives and dies with the namespace.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import SAFE_CHARS

DEFAULT_OWNER = "linuxnet"
OVS_OWNER_KEY = "linuxnet_owner"
ALIAS_PREFIX = "linuxnet-owner:"
OWNER_MAX = 64


def validate_owner(field, value):
    """None (the default owner) or a short name of letters, digits and ``_ . + -``."""
    if value in (None, ""):
        return DEFAULT_OWNER
    if not isinstance(value, str) or len(value) > OWNER_MAX or any(char not in SAFE_CHARS for char in value):
        raise ValidationError(field, value, "must be 1-%d letters, digits or _ . + -" % OWNER_MAX)
    return value


def alias_mark(owner):
    return ALIAS_PREFIX + owner


def alias_owner(alias):
    """The owner named by a link alias, or None when the alias is not a mark."""
    if alias and alias.startswith(ALIAS_PREFIX):
        return alias[len(ALIAS_PREFIX):]
    return None


def ovs_mark(owner):
    return {OVS_OWNER_KEY: owner}


def ovs_owner(external_ids):
    return (external_ids or {}).get(OVS_OWNER_KEY)
