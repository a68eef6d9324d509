# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: to_mermaid
short_description: Mermaid flowchart of the namespaces, bridges, veth pairs and tunnels of many hosts
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
description:
  - Draws what M(linuxnet.netns.netns_info) found on each host as a mermaid flowchart (text).
  - One group per host holding the host's own namespace (with its addresses, e.g. the underlay's),
    its named namespaces, and its Open vSwitch and Linux bridges (with the addresses of their ports);
    a line per veth pair between the nodes its two ends belong to; a dashed line from every tunnel
    (kernel vxlan/gre/geneve link or Open vSwitch tunnel port) to one overlay node per tunnel kind,
    shared by all hosts.
  - Loopback interfaces, IPv6 link-local addresses and Open vSwitch's own kernel devices are left out.
  - The same input gives the same text (hosts, namespaces and links in sorted order).
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

EXAMPLES = r"""
- name: Read every host
  linuxnet.netns.netns_info:
  register: info

- name: Write the picture once, on the controller
  ansible.builtin.copy:
    dest: /tmp/topology.mmd
    content: >-
      {{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'info')))
         | linuxnet.netns.to_mermaid(title='lab') }}
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The Mermaid flowchart as text, ending with a newline.
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.linuxnet.netns.plugins.module_utils._topology_graph import to_mermaid


def to_mermaid_filter(infos, title="topology"):
    try:
        return to_mermaid(infos, title=str(title))
    except (TypeError, KeyError, ValueError, AttributeError) as error:
        raise AnsibleFilterError("to_mermaid: %s" % error)


class FilterModule(object):
    def filters(self):
        return {"to_mermaid": to_mermaid_filter}
