# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the filters to_mermaid and to_dot share: the picture they draw and their options."""


class ModuleDocFragment:

    # The whole description lives here, in order: a plugin's own description would be merged into it
    # sorted alphabetically. The format is named by each filter's short_description.
    DOCUMENTATION = r"""
description:
  - Draws what M(linuxnet.netns.netns_info) found on each host as one picture, in text
    (P(linuxnet.netns.to_mermaid#filter) as a mermaid flowchart, P(linuxnet.netns.to_dot#filter) as a
    Graphviz graph in the DOT language).
  - One group per host holding the host's own namespace (with its addresses, e.g. the underlay's),
    its named namespaces, and its Open vSwitch and Linux bridges (with the addresses of their ports);
    a line per veth pair between the nodes its two ends belong to; a dashed line from every tunnel
    (kernel vxlan/gre/geneve link or Open vSwitch tunnel port) to one overlay node per tunnel kind,
    shared by all hosts.
  - Loopback interfaces, IPv6 link-local addresses and Open vSwitch's own kernel devices are left out.
  - The same input gives the same text (hosts, namespaces and links in sorted order).
  - M(linuxnet.netns.netns_info) draws its own host with the same code (its option C(render)); these
    filters draw all hosts of a play in one picture.
options:
  _input:
    description:
      - A dictionary from host name to what M(linuxnet.netns.netns_info) returned there; a value may be the registered result
        (with its C(netns_info) key) or the value of that key.
    type: dict
    required: true
  title:
    description: Title of the picture.
    type: str
    default: topology
seealso:
  - module: linuxnet.netns.netns_info
"""
