# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The glue of the single kernel modules (netns, veth, ns_addr, ns_route, vxlan).

Each module's main() still builds its own AnsibleModule (so its argument spec stands in the module
file, where a reader and ansible-test validate-modules look for it) and hands it here.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import (
    NetlinkSession, require_pyroute2)


def run_kernel_module(module, build, result_key):
    """Fail with the standard message without pyroute2, else converge ``build(params, session)`` in a
    NetlinkSession and exit the module (_core/runner.py). Never returns."""
    require_pyroute2(module)
    run_resource_module(module, build, NetlinkSession, result_key=result_key)
