# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes shared by every module of the collection, so each module states only its own: check and
diff mode, the platform, and the membership of the action group every module is in (meta/runtime.yml).

DOCUMENTATION is the changing modules' (the literal text: ansible-test reads a fragment's class body
and accepts only literal strings there); INFO_MODULE, for the modules that only read state
(netns_info, ns_ping), is the same with diff mode not supported and a note on both modes; COMMAND, for
ns_command, has partial check mode (the command is not run) and no diff."""

import yaml


class ModuleDocFragment:

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
  action_group:
    description: Use C(group/linuxnet.netns.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - linuxnet.netns.all
"""


def read_only(documentation, details="This module never changes anything."):
    """``documentation``'s attributes for a module that only reads: diff mode not supported, and
    ``details`` on check and diff mode."""
    doc = yaml.safe_load(documentation)
    doc["attributes"]["diff_mode"]["support"] = "N/A"
    for mode in ("check_mode", "diff_mode"):
        doc["attributes"][mode]["details"] = details
    return yaml.safe_dump(doc, sort_keys=False, width=120)


ModuleDocFragment.INFO_MODULE = read_only(ModuleDocFragment.DOCUMENTATION)


def command_like(documentation):
    """``documentation``'s attributes for a module that runs a command: check mode skips it, no diff."""
    doc = yaml.safe_load(read_only(documentation, "The command is not run in check mode; see RV(would_run)."))
    doc["attributes"]["check_mode"]["support"] = "partial"
    return yaml.safe_dump(doc, sort_keys=False, width=120)


ModuleDocFragment.COMMAND = command_like(ModuleDocFragment.DOCUMENTATION)
