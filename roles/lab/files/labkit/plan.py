# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure parts of the lab: names, addresses, kinds and distributions, the texts of generated files."""

import ipaddress
import json
import os
import re

from labkit.errors import LabError

STATE_FILE = "state.json"
INVENTORY_FILE = "inventory.yml"
CLIENT_KEY = "id_ed25519"
KNOWN_HOSTS = "known_hosts"
HOSTS_DIR = "hosts"
CONTROL_DIR = "cp"
GROUP = "lab"
UNDERLAY_BRIDGE = "br0"
HOST_OFFSET = 10  # host i gets network + HOST_OFFSET + i
MAX_SOCKET_PATH = 100  # unix socket paths (ssh ControlPath) must stay below 108 bytes
PREFIX_RE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
WORKDIR_RE = re.compile(r"^/[A-Za-z0-9_./-]+$")
KINDS = ("light", "machine")
DISTRIBUTIONS = ("bookworm", "trixie")  # Debian 12 and 13: the releases a machine can run
MACHINE_NAME_MAX = 11  # systemd-nspawn names the outer veth vb-NAME, which must fit IFNAMSIZ (15)


def host_names(prefix, count):
    """Names of the lab's hosts: PREFIX1 .. PREFIXN."""
    if not PREFIX_RE.match(prefix):
        raise LabError("prefix: %r must be lower-case letters, digits and '-', starting with a letter" % prefix)
    if count < 1:
        raise LabError("hosts: %r must be at least 1" % count)
    return ["%s%d" % (prefix, index) for index in range(1, count + 1)]


def plan_distributions(names, kind, distributions):
    """The distribution of each host: `distributions` (a list) taken in turn, host by host.

    A light host runs the controller's own system; only machines choose a release."""
    if kind not in KINDS:
        raise LabError("kind: %r is not one of %s" % (kind, ", ".join(KINDS)))
    if kind == "light":
        return [None] * len(names)
    if not distributions:
        raise LabError("%s: a machine needs a distribution (one of %s)" % (names[0], ", ".join(DISTRIBUTIONS)))
    planned = [distributions[index % len(distributions)] for index in range(len(names))]
    for name, distribution in zip(names, planned):
        if distribution not in DISTRIBUTIONS:
            raise LabError("%s: unknown distribution %r (known: %s)" % (name, distribution, ", ".join(DISTRIBUTIONS)))
        if len(name) > MACHINE_NAME_MAX:
            raise LabError("%s: a machine's name has at most %d characters" % (name, MACHINE_NAME_MAX))
    return planned


def plan_addresses(subnet, count):
    """Return (underlay bridge address, [host addresses]) as 'ADDR/PREFIXLEN' strings."""
    try:
        network = ipaddress.IPv4Network(subnet, strict=True)
    except ValueError as exc:
        raise LabError("subnet: %r is not an IPv4 network (%s)" % (subnet, exc)) from None
    last = HOST_OFFSET + count
    if network.num_addresses - 2 < last:
        raise LabError("subnet: %r is too small for %d hosts (addresses .%d to .%d are needed)"
                       % (subnet, count, HOST_OFFSET + 1, last))

    def at(offset):
        return "%s/%d" % (network.network_address + offset, network.prefixlen)

    return at(1), [at(HOST_OFFSET + index) for index in range(1, count + 1)]


def check_workdir(workdir):
    """The workdir ends up in ssh options and socket paths: absolute, plain characters, short."""
    if not WORKDIR_RE.match(workdir) or "/../" in workdir + "/":
        raise LabError("workdir: %r must be an absolute path of letters, digits, '_', '.', '-' and '/'" % workdir)
    longest = os.path.join(workdir, CONTROL_DIR, "255.255.255.255")
    if len(longest) > MAX_SOCKET_PATH:
        raise LabError("workdir: %r is too long for ssh control sockets (at most %d characters)"
                       % (workdir, MAX_SOCKET_PATH - len(longest) + len(workdir)))


def to_yaml(value, indent=0):
    """A small YAML emitter for dicts of dicts/strings/ints (strings JSON-quoted: valid YAML)."""
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append("%s%s:" % (" " * indent, key))
            lines.append(to_yaml(item, indent + 2))
        else:
            lines.append("%s%s: %s" % (" " * indent, key, json.dumps(item)))
    return "\n".join(line for line in lines if line)


def render_inventory(workdir, hosts, underlay_pid, python, nsenter="nsenter", socat="socat"):
    """The inventory: group GROUP, one entry per host, ssh entering the underlay to reach it.

    ``hosts`` is a list of (name, address without prefix length[, host variables]).
    """
    # socat's log name (-lp) is the workdir: it tells in ps which lab a relay belongs to
    proxy = "%s --net=/proc/%d/ns/net %s -lp %s STDIO TCP:%%h:%%p" % (nsenter, underlay_pid, socat, workdir)
    ssh_options = [
        "ProxyCommand=%s" % proxy,
        "StrictHostKeyChecking=yes",
        "UserKnownHostsFile=%s" % os.path.join(workdir, KNOWN_HOSTS),
        "ControlPath=%s" % os.path.join(workdir, CONTROL_DIR, "%h"),
        "IdentitiesOnly=yes",
    ]
    group_vars = {
        "ansible_user": "root",
        "ansible_ssh_private_key_file": os.path.join(workdir, CLIENT_KEY),
        "ansible_python_interpreter": python,
        "ansible_ssh_args": "-o ControlMaster=auto -o ControlPersist=60s",
        "ansible_ssh_common_args": " ".join("-o '%s'" % option for option in ssh_options),
        "ansible_ssh_pipelining": True,
    }
    entries = {}
    for host in hosts:
        name, address = host[:2]
        entries[name] = dict({"ansible_host": address}, **(host[2] if len(host) > 2 else {}))
    document = {GROUP: {"hosts": entries, "vars": group_vars}}
    header = "# Generated by labctl.py; removed by `labctl.py down --workdir %s`.\n" % workdir
    return header + to_yaml(document) + "\n"


def render_sshd_config(address, host_key, authorized_keys, log_level="ERROR"):
    """sshd for one light host: its eth0 address only, root by the lab's ed25519 key only."""
    options = [
        ("ListenAddress", address),
        ("HostKey", host_key),
        ("PidFile", "/run/sshd/sshd.pid"),
        ("AuthorizedKeysFile", authorized_keys),
        ("PermitRootLogin", "prohibit-password"),
        ("AuthenticationMethods", "publickey"),
        ("PubkeyAcceptedAlgorithms", "ssh-ed25519"),
        ("PasswordAuthentication", "no"),
        ("KbdInteractiveAuthentication", "no"),
        ("UsePAM", "no"),
        ("StrictModes", "no"),  # the workdir may live under /tmp
        ("UseDNS", "no"),
        ("PrintMotd", "no"),
        ("LogLevel", log_level),
        ("Subsystem", "sftp internal-sftp"),
    ]
    return "".join("%s %s\n" % option for option in options)


def render_machine_sshd_config():
    """sshd_config.d drop-in of a machine: its own ssh.service, the lab's host key, root by key only."""
    options = [
        ("HostKey", "/etc/ssh/ssh_host_ed25519_key"),
        ("PermitRootLogin", "prohibit-password"),
        ("AuthenticationMethods", "publickey"),
        ("PasswordAuthentication", "no"),
        ("KbdInteractiveAuthentication", "no"),
        ("UseDNS", "no"),
    ]
    return "".join("%s %s\n" % option for option in options)


def render_underlay_unit(address, interface="host0"):
    """A systemd unit of a machine that puts its underlay address on host0 at every boot, before sshd."""
    return "\n".join([
        "[Unit]",
        "Description=The lab's underlay address on %s" % interface,
        "Before=ssh.service network.target",
        "",
        "[Service]",
        "Type=oneshot",
        "RemainAfterExit=yes",
        "ExecStart=/usr/sbin/ip link set lo up",
        "ExecStart=/usr/sbin/ip addr replace %s dev %s" % (address, interface),
        "ExecStart=/usr/sbin/ip link set %s up" % interface,
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ])
