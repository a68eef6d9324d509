# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A picture of the hosts' namespaces, bridges, veth pairs and tunnels, from netns_info results.

``graph_model({host: netns_info})`` turns what M(linuxnet.netns.netns_info) found on each host into
nodes (the host's own namespace, named namespaces, OVS and Linux bridges, one overlay node per tunnel
kind shared by all hosts) and edges (veth pairs, tunnels); ``to_mermaid`` and ``to_dot`` render it.
Pure functions of plain data: the same input gives the same text. The filters to_mermaid / to_dot
draw many hosts with them, netns_info's ``render`` option draws its own host with ``render``.
"""

import ipaddress

TUNNEL_KINDS = ("vxlan", "gre", "gretap", "ip6gre", "ip6gretap", "geneve", "stt", "lisp", "erspan", "ip6erspan")
# links OVS makes for its own use on the system datapath (ovs-system, vxlan_sys_4789 under it)
OVS_KERNEL_KINDS = ("openvswitch",)

HOST, NETNS, BRIDGE, OVERLAY = "host", "netns", "bridge", "overlay"

MERMAID_SHAPES = {HOST: ('["', '"]'), NETNS: ('(["', '"])'), BRIDGE: ('[["', '"]]'), OVERLAY: ('{{"', '"}}')}
DOT_SHAPES = {HOST: "box", NETNS: "ellipse", BRIDGE: "box3d", OVERLAY: "hexagon"}


def _global_addresses(link):
    """The link's addresses without IPv6 link-local ones, in the order found."""
    found = []
    for address in link.get("addresses") or []:
        try:
            if ipaddress.ip_interface(address).ip.is_link_local and ":" in address:
                continue
        except ValueError:
            pass
        found.append(address)
    return found


class _Graph:
    """Nodes and edges collected host by host, with stable ids in the order they are first seen."""

    def __init__(self):
        self.hosts = []  # {"name", "id", "nodes": [node ids]}
        self.nodes = {}  # id -> {"id", "kind", "title", "lines"}
        self.keys = {}  # (host or None, kind, name) -> id
        self.edges = []  # {"a", "b", "label", "tunnel"}

    def node(self, host, kind, name, title):
        key = (host, kind, name)
        if key not in self.keys:
            node_id = "n%d" % (len(self.nodes) + 1)
            self.keys[key] = node_id
            self.nodes[node_id] = {"id": node_id, "kind": kind, "title": title, "lines": []}
            if host is not None:
                self.hosts[-1]["nodes"].append(node_id)
        return self.keys[key]

    def model(self):
        return {
            "hosts": self.hosts,
            "nodes": [self.nodes[node_id] for node_id in sorted(self.nodes, key=lambda n: int(n[1:]))],
            "edges": self.edges,
        }


class _HostView:
    """One host's netns_info result, with where each link is attached."""

    def __init__(self, graph, host, info):
        self.graph = graph
        self.host = host
        self.info = info or {}
        self.host_links = (self.info.get("host") or {}).get("links") or {}
        self.namespaces = self.info.get("namespaces") or {}
        ovs = self.info.get("ovs") or {}
        self.ovs_bridges = (ovs.get("bridges") or {}) if ovs.get("available", True) else {}
        self.ovs_port_of = {}  # interface or port name -> bridge
        self.ovs_tunnels = []  # (bridge, interface, type)
        for bridge in sorted(self.ovs_bridges):
            for port, port_info in sorted((self.ovs_bridges[bridge].get("ports") or {}).items()):
                self.ovs_port_of[port] = bridge
                for iface, iface_info in sorted(((port_info or {}).get("interfaces") or {}).items()):
                    self.ovs_port_of[iface] = bridge
                    if (iface_info or {}).get("type") in TUNNEL_KINDS:
                        self.ovs_tunnels.append((bridge, iface, iface_info["type"]))
        self.linux_bridges = sorted(name for name, link in self.host_links.items() if link.get("kind") == "bridge")

    def host_node(self):
        return self.graph.node(self.host, HOST, None, self.host)

    def bridge_node(self, name):
        if name in self.ovs_bridges:
            datapath = self.ovs_bridges[name].get("datapath_type") or "system"
            title = "%s (OVS, %s)" % (name, datapath)
        else:
            title = "%s (Linux bridge)" % name
        return self.graph.node(self.host, BRIDGE, name, title)

    def attachment(self, netns, name):
        """Node a link belongs to: its namespace, the bridge it is a port of, else the host."""
        if netns:
            return self.graph.node(self.host, NETNS, netns, netns)
        if name in self.ovs_bridges or name in self.linux_bridges:  # the bridge's own interface
            return self.bridge_node(name)
        if name in self.ovs_port_of:
            return self.bridge_node(self.ovs_port_of[name])
        master = (self.host_links.get(name) or {}).get("master")
        if master and master in self.linux_bridges:
            return self.bridge_node(master)
        return self.host_node()

    def skipped(self, name, link):
        """Loopback and OVS's own kernel devices are not part of the picture."""
        if name == "lo" or link.get("kind") in OVS_KERNEL_KINDS:
            return True
        master = self.host_links.get(link.get("master") or "") or {}
        return master.get("kind") in OVS_KERNEL_KINDS

    def all_links(self):
        """(netns or None, name, link) for the host's links, then each namespace's, sorted by name."""
        for name in sorted(self.host_links):
            yield None, name, self.host_links[name]
        for netns in sorted(self.namespaces):
            links = (self.namespaces[netns] or {}).get("links") or {}
            for name in sorted(links):
                yield netns, name, links[name]

    def add(self):
        self.graph.hosts.append({"name": self.host, "id": "h%d" % (len(self.graph.hosts) + 1), "nodes": []})
        self.host_node()
        for bridge in sorted(self.ovs_bridges) + self.linux_bridges:
            self.bridge_node(bridge)
        for netns in sorted(self.namespaces):
            self.attachment(netns, None)
        seen_pairs = set()
        for netns, name, link in self.all_links():
            if self.skipped(name, link):
                continue
            node_id = self.attachment(netns, name)
            for address in _global_addresses(link):
                self.graph.nodes[node_id]["lines"].append("%s %s" % (name, address))
            if link.get("kind") == "veth":
                self.add_veth(netns, name, link.get("peer") or {}, node_id, seen_pairs)
            elif link.get("kind") in TUNNEL_KINDS and netns is None:
                self.add_tunnel(node_id, name, link["kind"])
        for bridge, iface, kind in self.ovs_tunnels:
            if iface not in self.host_links:  # a kernel tunnel link was drawn above already
                self.add_tunnel(self.bridge_node(bridge), iface, kind)

    def add_veth(self, netns, name, peer, node_id, seen_pairs):
        if not peer.get("resolved") or not peer.get("name"):
            return
        pair = frozenset([(netns, name), (peer.get("netns"), peer["name"])])
        if pair in seen_pairs:
            return
        seen_pairs.add(pair)
        peer_id = self.attachment(peer.get("netns"), peer["name"])
        if peer_id != node_id:
            self.graph.edges.append({"a": node_id, "b": peer_id, "label": "%s / %s" % (name, peer["name"]),
                                     "tunnel": False})

    def add_tunnel(self, node_id, name, kind):
        overlay_id = self.graph.node(None, OVERLAY, kind, "%s overlay" % kind)
        self.graph.edges.append({"a": node_id, "b": overlay_id, "label": name, "tunnel": True})


def graph_model(infos):
    """``{host: netns_info}`` (hosts in sorted order) -> ``{"hosts", "nodes", "edges"}``."""
    if not isinstance(infos, dict):
        raise TypeError("expected a dictionary {host: netns_info}, got %s" % type(infos).__name__)
    graph = _Graph()
    for host in sorted(infos):
        info = infos[host]
        if isinstance(info, dict) and "netns_info" in info:  # a registered result, not just its value
            info = info["netns_info"]
        _HostView(graph, host, info).add()
    return graph.model()


def _mermaid_text(text):
    return text.replace('"', "#quot;")


def _mermaid_node(node):
    opening, closing = MERMAID_SHAPES[node["kind"]]
    label = "<br/>".join([_mermaid_text(node["title"])] + [_mermaid_text(line) for line in node["lines"]])
    return "%s%s%s%s" % (node["id"], opening, label, closing)


def to_mermaid(infos, title="topology"):
    """A mermaid flowchart: one subgraph per host, the overlay nodes between them."""
    model = graph_model(infos)
    nodes = dict((node["id"], node) for node in model["nodes"])
    lines = ["---", "title: %s" % _mermaid_text(title), "---", "flowchart LR"]
    for host in model["hosts"]:
        lines.append('  subgraph %s["%s"]' % (host["id"], _mermaid_text(host["name"])))
        lines.extend("    " + _mermaid_node(nodes[node_id]) for node_id in host["nodes"])
        lines.append("  end")
    lines.extend("  " + _mermaid_node(node) for node in model["nodes"] if node["kind"] == OVERLAY)
    for edge in model["edges"]:
        link = "-.-" if edge["tunnel"] else "---"
        lines.append('  %s %s|"%s"| %s' % (edge["a"], link, _mermaid_text(edge["label"]), edge["b"]))
    return "\n".join(lines) + "\n"


def _dot_text(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_node(node):
    label = "\\n".join([_dot_text(node["title"])] + [_dot_text(line) for line in node["lines"]])
    return '%s [label="%s", shape=%s];' % (node["id"], label, DOT_SHAPES[node["kind"]])


def to_dot(infos, title="topology"):
    """A Graphviz graph: one cluster per host, the overlay nodes between them."""
    model = graph_model(infos)
    nodes = dict((node["id"], node) for node in model["nodes"])
    lines = ['graph "%s" {' % _dot_text(title), "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for host in model["hosts"]:
        lines.append("  subgraph cluster_%s {" % host["id"])
        lines.append('    label="%s";' % _dot_text(host["name"]))
        lines.extend("    " + _dot_node(nodes[node_id]) for node_id in host["nodes"])
        lines.append("  }")
    lines.extend("  " + _dot_node(node) for node in model["nodes"] if node["kind"] == OVERLAY)
    for edge in model["edges"]:
        style = ", style=dashed" if edge["tunnel"] else ""
        lines.append('  %s -- %s [label="%s"%s];' % (edge["a"], edge["b"], _dot_text(edge["label"]), style))
    lines.append("}")
    return "\n".join(lines) + "\n"


RENDERERS = {"mermaid": to_mermaid, "dot": to_dot}
RENDER_FORMATS = ("mermaid", "dot")  # the order netns_info documents them in


def render(infos, formats, title="topology"):
    """``{format: text}`` for each of ``formats`` (names in ``RENDERERS``), all drawn from ``infos``."""
    return dict((name, RENDERERS[name](infos, title=title)) for name in formats)
