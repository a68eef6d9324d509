"""Bad input fails with a message naming the field and the value, without a traceback, before
anything is changed, and never writes a file outside /run/netns.

All cases run in ONE generated playbook (one task per case, errors ignored, results saved to a
JSON file on the controller), so the table costs one ansible-playbook start, not thirty.
"""
import json

import pytest
import yaml

from host_state import snapshot

# (module, args, field named in the error, value quoted in the error or None)
BAD_INPUTS = [
    ("netns", {"name": "../../it_escape"}, "name", "../../it_escape"),
    ("netns", {"name": ""}, "name", None),
    ("netns", {"name": ".hidden"}, "name", ".hidden"),
    ("netns", {"name": "a/b"}, "name", "a/b"),
    ("netns", {"name": "x;reboot"}, "name", "x;reboot"),
    ("netns", {"name": "$(touch /tmp/it_pwned)"}, "name", None),
    ("netns", {"name": "ok", "sysctls": {"../../../etc/it_escape": "1"}}, "sysctls", None),
    ("netns", {"name": "ok", "sysctls": {"net..ipv4": "1"}}, "sysctls", "net..ipv4"),
    ("netns", {"name": "ok", "state": "gone"}, "state", "gone"),
    ("veth", {"name": "averyveryverylongname", "peer": "p0"}, "name", "averyveryverylongname"),
    ("veth", {"name": "v0", "peer": "a b"}, "peer", "a b"),
    ("veth", {"name": "v0", "peer": "p0", "mtu": 70000}, "mtu", "70000"),
    ("veth", {"name": "v0", "peer": "p0", "mtu": 10}, "mtu", "10"),
    ("veth", {"name": "v0", "peer": "p0", "mac": "zz:zz"}, "mac", "zz:zz"),
    ("veth", {"name": "v0", "peer": "p0", "peer_mac": "01:00:5e:00:00:01"}, "peer_mac", "01:00:5e:00:00:01"),
    ("veth", {"name": "v0", "peer": "v0"}, "peer", "v0"),
    ("veth", {"name": "v0", "peer": "p0", "netns": "../etc"}, "netns", "../etc"),
    ("veth", {"name": "v0", "peer": "p0", "peer_netns": "`reboot`"}, "peer_netns", None),
    ("veth", {"name": "eth0:1", "peer": "p0"}, "name", "eth0:1"),
    ("ns_addr", {"dev": "veth0", "address": ["10.0.2.300/24"]}, "address", "10.0.2.300/24"),
    ("ns_addr", {"dev": "veth0", "address": ["10.0.2.1/33"]}, "address", "10.0.2.1/33"),
    ("ns_addr", {"dev": "veth0", "address": ["fe80::1/129"]}, "address", "fe80::1/129"),
    ("ns_addr", {"dev": "veth0", "address": ["hello"]}, "address", "hello"),
    ("ns_addr", {"dev": "a/b", "address": ["10.0.0.1/8"]}, "dev", "a/b"),
    ("ns_addr", {"dev": "veth0", "netns": "../../tmp", "address": ["10.0.0.1/8"]}, "netns", "../../tmp"),
    ("ns_route", {"dest": "10.0.0.0/40", "gateway": "10.0.0.1"}, "dest", "10.0.0.0/40"),
    ("ns_route", {"dest": "10.0.0.0/8", "gateway": "not-an-ip"}, "gateway", "not-an-ip"),
    ("ns_route", {"dest": "10.0.0.0/8", "gateway": "2001:db8::1"}, "gateway", "2001:db8::1"),
    ("ns_route", {"dest": "10.0.0.0/8", "dev": "veth0", "metric": -1}, "metric", "-1"),
    ("ns_route", {"dest": "10.0.0.0/8", "dev": "veth0", "table": 4294967296}, "table", "4294967296"),
    ("netns_info", {"netns": ["../x"]}, "netns", "../x"),
    ("ns_qdisc", {"dev": "veth0", "kind": "netem", "loss": "101%"}, "loss", "101%"),
    ("ns_qdisc", {"dev": "veth0", "kind": "netem", "delay": "-5ms"}, "delay", "-5ms"),
    ("ns_qdisc", {"dev": "veth0", "kind": "tbf", "rate": "fast", "burst": "32kb", "latency": "50ms"}, "rate", "fast"),
    ("ns_qdisc", {"dev": "veth0", "kind": "htb"}, "kind", "htb"),
    ("ns_qdisc", {"dev": "it_nolink0", "kind": "tbf", "rate": "1mbit", "burst": "32kb", "latency": "50ms"},
     "device", "it_nolink0"),
    ("ns_nat", {"masquerade": [{"source": "10.0.2.1/24", "out_interface": "eth0"}]}, "masquerade[0].source",
     "10.0.2.1/24"),
    ("ns_nat", {"forwards": [{"port": 70000, "to": "10.0.2.100"}]}, "forwards[0].port", "70000"),
    ("ns_nat", {"masquerade": [{"source": "10.0.2.0/24", "out_interface": "it_nosuch0"}]},
     "masquerade[0].out_interface", "it_nosuch0"),
]

# Files that a path traversal in the cases above would create.
CANARIES = ["/it_escape", "/run/it_escape", "/etc/it_escape", "/tmp/it_pwned", "/run/etc", "/run/tmp/veth0"]


def _playbook(results_file, host):
    tasks = []
    for index, (module, args, _field, _value) in enumerate(BAD_INPUTS):
        tasks.append({
            "name": "bad input %d: %s %s" % (index, module, json.dumps(args)),
            "linuxnet.netns.%s" % module: args,
            "register": "bad_%d" % index,
            "ignore_errors": True,
        })
    collected = "[%s]" % ", ".join("bad_%d" % index for index in range(len(BAD_INPUTS)))
    tasks.append({
        "name": "Save the results on the controller",
        "ansible.builtin.copy": {"content": "{{ %s | to_json }}" % collected, "dest": results_file,
                                 "mode": "0600"},
        "delegate_to": "localhost",
    })
    return [{"name": "Bad inputs", "hosts": host, "gather_facts": False, "tasks": tasks}]


@pytest.fixture(scope="module")
def bad_input_results(lab, tmp_path_factory):
    host = lab.hosts[0]
    folder = tmp_path_factory.mktemp("bad_inputs")
    results_file = str(folder / "results.json")
    book = folder / "bad_inputs.yml"
    book.write_text(yaml.safe_dump(_playbook(results_file, host), sort_keys=False))
    before = snapshot(lab, host)
    run = lab.playbook(str(book))
    assert run.returncode == 0, run.stdout[-4000:]
    with open(results_file) as handle:
        results = json.load(handle)
    return {"results": results, "before": before, "after": snapshot(lab, host), "host": host}


def test_at_least_25_cases():
    assert len(BAD_INPUTS) == 39  # docs/design.md and docs/security.md give this count


@pytest.mark.parametrize("index", range(len(BAD_INPUTS)),
                         ids=["%s-%s" % (case[0], case[2]) for case in BAD_INPUTS])
def test_bad_input_fails_naming_the_field(bad_input_results, index):
    module, args, field, value = BAD_INPUTS[index]
    result = bad_input_results["results"][index]
    assert result.get("failed"), "%s %s was accepted: %s" % (module, args, result)
    msg = result.get("msg", "")
    assert field in msg, "message does not name %r: %s" % (field, msg)
    if value is not None:
        assert value in msg, "message does not quote %r: %s" % (value, msg)
    # ansible-core 2.19 adds an ``exception`` key to every fail_json ("traceback unavailable"
    # unless tracebacks are switched on); a crash is a module_stderr / MODULE FAILURE instead.
    assert "Traceback" not in msg, msg
    assert "module_stderr" not in result and "MODULE FAILURE" not in msg, result
    assert not result.get("changed"), result


def test_bad_inputs_changed_nothing(bad_input_results):
    assert bad_input_results["after"] == bad_input_results["before"]


def test_bad_inputs_wrote_no_file_outside_run_netns(lab, bad_input_results):
    host = bad_input_results["host"]
    for path in CANARIES:
        assert lab.exec(host, ["test", "-e", path]).returncode != 0, "%s was created" % path
