#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ns_command
short_description: Run a one-off command inside a named network namespace
version_added: 0.2.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Runs a program with its arguments inside a named network namespace, as
    C(ip netns exec NAME ARGV...) does, and returns its exit status and output.
  - The namespace is entered with C(ip netns exec), not a bare C(setns); the command also gets a mount
    namespace of its own in which C(/sys) shows the namespace's devices and each file of
    C(/etc/netns/NAME) (C(resolv.conf), C(hosts)) is bound over C(/etc), the view
    M(linuxnet.netns.netns_service) gives a service and the one users know from C(ip netns exec).
  - O(argv) is a list, run without a shell; a string is refused, so no quoting, globbing, redirection
    or variable of a shell can change what runs.
  - Like M(ansible.builtin.command), it reports V(changed) whenever the command runs (use C(changed_when)
    to say otherwise) and fails when it exits with a status other than 0.
  - In check mode the command is not run; the result says whether it would run (RV(would_run)).
extends_documentation_fragment:
  - linuxnet.netns.attributes.COMMAND
options:
  netns:
    description:
      - The network namespace (a name under C(/run/netns)). When it does not exist the task fails (in
        check mode, a warning, since an earlier task may make it).
    type: str
    required: true
  argv:
    description:
      - The program and its arguments, one list item each, for example C([ip, -br, addr]).
      - A string is refused (it would need a shell to become a command).
    type: raw
    required: true
  creates:
    description:
      - An absolute path or glob of the host's file system; when it matches, the command is not run.
    type: path
  removes:
    description:
      - An absolute path or glob of the host's file system; when it matches nothing, the command is not run.
    type: path
  chdir:
    description:
      - Change into this directory (absolute) before running the command.
    type: path
requirements:
  - C(ip) (iproute2) on the managed host; root (or CAP_SYS_ADMIN) to enter a namespace.
seealso:
  - module: ansible.builtin.command
  - module: linuxnet.netns.netns_service
  - module: linuxnet.netns.ns_ping
"""

EXAMPLES = r"""
- name: Addresses inside blue
  linuxnet.netns.ns_command:
    netns: blue
    argv: [ip, -br, addr]
  register: addresses
  changed_when: false

- name: A key made once, inside the namespace
  linuxnet.netns.ns_command:
    netns: red
    argv: [/usr/local/bin/make-key, --out, /var/lib/red/key]
    creates: /var/lib/red/key
"""

RETURN = r"""
cmd:
  description: The argument list that was run (or would be), C(ip netns exec NAME) first.
  returned: always
  type: list
  elements: str
  sample: [ip, netns, exec, blue, ip, -br, addr]
rc:
  description: The exit status (left out when the command did not run, since Ansible takes any other value than 0 for a failure).
  returned: when the command ran
  type: int
  sample: 0
stdout:
  description: What the command printed on standard output.
  returned: always
  type: str
  sample: "lo UNKNOWN 127.0.0.1/8"
stderr:
  description: What the command printed on standard error.
  returned: always
  type: str
  sample: ""
would_run:
  description: The command runs (ran, or in check mode would run); V(false) when O(creates) or O(removes) skip it.
  returned: always
  type: bool
  sample: true
msg:
  description: Why the command was not run, or that it failed.
  returned: when it was not run or failed
  type: str
  sample: skipped, since /var/lib/red/key exists
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.resource import assumption
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.command import NsCommand
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.specs import NS_COMMAND_SPEC


def main():
    module = AnsibleModule(argument_spec=NS_COMMAND_SPEC, supports_check_mode=True)
    try:
        call = NsCommand(module.params)
        missing = call.check_netns(module.check_mode)
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)
    result = {"cmd": call.command, "stdout": "", "stderr": ""}
    if missing is not None:
        module.warn(assumption(missing))
    skipped = call.skip_reason()
    if skipped:
        module.exit_json(changed=False, would_run=False, msg=skipped, **result)
    if module.check_mode:
        module.exit_json(changed=True, would_run=True, msg="would run (check mode)", **result)
    rc, stdout, stderr = module.run_command(call.command, cwd=call.chdir, expand_user_and_vars=False)
    result.update(rc=rc, stdout=stdout, stderr=stderr, would_run=True)
    if rc != 0:
        module.fail_json(msg="the command exited with status %d" % rc, changed=True, **result)
    module.exit_json(changed=True, **result)


if __name__ == "__main__":
    main()
