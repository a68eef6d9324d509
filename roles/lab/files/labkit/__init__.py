# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts of labctl.py, one module per job:

    errors    LabError, the one exception a user sees (printed without a traceback)
    plan      pure parts: host names, addresses, workdir checks, inventory and sshd_config texts
    procs     processes identified by pid and start time; bounded runs and waits; the hosts' init
    light     a light host: a process in its own namespaces (no systemd)
    roots     root file systems of Debian releases, built with debootstrap and cached
    machine   a machine: systemd as PID 1 in systemd-nspawn on an overlay of a cached root; reboot
    lab       one lab: its recorded state, up, down, status, reboot
"""
