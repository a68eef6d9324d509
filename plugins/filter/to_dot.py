# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: to_dot
short_description: Graphviz DOT graph of the namespaces, bridges, veth pairs and tunnels of many hosts
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
extends_documentation_fragment:
  - linuxnet.netns.topology_picture
"""

EXAMPLES = r"""
- name: Read every host
  linuxnet.netns.netns_info:
  register: info

- name: Draw every host of the play as one SVG, once, with Graphviz on the controller
  ansible.builtin.command:
    argv: [dot, -Tsvg, -o, /tmp/topology.svg]
    stdin: "{{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'info'))) | linuxnet.netns.to_dot }}"
  delegate_to: localhost
  run_once: true
  changed_when: true
"""

RETURN = r"""
_value:
  description: The Graphviz DOT graph as text, ending with a newline.
  type: str
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import to_dot
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import picture_filter


class FilterModule:
    def filters(self):
        return {"to_dot": picture_filter("to_dot", to_dot)}
