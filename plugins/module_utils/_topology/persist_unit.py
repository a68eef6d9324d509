# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The systemd template unit that re-applies a persisted topology at boot, one instance per owner.

``linuxnet-netns-topology@OWNER.service`` (OWNER escaped as ``systemd-escape`` does) runs the
module's own engine, from a copy of the module's AnsiballZ payload (``ENGINE``: ansible-core's
module_utils and this collection's, nothing else), on the interpreter that ran the module. No
Ansible is needed on the host. The unit name and ``Before=network-online.target`` are a contract:
a service bound to a namespace (``netns_service``) orders itself after the instance.

Ordering: after Open vSwitch (its database holds bridges and ports across a reboot, their devices
are re-made here), wanted, not required: a topology without bridges or ports needs no OVS, and one
with them fails by itself, naming the bridge, when OVS is not there.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.units import escape

UNIT_DIR = "/etc/systemd/system"
TEMPLATE = "linuxnet-netns-topology@.service"
LIB_DIR = "/usr/local/lib/linuxnet-netns"
ENGINE = "topology-engine.zip"
OVS_UNITS = "openvswitch-switch.service ovs-vswitchd.service ovsdb-server.service"


def unit_of(owner):
    """The owner's instance, OWNER escaped as ``systemd-escape`` does (``over-lay`` -> ``over\\x2dlay``)."""
    return "linuxnet-netns-topology@%s.service" % escape(owner)


def drop_in_of(owner, unit_dir=UNIT_DIR):
    """The instance's drop-in for ``persist_after`` (its order after other owners' instances)."""
    return "%s/%s.d/after.conf" % (unit_dir, unit_of(owner))


def drop_in_text(after):
    """Ordered after the instances of the owners ``after`` (ordering only: each is enabled by its own run)."""
    if not after:
        return None
    lines = ["# Written by linuxnet.netns.topology (persist_after). The next run writes it again.",
             "[Unit]", "After=%s" % " ".join(unit_of(owner) for owner in after), ""]
    return "\n".join(lines)


def template_text(python, engine, entry, config_dir):
    """The template unit: ``python`` runs the module ``entry`` from the zip ``engine`` on the
    instance's file in ``config_dir``. The text depends on nothing of an owner, so owners share it."""
    return "\n".join([
        "# Written by linuxnet.netns.topology (persist: true). Do not edit: the next run writes it again.",
        "[Unit]",
        "Description=linuxnet.netns topology of owner %I (declared state, re-applied at boot)",
        "Wants=network-pre.target %s" % OVS_UNITS.split()[0],
        "After=network-pre.target %s" % OVS_UNITS,
        "Before=network-online.target",
        "",
        "[Service]",
        "Type=oneshot",
        "RemainAfterExit=yes",
        "Environment=PYTHONPATH=%s" % engine,
        "ExecStart=%s -s -m %s %s/%%I.json" % (python, entry, config_dir),
        "SyslogIdentifier=linuxnet-netns-topology",
        "",
        "[Install]",
        "WantedBy=multi-user.target network-online.target",
        "",
    ])
