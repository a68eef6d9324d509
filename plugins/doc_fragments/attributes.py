# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes shared by every module of the collection, so each module states only its own: check and
diff mode, the platform, and the membership of the action group every module is in (meta/runtime.yml)."""

import yaml


def _attributes(diff_mode, details=None):
    """No options; the attributes check_mode (full support), diff_mode (``diff_mode`` support), both
    with ``details`` when given, platform (Linux) and action_group (C(linuxnet.netns.all))."""
    modes = {
        "check_mode": {"description": "Can run in check_mode and return changed status prediction without "
                                      "modifying target.", "support": "full"},
        "diff_mode": {"description": "Will return details on what has changed (or possibly needs changing in "
                                     "check_mode), when in diff mode.", "support": diff_mode},
    }
    if details:
        for mode in modes.values():
            mode["details"] = details
    platform = {"description": "Target OS/families that can be operated against.", "support": "N/A",
                "platforms": "linux"}
    action_group = {"description": "Use C(group/linuxnet.netns.all) in C(module_defaults) to set defaults for this "
                                   "module.", "support": "full", "membership": ["linuxnet.netns.all"]}
    attributes = dict(modes, platform=platform, action_group=action_group)
    return yaml.safe_dump({"options": {}, "attributes": attributes}, sort_keys=False, width=120)


class ModuleDocFragment:

    # Standard documentation fragment
    DOCUMENTATION = _attributes(diff_mode="full")

    # For modules that only read state (netns_info, ns_ping)
    INFO_MODULE = _attributes(diff_mode="N/A", details="This module never changes anything.")
