#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: ns_route
short_description: Manage a route inside a network namespace
version_added: 0.1.0
description:
  - Adds, reconciles or removes one unicast route in a named network namespace or the host's own.
  - A route is identified by its destination, table and metric; an existing one with another
    gateway or device is replaced in place.
author:
  - linuxnet.netns contributors (@linuxnet)
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (to enter namespaces), on the managed host
notes:
  - A missing namespace or device is an error in a real run; in check mode it is a warning and the
    route is reported as added.
seealso:
  - module: linuxnet.netns.ns_addr
extends_documentation_fragment:
  - linuxnet.netns.ns_route
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: Default route of blue via the host end
  linuxnet.netns.ns_route:
    netns: blue
    dest: default
    gateway: 10.0.2.1

- name: On-link route in a separate table
  linuxnet.netns.ns_route:
    netns: red
    dest: 10.9.0.0/16
    dev: veth3
    table: 100
    metric: 10

- name: Remove it
  linuxnet.netns.ns_route:
    netns: red
    dest: 10.9.0.0/16
    table: 100
    metric: 10
    state: absent
"""

RETURN = r"""
ns_route:
  description: The route after the run (what check mode predicts); null when absent.
  returned: always
  type: dict
  contains:
    netns:
      description: The namespace; null is the host's own.
      type: str
    dest:
      description: Destination, normalised (C(0.0.0.0/0) for default).
      type: str
    table:
      description: Routing table id.
      type: int
    metric:
      description: Metric.
      type: int
    gateway:
      description: Next hop; null for an on-link route.
      type: str
    dev:
      description: Output device; null when not known yet.
      type: str
  sample: {"netns": "blue", "dest": "0.0.0.0/0", "table": 254, "metric": 0, "gateway": "10.0.2.1", "dev": "veth1"}
before:
  description: The route as found (same keys as RV(ns_route)); null when it did not exist.
  returned: always
  type: dict
after:
  description: Same as RV(ns_route).
  returned: always
  type: dict
changes:
  description: What was (or, in check mode, would be) done. Each item has C(action), C(kind), C(name) and details.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "set", "kind": "route", "name": "0.0.0.0/0 metric 0@blue", "gateway": {"before": "10.0.2.1", "after": "10.0.2.254"}}]
diff:
  description: RV(before) and RV(after) as structured data.
  returned: when diff mode is on
  type: dict
missing:
  description: In check mode, the object whose absence was assumed to be fixed by an earlier task.
  returned: when something needed was missing in check mode
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.route import RouteResource
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.resource import netlink_backend
from ansible_collections.linuxnet.netns.plugins.module_utils._core.runner import run_resource_module
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_ROUTE_SPEC


def main():
    module = AnsibleModule(argument_spec=NS_ROUTE_SPEC, supports_check_mode=True)
    run_resource_module(module, RouteResource, netlink_backend, result_key="ns_route")


if __name__ == "__main__":
    main()
