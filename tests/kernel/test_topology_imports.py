# -*- coding: utf-8 -*-
"""No module run imports pyroute2 (nor asyncio, which only it needs): every netlink request, read or
write, is built by the collection's own codec (plugins/module_utils/_netlink/codec.py; importing
pyroute2 cost 0.1 s of a module start). Each call runs in a fresh Python process, which then tells
which of the two it loaded."""

import json
import os
import subprocess
import sys

import pytest

from topology_helpers import clean_host

HERE = os.path.dirname(os.path.abspath(__file__))
CALL = """
import json, sys
from topology_helpers import topology
result = topology(**json.loads(sys.argv[1]))
print(json.dumps({"changes": len(result["changes"]),
                  "loaded": [name for name in ("pyroute2", "asyncio") if name in sys.modules]}))
"""


@pytest.fixture(autouse=True)
def clean():
    yield
    clean_host()


def fresh_process(**arguments):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([HERE] + [path for path in sys.path if path]))
    out = subprocess.run([sys.executable, "-c", CALL, json.dumps(arguments)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True, timeout=120, env=env, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


TENANTS = dict(
    namespaces=[{"name": "imp%d" % i} for i in range(3)],
    veths=[{"name": "imph%d" % i, "peer": "impp%d" % i, "peer_netns": "imp%d" % i, "mtu": 1400} for i in range(3)],
    addresses=[{"dev": "impp%d" % i, "netns": "imp%d" % i, "address": ["10.9.%d.2/30" % i]} for i in range(3)],
)


def test_building_and_rerunning_tenants_never_imports_pyroute2():
    first = fresh_process(**TENANTS)
    assert first == {"changes": 12, "loaded": []}
    assert fresh_process(**TENANTS) == {"changes": 0, "loaded": []}


def test_the_writes_pyroute2_once_made_import_nothing_and_work():
    """A move and a route, once sent through pyroute2."""
    fresh_process(**TENANTS)
    moved = dict(TENANTS)
    moved["veths"] = [dict(veth, netns="imp1") if veth["name"] == "imph0" else veth for veth in TENANTS["veths"]]
    moved["routes"] = [{"netns": "imp2", "dest": "10.50.0.0/16", "dev": "impp2", "metric": 7}]
    assert fresh_process(**moved) == {"changes": 3, "loaded": []}  # moved, then up again; the route
    assert fresh_process(**moved) == {"changes": 0, "loaded": []}
