# -*- coding: utf-8 -*-
"""The import graph of the collection's plugins, read from their source (no import is run).

Every ``import`` and ``from ... import`` of a plugin file, at any depth (inside functions too: AnsiballZ
ships those as well), is resolved to the plugin file it names. ``layer_of`` says which layer a file is
in; ``ALLOWED`` says which layers each layer may import. test_layers.py holds the tree to these rules,
and ``python tests/unit/plugins/layers.py`` prints the figures (files, edges, per-module payload).
``netlink_leaks`` finds what reaches netlink from outside the netlink package (there is one stack,
and only that package talks to the kernel's sockets).
"""

import ast
import io
import os
import sys
import tokenize

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PREFIX = "ansible_collections.linuxnet.netns."

# Bottom to top. netlink and ovs are siblings: neither may import the other, so a module that
# manages a kernel object never ships an Open vSwitch file, and the reverse.
ALLOWED = {
    "core": {"core"},
    "netlink": {"core", "netlink"},
    "ovs": {"core", "ovs"},
    "kernel": {"core", "netlink", "kernel"},
    # systemd units (netns_service): files and systemctl only, so it ships no netlink or OVS file
    "systemd": {"core", "systemd"},
    # topology: its boot unit's instance names are systemd's (persist)
    "topology": {"core", "netlink", "kernel", "ovs", "systemd", "topology"},
    "controller": {"core", "netlink", "kernel", "ovs", "topology", "controller"},
    # doc fragments are read on the controller only; one may build on another (ovs_maps)
    "fragment": {"controller", "fragment"},
    "plugin": {"core", "netlink", "kernel", "ovs", "topology", "controller", "systemd"},
}
PACKAGE_LAYERS = {"_core": "core", "_netlink": "netlink", "_ovs": "ovs", "_kernel": "kernel",
                  "_topology": "topology", "_systemd": "systemd"}


def plugin_files(root=ROOT):
    """Every .py file under plugins/, as a path relative to ``root``."""
    found = []
    for folder, _dirs, names in os.walk(os.path.join(root, "plugins")):
        for name in names:
            if name.endswith(".py") and name != "__init__.py":
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def layer_of(path):
    """The layer of a plugin file (a path relative to the collection root)."""
    parts = path.split(os.sep)
    if parts[1] == "module_utils":
        if len(parts) < 4 or parts[2] not in PACKAGE_LAYERS:
            raise ValueError("%s: a module_utils file outside the layer packages %s"
                             % (path, ", ".join(sorted(PACKAGE_LAYERS))))
        return PACKAGE_LAYERS[parts[2]]
    if parts[1] == "plugin_utils":
        return "controller"
    if parts[1] == "doc_fragments":
        return "fragment"
    return "plugin"


def _dotted_to_path(dotted, known):
    """The plugin file a dotted name (``ansible_collections.linuxnet.netns.plugins.x.y``) is, or None."""
    if not dotted.startswith(PREFIX):
        return None
    candidate = dotted[len(PREFIX):].replace(".", os.sep) + ".py"
    return candidate if candidate in known else None


def imported_names(tree):
    """(import statement, [dotted names it may load]) for every absolute import in ``tree``, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from pkg import name``: name is a submodule (a file) or an attribute of pkg's file
            yield node, [node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names]


def imports_of(path, known, root=ROOT):
    """The plugin files that ``path`` imports (a sorted list, each once)."""
    with open(os.path.join(root, path)) as handle:
        tree = ast.parse(handle.read(), path)
    targets = set()
    for _node, names in imported_names(tree):
        for name in names:
            target = _dotted_to_path(name, known)
            if target:
                targets.add(target)
    return sorted(targets)


def import_graph(root=ROOT):
    """{file: [files it imports]} for every plugin file."""
    known = set(plugin_files(root))
    return dict((path, imports_of(path, known, root)) for path in sorted(known))


def wrong_edges(graph):
    """Every edge that goes against ALLOWED, as ``(importer, imported, why)``."""
    wrong = []
    for source, targets in sorted(graph.items()):
        source_layer = layer_of(source)
        for target in targets:
            target_layer = layer_of(target)
            if target_layer not in ALLOWED[source_layer]:
                wrong.append((source, target, "%s may not import %s" % (source_layer, target_layer)))
    return wrong


def cycles(graph):
    """Import cycles, each as a list of files (first == last); empty when the graph is acyclic."""
    found, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in graph.get(node, ()):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def closure(graph, path):
    """Every plugin file that importing ``path`` loads (``path`` included): what its AnsiballZ ships."""
    seen, todo = set(), [path]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


# Only the files of this package may touch netlink: open or hold a socket, build a message, use pyroute2.
NETLINK_PACKAGE = os.path.join("plugins", "module_utils", "_netlink") + os.sep
NETLINK_MODULES = ("pyroute2", "socket")  # importing either (or a submodule) is reaching for a socket
REQUEST_FILES = tuple(PREFIX + "plugins.module_utils._netlink." + name for name in ("codec", "dump", "write"))
NETLINK_NAMES = frozenset((
    "raw_socket", "netlink_socket", "ipr", "LazyIPRoute", "IPRoute", "IPBatch", "NetlinkError",  # sockets, pyroute2
    "nla", "nla_text", "nla_u32", "ack_request", "request_one", "HEADER", "IFINFO", "RTMSG", "NDMSG",  # the codec
))


def _forbidden_import(name):
    top = name.split(".")[0]
    if top in NETLINK_MODULES:
        return "imports %s" % top
    for request_file in REQUEST_FILES:
        if name == request_file or name.startswith(request_file + "."):
            return "imports %s" % request_file[len(PREFIX):].replace(".", "/")
    return None


def netlink_leaks_of(path, root=ROOT):
    """What in ``path`` reaches netlink directly: ``(path, line, what)`` for each import of pyroute2,
    socket or the request files (codec, dump, write), and each use of a NETLINK_NAMES name (code only:
    comments and strings are not read)."""
    with open(os.path.join(root, path)) as handle:
        source = handle.read()
    found = []
    for node, names in imported_names(ast.parse(source, path)):
        for what in sorted(set(filter(None, (_forbidden_import(name) for name in names)))):
            found.append((path, node.lineno, what))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string in NETLINK_NAMES:
            found.append((path, token.start[0], "names %s" % token.string))
    return sorted(set(found))


def netlink_leaks(root=ROOT):
    """netlink_leaks_of every plugin file outside the netlink package."""
    found = []
    for path in plugin_files(root):
        if not path.startswith(NETLINK_PACKAGE):
            found.extend(netlink_leaks_of(path, root))
    return found


def main(root=ROOT):
    graph = import_graph(root)
    print("%d plugin files, %d import edges, %d against the layers, %d cycles"
          % (len(graph), sum(len(t) for t in graph.values()), len(wrong_edges(graph)), len(cycles(graph))))
    print("%d reaches for netlink outside %s" % (len(netlink_leaks(root)), NETLINK_PACKAGE))
    for module in sorted(p for p in graph if p.startswith(os.path.join("plugins", "modules"))):
        shipped = closure(graph, module) - {module}
        ovs = sorted(p for p in shipped if layer_of(p) == "ovs")
        print("%-32s ships %2d collection files (%d of Open vSwitch)" % (module, len(shipped), len(ovs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
