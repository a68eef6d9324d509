# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: to_mermaid
short_description: Mermaid flowchart of the namespaces, bridges, veth pairs and tunnels of many hosts
version_added: 0.1.0
author: linuxnet.netns contributors (@linuxnet)
extends_documentation_fragment:
  - linuxnet.netns.topology_picture
"""

EXAMPLES = r"""
- name: What each host of the play has
  linuxnet.netns.netns_info:
  register: net

- name: A Markdown page with the flowchart of every host of the play (GitHub and GitLab draw it)
  ansible.builtin.copy:
    dest: /tmp/topology.md
    content: |
      # The lab
      ```mermaid
      {{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'net')))
         | linuxnet.netns.to_mermaid(title='lab') }}
      ```
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The Mermaid flowchart as text, ending with a newline.
  type: str
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import to_mermaid
from ansible_collections.linuxnet.netns.plugins.plugin_utils._filter_errors import picture_filter


class FilterModule:
    def filters(self):
        return {"to_mermaid": picture_filter("to_mermaid", to_mermaid)}
