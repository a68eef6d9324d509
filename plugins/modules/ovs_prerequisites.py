#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ovs_prerequisites
short_description: Find in one call what a host has and lacks for Open vSwitch, and its datapath
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Reports at once the Open vSwitch programs found (C(ovs-vsctl), C(ovsdb-server), C(ovs-vswitchd)) and
    those missing, whether the database answers (C(ovs-vsctl show) on O(db)), the datapath the kernel
    offers, the service manager (PID 1) and the OS family (from C(/etc/os-release)).
  - Loads the openvswitch kernel module when the kernel has it and it is not loaded yet
    (O(load_kernel_module)); that is the only change it makes. In check mode it only looks the module
    up (C(modprobe --dry-run)).
  - The role M(linuxnet.netns.prerequisites) installs and starts only what this reports missing, so a
    re-run on a ready host costs this one task and no package manager query.
extends_documentation_fragment:
  - linuxnet.netns.attributes
options:
  db:
    description: OVSDB that must answer.
    type: str
    default: unix:/var/run/openvswitch/db.sock
  load_kernel_module:
    description:
      - Load the openvswitch kernel module (C(modprobe openvswitch)) when it is not loaded. A failure is
        not an error; the datapath is then V(netdev).
      - V(false) only looks at C(/sys/module/openvswitch).
    type: bool
    default: true
seealso:
  - module: linuxnet.netns.ovs_bridge
"""

EXAMPLES = r"""
- name: What this host has for Open vSwitch
  linuxnet.netns.ovs_prerequisites:
  register: found

- name: Install Open vSwitch only when a program is missing
  ansible.builtin.package:
    name: openvswitch-switch
  when: found.missing | length > 0

- name: A bridge on whatever datapath this host offers
  linuxnet.netns.ovs_bridge:
    name: br0
    datapath_type: "{{ found.datapath_type }}"
"""

RETURN = r"""
programs:
  description: Each Open vSwitch program and its path, or null when not found.
  returned: always
  type: dict
  sample: {"ovs-vsctl": /usr/bin/ovs-vsctl, "ovsdb-server": /usr/sbin/ovsdb-server, "ovs-vswitchd": null}
missing:
  description: The programs not found (empty when Open vSwitch is installed).
  returned: always
  type: list
  elements: str
  sample: [ovs-vswitchd]
ovsdb_answers:
  description: Whether O(db) answered C(ovs-vsctl show) within 3 seconds.
  returned: always
  type: bool
kernel_module:
  description:
    - The openvswitch kernel module. V(loaded) (or built in), V(loaded now) (this run loaded it),
      V(loadable) (check mode, C(modprobe --dry-run) finds it) or V(absent).
  returned: always
  type: str
  sample: absent
datapath_type:
  description: V(system) where the kernel module is there or loads, V(netdev) (userspace) otherwise.
  returned: always
  type: str
  sample: netdev
service_manager:
  description: V(systemd) where systemd is PID 1, V(other) otherwise.
  returned: always
  type: str
  sample: systemd
os_family:
  description: V(Debian) or V(RedHat) from C(/etc/os-release) (C(ID), C(ID_LIKE)); empty when neither.
  returned: always
  type: str
  sample: Debian
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.prerequisites import find
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_db
from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError


def read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            db=dict(type="str", default="unix:/var/run/openvswitch/db.sock"),
            load_kernel_module=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    try:
        db = validate_db("db", module.params["db"])
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)

    def run(argv):
        return module.run_command(argv, expand_user_and_vars=False)

    def which(name):
        return module.get_bin_path(name)

    report = find(run, which, read_text, os.path.exists, db, module.check_mode,
                  load_kernel_module=module.params["load_kernel_module"])
    if report["changed"]:
        report["diff"] = {"before": {"kernel_module": "absent"}, "after": {"kernel_module": report["kernel_module"]}}
    module.exit_json(**report)


if __name__ == "__main__":
    main()
