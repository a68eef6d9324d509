# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""host_lock: one module call at a time, a bounded wait, a clear error naming the lock file."""

import pytest

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import BackendError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.hostlock import host_lock


def test_second_holder_waits_then_fails_naming_the_lock(tmp_path):
    path = str(tmp_path / "lock" / "linuxnet-netns.lock")
    with host_lock(path):
        with pytest.raises(BackendError) as error:
            with host_lock(path, timeout=0.2):
                pass
    assert path in error.value.msg and error.value.details["lock"] == path


def test_released_after_the_block(tmp_path):
    path = str(tmp_path / "linuxnet-netns.lock")
    with host_lock(path):
        pass
    with host_lock(path, timeout=0.2):
        pass


def test_unusable_path_runs_without_the_lock(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with host_lock(str(blocker / "sub" / "x.lock"), timeout=0.2):
        pass
