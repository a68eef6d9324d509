# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The overlay role on a lab of three hosts (userspace datapath, over SSH): two_bridge + overlay.

vxlan: a kernel vxlan link per host; blue on each host reaches blue on every other host, a
full-size packet with DF set passes, a re-run changes nothing, a host leaving the overlay's
inventory group leaves the mesh, none removes every tunnel. gre: refused without userspace
tunnelling, then with the underlay moved onto br-phy (OVS tunnel ports), the same checks.
"""

import json
import os
import re
import subprocess

import pytest

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "overlay.yml")
HOSTS = 3
RECAP = re.compile(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
# ETHTOOL_STXCSUM off on the lab's underlay bridge (see test_gre_*); run inside the underlay's netns.
TX_CHECKSUM_OFF = (
    "import ctypes, fcntl, socket, struct, sys\n"
    "value = ctypes.create_string_buffer(struct.pack('II', 0x17, 0))\n"
    "request = struct.pack('16sQ', sys.argv[1].encode(), ctypes.addressof(value))\n"
    "fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8946, request)\n")


@pytest.fixture(scope="module")
def lab3(new_lab):
    lab = new_lab(hosts=HOSTS, prefix="ovl")
    result = lab.up()
    if result.returncode != 0:
        pytest.fail("lab did not come up: %s" % result.stderr, pytrace=False)
    yield lab
    assert lab.down().returncode == 0


def play(lab, check=False, inventories=(), **extra_vars):
    """Run the playbook; return {host: changed count}; fail with the output when a host failed."""
    result = lab.playbook(PLAYBOOK, extra_vars=extra_vars, check=check, inventories=inventories)
    recap = dict((host, (int(changed), int(unreachable) + int(failed)))
                 for host, changed, unreachable, failed in RECAP.findall(result.stdout))
    assert result.returncode == 0 and recap and not any(bad for _c, bad in recap.values()), \
        "rc=%s\n%s\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-2000:])
    return dict((host, changed) for host, (changed, _bad) in recap.items())


def blue_address(index):
    """Blue's address on the host at ``index`` of the play (two_bridge plan: 10.0.2.100 + 256 * index)."""
    return "10.0.%d.100" % (2 + index)


def ping(lab, host, target, size=None, count=2):
    argv = ["ip", "netns", "exec", "blue", "ping", "-n", "-c", str(count), "-i", "0.2", "-W", "2"]
    if size is not None:
        argv += ["-M", "do", "-s", str(size)]
    return lab.exec(host, argv + [target])


def assert_mesh(lab, hosts=None):
    """Blue on every host pings blue on every other host; returns the average rtts (ms)."""
    hosts = hosts or lab.hosts
    rtts = []
    for source in hosts:
        for target in hosts:
            if source == target:
                continue
            result = ping(lab, source, blue_address(lab.hosts.index(target)), count=3)
            assert result.returncode == 0, "%s -> %s: %s%s" % (source, target, result.stdout, result.stderr)
            assert "duplicates" not in result.stdout
            rtts.append(float(re.search(r"= [\d.]+/([\d.]+)/", result.stdout).group(1)))
    return rtts


def assert_full_size(lab, mtu):
    """With DF set, the largest packet that fits the overlay MTU passes; one byte more is refused locally."""
    largest = mtu - 28  # IPv4 + ICMP headers
    target = blue_address(1)
    passed = ping(lab, lab.hosts[0], target, size=largest)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    refused = ping(lab, lab.hosts[0], target, size=largest + 1)
    assert refused.returncode != 0 and "mtu=%d" % mtu in refused.stdout + refused.stderr


def links(lab, host):
    return dict((link["ifname"], link) for link in json.loads(lab.exec(host, ["ip", "-j", "-d", "link"]).stdout))


def ports(lab, host, bridge="br0"):
    return lab.exec(host, ["ovs-vsctl", "list-ports", bridge]).stdout.split()


def flood_list(lab, host):
    entries = json.loads(lab.exec(host, ["bridge", "-j", "fdb", "show", "dev", "ovl-vxlan"]).stdout or "[]")
    return sorted(entry["dst"] for entry in entries if entry.get("mac") == "00:00:00:00:00:00")


def underlay_address(lab, host):
    return [h["address"] for h in lab.status["hosts"] if h["name"] == host][0].split("/")[0]


def test_vxlan_mesh_on_the_userspace_datapath(lab3):
    changed = play(lab3, two_bridge_overlay="vxlan")
    assert all(count > 0 for count in changed.values())
    for host in lab3.hosts:
        link = links(lab3, host)["ovl-vxlan"]
        assert link["linkinfo"]["info_data"]["id"] == 4242 and link["mtu"] == 1450
        others = sorted(underlay_address(lab3, other) for other in lab3.hosts if other != host)
        assert flood_list(lab3, host) == others
        assert "ovl-vxlan" in ports(lab3, host)
        assert links(lab3, host)["veth0"]["mtu"] == 1450
    rtts = assert_mesh(lab3)
    print("vxlan blue->blue rtt avg ms: min %.3f max %.3f" % (min(rtts), max(rtts)))
    assert_full_size(lab3, 1450)

    assert set(play(lab3, two_bridge_overlay="vxlan").values()) == {0}
    assert set(play(lab3, check=True, two_bridge_overlay="vxlan").values()) == {0}


def test_a_host_leaving_the_group_leaves_the_mesh(lab3, tmp_path):
    play(lab3, two_bridge_overlay="vxlan")
    first, second, third = lab3.hosts
    mesh = tmp_path / "mesh.yml"
    mesh.write_text("mesh:\n  hosts:\n    %s:\n    %s:\n" % (first, second))
    play(lab3, inventories=[str(mesh)], two_bridge_overlay="vxlan", overlay_group="mesh", overlay_test_hosts="mesh")
    assert flood_list(lab3, first) == [underlay_address(lab3, second)]
    assert flood_list(lab3, second) == [underlay_address(lab3, first)]
    assert ping(lab3, first, blue_address(1)).returncode == 0
    assert set(play(lab3, two_bridge_overlay="vxlan").values()) != {0}  # the third host is back
    assert flood_list(lab3, first) == sorted([underlay_address(lab3, second), underlay_address(lab3, third)])


def test_none_removes_the_tunnels(lab3):
    play(lab3, two_bridge_overlay="vxlan")
    play(lab3, two_bridge_overlay="none")
    for host in lab3.hosts:
        assert "ovl-vxlan" not in links(lab3, host)
        assert not [port for port in ports(lab3, host) if port.startswith("ovl")]
        assert links(lab3, host)["veth0"]["mtu"] == 1500
    assert set(play(lab3, two_bridge_overlay="none").values()) == {0}


def test_gre_on_the_userspace_datapath(lab3):
    refused = lab3.playbook(PLAYBOOK, extra_vars={"two_bridge_overlay": "gre"})
    assert refused.returncode != 0
    assert "needs Open vSwitch userspace tunnelling" in refused.stdout
    assert "overlay_underlay_bridge" in refused.stdout

    # The move puts SSH's own address on br-phy. OVS's userspace datapath reads the underlay veth
    # with AF_PACKET and cannot finish the TCP checksums that the lab's underlay bridge leaves to
    # offload (a real NIC delivers them finished): turn that offload off in the lab's underlay.
    underlay = lab3.status["underlay"]["pid"]
    result = lab_underlay_run(underlay, ["python3", "-c", TX_CHECKSUM_OFF, "br0"])
    assert result.returncode == 0, result.stderr

    play(lab3, two_bridge_overlay="gre", overlay_underlay_bridge="br-phy")
    for host in lab3.hosts:
        tunnels = sorted(port for port in ports(lab3, host) if port.startswith("ovlg-"))
        assert len(tunnels) == HOSTS - 1
        assert underlay_address(lab3, host) in lab3.exec(host, ["ip", "-br", "addr", "show", "br-phy"]).stdout
        for port in tunnels:
            assert lab3.exec(host, ["ovs-vsctl", "get", "Port", port, "protected"]).stdout.strip() == "true"
            marks = lab3.exec(host, ["ovs-vsctl", "get", "Port", port, "external_ids"]).stdout
            assert 'linuxnet_owner=overlay' in marks and 'linuxnet_overlay_remote="192.' in marks, marks
    rtts = assert_mesh(lab3)
    print("gre blue->blue rtt avg ms: min %.3f max %.3f" % (min(rtts), max(rtts)))
    assert_full_size(lab3, 1458)
    assert set(play(lab3, two_bridge_overlay="gre", overlay_underlay_bridge="br-phy").values()) == {0}

    # the underlay is on an OVS bridge now: vxlan uses OVS tunnel ports as well
    play(lab3, two_bridge_overlay="vxlan")
    for host in lab3.hosts:
        assert len([port for port in ports(lab3, host) if port.startswith("ovlv-")]) == HOSTS - 1
        assert not [port for port in ports(lab3, host) if port.startswith("ovlg-")]
    assert_mesh(lab3)
    assert_full_size(lab3, 1450)

    play(lab3, two_bridge_overlay="none")
    for host in lab3.hosts:
        assert not [port for port in ports(lab3, host) if port.startswith("ovl")]


def lab_underlay_run(pid, argv):
    """Run argv in the lab's underlay network namespace (held by the lab's own process ``pid``)."""
    return subprocess.run(["nsenter", "--net=/proc/%d/ns/net" % pid] + argv, capture_output=True, text=True,
                          timeout=30, check=False)
