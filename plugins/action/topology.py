# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of linuxnet.netns.topology: reads O(src) on the controller, ships the lists to the
managed host as a file of their own, then runs the module.

Why a file: ansible-core encodes every module argument into the payload on the controller and
decodes, copies and validates it again on the host; at a few thousand list items that is seconds
of work the module does not need. The file goes into the task's own temporary directory on the
host (mode 0600), is read by the module (option ``items_file``) and goes with that directory.
"""

import json

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.linuxnet.netns.plugins.plugin_utils._topology_source import (
    TopologySourceError, load, merge_into, split_lists)

ITEMS_FILE = "linuxnet-netns-topology-items.json"
# Inline lists of at least this many items travel as a file too. ansible-core's handling of the
# items as arguments costs about 0.6 ms each (1.9 s for 3000 at N=500, docs/design-topology.md);
# the file costs four connection round trips (a temporary directory, the copy, its mode, its
# removal), a few tens of ms over SSH with ControlPersist: at 200 items the file is already cheaper.
SHIP_INLINE_AT = 200


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def _read_src(self, src):
        try:
            path = self._find_needle("files", src)
        except AnsibleError as error:
            raise TopologySourceError("src %s not found: %s" % (src, error))
        real = self._loader.get_real_file(path, decrypt=True)  # a vaulted file is decrypted to a temp copy
        try:
            return load(real)
        finally:
            self._loader.cleanup_tmp_file(real)

    def _module_args(self):
        """The module's arguments and the lists to ship (None: they stay in the arguments)."""
        args = dict(self._task.args)
        src = args.get("src")
        if src is None:
            return split_lists(args, SHIP_INLINE_AT)
        return split_lists(merge_into(args, self._read_src(src), src), 0)

    def _ship(self, lists):
        """Put the lists in the task's temporary directory on the host; their path there."""
        try:
            text = json.dumps(lists, separators=(",", ":"))
        except TypeError:  # a value only Ansible's own encoder knows (an inline vaulted string)
            return None
        shell = self._connection._shell
        tmpdir = shell.tmpdir or self._make_tmp_path()
        remote = shell.join_path(tmpdir, ITEMS_FILE)
        self._transfer_data(remote, text)
        self._fixup_perms2((tmpdir, remote), execute=False)
        if not self._is_become_unprivileged():
            self._remote_chmod([remote], "0600")
        return remote

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no effect since ansible-core 2.x
        try:
            module_args, lists = self._module_args()
        except TopologySourceError as error:
            result.update(failed=True, msg=str(error), field="src", value=self._task.args.get("src"))
            return result
        wrap_async = self._task.async_val and not self._connection.has_native_async
        try:
            if lists is not None:
                remote = self._ship(lists)
                if remote is None:
                    module_args.update(lists)
                else:
                    module_args["items_file"] = remote
            result = merge_hash(result, self._execute_module(module_name="linuxnet.netns.topology",
                                                             module_args=module_args, task_vars=task_vars,
                                                             wrap_async=wrap_async))
        finally:
            # the items file goes with the task's temporary directory, also when shipping or the
            # module failed (an async task's directory is removed by its wrapper when the job ends)
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
        if "src" in self._task.args:
            result.setdefault("invocation", {}).setdefault("module_args", {})["src"] = self._task.args["src"]
        return result
