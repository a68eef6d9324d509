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

- name: Write the picture once, on the controller
  ansible.builtin.copy:
    dest: /tmp/topology.dot
    content: >-
      {{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'info')))
         | linuxnet.netns.to_dot(title='lab') }}
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The Graphviz DOT graph as text, ending with a newline.
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.linuxnet.netns.plugins.module_utils._topology.graph import to_dot


def to_dot_filter(infos, title="topology"):
    try:
        return to_dot(infos, title=str(title))
    except (TypeError, KeyError, ValueError, AttributeError) as error:
        raise AnsibleFilterError("to_dot: %s" % error)


class FilterModule:
    def filters(self):
        return {"to_dot": to_dot_filter}
