# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: task_timing
type: aggregate
short_description: Where a playbook run goes, task by task, across all hosts
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Records, for every task, the wall time the play spent in it (from its start to the start of the next
    task, so what every host waited for) and the time of each host's result, and prints the slowest
    tasks at the end of the run. With O(output) set it also writes every task as JSON.
  - ansible-core's own C(ansible.builtin.junit) callback records each host's time per task as JUnit XML
    files, but not the wall time of a task across the hosts of a play, which is what a re-run of a fleet
    waits for; C(ansible.posix.profile_tasks) does that but needs another collection.
  - "Enable it with C(callbacks_enabled = linuxnet.netns.task_timing) in C([defaults]) of C(ansible.cfg),
    or C(ANSIBLE_CALLBACKS_ENABLED=linuxnet.netns.task_timing)."
requirements:
  - enabled in callbacks_enabled
options:
  top:
    description: How many of the slowest tasks to print at the end; 0 prints none.
    type: int
    default: 12
    env:
      - name: LINUXNET_TASK_TIMING_TOP
    ini:
      - section: callback_task_timing
        key: top
  output:
    description:
      - File to write the tasks to as JSON, in the order they ran; each has C(name), C(role), C(action),
        C(seconds) (wall time) and C(hosts) (host name to seconds until its result, and status).
      - Empty writes no file.
    type: path
    default: ""
    env:
      - name: LINUXNET_TASK_TIMING_OUTPUT
    ini:
      - section: callback_task_timing
        key: output
"""

import json
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "linuxnet.netns.task_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.tasks = []
        self.current = None

    def _close_current(self):
        if self.current is not None:
            self.current["seconds"] = round(time.monotonic() - self.current.pop("_started"), 3)
            self.current = None

    def _start(self, task):
        self._close_current()
        role = getattr(task, "_role", None)
        self.current = {"name": task.name or task.action, "role": role.get_name(include_role_fqcn=False) if role else None,
                        "action": task.action, "hosts": {}, "_started": time.monotonic()}
        self.tasks.append(self.current)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task)

    def v2_playbook_on_play_start(self, play):
        self._close_current()

    def _host_done(self, result, status):
        if self.current is not None:
            self.current["hosts"][result._host.get_name()] = {
                "seconds": round(time.monotonic() - self.current["_started"], 3), "status": status}

    def v2_runner_on_ok(self, result):
        self._host_done(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._host_done(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._host_done(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._host_done(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        self._close_current()
        top = self.get_option("top")
        if top > 0 and self.tasks:
            self._display.banner("TASK TIMING (wall time of the play, slowest first)")
            for task in sorted(self.tasks, key=lambda item: -item["seconds"])[:top]:
                ran = sum(1 for host in task["hosts"].values() if host["status"] != "skipped")
                self._display.display("%7.2f s  %3d host(s)  %s%s" % (
                    task["seconds"], ran, (task["role"] + " : ") if task["role"] else "", task["name"]))
            self._display.display("%7.2f s  in %d tasks" % (sum(task["seconds"] for task in self.tasks),
                                                            len(self.tasks)))
        output = self.get_option("output")
        if output:
            with open(output, "w") as handle:
                json.dump(self.tasks, handle, indent=1)
