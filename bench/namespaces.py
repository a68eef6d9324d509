"""Benchmark: creating N namespaces (topology, namespaces only), reading a host of N namespaces
(netns_info's gathering) and deleting N namespaces without listing their veths (topology
``state: deleted``), each against a baseline in the same run. Runs itself inside
``tests/tools/sandbox --ovs``, like run.py.

    python bench/namespaces.py [--sizes 300,500]

- create: one topology task creating the N namespaces (each marked, its ``lo`` up), with the
  module's namespace stage from ``stats.phases``; baseline: ``ip -batch`` with N ``netns add``
  lines (no mark, ``lo`` left down: fewer requests than the module makes).

- read: ``netns_info``'s gathering in process (links, addresses, routes and veth peers of every
  namespace), with the number of namespace-id requests it made; baseline: one ``ip -n NS -j addr
  show`` process per namespace (addresses and links only, no peers).
- delete: one topology task deleting the N namespaces (their veths to the host not listed), with
  the module's own ``stats.phases``; baseline: ``ip -batch`` deleting the namespaces, then waiting
  until the kernel has removed their host ends.
"""

import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run  # noqa: E402  (bench/ is not a package)
import scenario  # noqa: E402

COLLECTIONS = os.path.join(run.ROOT, ".build", "collections")


def gather_counting(n):
    """(seconds, namespace-id requests) of netns_info's gathering of the whole host."""
    sys.path.insert(0, COLLECTIONS)
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink import snapshot as _snapshot
    from ansible_collections.linuxnet.netns.plugins.module_utils._netlink.session import NetlinkSession
    from ansible_collections.linuxnet.netns.plugins.module_utils._kernel.info import gather

    requests = []
    real = _snapshot.NetnsFd.__enter__
    _snapshot.NetnsFd.__enter__ = lambda self: requests.append(1) or real(self)
    try:
        with NetlinkSession() as session:
            seconds, info = run.timed(gather, _snapshot.Snapshot(session))
    finally:
        _snapshot.NetnsFd.__enter__ = real
    if len(info["namespaces"]) != n:
        raise SystemExit("gathered %d namespaces, expected %d" % (len(info["namespaces"]), n))
    return seconds, len(requests)


def ip_per_namespace():
    for name in os.listdir("/run/netns"):
        run.run(["ip", "-n", name, "-j", "addr", "show"])


def namespaces_only(n, tmp, state):
    """One topology task on the N namespaces alone (their veths not listed)."""
    args = {"state": state, "namespaces": scenario.topology_items(n)["namespaces"]}
    return run.report(run.playbook(scenario.one_task_play("linuxnet.netns.topology", args), tmp,
                                   "%s-namespaces-%d" % (state, n)))


def ip_batch_create(n):
    run.ip_batch_netns("add", [scenario.names(i)[0] for i in range(n)])


def namespace_stage(result):
    return [p["seconds"] for p in result["stats"]["phases"] if p["phase"] == "apply netlink: namespaces"][0]


def ip_batch_delete():
    run.ip_batch_netns("delete", os.listdir("/run/netns"))
    run.wait_host_ends_gone(poll=0.01)


def measure(n, tmp):
    run.reset()
    created, made = run.quiet_timed(namespaces_only, n, tmp, "merged")
    if len(os.listdir("/run/netns")) != n:
        raise SystemExit("the create left %d namespaces" % len(os.listdir("/run/netns")))
    run.reset()
    baseline_create = run.quiet_timed(ip_batch_create, n)[0]
    run.reset()
    print("N=%d create: topology %.2f s (module %.2f s, namespace stage %.2f s), ip -batch netns add %.2f s, "
          "stage ratio %.2fx" % (n, created, made["stats"]["seconds"], namespace_stage(made), baseline_create,
                                 namespace_stage(made) / baseline_create), flush=True)
    run.hand_batched(n, tmp)
    gathered, requests = gather_counting(n)
    baseline_read = run.timed(ip_per_namespace)[0]
    run.reset()
    run.topology(n, tmp)
    deleted, result = run.quiet_timed(namespaces_only, n, tmp, "deleted")
    if os.listdir("/run/netns") or run.host_bench_links():
        raise SystemExit("the delete left namespaces or host ends")
    run.reset()
    run.topology(n, tmp)
    baseline_delete = run.quiet_timed(ip_batch_delete)[0]
    run.reset()
    stage = namespace_stage(result)
    print("N=%d read: gather %.2f s (%d id requests), ip per namespace %.2f s, ratio %.2fx | delete: "
          "topology %.2f s (module %.2f s, namespace stage %.2f s), ip -batch %.2f s, stage ratio %.2fx"
          % (n, gathered, requests, baseline_read, gathered / baseline_read, deleted,
             result["stats"]["seconds"], stage, baseline_delete, stage / baseline_delete), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,500")
    args = parser.parse_args()
    if os.environ.get(run.INSIDE) != "1":
        sys.exit(run.reexec_in_sandbox(sys.argv[1:], __file__))
    tmp = tempfile.mkdtemp()
    for n in [int(size) for size in args.sizes.split(",")]:
        measure(n, tmp)


if __name__ == "__main__":
    main()
