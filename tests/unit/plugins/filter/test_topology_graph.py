# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology picture (module_utils/_topology/graph.py and the to_mermaid / to_dot filters) from
plain netns_info data shaped like what a lab host returns after site.yml with the vxlan overlay."""

import copy
import shutil
import subprocess

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.linuxnet.netns.plugins.filter.to_dot import FilterModule as DotFilters
from ansible_collections.linuxnet.netns.plugins.filter.to_mermaid import FilterModule as MermaidFilters
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import (
    RENDER_FORMATS, graph_model, render, to_dot, to_mermaid)


def link(kind, addresses=(), peer=None, master=None):
    return {"kind": kind, "addresses": list(addresses), "peer": peer, "master": master, "state": "up", "mtu": 1450}


def peer(name, netns=None):
    return {"name": name, "netns": netns, "resolved": True}


def port(iface_type="system", name=None):
    return {"tag": None, "interfaces": {name: {"type": iface_type, "ofport": 1}}}


def seed_host(host_ip="192.168.250.11/24", tunnel="kernel"):
    """The seed's layout on one host with the overlay's vxlan link on br0 (kernel) or an OVS vxlan port."""
    host_links = {
        "lo": link(None, ["127.0.0.1/8", "::1/128"]),
        "eth0": link("veth", [host_ip, "fe80::1/64"], {"name": None, "netns": None, "nsid": 0, "resolved": False}),
        "ovs-netdev": link("tun"),
        "br0": link("tun"),
        "br1": link("tun", ["10.0.2.22/24", "fe80::2/64"]),
        "veth0": link("veth", ["10.0.2.16/24"], peer("veth1", "blue")),
        "veth2": link("veth", ["10.0.2.17/24"], peer("veth3", "red")),
        "veth7": link("veth", ["10.0.2.181/24"], peer("veth8")),
        "veth8": link("veth", ["10.0.2.182/24"], peer("veth7")),
    }
    br0_ports = {"br0": port("internal", "br0"), "veth0": port(name="veth0"), "veth7": port(name="veth7")}
    if tunnel == "kernel":
        host_links["ovl-vxlan"] = link("vxlan", ["fe80::3/64"])
        br0_ports["ovl-vxlan"] = port(name="ovl-vxlan")
    elif tunnel == "ovs":
        br0_ports["ovlv-c0a8fa0c"] = port("vxlan", "ovlv-c0a8fa0c")
    return {
        "host": {"links": host_links, "routes": []},
        "namespaces": {
            "blue": {"links": {"lo": link(None), "veth1": link("veth", ["10.0.2.100/24"], peer("veth0"))}},
            "red": {"links": {"lo": link(None), "veth3": link("veth", ["10.0.2.101/24"], peer("veth2"))}},
        },
        "missing": [],
        "ovs": {"available": True, "bridges": {
            "br0": {"datapath_type": "netdev", "ports": br0_ports},
            "br1": {"datapath_type": "netdev", "ports": {
                "br1": port("internal", "br1"), "veth2": port(name="veth2"), "veth8": port(name="veth8")}},
        }},
    }


def by_title(model):
    return dict((node["title"], node) for node in model["nodes"])


def edges_by_title(model):
    titles = dict((node["id"], node["title"]) for node in model["nodes"])
    return sorted((titles[e["a"]], titles[e["b"]], e["label"], e["tunnel"]) for e in model["edges"])


def test_seed_host_nodes_and_lines():
    model = graph_model({"h1": seed_host()})
    nodes = by_title(model)
    assert sorted(nodes) == ["blue", "br0 (OVS, netdev)", "br1 (OVS, netdev)", "h1", "red", "vxlan overlay"]
    assert nodes["h1"]["lines"] == ["eth0 192.168.250.11/24"]  # lo and link-local left out
    assert nodes["br1 (OVS, netdev)"]["lines"] == ["br1 10.0.2.22/24", "veth2 10.0.2.17/24", "veth8 10.0.2.182/24"]
    assert nodes["blue"]["lines"] == ["veth1 10.0.2.100/24"]
    assert model["hosts"] == [{"name": "h1", "id": "h1", "nodes": ["n1", "n2", "n3", "n4", "n5"]}]


def test_seed_host_edges_once_per_pair():
    assert edges_by_title(graph_model({"h1": seed_host()})) == [
        ("br0 (OVS, netdev)", "blue", "veth0 / veth1", False),
        ("br0 (OVS, netdev)", "br1 (OVS, netdev)", "veth7 / veth8", False),
        ("br0 (OVS, netdev)", "vxlan overlay", "ovl-vxlan", True),
        ("br1 (OVS, netdev)", "red", "veth2 / veth3", False),
    ]


@pytest.mark.parametrize("tunnel, label", [("kernel", "ovl-vxlan"), ("ovs", "ovlv-c0a8fa0c")])
def test_one_overlay_node_shared_by_all_hosts(tunnel, label):
    model = graph_model({"b": seed_host("192.168.250.12/24", tunnel), "a": seed_host(tunnel=tunnel)})
    overlays = [node for node in model["nodes"] if node["kind"] == "overlay"]
    assert len(overlays) == 1
    tunnels = [edge for edge in model["edges"] if edge["tunnel"]]
    assert [edge["label"] for edge in tunnels] == [label, label]
    assert all(edge["b"] == overlays[0]["id"] for edge in tunnels)
    assert [host["name"] for host in model["hosts"]] == ["a", "b"]  # sorted


def test_no_overlay_without_tunnels():
    model = graph_model({"h1": seed_host(tunnel=None)})
    assert not [node for node in model["nodes"] if node["kind"] == "overlay"]
    assert not [edge for edge in model["edges"] if edge["tunnel"]]


def test_registered_result_accepted_and_unresolved_peer_ignored():
    info = seed_host()
    assert graph_model({"h1": {"changed": False, "netns_info": info}}) == graph_model({"h1": info})
    eth0_edges = [edge for edge in graph_model({"h1": info})["edges"] if edge["label"].startswith("eth0")]
    assert eth0_edges == []


def test_linux_bridge_ports_and_ovs_kernel_devices():
    info = {"host": {"links": {
        "lo": link(None),
        "ovs-system": link("openvswitch"),
        "vxlan_sys_4789": link("vxlan", master="ovs-system"),
        "lbr": link("bridge", ["10.9.0.1/24"]),
        "v0": link("veth", [], peer("v1", "ns1"), master="lbr"),
    }}, "namespaces": {"ns1": {"links": {"v1": link("veth", ["10.9.0.2/24"], peer("v0"))}}},
        "ovs": {"available": False, "reason": "not installed"}}
    model = graph_model({"h": info})
    assert edges_by_title(model) == [("lbr (Linux bridge)", "ns1", "v0 / v1", False)]
    assert by_title(model)["lbr (Linux bridge)"]["lines"] == ["lbr 10.9.0.1/24"]


def test_empty_host_is_just_its_node():
    model = graph_model({"bare": {"host": {"links": {}}, "namespaces": {}, "ovs": {"available": False}}})
    assert [node["title"] for node in model["nodes"]] == ["bare"]
    assert model["edges"] == []


@pytest.mark.parametrize("bad", [None, [], "text"])
def test_input_must_be_a_dictionary(bad):
    with pytest.raises(TypeError, match="dictionary"):
        graph_model(bad)


def test_deterministic_text():
    infos = {"a": seed_host(), "b": seed_host("192.168.250.12/24")}
    assert to_mermaid(infos) == to_mermaid(copy.deepcopy(infos))
    assert to_dot(infos) == to_dot(dict(reversed(list(infos.items()))))


def test_mermaid_text():
    text = to_mermaid({"h1": seed_host()}, title='lab "one"')
    lines = text.splitlines()
    assert lines[:4] == ["---", "title: lab #quot;one#quot;", "---", "flowchart LR"]
    assert '  subgraph h1["h1"]' in lines
    assert '    n4(["blue<br/>veth1 10.0.2.100/24"])' in lines
    assert '  n6{{"vxlan overlay"}}' in lines
    assert '  n2 -.-|"ovl-vxlan"| n6' in lines
    assert '  n2 ---|"veth0 / veth1"| n4' in lines
    assert text.endswith("\n")


def test_dot_text_and_escaping():
    info = seed_host()
    info["namespaces"]['we"ird\\'] = {"links": {}}
    text = to_dot({"h1": info})
    assert text.startswith('graph "topology" {\n')
    assert '    n4 [label="blue\\nveth1 10.0.2.100/24", shape=ellipse];' in text
    assert '[label="we\\"ird\\\\", shape=ellipse];' in text
    assert '  n2 -- n7 [label="ovl-vxlan", style=dashed];' in text
    assert text.rstrip().endswith("}")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")
def test_dot_renders_with_graphviz():
    text = to_dot({"a": seed_host(), "b": seed_host("192.168.250.12/24", "ovs")})
    result = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout


@pytest.mark.parametrize("filters, name", [(MermaidFilters, "to_mermaid"), (DotFilters, "to_dot")])
def test_filters(filters, name):
    function = filters().filters()[name]
    assert function({"h1": seed_host()}, title="x") == (to_mermaid if name == "to_mermaid" else to_dot)(
        {"h1": seed_host()}, title="x")
    with pytest.raises(AnsibleFilterError, match=name):
        function(["not", "a", "dict"])


# ---------------------------------------------------------------- render: what netns_info's render option returns
def test_render_both_formats_is_the_filters_text():
    infos = {"h1": seed_host()}
    assert render(infos, ["mermaid", "dot"], title="h1") == {"mermaid": to_mermaid(infos, title="h1"),
                                                             "dot": to_dot(infos, title="h1")}
    assert render(infos, ["dot"]) == {"dot": to_dot(infos)}
    assert render(infos, []) == {}
    assert sorted(RENDER_FORMATS) == ["dot", "mermaid"]


def test_render_empty_host():
    bare = {"host": {"links": {"lo": link(None, ["127.0.0.1/8"])}, "routes": []}, "namespaces": {}, "missing": [],
            "ovs": {"available": False, "reason": "not requested", "bridges": {}}}
    rendered = render({"bare": bare}, RENDER_FORMATS, title="bare")
    assert rendered["mermaid"] == ('---\ntitle: bare\n---\nflowchart LR\n  subgraph h1["bare"]\n    n1["bare"]\n'
                                   "  end\n")
    assert '    n1 [label="bare", shape=box];' in rendered["dot"].splitlines()
    assert " -- " not in rendered["dot"]


def test_render_host_with_ovs_unavailable_keeps_namespaces_and_pairs():
    info = seed_host()
    info["ovs"] = {"available": False, "reason": "Open vSwitch database unix:/x is not answering", "bridges": {}}
    mermaid = render({"h1": info}, ["mermaid"], title="h1")["mermaid"]
    assert "OVS" not in mermaid  # no bridge drawn from a report that is not there
    lines = mermaid.splitlines()
    assert '    n2(["blue<br/>veth1 10.0.2.100/24"])' in lines
    assert '  n1 ---|"veth0 / veth1"| n2' in lines  # veth0 is on the host's own node now
    assert '  n1 -.-|"ovl-vxlan"| n4' in lines  # the kernel vxlan link is still a tunnel


def test_render_unknown_format():
    with pytest.raises(KeyError):
        render({"h1": seed_host()}, ["svg"])
