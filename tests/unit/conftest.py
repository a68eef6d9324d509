"""Make ``ansible_collections.linuxnet.netns`` importable from a checkout (see `make collection-link`)."""
import os
import sys

COLLECTIONS = os.path.join(os.path.dirname(__file__), "..", "..", ".build", "collections")
if os.path.isdir(COLLECTIONS) and os.path.abspath(COLLECTIONS) not in sys.path:
    sys.path.insert(0, os.path.abspath(COLLECTIONS))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_host_lock(tmp_path, monkeypatch):
    """Unit tests that run a module's main() take the host lock: keep it off the machine's /run/lock."""
    try:
        from ansible_collections.linuxnet.netns.plugins.module_utils._core import hostlock as _hostlock
    except ImportError:
        return
    monkeypatch.setattr(_hostlock, "LOCK_PATH", str(tmp_path / "linuxnet-netns.lock"))
