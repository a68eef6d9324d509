# -*- coding: utf-8 -*-
"""Run the topology module's code in this process (inside the sandbox) and look at the host."""

import json
import os
import subprocess

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import DEFAULT_DB
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.items import validate_items
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import converge_topology

OVS_VOLATILE = {"statistics", "status", "link_state", "link_speed", "link_resets", "admin_state", "mtu", "ofport",
                "duplex", "mac_in_use", "ifindex", "cur_cfg", "next_cfg", "datapath_id", "error"}


class FakeModule:
    """The parts of AnsibleModule the topology code uses."""

    def __init__(self, check_mode=False, db=DEFAULT_DB):
        self.params = {"db": db}
        self.check_mode = check_mode
        self._diff = True
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def get_bin_path(self, name):
        for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin", "/usr/sbin"]:
            path = os.path.join(folder, name)
            if os.access(path, os.X_OK):
                return path
        return None

    def run_command(self, argv, expand_user_and_vars=False):
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                                timeout=120, check=False)
        return result.returncode, result.stdout, result.stderr


def topology(state="merged", check_mode=False, owner="linuxnet", **lists):
    """The module's result for these lists (raises NetnsError on failure, as the module fails)."""
    wanted = validate_items(dict((option, lists.get(option, [])) for option in OPTIONS))
    return converge_topology(FakeModule(check_mode), wanted, owner, state)


def run(argv, check=True):
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            timeout=120, check=False)
    if check and result.returncode != 0:
        raise AssertionError("%s: %s" % (argv, result.stderr.strip()))
    return result.stdout


def ovs_dump():
    out = run(["ovs-vsctl", "--timeout=10", "--format=json", "--data=json", "--", "list", "Bridge",
               "--", "list", "Port", "--", "list", "Interface"])
    tables = []
    for line in out.splitlines():
        document = json.loads(line)
        rows = [dict((k, v) for k, v in zip(document["headings"], row) if k not in OVS_VOLATILE and k != "_uuid")
                for row in document["data"]]
        tables.append(sorted(json.dumps(row, sort_keys=True) for row in rows))
    return tables


def _links(items):
    """What a write changes, not what the kernel updates on its own (carrier, operstate, counters)."""
    return sorted((link["ifname"], link.get("address"), link.get("mtu"), link.get("ifalias"), link.get("master"),
                   "UP" in link.get("flags", [])) for link in items)


def _addresses(items):
    return sorted((link["ifname"], a["local"], a["prefixlen"]) for link in items
                  for a in link.get("addr_info", []) if not a["local"].startswith("fe80:"))


def _routes(items):
    return sorted(json.dumps(dict((k, v) for k, v in route.items() if k not in ("flags", "pref")), sort_keys=True)
                  for route in items if not str(route.get("dst", "")).startswith(("fe80", "ff00")))


def host_view():
    """Links, addresses and routes of the host and of every namespace, the namespace list, OVS."""
    view = {"netns": sorted(os.listdir("/run/netns")), "ovs": ovs_dump()}
    for netns in [None] + view["netns"]:
        prefix = ["ip", "-j"] + (["-n", netns] if netns else [])
        view[netns or ""] = [_links(json.loads(run(prefix + ["link", "show"]) or "[]")),
                             _addresses(json.loads(run(prefix + ["addr", "show"]) or "[]")),
                             _routes(json.loads(run(prefix + ["route", "show", "table", "all"]) or "[]"))]
    return view


def clean_host():
    """Remove every bridge, namespace and veth (after each test, also when it fails)."""
    for name in run(["ovs-vsctl", "--timeout=10", "list-br"]).split():
        run(["ovs-vsctl", "--timeout=10", "del-br", name], check=False)
    names = os.listdir("/run/netns")
    if names:
        subprocess.run(["ip", "-batch", "-"], input="".join("netns delete %s\n" % n for n in names),
                       universal_newlines=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, check=False)
    for line in run(["ip", "-o", "link", "show", "type", "veth"]).splitlines():
        run(["ip", "link", "delete", line.split(":")[1].strip().split("@")[0]], check=False)


def seed():
    """The seed's walk-through: blue and red on br0 through veths, an address on br0."""
    return dict(
        namespaces=[{"name": "blue"}, {"name": "red"}],
        veths=[{"name": "veth0", "peer": "veth1", "peer_netns": "blue"},
               {"name": "veth2", "peer": "veth3", "peer_netns": "red"}],
        addresses=[{"dev": "veth1", "netns": "blue", "address": ["10.0.2.100/24"]},
                   {"dev": "veth3", "netns": "red", "address": ["10.0.2.101/24"]},
                   {"dev": "br0", "address": ["10.0.2.1/24"]}],
        routes=[{"netns": "blue", "dest": "10.9.0.0/16", "gateway": "10.0.2.1"}],
        bridges=[{"name": "br0", "datapath_type": "netdev"}],
        ports=[{"name": "veth0", "bridge": "br0"}, {"name": "veth2", "bridge": "br0"}],
    )
