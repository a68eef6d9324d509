# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The overlay role's plan for one host (pure functions, controller side; filter ``overlay_plan``).

Every host of the play publishes its endpoint (``type``, ``address``); the plan of one host is the
full mesh towards every other host whose type is not ``none``, made one of two ways:

``kernel``  one kernel vxlan link whose flood list holds every peer, attached to the bridge as a
            plain port (the userspace datapath without userspace tunnelling; vxlan only).
``ovs``     one Open vSwitch tunnel port per peer, protected (no forwarding between two tunnel
            ports: split horizon, so the mesh has no loop).

Tunnel ports are named ``PREFIX + v|g + '-' + 8 hex digits`` of the peer's address (IPv4: the
address itself, 192.0.2.2 -> c0000202; IPv6: the first 8 hex digits of its SHA-1), so the names
are stable, fit in 15 bytes, and a port of that pattern that no peer needs any more is stale.
"""

import hashlib
import ipaddress
import re

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import ValidationError
from ansible_collections.linuxnet.netns.plugins.module_utils._core.names import validate_ifname
from ansible_collections.linuxnet.netns.plugins.module_utils._core.validate import (
    validate_choice, validate_int, validate_ip)

TYPES = ("none", "vxlan", "gre")
METHODS = ("auto", "ovs", "kernel")
DATAPATHS = ("system", "netdev")
PREFIX_RE = re.compile(r"^[a-z][a-z0-9]{0,4}$")
VNI_MAX = 16777215
KEY_MAX = 4294967295
# Bytes a tunnel adds to the inner IP packet: outer IP, tunnel header(s), inner Ethernet.
OVERHEAD = {"vxlan": 8 + 8 + 14, "gre": 4 + 14}
GRE_KEY_BYTES = 4
IP_HEADER = {4: 20, 6: 40}
DEFAULT_UNDERLAY_MTU = 1500
# What a link behind the bridge takes off the overlay MTU: a VLAN tag (802.1Q or 802.1ad: 4 bytes
# each); a macvlan, ipvlan or dummy has its own MTU at most its parent's, a Linux bridge its ports'.
LINK_MTU_LESS = {"vlan": 4, "macvlan": 0, "ipvlan": 0, "bridge": 0, "dummy": 0}


def _integer(field, value, low, high):
    """Role variables: a string of digits is a number (extra vars and templates give text)."""
    return validate_int(field, value, low, high, required=True, text=True)


def endpoint_address(field, value):
    """A unicast IP address, normalised; a host name is refused (tunnels need an address)."""
    return validate_ip(field, value, required=True, unicast=True, loopback=False,
                       hint="set overlay_underlay_address when ansible_host is a name")


def port_name(prefix, tunnel_type, address):
    """The OVS port name of the tunnel towards ``address``."""
    parsed = ipaddress.ip_address(address)
    if parsed.version == 4:
        digits = "%08x" % int(parsed)
    else:
        digits = hashlib.sha1(parsed.packed).hexdigest()[:8]
    return "%s%s-%s" % (prefix, tunnel_type[0], digits)


def port_pattern(prefix):
    return re.compile(r"^%s[vg]-[0-9a-f]{8}$" % re.escape(prefix))


def overhead(tunnel_type, family, key):
    """Bytes the tunnel adds to each inner IP packet."""
    extra = GRE_KEY_BYTES if tunnel_type == "gre" and key else 0
    return IP_HEADER[family] + OVERHEAD[tunnel_type] + extra


def find_device(links, address):
    """(name, mtu) of the host link holding ``address``, or (None, None)."""
    for name in sorted(links or {}):
        link = links[name] or {}
        for cidr in link.get("addresses") or []:
            try:
                if str(ipaddress.ip_interface(cidr).ip) == address:
                    return name, link.get("mtu")
            except ValueError:
                continue
    return None, None


def mtu_veths(two_bridge_plan, veths, links):
    """The veth pairs (name, peer, netns, peer_netns) whose MTU follows the overlay.

    The two_bridge plan's namespace pairs and link, then ``veths``; a pair whose first end should be
    on the host but is not in ``links`` is left out (nothing to lower; the veth module would create it).
    """
    pairs = []
    plan = two_bridge_plan or {}
    for item in plan.get("namespaces") or []:
        pairs.append({"name": item["veth"], "peer": item["peer"], "netns": None, "peer_netns": item["name"]})
    if plan.get("link"):
        pairs.append({"name": plan["link"]["name"], "peer": plan["link"]["peer"], "netns": None, "peer_netns": None})
    for position, item in enumerate(veths or []):
        if not isinstance(item, dict) or not item.get("name") or not item.get("peer"):
            raise ValidationError("overlay_mtu_veths[%d]" % position, item, "needs name and peer")
        pairs.append({"name": validate_ifname("overlay_mtu_veths[%d].name" % position, item["name"]),
                      "peer": validate_ifname("overlay_mtu_veths[%d].peer" % position, item["peer"]),
                      "netns": item.get("netns"), "peer_netns": item.get("peer_netns")})
    if links is not None:
        pairs = [pair for pair in pairs if pair["netns"] is not None or pair["name"] in links]
    return pairs


def mtu_links(links):
    """The ns_link items (``overlay_mtu_links``) whose MTU follows the overlay, each as ``{"link": item,
    "less": bytes}``: the MTU a link gets is the overlay MTU less what its kind adds (a VLAN tag)."""
    result = []
    for position, item in enumerate(links or []):
        field = "overlay_mtu_links[%d]" % position
        if not isinstance(item, dict) or not item.get("name"):
            raise ValidationError(field, item, "needs name and kind (an item of linuxnet.netns.ns_link)")
        kind = validate_choice(field + ".kind", item.get("kind"), tuple(LINK_MTU_LESS), required=True)
        result.append({"link": dict(item, name=validate_ifname(field + ".name", item["name"])),
                       "less": LINK_MTU_LESS[kind]})
    return result


def choose_method(tunnel_type, method, datapath, underlay_bridge, underlay_on_ovs=False):
    """The way the tunnels are made on this host; refuses what cannot work with a reason.

    On the netdev datapath OVS tunnel ports need the underlay address on an OVS bridge: when it is
    there already (``underlay_on_ovs``) or ``underlay_bridge`` will put it there, vxlan uses them
    too (a kernel vxlan link over that bridge would receive every packet twice: once from the
    underlay device, where the kernel still sees it, and once through the bridge).
    """
    if tunnel_type == "none":
        return "none"
    if method == "kernel":
        if tunnel_type != "vxlan":
            raise ValidationError("overlay_method", method, "kernel links are vxlan only (gretap is not "
                                                            "used: the lab kernels lack it); use ovs for gre")
        return "kernel"
    if method == "ovs":
        return "ovs"
    if datapath == "system" or underlay_bridge or underlay_on_ovs:
        return "ovs"
    if tunnel_type == "vxlan":
        return "kernel"
    raise ValidationError(
        "overlay_type", tunnel_type,
        "on the netdev (userspace) datapath needs Open vSwitch userspace tunnelling: the underlay "
        "address must move onto an OVS bridge. Set overlay_underlay_bridge (e.g. br-phy) to let the "
        "role move it (with rollback), or overlay_method=ovs when the host is already set up that "
        "way, or use overlay_type=vxlan (kernel vxlan link, no move)")


def overlay_plan(endpoints, host, method="auto", datapath="", bridge="br0", vni=4242, key=4242,
                 dst_port=4789, prefix="ovl", vxlan_name="ovl-vxlan", underlay_device="",
                 underlay_mtu=0, mtu=0, underlay_bridge="", links=None, ports=None, two_bridge_plan=None,
                 veths=None, ovs_bridges=None, links_behind=None):
    """The tunnels of ``host``.

    ``endpoints``  {host: {"type": none|vxlan|gre, "address": underlay address}} of the play
    ``links``      this host's links ({name: {"addresses": [...], "mtu": N}}, netns_info's host.links)
    ``ports``      names of the ports ``bridge`` has now (for stale tunnel ports)
    ``two_bridge_plan``, ``veths``: the veth pairs behind the bridge whose MTU follows the overlay
    ``ovs_bridges`` names of this host's OVS bridges (is the underlay address on one already?)
    ``links_behind`` ns_link items behind the bridge whose MTU follows the overlay (``mtu_links``)
    """
    if host not in (endpoints or {}):
        raise ValidationError("host", host, "has no overlay endpoint (did the role's first tasks run on it?)")
    own = endpoints[host]
    tunnel_type = validate_choice("overlay_type", own.get("type"), TYPES, required=True)
    method = validate_choice("overlay_method", method, METHODS, required=True)
    datapath = validate_choice("overlay_datapath_type", datapath or "system", DATAPATHS)
    bridge = validate_ifname("overlay_bridge", bridge)
    vxlan_name = validate_ifname("overlay_vxlan_name", vxlan_name)
    if not PREFIX_RE.match(str(prefix)):
        raise ValidationError("overlay_port_prefix", prefix, "must be 1-5 lower-case letters and digits, "
                                                             "starting with a letter")
    vni = _integer("overlay_vni", vni, 0, VNI_MAX)
    key = _integer("overlay_key", key, 0, KEY_MAX)
    dst_port = _integer("overlay_dst_port", dst_port, 1, 65535)
    underlay_mtu = _integer("overlay_underlay_mtu", underlay_mtu or 0, 0, 65535)
    mtu = _integer("overlay_mtu", mtu or 0, 0, 65535)
    if underlay_bridge:
        underlay_bridge = validate_ifname("overlay_underlay_bridge", underlay_bridge)
    found_device, found_mtu = (None, None)
    if tunnel_type != "none":
        own_address = endpoint_address("overlay_underlay_address", own.get("address"))
        found_device, found_mtu = find_device(links, own_address)
    chosen = choose_method(tunnel_type, method, datapath, underlay_bridge,
                           underlay_on_ovs=found_device is not None and found_device in (ovs_bridges or []))
    pattern = port_pattern(prefix)
    plan = {"type": tunnel_type, "method": chosen, "datapath": datapath, "bridge": bridge,
            "vxlan": None, "ports": [], "remotes": [], "local": None, "device": None,
            "underlay_mtu": None, "mtu": None, "overhead": None, "underlay_move": None,
            "stale_ports": sorted(name for name in (ports or []) if pattern.match(name)),
            "mtu_veths": mtu_veths(two_bridge_plan, veths, links), "mtu_links": mtu_links(links_behind)}
    if chosen == "none":
        return with_port_items(plan)

    local = endpoint_address("overlay_underlay_address", own.get("address"))
    family = ipaddress.ip_address(local).version
    remotes = []
    seen = {local: host}
    for peer in sorted(endpoints):
        if peer == host:
            continue
        endpoint = endpoints[peer] or {}
        peer_type = endpoint.get("type")
        if peer_type in (None, "none"):
            continue
        if peer_type != tunnel_type:
            raise ValidationError("overlay_type", tunnel_type, "differs from host %s's %r: every host of "
                                                               "one overlay uses the same type" % (peer, peer_type))
        address = endpoint_address("overlay_underlay_address of %s" % peer, endpoint.get("address"))
        if ipaddress.ip_address(address).version != family:
            raise ValidationError("overlay_underlay_address of %s" % peer, address,
                                  "is not of the same IP version as this host's %s" % local)
        if address in seen:
            raise ValidationError("overlay_underlay_address of %s" % peer, address,
                                  "is also the underlay address of %s" % seen[address])
        seen[address] = peer
        remotes.append(address)
    remotes.sort(key=ipaddress.ip_address)

    device = underlay_device or found_device
    plan["local"], plan["remotes"], plan["device"] = local, remotes, device
    plan["underlay_mtu"] = underlay_mtu or found_mtu or DEFAULT_UNDERLAY_MTU
    plan["overhead"] = overhead(tunnel_type, family, vni if tunnel_type == "vxlan" else key)
    plan["mtu"] = mtu or plan["underlay_mtu"] - plan["overhead"]

    if chosen == "kernel":
        plan["vxlan"] = {"name": vxlan_name, "vni": vni, "dstport": dst_port, "local": local,
                         "device": device, "remotes": remotes}
    else:
        for remote in remotes:
            options = {"remote_ip": remote, "local_ip": local}
            if tunnel_type == "vxlan":
                options.update(key=str(vni), dst_port=str(dst_port))
            elif key:
                options["key"] = str(key)
            plan["ports"].append({"name": port_name(prefix, tunnel_type, remote), "type": tunnel_type,
                                  "remote": remote, "options": options})
        if datapath == "netdev" and underlay_bridge and device and device != underlay_bridge:
            plan["underlay_move"] = {"device": device, "bridge": underlay_bridge}
    wanted = set(port["name"] for port in plan["ports"])
    plan["stale_ports"] = [name for name in plan["stale_ports"] if name not in wanted]
    return with_port_items(plan)


def with_port_items(plan):
    """``plan`` with ``port_items``: its tunnel ports (protected, each naming its remote) and the
    removal of its stale ones, as the ``ports`` of one topology call (owner ``overlay``)."""
    plan["port_items"] = [
        {"name": port["name"], "bridge": plan["bridge"], "type": port["type"], "options": port["options"],
         "protected": True, "external_ids": {"linuxnet_overlay_remote": port["remote"]}}
        for port in plan["ports"]] + [{"name": name, "state": "absent"} for name in plan["stale_ports"]]
    return plan
