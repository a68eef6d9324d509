# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of netns_service (see _core/specs.py)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import STATE

NETNS_SERVICE_SPEC = dict(
    name=dict(type="str", required=True),
    netns=dict(type="str"),
    state=STATE,
    restart=dict(type="bool", default=False),
)
