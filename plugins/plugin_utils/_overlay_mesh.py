# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The overlay's members and their endpoints, from the inventory (controller side; filter
``overlay_endpoints``).

The mesh is an inventory group, not the hosts of this run: under ``serial`` or ``--limit`` most
members are not in the batch, and their tunnels must stay. A member's endpoint (``type``,
``address``) is, in this order:

1. the fact ``overlay_endpoint`` it published: in this run (its batch has run the role) or in an
   earlier one when a fact cache keeps facts between runs (``cacheable``);
2. its inventory variables: the address from ``overlay_underlay_address``, else ``ansible_host``,
   else its inventory name; the type from ``overlay_type``, else ``two_bridge_overlay``, else the
   type of the host that plans (every host of one overlay has the same type).

An address that is not an IP address is refused, naming the member and what to set.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import validate_choice

from ansible_collections.linuxnet.netns.plugins.plugin_utils._overlay import TYPES, endpoint_address

FACT = "overlay_endpoint"
ADDRESS_VARS = ("overlay_underlay_address", "ansible_host", "inventory_hostname")
TYPE_VARS = ("overlay_type", "two_bridge_overlay")


def _first(variables, names):
    """(name, value) of the first of ``names`` set (not empty) in ``variables``, or (None, None)."""
    for name in names:
        if name in variables and variables[name] not in (None, ""):
            return name, variables[name]
    return None, None


def member_endpoint(member, variables, default_type):
    """The endpoint of ``member`` from its host variables (``hostvars[member]``)."""
    fact = variables[FACT] if FACT in variables else None
    if isinstance(fact, dict) and fact.get("address") and fact.get("type"):
        tunnel_type = validate_choice("%s.type of %s" % (FACT, member), fact["type"], TYPES, required=True)
        if tunnel_type == "none":
            return {"type": "none", "address": None, "source": "fact"}
        address = endpoint_address("%s.address of %s" % (FACT, member), fact["address"])
        return {"type": tunnel_type, "address": address, "source": "fact"}
    _name, tunnel_type = _first(variables, TYPE_VARS)
    tunnel_type = validate_choice("overlay_type of %s" % member, tunnel_type or default_type, TYPES, required=True)
    if tunnel_type == "none":
        return {"type": "none", "address": None, "source": "inventory"}
    name, address = _first(variables, ADDRESS_VARS)
    try:
        address = endpoint_address("%s of %s" % (name, member), address)
    except ValidationError:
        raise ValidationError(
            "overlay endpoint of %s" % member, address,
            "(its %s) is not an IP address, and %s has not published the fact %s in this run nor in a "
            "fact cache: set overlay_underlay_address (or ansible_host) of %s to its tunnel address in the "
            "inventory, or run the role on %s" % (name or "address", member, FACT, member, member))
    return {"type": tunnel_type, "address": address, "source": "inventory"}


def mesh_endpoints(groups, group, hostvars, host, default_type="none", endpoint=None):
    """``{member: {"type", "address", "source"}}`` of every member of inventory group ``group``.

    ``groups`` is Ansible's ``groups`` (the whole inventory, whatever ``--limit`` says), ``hostvars``
    its ``hostvars``, ``host`` the host that plans (it must be a member), ``default_type`` its type,
    ``endpoint`` its own endpoint (``type``, ``address``) when given, else its published fact.
    """
    if not isinstance(group, str) or group not in (groups or {}):
        raise ValidationError("overlay_group", group, "is not a group of the inventory (groups: %s)"
                              % ", ".join(sorted(groups or {})))
    members = list(groups[group] or [])
    if host not in members:
        raise ValidationError("overlay_group", group, "does not hold %s, which runs the overlay role: add it "
                                                      "to the group or set overlay_group" % host)
    endpoints = dict((member, member_endpoint(member, hostvars[member], default_type))
                     for member in members if member != host or endpoint is None)
    if endpoint is not None:
        endpoints[host] = member_endpoint(host, {FACT: endpoint}, default_type)
    return endpoints
