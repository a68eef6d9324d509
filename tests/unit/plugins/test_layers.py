# -*- coding: utf-8 -*-
"""The plugins keep their layers: no upward import, no netlink <-> Open vSwitch edge, no cycle, and
nothing outside the netlink package reaches netlink (one stack).

The first tests hold the real tree to the rules; the ones after plant each kind of bad edge in a
small tree of their own, so that the checker is shown to catch it.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import layers  # noqa: E402

GRAPH = layers.import_graph()
MODULES = sorted(path for path in GRAPH if path.startswith(os.path.join("plugins", "modules")))
OVS_MODULES = {"ovs_bridge", "ovs_port", "ovs_prerequisites", "topology", "netns_info"}


def test_the_graph_is_read():
    assert len(GRAPH) > 60
    assert sum(len(targets) for targets in GRAPH.values()) > 200
    assert "plugins/module_utils/_core/errors.py" in GRAPH["plugins/module_utils/_netlink/session.py"]


def test_every_module_utils_file_is_in_a_layer_package():
    for path in GRAPH:
        layers.layer_of(path)  # raises for a file outside the packages


def test_no_edge_goes_against_the_layers():
    assert layers.wrong_edges(GRAPH) == []


def test_no_import_cycle():
    assert layers.cycles(GRAPH) == []


@pytest.mark.parametrize("module", MODULES, ids=lambda path: os.path.basename(path)[:-3])
def test_what_a_module_ships(module):
    shipped = layers.closure(GRAPH, module)
    name = os.path.basename(module)[:-3]
    ovs = [path for path in shipped if layers.layer_of(path) == "ovs"]
    netlink = [path for path in shipped if layers.layer_of(path) == "netlink"]
    if name not in OVS_MODULES:
        assert ovs == [], "%s ships Open vSwitch files: %s" % (name, ovs)
    if name.startswith("ovs_"):
        assert netlink == [], "%s ships netlink files: %s" % (name, netlink)
    assert not any(layers.layer_of(path) == "controller" for path in shipped)


def plant(tmp_path, files):
    """A tree of plugin files ``{relative path: source}`` under tmp_path."""
    for path, source in files.items():
        full = tmp_path / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(source)
    return layers.import_graph(str(tmp_path))


MU = "ansible_collections.linuxnet.netns.plugins.module_utils"


def test_a_planted_upward_import_is_caught(tmp_path):
    graph = plant(tmp_path, {
        "plugins/module_utils/_core/errors.py": "from %s._topology.run import x\n" % MU,
        "plugins/module_utils/_topology/run.py": "x = 1\n",
    })
    assert layers.wrong_edges(graph) == [(
        "plugins/module_utils/_core/errors.py", "plugins/module_utils/_topology/run.py",
        "core may not import topology")]


def test_a_planted_import_inside_a_function_is_caught(tmp_path):
    graph = plant(tmp_path, {
        "plugins/module_utils/_netlink/session.py": "def f():\n    from %s._ovs import client\n" % MU,
        "plugins/module_utils/_ovs/client.py": "x = 1\n",
    })
    assert [edge[2] for edge in layers.wrong_edges(graph)] == ["netlink may not import ovs"]


def test_a_planted_ovs_to_netlink_import_is_caught(tmp_path):
    graph = plant(tmp_path, {
        "plugins/module_utils/_ovs/client.py": "import %s._netlink.session\n" % MU,
        "plugins/module_utils/_netlink/session.py": "x = 1\n",
    })
    assert [edge[2] for edge in layers.wrong_edges(graph)] == ["ovs may not import netlink"]


def test_a_planted_cycle_is_caught(tmp_path):
    graph = plant(tmp_path, {
        "plugins/module_utils/_core/a.py": "from %s._core.b import x\n" % MU,
        "plugins/module_utils/_core/b.py": "from %s._core import a\nx = 1\n" % MU,
    })
    assert layers.wrong_edges(graph) == []
    assert layers.cycles(graph) == [["plugins/module_utils/_core/a.py", "plugins/module_utils/_core/b.py",
                                     "plugins/module_utils/_core/a.py"]]


def test_a_flat_module_utils_file_is_refused(tmp_path):
    graph = plant(tmp_path, {"plugins/module_utils/_stray.py": "x = 1\n"})
    with pytest.raises(ValueError, match="outside the layer packages"):
        layers.layer_of(next(iter(graph)))


def test_a_module_may_import_every_layer(tmp_path):
    graph = plant(tmp_path, {
        "plugins/modules/m.py": "from %s._topology.run import x\nfrom %s._ovs.client import y\n" % (MU, MU),
        "plugins/module_utils/_topology/run.py": "x = 1\n",
        "plugins/module_utils/_ovs/client.py": "y = 1\n",
    })
    assert layers.wrong_edges(graph) == []
    assert layers.closure(graph, "plugins/modules/m.py") == {
        "plugins/modules/m.py", "plugins/module_utils/_topology/run.py", "plugins/module_utils/_ovs/client.py"}


def test_nothing_outside_the_netlink_package_reaches_netlink():
    assert layers.netlink_leaks() == []


def test_the_netlink_package_is_read_and_does_reach_netlink():
    """The checker reads the files it passes: the package itself has sockets and encoders."""
    inside = [path for path in GRAPH if path.startswith(layers.NETLINK_PACKAGE)]
    assert len(inside) > 10
    leaks = [what for path in inside for _path, _line, what in layers.netlink_leaks_of(path)]
    assert "imports socket" in leaks and "names netlink_socket" in leaks and "names nla" in leaks


def test_planted_reaches_for_netlink_are_caught(tmp_path):
    plant(tmp_path, {
        "plugins/module_utils/_kernel/vxlan.py": (
            "import socket\n"
            "from pyroute2.netlink.exceptions import NetlinkError\n"
            "def read(session, netns):\n"
            "    return session.ipr(netns).link('get', index=1)\n"),
        "plugins/module_utils/_kernel/route.py": (
            "def perform(session):\n"
            "    from %s._netlink.codec import nla\n"
            "    sock = raw_socket(session.netlink_socket(None))\n"
            "    return nla(1, b'')\n" % MU),
        "plugins/modules/netns_info.py": "import pyroute2\n",
        "plugins/module_utils/_topology/run.py": "from %s._netlink import write\n" % MU,
        "plugins/module_utils/_netlink/codec.py": "import socket\nnla = 1\n",
        "plugins/module_utils/_kernel/info.py": "# ipr(None), raw_socket, import socket: words only\nx = 'ipr(x)'\n",
    })
    assert layers.netlink_leaks(str(tmp_path)) == [
        ("plugins/module_utils/_kernel/route.py", 2, "imports plugins/module_utils/_netlink/codec"),
        ("plugins/module_utils/_kernel/route.py", 2, "names nla"),
        ("plugins/module_utils/_kernel/route.py", 3, "names netlink_socket"),
        ("plugins/module_utils/_kernel/route.py", 3, "names raw_socket"),
        ("plugins/module_utils/_kernel/route.py", 4, "names nla"),
        ("plugins/module_utils/_kernel/vxlan.py", 1, "imports socket"),
        ("plugins/module_utils/_kernel/vxlan.py", 2, "imports pyroute2"),
        ("plugins/module_utils/_kernel/vxlan.py", 2, "names NetlinkError"),
        ("plugins/module_utils/_kernel/vxlan.py", 4, "names ipr"),
        ("plugins/module_utils/_topology/run.py", 1, "imports plugins/module_utils/_netlink/write"),
        ("plugins/modules/netns_info.py", 1, "imports pyroute2"),
    ]
