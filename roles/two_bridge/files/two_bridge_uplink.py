# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attach an uplink to an OVS bridge and move the host's addresses and routes onto the bridge.

    python3 two_bridge_uplink.py --uplink eth0 --bridge br0 [--settle 10] [--check]

The move is one short step on the host, independent of the connection that started it:
  1. the bridge takes the uplink's MAC address (other-config:hwaddr), so neighbours' ARP caches
     stay right, and the uplink becomes a port of the bridge;
  2. each global address is added to the bridge, then removed from the uplink;
  3. every route that went through the uplink (the default route too) is put back through the bridge;
  4. when there was a gateway, it must answer a ping through the bridge within --settle seconds;
     otherwise everything is put back as it was (addresses, routes, port, hwaddr) and the exit
     code is 1.
SIGHUP and SIGPIPE are ignored, so a dropped SSH session cannot stop the move half way.
Nothing runs through a shell. Prints one JSON object: changed, addresses, routes, rolled_back, msg.
Already done (the uplink is a port and holds no global address) is not a change.
"""

import argparse
import json
import signal
import subprocess
import sys
import time

TIMEOUT = 20


class MoveError(Exception):
    pass


def run(argv, check=True):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=TIMEOUT, check=False)
    if check and done.returncode != 0:
        raise MoveError("%s failed (rc=%d): %s" % (" ".join(argv), done.returncode, done.stderr.strip()))
    return done


def ip_json(*args):
    return json.loads(run(["ip", "-j"] + list(args)).stdout or "[]")


def read_state(uplink, bridge):
    links = ip_json("link", "show", "dev", uplink)
    if not links:
        raise MoveError("uplink %s does not exist" % uplink)
    addresses = []
    for entry in ip_json("addr", "show", "dev", uplink):
        for info in entry.get("addr_info", []):
            if info.get("scope") == "global":
                addresses.append({"family": info["family"], "address": "%s/%s" % (info["local"], info["prefixlen"])})
    routes = []
    for family in ("-4", "-6"):
        for route in ip_json(family, "route", "show", "dev", uplink):
            if route.get("protocol") == "kernel" or route.get("type", "unicast") != "unicast":
                continue  # the kernel makes these itself from the addresses
            route["family"] = family
            routes.append(route)
    bridge_exists = run(["ovs-vsctl", "br-exists", bridge], check=False).returncode == 0
    ports = run(["ovs-vsctl", "list-ports", bridge]).stdout.split() if bridge_exists else []
    return {"mac": links[0].get("address"), "addresses": addresses, "routes": routes,
            "bridge_exists": bridge_exists, "attached": uplink in ports}


def route_argv(route, dev, verb="replace"):
    argv = ["ip", route["family"], "route", verb, route.get("dst", "default")]
    if route.get("gateway"):
        argv += ["via", route["gateway"]]
    argv += ["dev", dev]
    for key, word in (("metric", "metric"), ("protocol", "proto"), ("prefsrc", "src"), ("scope", "scope")):
        if route.get(key) not in (None, ""):
            argv += [word, str(route[key])]
    if "onlink" in route.get("flags", []):
        argv.append("onlink")
    return argv


def gateway_of(routes):
    for route in routes:
        if route.get("dst", "default") == "default" and route.get("gateway"):
            return route
    return None


def gateway_answers(gateway, dev, settle):
    deadline = time.monotonic() + settle
    while time.monotonic() < deadline:
        family = "-6" if gateway["family"] == "-6" else "-4"
        if run(["ping", family, "-n", "-c", "1", "-W", "1", "-I", dev, gateway["gateway"]], check=False).returncode == 0:
            return True
        time.sleep(0.2)
    return False


def move(uplink, bridge, before, settle):
    done = []  # undo steps, newest last
    restore_routes = []  # run after the addresses are back: a route needs its gateway on-link
    try:
        if not before["attached"]:
            if before["mac"]:
                run(["ovs-vsctl", "set", "bridge", bridge, 'other-config:hwaddr="%s"' % before["mac"]])
                done.append(["ovs-vsctl", "remove", "bridge", bridge, "other-config", "hwaddr"])
            run(["ovs-vsctl", "--may-exist", "add-port", bridge, uplink])
            done.append(["ovs-vsctl", "--if-exists", "del-port", bridge, uplink])
        run(["ip", "link", "set", bridge, "up"])
        for entry in before["addresses"]:
            run(["ip", "addr", "replace", entry["address"], "dev", bridge])
            done.append(["ip", "addr", "del", entry["address"], "dev", bridge])
        for entry in before["addresses"]:
            run(["ip", "addr", "del", entry["address"], "dev", uplink])
            done.append(["ip", "addr", "replace", entry["address"], "dev", uplink])
        restore_routes = [route_argv(route, uplink) for route in before["routes"]]
        for route in before["routes"]:
            run(route_argv(route, bridge))
        gateway = gateway_of(before["routes"])
        if gateway and not gateway_answers(gateway, bridge, settle):
            raise MoveError("gateway %s did not answer through %s within %ss" % (gateway["gateway"], bridge, settle))
    except (MoveError, subprocess.TimeoutExpired) as error:
        for argv in list(reversed(done)) + restore_routes:
            run(argv, check=False)
        return False, "%s; rolled back" % error
    return True, "moved"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uplink", required=True)
    parser.add_argument("--bridge", required=True)
    parser.add_argument("--settle", type=int, default=10)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    settle = max(1, min(args.settle, 120))
    result = {"changed": False, "uplink": args.uplink, "bridge": args.bridge, "rolled_back": False}
    try:
        before = read_state(args.uplink, args.bridge)
    except (MoveError, subprocess.TimeoutExpired, ValueError) as error:
        if args.check:
            result.update(changed=True, msg="check mode: %s; an earlier task would create it" % error)
            print(json.dumps(result))
            return 0
        result.update(failed=True, msg=str(error))
        print(json.dumps(result))
        return 1
    result.update(addresses=[entry["address"] for entry in before["addresses"]],
                  routes=[route.get("dst", "default") for route in before["routes"]])
    if before["attached"] and not before["addresses"] and not before["routes"]:
        result["msg"] = "already attached"
    elif args.check:
        result.update(changed=True, msg="check mode: would attach and move")
    elif not before["bridge_exists"]:
        result.update(failed=True, msg="bridge %s does not exist" % args.bridge)
    else:
        moved, message = move(args.uplink, args.bridge, before, settle)
        result.update(changed=moved, rolled_back=not moved, msg=message, failed=not moved)
    try:
        print(json.dumps(result))
    except OSError:
        pass
    return 1 if result.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main())
