# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply a plan step by step; a kernel refusal says which step failed and what was done before."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import netlink_failure


def apply_steps(changes, perform):
    """Call ``perform(change)`` for each change in order.

    On failure the error carries ``done``: the changes already applied (so the user knows what a
    failed run left behind), and ``failed_step``: the change that failed (not applied).
    """
    done = []
    for change in changes:
        try:
            perform(change)
        except NetnsError as error:
            error.details.setdefault("done", done)
            error.details.setdefault("failed_step", change.as_dict())
            raise
        except OSError as error:  # the kernel refused (codec.DumpError)
            failure = netlink_failure("%s %s %s" % (change.action, change.kind, change.name), error)
            failure.details["done"] = done
            failure.details["failed_step"] = change.as_dict()
            raise failure
        done.append(change.as_dict())
