"""The benchmark's topology: N namespaces, each with a veth pair to the host, an address on both
ends, lo up, and the host end a port of one OVS bridge. Built four ways; all end in the same state."""

import json

BRIDGE = "bbr"


def names(i):
    """(namespace, host end, namespace end, host address, namespace address) of tenant ``i``."""
    a, b = divmod(i, 250)
    return ("bns%d" % i, "bh%d" % i, "bp%d" % i, "10.%d.%d.1/30" % (a + 100, b), "10.%d.%d.2/30" % (a + 100, b))


def topology_items(n):
    """The topology module's input."""
    items = {"namespaces": [], "veths": [], "addresses": [], "bridges": [{"name": BRIDGE, "datapath_type": "netdev"}],
             "ports": []}
    for i in range(n):
        ns, host, inner, host_addr, inner_addr = names(i)
        items["namespaces"].append({"name": ns})
        items["veths"].append({"name": host, "peer": inner, "peer_netns": ns})
        items["addresses"].append({"dev": host, "address": [host_addr]})
        items["addresses"].append({"dev": inner, "netns": ns, "address": [inner_addr]})
        items["ports"].append({"name": host, "bridge": BRIDGE})
    return items


def hand_batched(n):
    """(host ``ip -batch`` text, {namespace: ``ip -n NS -batch`` text}, ovs-vsctl argv)."""
    host = []
    per_ns = {}
    for i in range(n):
        host.append("netns add %s" % names(i)[0])
    for i in range(n):
        ns, h, p, ha, pa = names(i)
        host.append("link add %s type veth peer name %s netns %s" % (h, p, ns))
        host.append("addr add %s dev %s" % (ha, h))
        host.append("link set %s up" % h)
        per_ns[ns] = "link set lo up\naddr add %s dev %s\nlink set %s up\n" % (pa, p, p)
    ovs = ["ovs-vsctl", "--", "add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev"]
    for i in range(n):
        ovs += ["--", "add-port", BRIDGE, names(i)[1]]
    return "\n".join(host) + "\n", per_ns, ovs


def seed_style(n):
    """One process per step, as the seed's walk-through does it."""
    steps = [["ovs-vsctl", "add-br", BRIDGE], ["ovs-vsctl", "set", "bridge", BRIDGE, "datapath_type=netdev"]]
    for i in range(n):
        ns, h, p, ha, pa = names(i)
        steps += [
            ["ip", "netns", "add", ns],
            ["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"],
            ["ip", "link", "add", h, "type", "veth", "peer", "name", p],
            ["ip", "link", "set", p, "netns", ns],
            ["ip", "addr", "add", ha, "dev", h],
            ["ip", "link", "set", h, "up"],
            ["ip", "netns", "exec", ns, "ip", "addr", "add", pa, "dev", p],
            ["ip", "netns", "exec", ns, "ip", "link", "set", p, "up"],
            ["ovs-vsctl", "add-port", BRIDGE, h],
        ]
    return steps


def single_modules_playbook(n):
    """A play using the single modules in loops (what a playbook without topology looks like)."""
    items = topology_items(n)
    return [{
        "hosts": "localhost", "gather_facts": False,
        "vars": {"tenants": items},
        "tasks": [
            {"name": "namespaces", "linuxnet.netns.netns": {"name": "{{ item.name }}"},
             "loop": "{{ tenants.namespaces }}"},
            {"name": "veths", "linuxnet.netns.veth": {"name": "{{ item.name }}", "peer": "{{ item.peer }}",
                                                      "peer_netns": "{{ item.peer_netns }}"},
             "loop": "{{ tenants.veths }}"},
            {"name": "addresses", "linuxnet.netns.ns_addr": {"dev": "{{ item.dev }}",
                                                             "netns": "{{ item.netns | default(omit) }}",
                                                             "address": "{{ item.address }}"},
             "loop": "{{ tenants.addresses }}"},
            {"name": "bridge", "linuxnet.netns.ovs_bridge": {"name": BRIDGE, "datapath_type": "netdev"}},
            {"name": "ports", "linuxnet.netns.ovs_port": {"name": "{{ item.name }}", "bridge": BRIDGE},
             "loop": "{{ tenants.ports }}"},
        ],
    }]


def topology_playbook(n, state="merged", src=None):
    """One topology task: the lists in a data file ``src`` (the way for big topologies: the action
    plugin reads it without Ansible's templating), or inline in the task when ``src`` is None."""
    args = dict(topology_items(n)) if state != "deleted" else {}
    if src is not None and args:
        with open(src, "w") as handle:
            json.dump(args, handle)
        args = {"src": src}
    args["state"] = state
    return one_task_play("linuxnet.netns.topology", args)


def ansible_floor_playbook():
    """What any one-module play costs here: ``ansible-playbook`` start-up, one module that does
    nothing (``ping``) and a report task, as in topology_playbook."""
    return one_task_play("ansible.builtin.ping", {}, report="BENCH {{ result | to_json }}")


def empty_playbook():
    """``ansible-playbook`` with one play and no task: start-up, inventory and the play alone."""
    return [{"hosts": "localhost", "gather_facts": False, "tasks": []}]


def topology_call_playbook():
    """The topology task with nothing listed: what calling this module costs before any work (its
    AnsiballZ, the module's imports and start-up), on top of the Ansible floor."""
    return one_task_play("linuxnet.netns.topology", {"state": "merged"})


def one_task_play(module, args, report=None):
    """A play on localhost running ``module`` once, then the report task the driver parses."""
    return [{
        "hosts": "localhost", "gather_facts": False,
        "tasks": [{"name": module.rsplit(".", 1)[-1], module: args, "register": "result"},
                  {"name": "report", "ansible.builtin.debug": {"msg": report or REPORT}}],
    }]


# One line the driver parses (a debug task costs milliseconds: no module runs).
REPORT = ("BENCH {{ {'stats': result.stats, 'changed': result.changed, "
          "'changes': result.changes | default([]) | length} | to_json }}")
