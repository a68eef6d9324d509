#!/usr/bin/env bash
# make demo: a lab of simulated hosts on this machine, site.yml over SSH with the vxlan overlay, a
# re-run that must change nothing, a veth deleted by hand and repaired by site.yml, the reachability
# matrix (after the repair) and one picture of the topology of all
# hosts (netns_info on every host, drawn once by the to_mermaid filter), teardown.
#
#   playbooks/demo.sh            (after `make setup`; `make demo` does both)
#
# Environment (all optional):
#   DEMO_HOSTS=3                 number of lab hosts
#   DEMO_OVERLAY=vxlan           two_bridge_overlay: vxlan, gre or none
#   DEMO_DIR=.build/demo         results: logs, timings.txt, reachability.txt/.json, topology.mmd/.dot/.png,
#                                hosts/HOST.mmd (each host alone, as netns_info drew it)
#   DEMO_LAB_WORKDIR=/tmp/linuxnet-demo   the lab's own folder (not shared with tests or molecule)
#
# The lab is taken down by a trap, also when a step fails or the run is interrupted; then the machine
# is compared with a snapshot taken before (tests/tools/leftovers.py: named namespaces, links, the lock
# file, and the lab's state file and processes; labs of other runs on the machine are not counted).
# Exit status: non-zero when anything failed (a playbook, a changed re-run, a pair not as expected,
# or something left behind).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

HOSTS=${DEMO_HOSTS:-3}
OVERLAY=${DEMO_OVERLAY:-vxlan}
OUT=${DEMO_DIR:-$REPO/.build/demo}
LAB=${DEMO_LAB_WORKDIR:-/tmp/linuxnet-demo}
PYTHON_BIN=$REPO/.venv/bin/python
LABCTL=$REPO/roles/lab/files/labctl.py
INVENTORY=$LAB/inventory.yml

# the same environment as the Makefile's, when run by hand
export PATH="$REPO/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$REPO/.build/collections}
export ANSIBLE_ROLES_PATH=${ANSIBLE_ROLES_PATH:-$REPO/roles}
export ANSIBLE_CONFIG=${ANSIBLE_CONFIG:-$REPO/ansible.cfg}
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

say() { printf '\n=== %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

[ -x "$PYTHON_BIN" ] || { echo "no $PYTHON_BIN: run 'make setup' first" >&2; exit 2; }
[ -e "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/linuxnet/netns" ] \
  || { echo "linuxnet.netns is not linked: run 'make setup' first" >&2; exit 2; }
if [ -e "$LAB/state.json" ]; then
  echo "a lab already runs in $LAB (take it down: $PYTHON_BIN $LABCTL down --workdir $LAB)" >&2
  exit 2
fi

DEMO_START=$(now)
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/timings.txt "$OUT"/before.json "$OUT"/reachability.* "$OUT"/topology.*
rm -rf "$OUT"/hosts
python3 tests/tools/leftovers.py snapshot "$OUT/before.json" "$LAB"

teardown() {
  local status=$?
  trap - EXIT INT TERM
  say "teardown: lab down"
  [ -f "$OUT/timings.txt" ] && printf '%-22s %6s s\n' "until teardown" "$(elapsed "$DEMO_START" "$(now)")" >> "$OUT/timings.txt"
  if ! "$PYTHON_BIN" "$LABCTL" down --workdir "$LAB" > "$OUT/lab-down.log" 2>&1; then
    cat "$OUT/lab-down.log" >&2
    status=1
  fi
  if ! python3 tests/tools/leftovers.py compare "$OUT/before.json"; then
    status=1
  fi
  if [ "$status" -eq 0 ]; then
    say "demo passed; results in $OUT"
  else
    say "demo FAILED (exit $status); logs in $OUT"
  fi
  exit "$status"
}
trap teardown EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# run_playbook NAME PLAYBOOK ARGS...: stream the output, keep a log, record the wall time
run_playbook() {
  local name=$1 start end rc=0
  shift
  start=$(now)
  ansible-playbook "$@" 2>&1 | tee "$OUT/$name.log" || rc=$?
  end=$(now)
  printf '%-22s %6s s\n' "$name" "$(elapsed "$start" "$end")" >> "$OUT/timings.txt"
  if [ "$rc" -ne 0 ]; then
    echo "$name failed (exit $rc); the end of $OUT/$name.log:" >&2
    tail -n 30 "$OUT/$name.log" >&2
    return "$rc"
  fi
}

# changed_total LOG: the sum of changed= over the PLAY RECAP of a log
changed_total() {
  awk '/^PLAY RECAP/ { recap = 1; next } recap && /changed=/ { split($0, f, "changed="); split(f[2], n, " "); sum += n[1] }
       END { print sum + 0 }' "$1"
}

say "lab: $HOSTS hosts in $LAB"
run_playbook lab-up playbooks/lab_up.yml -e "lab_hosts=$HOSTS" -e lab_prefix=demo -e "lab_workdir=$LAB" \
  -e "lab_python=$PYTHON_BIN"

say "site.yml, first run (two_bridge_overlay=$OVERLAY)"
run_playbook site-first -i "$INVENTORY" site.yml -e "two_bridge_overlay=$OVERLAY"

say "site.yml, re-run: nothing may change"
run_playbook site-rerun -i "$INVENTORY" site.yml -e "two_bridge_overlay=$OVERLAY"
changed=$(changed_total "$OUT/site-rerun.log")
if [ "$changed" -ne 0 ]; then
  echo "the re-run changed $changed things: not idempotent (see $OUT/site-rerun.log)" >&2
  exit 1
fi

say "drift: veth7 deleted by hand on the first host; site.yml repairs it (the pair, and its OVS ports)"
ansible -i "$INVENTORY" 'all[0]' -m ansible.builtin.command -a 'ip link del veth7' > "$OUT/drift.log" 2>&1 \
  || { cat "$OUT/drift.log" >&2; exit 1; }
run_playbook site-repair -i "$INVENTORY" site.yml -e "two_bridge_overlay=$OVERLAY"
changed=$(changed_total "$OUT/site-repair.log")
if [ "$changed" -eq 0 ]; then
  echo "the run after the drift changed nothing: veth7 was not repaired (see $OUT/site-repair.log)" >&2
  exit 1
fi

say "report: reachability matrix and topology picture"
run_playbook report -i "$INVENTORY" playbooks/topology_report.yml -e "two_bridge_overlay=$OVERLAY" \
  -e "topology_report_dir=$OUT" > /dev/null

say "reachability matrix ($OUT/reachability.txt)"
cat "$OUT/reachability.txt"
say "topology of all hosts ($OUT/topology.mmd: netns_info on each host, one picture by linuxnet.netns.to_mermaid)"
cat "$OUT/topology.mmd"
echo "each host alone, as netns_info drew it (render: [mermaid]): $(cd "$OUT" && echo hosts/*.mmd)"
if [ -f "$OUT/topology.png" ]; then
  echo "picture: $OUT/topology.png"
else
  echo "no Graphviz 'dot' here: $OUT/topology.dot is written, no PNG"
fi
say "wall times ($OUT/timings.txt)"
cat "$OUT/timings.txt"
