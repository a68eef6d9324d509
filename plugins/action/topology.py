# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of linuxnet.netns.topology: reads O(src) on the controller, then runs the module."""

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.linuxnet.netns.plugins.plugin_utils._topology_source import (
    TopologySourceError, load, merge_into)


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def _module_args(self):
        """The task's arguments, with the lists of O(src) in place of O(src)."""
        args = dict(self._task.args)
        src = args.get("src")
        if src is None:
            return args
        try:
            path = self._find_needle("files", src)
        except AnsibleError as error:
            raise TopologySourceError("src %s not found: %s" % (src, error))
        real = self._loader.get_real_file(path, decrypt=True)  # a vaulted file is decrypted to a temp copy
        try:
            return merge_into(args, load(real), src)
        finally:
            self._loader.cleanup_tmp_file(real)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no effect since ansible-core 2.x
        try:
            module_args = self._module_args()
        except TopologySourceError as error:
            result.update(failed=True, msg=str(error), field="src", value=self._task.args.get("src"))
            return result
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(module_name="linuxnet.netns.topology",
                                                         module_args=module_args, task_vars=task_vars,
                                                         wrap_async=wrap_async))
        if "src" in self._task.args:
            result.setdefault("invocation", {}).setdefault("module_args", {})["src"] = self._task.args["src"]
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
