#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: topology
short_description: A whole host's namespaces, veths, vxlan links, addresses, routes and OVS bridges and ports in one call
version_added: 0.1.0
description:
  - Manages in ONE task what would take one task per object with the single modules
    M(linuxnet.netns.netns), M(linuxnet.netns.veth), M(linuxnet.netns.vxlan), M(linuxnet.netns.ns_addr),
    M(linuxnet.netns.ns_route), M(linuxnet.netns.ovs_bridge) and M(linuxnet.netns.ovs_port).
    Each item of a list takes exactly the options of the single module of that name (the same
    argument spec and the same documentation, shown under each list), and is handled by the same
    code.
  - Every item is validated before anything is read or changed. Then the whole host is read once
    (one netlink dump per namespace and kind, one OVS read), every object is planned in an order
    derived from what it needs (namespaces before links, links before addresses, bridges before
    ports, removals first and in reverse), and only then is anything changed. Check mode computes
    the same plan and writes nothing.
  - All Open vSwitch changes of a stage go to the database in ONE C(ovs-vsctl) transaction (two when
    a port is repaired).
  - A port whose device this call makes again (a veth or vxlan link deleted behind Ansible's back),
    or that passes no frames (see M(linuxnet.netns.ovs_port)), is repaired, so that ovs-vswitchd
    uses the new device.
  - Objects created by this collection (with this module or the single ones) carry an owner mark
    (see O(owner)); O(state=overridden) and O(state=deleted) without items remove only objects that
    carry the mark of O(owner). Nothing unmarked is ever removed unless it is listed or is a port
    of a listed bridge.
author:
  - linuxnet.netns contributors (@linuxnet)
options:
  src:
    description:
      - A YAML or JSON file on the controller holding any of the lists O(namespaces), O(veths),
        O(addresses), O(routes), O(bridges), O(ports) and O(vxlans), as a mapping with those keys. Found like
        the C(src) of M(ansible.builtin.copy) (a role's C(files/), then relative to the playbook);
        a vault-encrypted file is decrypted.
      - Read on the controller by the module's action plugin with a plain YAML or JSON parser and
        handed to the module as it is, so its values are B(not) templated. For a topology of
        thousands of items this saves Ansible's own handling of the task's arguments (about
        1 s per 3000 items, see the benchmark in C(bench/)).
      - A list may be given in the file or in the task, not both.
      - The lists reach the managed host as a file of their own (see O(items_file)), never as
        module arguments.
    type: path
  items_file:
    description:
      - Path on the managed host of a JSON file holding lists of this module (a mapping with any
        of the keys O(namespaces), O(veths), O(addresses), O(routes), O(bridges), O(ports) and O(vxlans)),
        used instead of those options.
      - Set by the module's action plugin, which copies the lists of O(src), and inline lists of
        200 items or more, into the task's temporary directory on the host (mode 0600) and removes
        them with it; ansible-core then never encodes, copies or validates the items as module
        arguments. A file already on the host may be named here too; it is only read.
      - Mutually exclusive with the list options.
    type: path
  state:
    description:
      - V(merged) makes every listed object exist as described and leaves everything else alone.
        An item can still say C(state=absent) to remove that object.
      - V(replaced) is V(merged), and each listed object also loses what is not listed for it. A
        device listed in O(addresses), an end of a listed veth or a listed vxlan link keeps only the listed addresses
        (IPv6 link-local ones stay), a listed bridge keeps only the listed ports.
      - V(overridden) is V(replaced), and every object that carries the mark of O(owner) and is
        not listed is removed (namespaces, veths, vxlan links, bridges, ports, and the static routes
        of kept marked namespaces). Objects made by hand are left alone.
      - V(deleted) removes every listed object; with every list empty, every object that carries
        the mark of O(owner).
      - V(gathered) changes nothing and returns the current state in this module's input format
        (RV(gathered)), ready to be fed back.
      - V(rendered) does not touch the host; it returns the C(ip) and C(ovs-vsctl) commands that
        would build the input on a bare host (RV(rendered)).
    type: str
    choices: [merged, replaced, overridden, deleted, gathered, rendered]
    default: merged
  owner:
    description:
      - Name in the owner mark of the objects this call creates, and whose objects
        V(overridden) and V(deleted) may remove. Letters, digits and C(_ . + -).
      - The mark is the OVS C(external_ids) key C(linuxnet_owner) on bridges and ports, the link
        alias C(linuxnet-owner:OWNER) on veth ends and vxlan links, and the alias of C(lo) inside a namespace.
        The single modules mark what they create with the default owner.
    type: str
    default: linuxnet
  db:
    description: OVSDB to talk to (for O(bridges) and O(ports), and to read OVS when needed).
    type: str
    default: unix:/var/run/openvswitch/db.sock
  persist:
    description:
      - V(true) keeps this call's declared state (the lists as checked, with their defaults, O(state),
        O(owner), O(db)) in C(/etc/linuxnet-netns/topology/OWNER.json) and enables the systemd unit
        C(linuxnet-netns-topology@OWNER.service), which applies it again at boot with this module's
        own engine (a copy of its payload in C(/usr/local/lib/linuxnet-netns/)), after Open vSwitch
        and before C(network-online.target). No Ansible is needed on the host for that.
      - V(false) disables the owner's unit and removes its file; the template unit and the engine go
        with the last owner's file. O(state=deleted) does the same, whatever O(persist) says.
      - Not given, the owner's persisted state (if any) is left as it is.
      - Check mode and diff mode cover the file and the unit (RV(persisted), C(diff.before.persisted)).
      - Needs systemd as the host's init system. Only O(state) V(merged), V(replaced) and V(overridden)
        can be persisted. See C(docs/persistence.md).
    type: bool
  persist_after:
    description:
      - With O(persist=true), owners whose boot units this owner's unit starts after (a drop-in
        C(linuxnet-netns-topology@OWNER.service.d/after.conf) with C(After=)), for a topology that
        builds on another one (the overlay role's vxlan link and MTUs on the two_bridge role's layout).
      - Ordering only; each owner's unit is enabled by its own run. An empty list removes the drop-in.
    type: list
    elements: str
    default: []
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root (CAP_NET_ADMIN) on the managed host
  - Open vSwitch (C(ovs-vsctl)) when bridges or ports are listed
notes:
  - A half-way failure (the kernel or OVS refusing a change) fails the task with C(done), the
    changes made, and C(left), the changes not made, in order of work. OVS changes of one stage
    are all made or none.
  - The kernel destroys a deleted namespace in the background; veths inside a namespace are
    deleted first, so that their names are free again at once.
  - Without OVS on the host, only netlink objects are managed; V(gathered) and V(overridden) then
    consider no bridge or port.
seealso:
  - module: linuxnet.netns.netns
  - module: linuxnet.netns.veth
  - module: linuxnet.netns.vxlan
  - module: linuxnet.netns.ns_addr
  - module: linuxnet.netns.ns_route
  - module: linuxnet.netns.ovs_bridge
  - module: linuxnet.netns.ovs_port
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details: O(src) is read on the controller.
extends_documentation_fragment:
  - linuxnet.netns.netns.topology
  - linuxnet.netns.veth.topology
  - linuxnet.netns.ns_addr.topology
  - linuxnet.netns.ns_route.topology
  - linuxnet.netns.ovs_bridge.topology
  - linuxnet.netns.ovs_port.topology
  - linuxnet.netns.vxlan.topology
  - linuxnet.netns.attributes
"""

EXAMPLES = r"""
- name: The seed's walk-through in one task (blue and red behind br0)
  linuxnet.netns.topology:
    namespaces:
      - name: blue
      - name: red
    veths:
      - {name: veth0, peer: veth1, peer_netns: blue}
      - {name: veth2, peer: veth3, peer_netns: red}
    addresses:
      - {dev: veth1, netns: blue, address: [10.0.2.100/24]}
      - {dev: veth3, netns: red, address: [10.0.2.101/24]}
    bridges:
      - {name: br0, datapath_type: netdev}
    ports:
      - {name: veth0, bridge: br0}
      - {name: veth2, bridge: br0}

- name: A vxlan link to another host, as a port of br0 (made after the link, its address after both)
  linuxnet.netns.topology:
    vxlans:
      - {name: vx42, vni: 42, local: 192.0.2.1, remotes: [192.0.2.2]}
    bridges:
      - {name: br0, datapath_type: netdev}
    ports:
      - {name: vx42, bridge: br0}

- name: Many tenants at once, built from a list
  linuxnet.netns.topology:
    namespaces: "{{ tenant_namespaces }}"
    veths: "{{ tenant_veths }}"
    addresses: "{{ tenant_addresses }}"
    ports: "{{ tenant_ports }}"
    owner: tenants

- name: A thousand tenants from a data file (not templated; the fastest way for large topologies)
  linuxnet.netns.topology:
    src: tenants.yml  # keys namespaces, veths, addresses, ports; e.g. a saved "gathered" result
    bridges: [{name: br-tenants, datapath_type: netdev}]
    owner: tenants

- name: Exactly this, among what the owner "tenants" made; everything else of theirs goes
  linuxnet.netns.topology:
    state: overridden
    owner: tenants
    namespaces: [{name: blue}]
    veths: [{name: veth0, peer: veth1, peer_netns: blue}]

- name: Remove everything the owner "tenants" made
  linuxnet.netns.topology:
    state: deleted
    owner: tenants

- name: Read the host in this module's input format
  linuxnet.netns.topology:
    state: gathered
  register: current

- name: Feed it back (nothing changes)
  linuxnet.netns.topology: "{{ current.gathered }}"

- name: The commands that would build the input, for review
  linuxnet.netns.topology:
    state: rendered
    namespaces: [{name: blue}]
    veths: [{name: veth0, peer: veth1, peer_netns: blue}]
  register: script
"""

RETURN = r"""
changes:
  description:
    - Every change, in the order it was (or in check mode would be) made. Each has C(action),
      C(kind), C(name) and details of its own, as the single modules report them, with two
      differences that keep a large result small (Ansible's result handling costs time for every
      value) - fields that are not set (null) are left out, and a creation does not repeat the
      created object's C(after), which is in RV(after).
  returned: when O(state) is not V(gathered) or V(rendered)
  type: list
  elements: dict
  sample:
    - {action: create, kind: netns, name: blue}
    - {action: create, kind: veth, name: veth0, peer: veth1, peer_netns: blue}
    - {action: add, kind: address, name: 10.0.2.100/24 on veth1@blue, address: 10.0.2.100/24}
    - {action: create, kind: port, name: veth0, bridge: br0}
before:
  description:
    - For each list option, the state before the run of each planned object that changes (the
      same data as the single module's C(before)), in the order of the list; items added by
      O(state) (removals of unlisted objects) follow the listed ones. Objects left as they are
      are not repeated here (RV(counts) says how many there are).
    - An object that does not exist before the run is V(null) (so are the addresses of a device
      the same run creates); in the others, fields that are not set (null) are left out.
  returned: when O(state) is not V(gathered) or V(rendered)
  type: dict
  sample: {namespaces: [null], veths: [null], addresses: [], routes: [], bridges: [], ports: [], vxlans: []}
after:
  description: Same as RV(before), after the run (in check mode, as predicted).
  returned: when changed
  type: dict
counts:
  description:
    - For each list option, how many objects were planned (listed, or added by O(state)) and
      how many of them change.
  returned: when O(state) is not V(gathered) or V(rendered)
  type: dict
  sample:
    namespaces: {planned: 1, changed: 1}
    veths: {planned: 1, changed: 1}
    addresses: {planned: 0, changed: 0}
    routes: {planned: 0, changed: 0}
    bridges: {planned: 0, changed: 0}
    ports: {planned: 0, changed: 0}
    vxlans: {planned: 0, changed: 0}
gathered:
  description:
    - The current state in this module's input format (lists O(namespaces), O(veths),
      O(addresses), O(routes), O(bridges), O(ports), O(vxlans)), ready to be fed back.
  returned: when O(state=gathered)
  type: dict
  sample:
    namespaces: [{name: blue, loopback: true}]
    veths: [{name: veth0, netns: null, peer: veth1, peer_netns: blue, mtu: 1500, up: true}]
    addresses: [{dev: veth1, netns: blue, address: [10.0.2.100/24], up: true}]
    routes: []
    bridges: [{name: br0, datapath_type: netdev, stp: false, external_ids: {linuxnet_owner: linuxnet},
               other_config: {}}]
    ports: [{name: veth0, bridge: br0, external_ids: {linuxnet_owner: linuxnet}, other_config: {}}]
    vxlans: [{name: vx0, netns: null, vni: 42, dstport: 4789, local: 192.0.2.1, learning: true,
              remotes: [192.0.2.2], mtu: 1450, up: true}]
rendered:
  description:
    - The commands that would build the input on a bare host, in order of work, one shell-quoted
      command per element (the OVS changes of a stage as one chained C(ovs-vsctl)).
  returned: when O(state=rendered)
  type: list
  elements: str
  sample:
    - ip netns add blue
    - ip -n blue link set lo alias linuxnet-owner:linuxnet
    - ip -n blue link set lo up
    - ip link add veth0 type veth peer name veth1 netns blue
stats:
  description:
    - Wall time of the module, the CPU time of its whole process (C(cpu_seconds), user and system,
      interpreter start included) and its peak memory (max RSS, in kB).
    - "C(phases) times each phase in order, with the number of changes it made: C(read and plan),
      then for each stage C(apply netlink) or C(apply ovs). A netlink stage is also split by list
      option (C(apply netlink: veths)...), listed before its total."
  returned: always
  type: dict
  sample:
    seconds: 1.42
    cpu_seconds: 0.31
    max_rss_kb: 61234
    phases:
      - {phase: read and plan, changes: 6, seconds: 0.01}
      - {phase: "apply netlink: namespaces", changes: 2, seconds: 0.002}
      - {phase: "apply netlink: veths", changes: 1, seconds: 0.001}
      - {phase: "apply netlink: addresses", changes: 1, seconds: 0.001}
      - {phase: apply netlink, changes: 4, seconds: 0.004}
      - {phase: apply ovs, changes: 2, seconds: 0.05}
persisted:
  description:
    - The owner's persisted state after the run (in check mode, as planned) when O(persist) is given
      or O(state=deleted) - the file, its content (V(null) when there is none), the unit instance
      and whether it is enabled, the O(persist_after) drop-in's text, the template unit's text and a
      digest of the engine copy (V(null) when absent). C(diff.before.persisted) holds the same before
      the run.
  returned: when O(persist) is given or O(state=deleted)
  type: dict
  sample:
    file: /etc/linuxnet-netns/topology/linuxnet.json
    content: {format: 1, owner: linuxnet, state: merged, db: "unix:/var/run/openvswitch/db.sock",
              items: {namespaces: [{name: blue, state: present, loopback: null, sysctls: null}]}}
    unit: linuxnet-netns-topology@linuxnet.service
    enabled: true
    drop_in: null
    template: "# Written by linuxnet.netns.topology (persist: true) ..."
    engine: 3f1c0e9a4b2d7c65
done:
  description: On a half-way failure, the changes made before it, in order.
  returned: failure
  type: list
  elements: dict
left:
  description: On a half-way failure, the changes not made (the failed one first).
  returned: failure
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.specs import with_connection
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.specs import OVSDB_SPEC
from ansible_collections.linuxnet.netns.plugins.module_utils._topology import boot
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.kinds import OPTIONS
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.run import run_topology_module
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.states import STATES

LIST = dict(type="list", elements="dict", default=[])


def main():
    module = AnsibleModule(
        argument_spec=with_connection(dict(
            [(option, LIST) for option in OPTIONS],  # the lists, one per kind (_topology/kinds.py)
            src=dict(type="path"),
            items_file=dict(type="path"),
            state=dict(type="str", default="merged", choices=list(STATES)),
            owner=dict(type="str", default="linuxnet"),
            persist=dict(type="bool"),
            persist_after=dict(type="list", elements="str", default=[]),
        ), OVSDB_SPEC),
        supports_check_mode=True,
    )
    run_topology_module(module, boot_entry=boot.__name__)  # the boot unit runs boot (persist)


if __name__ == "__main__":
    main()
