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

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import to_mermaid


def to_mermaid_filter(infos, title="topology"):
    try:
        return to_mermaid(infos, title=str(title))
    except (TypeError, KeyError, ValueError, AttributeError) as error:
        raise AnsibleFilterError("to_mermaid: %s" % error)


class FilterModule:
    def filters(self):
        return {"to_mermaid": to_mermaid_filter}
