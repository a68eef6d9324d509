"""A comparable picture of a lab host's network: what a test compares before and after a run."""
import json


def _json(lab, host, argv):
    done = lab.exec(host, argv)
    if done.returncode != 0:
        return {"error": done.stderr.strip()}
    return json.loads(done.stdout or "[]")


def _stable_links(links):
    """Drop counters and other values that change on their own."""
    keep = ("ifname", "link_type", "address", "mtu", "flags", "master", "linkinfo", "link")
    return sorted((json.dumps({k: link.get(k) for k in keep}, sort_keys=True) for link in links))


def _stable_addresses(entries):
    """Address, prefix and scope per device; DAD flags such as "tentative" come and go on their own."""
    keep = ("family", "local", "prefixlen", "scope")
    return sorted(json.dumps([entry.get("ifname"), {k: info.get(k) for k in keep}], sort_keys=True)
                  for entry in entries for info in entry.get("addr_info", []))


def _stable_routes(routes):
    keep = ("dst", "gateway", "dev", "table", "metric", "protocol", "type", "prefsrc")
    return sorted(json.dumps({k: route.get(k) for k in keep}, sort_keys=True) for route in routes)


def snapshot(lab, host):
    """Namespaces, links, addresses and routes in every namespace, /run/netns, and OVS."""
    namespaces = [ns["name"] for ns in _json(lab, host, ["ip", "-j", "netns", "list"])
                  if isinstance(ns, dict)]
    picture = {"netns": sorted(namespaces)}
    for ns in [None] + sorted(namespaces):
        prefix = ["ip", "-n", ns] if ns else ["ip"]
        links = _json(lab, host, prefix + ["-j", "-d", "link"])
        picture[ns or "(host)"] = {
            "links": _stable_links(links) if isinstance(links, list) else links,
            "addr": _stable_addresses(_json(lab, host, prefix + ["-j", "addr"])),
            "route": _stable_routes(_json(lab, host, prefix + ["-j", "route", "show", "table", "all"])),
        }
    files = lab.exec(host, ["ls", "-a", "/run/netns"])
    picture["/run/netns"] = sorted(files.stdout.split())
    ovs = lab.exec(host, ["ovs-vsctl", "--format=json", "--data=json", "--columns=name,ports,external_ids,other_config",
                          "list", "Bridge"])
    picture["ovs"] = ovs.stdout if ovs.returncode == 0 else "no ovs"
    return picture
