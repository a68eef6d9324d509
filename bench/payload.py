# -*- coding: utf-8 -*-
"""What each module's AnsiballZ payload ships: files in all, and files of this collection by layer.

Builds the payload the way ansible-core does (``recursive_finder``, ansible-core 2.19's signature)
for every module of the collection found under ANSIBLE_COLLECTIONS_PATH, and prints a table.
Run through ``make payload`` (or with that variable set to a folder holding
ansible_collections/linuxnet/netns).
"""

import datetime
import io
import os
import sys
import zipfile

from ansible.executor import module_common
from ansible.plugins.loader import init_plugin_loader

try:
    from ansible._internal._ansiballz._builder import ExtensionManager
except ImportError:  # pragma: no cover - ansible-core before 2.19
    sys.exit("bench/payload.py needs ansible-core 2.19's AnsiballZ builder")

MINE = "ansible_collections/linuxnet/netns/plugins/"


def payload_names(module_path, fqn):
    buffer = io.BytesIO()
    with open(module_path, "rb") as handle:
        data = handle.read()
    with zipfile.ZipFile(buffer, "w") as archive:
        module_common.recursive_finder(os.path.basename(module_path)[:-3], fqn, data, archive,
                                       datetime.datetime(2020, 1, 1), ExtensionManager())
        return [name for name in archive.namelist() if name.endswith(".py")]


def layer(name):
    rest = name[len(MINE):].split("/")
    if rest[0] != "module_utils":
        return rest[0]
    return rest[1] if len(rest) > 2 else "module_utils (flat)"


def main():
    init_plugin_loader()
    base = None
    for path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep):
        candidate = os.path.join(path, "ansible_collections", "linuxnet", "netns", "plugins", "modules")
        if os.path.isdir(candidate):
            base = candidate
            break
    if base is None:
        sys.exit("linuxnet.netns is not under ANSIBLE_COLLECTIONS_PATH")
    print("| module | payload .py files | linuxnet.netns files | by layer |")
    print("|---|---|---|---|")
    for filename in sorted(os.listdir(base)):
        if not filename.endswith(".py"):
            continue
        name = filename[:-3]
        names = payload_names(os.path.join(base, filename), "ansible_collections.linuxnet.netns.plugins.modules." + name)
        mine = [n for n in names if n.startswith(MINE) and not n.endswith("__init__.py")]
        layers = {}
        for item in mine:
            layers[layer(item)] = layers.get(layer(item), 0) + 1
        print("| %s | %d | %d | %s |" % (name, len(names), len(mine),
                                         ", ".join("%s %d" % pair for pair in sorted(layers.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
