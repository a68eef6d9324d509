# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The text of the two files netns_service writes: the unit's drop-in and the readiness template.

Why a template unit of our own (``linuxnet-netns-ready@NAME.service``) and not only systemd's mount
unit of the namespace (``run-netns-NAME.mount``, which systemd makes from /proc/self/mountinfo while
the namespace is mounted): a unit that ``BindsTo=`` that mount unit cannot even be started while the
namespace does not exist ("Unit run-netns-NAME.mount not found"), which is the case at every boot
until the namespaces are made again. So:

- the ready unit is a oneshot, ordered after ``network-online.target`` (which the persistence units
  ``linuxnet-netns-topology@OWNER.service`` are ordered before: the namespaces exist by then, whoever
  owns them), that succeeds only when /run/netns/NAME can be entered as a network namespace;
- it takes ``StopPropagatedFrom=`` the mount unit (not a requirement: a missing mount unit does not
  stop it from starting), so when the namespace is deleted the ready unit stops,
- and the service ``BindsTo=`` and is ordered ``After=`` the ready unit: it starts only once the
  namespace exists, and stops when the namespace goes.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._systemd.units import escape

UNIT_DIR = "/etc/systemd/system"
RUN_DIR = "/run/netns"  # where ip netns keeps named namespaces (_netlink/nsthread.RUN_DIR)
ETC_NETNS = "/etc/netns"  # ip netns exec binds /etc/netns/NAME/* over /etc
ETC_FILES = ("resolv.conf", "hosts")
DROPIN_NAME = "50-linuxnet-netns.conf"
READY_TEMPLATE = "linuxnet-netns-ready@.service"
MANAGED_NOTE = "# Managed by linuxnet.netns (netns_service). Changes made here are overwritten.\n"

READY_TEXT = MANAGED_NOTE + """[Unit]
Description=Network namespace %I exists
Documentation=https://github.com/linuxnet/netns/blob/main/docs/services.md
# the namespaces are made again at boot before network-online.target (linuxnet-netns-topology@.service)
Wants=network-online.target
After=network-online.target run-netns-%i.mount
# deleting the namespace (its mount goes) stops this unit, and so every service bound to it
StopPropagatedFrom=run-netns-%i.mount

[Service]
Type=oneshot
RemainAfterExit=yes
# fails unless /run/netns/%I is a network namespace: nsenter cannot enter anything else
ExecStart=/usr/bin/nsenter --net=/run/netns/%I /bin/true
"""


def dropin_path(unit):
    return "%s/%s.d/%s" % (UNIT_DIR, unit, DROPIN_NAME)


def ready_template_path():
    return "%s/%s" % (UNIT_DIR, READY_TEMPLATE)


def ready_unit(netns):
    """The instance of the ready template for ``netns`` (``my-ns`` -> ``linuxnet-netns-ready@my\\x2dns.service``)."""
    return "linuxnet-netns-ready@%s.service" % escape(netns)


def dropin_text(unit, netns):
    """The drop-in that runs ``unit`` in ``netns``. ``netns`` is a checked name (_core/names.py):
    no space, ``%`` or newline can reach the file."""
    ready = ready_unit(netns)
    lines = [MANAGED_NOTE.rstrip("\n"), "# %s runs in the network namespace %s." % (unit, netns),
             "[Unit]", "BindsTo=%s" % ready, "After=%s" % ready, "", "[Service]",
             "NetworkNamespacePath=%s/%s" % (RUN_DIR, netns),
             "# as ip netns exec does: the namespace's own files over /etc; '-' binds nothing while one is missing"]
    lines += ["BindReadOnlyPaths=-%s/%s/%s:/etc/%s" % (ETC_NETNS, netns, name, name) for name in ETC_FILES]
    return "\n".join(lines) + "\n"
