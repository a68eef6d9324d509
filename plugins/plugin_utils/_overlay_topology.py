# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The overlay role's plan (``_overlay.overlay_plan``) as the lists of ONE topology call: the kernel
vxlan link and its port (or their removal), the tunnel ports and the removal of stale ones, and the
MTU of the veth pairs and links (``overlay_mtu_links``) behind the bridge. One task per host where there were four (one per veth pair)."""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError


def vxlan_items(plan, vxlan_name):
    """(vxlans, ports): the kernel vxlan link as a plain port of the bridge, or both removed."""
    vxlan = plan.get("vxlan")
    if plan["method"] != "kernel" or not vxlan:
        return [{"name": vxlan_name, "state": "absent"}], [{"name": vxlan_name, "state": "absent"}]
    link = dict((key, vxlan[key]) for key in ("name", "vni", "dstport", "local", "remotes"))
    if vxlan.get("device"):
        link["device"] = vxlan["device"]
    port = {"bridge": plan["bridge"], "name": vxlan["name"], "external_ids": {"linuxnet_owner": "overlay"}}
    return [link], [port]


def veth_items(plan, restore_mtu):
    """The veth pairs of ``plan["mtu_veths"]`` at the overlay MTU, or at ``restore_mtu`` without an
    overlay (none when it is 0: left as they are)."""
    mtu = plan["mtu"] if plan["method"] != "none" else restore_mtu
    if not mtu:
        return []
    items = []
    for pair in plan.get("mtu_veths") or []:
        item = {"name": pair["name"], "peer": pair["peer"], "mtu": mtu}
        item.update((key, pair[key]) for key in ("netns", "peer_netns") if pair.get(key))
        items.append(item)
    return items


def link_items(plan, restore_mtu):
    """The links of ``plan["mtu_links"]`` (ns_link items) at the overlay MTU less what their kind adds
    (a VLAN tag), or at ``restore_mtu`` without an overlay (none when it is 0)."""
    mtu = plan["mtu"] if plan["method"] != "none" else restore_mtu
    if not mtu:
        return []
    return [dict(entry["link"], mtu=mtu - entry["less"]) for entry in plan.get("mtu_links") or []]


def overlay_topology(plan, vxlan_name="ovl-vxlan", restore_mtu=1500):
    """``{"vxlans": [...], "ports": [...], "veths": [...], "links": [...]}`` for the topology module (owner overlay)."""
    if not isinstance(plan, dict) or "method" not in plan:
        raise ValidationError("overlay plan", plan, "must be the result of linuxnet.netns.overlay_plan")
    if not isinstance(restore_mtu, int) or isinstance(restore_mtu, bool) or not 0 <= restore_mtu <= 65535:
        raise ValidationError("overlay_restore_mtu", restore_mtu, "must be an integer from 0 to 65535")
    vxlans, ports = vxlan_items(plan, vxlan_name)
    return {"vxlans": vxlans, "ports": ports + list(plan.get("port_items") or []),
            "veths": veth_items(plan, restore_mtu), "links": link_items(plan, restore_mtu)}
