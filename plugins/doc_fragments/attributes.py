# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes shared by every module of the collection, so each module states only its own."""


class ModuleDocFragment:

    # Standard documentation fragment
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: linux
"""

    # For modules that only read state (netns_info, ns_ping)
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module never changes anything.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module never changes anything.
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: linux
"""

    # Modules that accept all module defaults of the collection's action group
    ACTIONGROUP = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/linuxnet.netns.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - linuxnet.netns.all
"""
