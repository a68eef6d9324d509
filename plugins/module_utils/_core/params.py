# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parameters shared by every resource: state and defaulted booleans."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_choice

STATES = ("present", "absent")


def validate_state(value):
    """``present`` (also when None) or ``absent``."""
    return validate_choice("state", value, STATES, default="present")


def flag(params, key, default):
    """A boolean parameter; None (not given, e.g. by a caller that is not a module) is ``default``."""
    value = params.get(key)
    return default if value is None else bool(value)
