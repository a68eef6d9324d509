#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: netns_info
short_description: Report network namespaces, their links, addresses and routes, and OVS bridges
version_added: 0.1.0
description:
  - Reads every named network namespace (or those listed in O(netns)) and the host's own namespace,
    links with kind, state, MTU, MAC, master and, for a veth, where its peer is; addresses; routes.
  - Also reads Open vSwitch bridges and ports when C(ovs-vsctl) is installed and answers.
  - With O(render), also draws what it found as a mermaid flowchart and/or a Graphviz DOT graph, with
    the same code as the filters P(linuxnet.netns.to_mermaid#filter) and P(linuxnet.netns.to_dot#filter).
    To draw every host of a play in one picture, register the result on each host and apply those
    filters once over all the results (see the examples).
  - Never changes anything, and never creates a namespace it looks at.
author:
  - linuxnet.netns contributors (@linuxnet)
options:
  netns:
    description:
      - Only these namespaces. Omitted or empty, every named namespace.
      - A listed namespace that does not exist is reported in RV(netns_info.missing), not an error.
      - The host's own namespace is always reported, under RV(netns_info.host).
    type: list
    elements: str
    default: []
  ovs:
    description:
      - Read Open vSwitch bridges and ports, with one C(ovs-vsctl) call to the database
        C(unix:/var/run/openvswitch/db.sock), waiting at most 10 seconds for it.
    type: bool
    default: true
  render:
    description:
      - Draw this host's namespaces, bridges, veth pairs and tunnels in these formats, returned in
        RV(rendered); the picture has one group named after the host (its host name).
      - C(mermaid) is a mermaid flowchart, C(dot) a Graphviz graph in the DOT language.
    type: list
    elements: str
    choices: [mermaid, dot]
    default: []
requirements:
  - Python 3.9 or later on the managed host (no third-party library; netlink is spoken by the collection's own codec)
  - root on the managed host (to read other namespaces)
seealso:
  - module: linuxnet.netns.netns
  - plugin: linuxnet.netns.to_mermaid
    plugin_type: filter
  - plugin: linuxnet.netns.to_dot
    plugin_type: filter
extends_documentation_fragment:
  - linuxnet.netns.attributes.INFO_MODULE
"""

EXAMPLES = r"""
- name: Read the host
  linuxnet.netns.netns_info:
  register: net

- name: veth1 is in blue, up, with its address, and its peer is veth0 on the host
  ansible.builtin.assert:
    that:
      - net.netns_info.namespaces.blue.links.veth1.state == 'up'
      - "'10.0.2.100/24' in net.netns_info.namespaces.blue.links.veth1.addresses"
      - net.netns_info.namespaces.blue.links.veth1.peer.name == 'veth0'
      - net.netns_info.namespaces.blue.links.veth1.peer.netns is none
      - "'veth7' in net.netns_info.ovs.bridges.br0.ports"

- name: Only blue and red, without OVS
  linuxnet.netns.netns_info:
    netns: [blue, red]
    ovs: false

# Every host of the play in one picture: read each host, then draw all the results once.
- name: Read every host, with its own picture
  linuxnet.netns.netns_info:
    render: [mermaid, dot]
  register: net

- name: This host alone (one mermaid flowchart per host)
  ansible.builtin.debug:
    msg: "{{ net.rendered.mermaid }}"

- name: All hosts of the play in one mermaid picture, written once on the controller
  ansible.builtin.copy:
    dest: /tmp/topology.mmd
    content: >-
      {{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'net')))
         | linuxnet.netns.to_mermaid(title='lab') }}
    mode: "0644"
  delegate_to: localhost
  run_once: true
# The same picture as a Graphviz graph: linuxnet.netns.to_dot in place of to_mermaid (see its examples).
"""

RETURN = r"""
netns_info:
  description: What was found.
  returned: always
  type: dict
  contains:
    host:
      description: The host's own namespace, with C(links) and C(routes) as in RV(netns_info.namespaces).
      type: dict
    namespaces:
      description:
        - Named namespaces by name. Each has C(links), a dictionary by interface name, and C(routes).
        - A link has C(index), C(kind) (null for loopback/physical), C(state) (C(up)/C(down), the
          administrative state), C(operstate), C(mtu), C(mac), C(master) (name or null),
          C(addresses) (normalised CIDRs) and C(peer).
        - C(peer) is null unless the link is a veth; then C(name), C(netns) (null is the host's own
          namespace), C(resolved) (false when the peer is in a namespace without a name, then C(nsid)).
        - A route has C(dest), C(gateway), C(dev), C(metric), C(table), C(protocol), C(scope).
      type: dict
      sample:
        blue:
          links:
            lo: {"index": 1, "kind": null, "state": "up", "operstate": "UNKNOWN", "mtu": 65536,
                 "mac": "00:00:00:00:00:00", "master": null, "peer": null, "addresses": ["127.0.0.1/8", "::1/128"]}
            veth1: {"index": 2, "kind": "veth", "state": "up", "operstate": "UP", "mtu": 1500,
                    "mac": "02:00:00:00:00:02", "master": null,
                    "peer": {"name": "veth0", "netns": null, "resolved": true}, "addresses": ["10.0.2.100/24"]}
          routes:
            - {"dest": "10.0.2.0/24", "gateway": null, "dev": "veth1", "metric": 0, "table": 254, "protocol": 2, "scope": 253}
    missing:
      description: Namespaces listed in O(netns) that do not exist.
      type: list
      elements: str
    ovs:
      description:
        - C(available) (false with C(reason) when OVS is not installed or does not answer, or O(ovs) is false),
          C(bridges) by name, each with C(datapath_type) (C(system) when not set) and C(ports) by name
          (the bridge's own internal port included); a port has C(tag) and C(interfaces) by name
          (C(type), C(ofport)).
      type: dict
      sample:
        available: true
        bridges:
          br0:
            datapath_type: netdev
            ports:
              veth7: {"tag": null, "interfaces": {"veth7": {"type": "system", "ofport": 1}}}
rendered:
  description:
    - This host's picture in each format of O(render), drawn from RV(netns_info); empty when O(render) is empty.
    - A host whose OVS is not available is drawn without OVS bridges; its links are still drawn.
  returned: always
  type: dict
  contains:
    mermaid:
      description: The mermaid flowchart, ending with a newline.
      type: str
      returned: when O(render) contains C(mermaid)
    dot:
      description: The Graphviz DOT graph, ending with a newline.
      type: str
      returned: when O(render) contains C(dot)
  sample:
    mermaid: |
      ---
      title: host1
      ---
      flowchart LR
        subgraph h1["host1"]
          n1["host1<br/>eth0 192.0.2.11/24"]
          n2[["br0 (OVS, netdev)<br/>veth0 10.0.2.16/24"]]
          n3(["blue<br/>veth1 10.0.2.100/24"])
        end
        n2 ---|"veth0 / veth1"| n3
"""

import platform

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_netns_name
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.info import (
    gather, ovs_unavailable, read_ovs)
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.client import ovsdb_session
from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.snapshot import Snapshot
from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import RENDER_FORMATS, render


def main():
    module = AnsibleModule(
        argument_spec=dict(
            netns=dict(type="list", elements="str", default=[]),
            ovs=dict(type="bool", default=True),
            render=dict(type="list", elements="str", choices=list(RENDER_FORMATS), default=[]),
        ),
        supports_check_mode=True,
    )
    try:
        only = [validate_netns_name("netns", name) for name in module.params["netns"]]
        with NetlinkSession(module) as session:
            info = gather(Snapshot(session), only)
    except NetnsError as error:
        module.fail_json(msg=error.msg, **error.details)
    if module.params["ovs"]:
        info["ovs"] = read_ovs(ovsdb_session(module))
    else:
        info["ovs"] = ovs_unavailable("not requested")
    host = platform.node()
    module.exit_json(changed=False, netns_info=info,
                     rendered=render({host: info}, module.params["render"], title=host))


if __name__ == "__main__":
    main()
