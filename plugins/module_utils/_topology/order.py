# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order of work of a whole topology, derived from what each step needs and provides.

A ``Step`` is one object to converge (a namespace, a veth, the addresses of a device, a bridge, a
port, ...). It names the things it ``provides`` once it exists (``("netns", "blue")``,
``("link", None, "veth0")``, ``("bridge", "br0")``) and the things it ``requires``. Nothing about
kinds is hard-wired here: the order follows from those keys alone.

- Steps that create or update come in dependency order: a step runs after every step that
  provides something it requires (a port on a veth end after the veth; an address on an internal
  port after the port). A key nobody in the plan provides is assumed to exist already (``lo``,
  ``eth0``): reading the host tells whether it does.
- Steps that remove come first, in the reverse order: a port is removed before the veth it sits
  on, a veth before its namespace. Removing first also frees names and addresses that a created
  object may take.
- Among the steps that are ready, the one using the same backend (netlink or OVS) as the step
  before is preferred, so the work falls into as few stages as possible: each OVS stage is ONE
  ovsdb transaction. Then the kind's rank (highest first among removals), then the order of the
  input: the result is stable, and the steps of one kind come together.
"""

import heapq

from ansible_collections.linuxnet.netns.plugins.module_utils._core.errors import NetnsError


class Step:
    """One object of the plan. ``removal`` steps delete, the others create or update."""

    __slots__ = ("label", "backend", "rank", "provides", "requires", "removal", "payload", "index")

    def __init__(self, label, backend, rank, provides=(), requires=(), removal=False, payload=None):
        self.label = label
        self.backend = backend
        self.rank = rank
        self.provides = frozenset(provides)
        self.requires = frozenset(requires)
        self.removal = removal
        self.payload = payload
        self.index = None

    def __repr__(self):
        return "Step(%s%s)" % ("-" if self.removal else "+", self.label)


class CycleError(NetnsError):
    """Steps that wait for each other: the input describes something that cannot be built."""


def _edges(steps, after_provider):
    """For each step index, the indexes it must wait for.

    ``after_provider``: True for creations (wait for who provides what I require), False for
    removals (wait for every step that requires what I provide: they must go first).
    """
    providers = {}
    for index, step in enumerate(steps):
        for key in step.provides:
            providers.setdefault(key, []).append(index)
    waits = [set() for _step in steps]
    for index, step in enumerate(steps):
        for key in step.requires:
            for provider in providers.get(key, ()):
                if provider == index:
                    continue
                if after_provider:
                    waits[index].add(provider)
                else:
                    waits[provider].add(index)
    return waits


def _sort(steps, after_provider, backend=None):
    """Kahn's algorithm; ties broken by (same backend as the last step, rank, input order).

    One heap of ready steps per backend keeps it O(n log n) for thousands of steps.
    """
    waits = _edges(steps, after_provider)
    blocking = [[] for _step in steps]
    pending = [len(deps) for deps in waits]
    for index, deps in enumerate(waits):
        for dep in deps:
            blocking[dep].append(index)
    ready = {}

    def push(index):
        # removals take the ranks backwards too: every veth, then every namespace, so that the
        # steps of one kind stay together and can be applied together (_topology/apply.py, runs_together)
        rank = steps[index].rank if after_provider else -steps[index].rank
        heapq.heappush(ready.setdefault(steps[index].backend, []), (rank, index))

    for index, count in enumerate(pending):
        if count == 0:
            push(index)
    ordered = []
    current = backend
    while any(ready.values()):
        if not ready.get(current):
            current = min((heap[0], name) for name, heap in ready.items() if heap)[1]
        best = heapq.heappop(ready[current])[1]
        ordered.append(steps[best])
        for nxt in blocking[best]:
            pending[nxt] -= 1
            if pending[nxt] == 0:
                push(nxt)
    if len(ordered) != len(steps):
        stuck = sorted(steps[i].label for i, count in enumerate(pending) if count)
        raise CycleError("these objects depend on each other in a cycle and cannot be ordered: %s"
                         % ", ".join(stuck), cycle=stuck)
    return ordered


def order_steps(steps):
    """All steps in the order of work: removals (reverse dependency order), then the rest."""
    steps = list(steps)
    for index, step in enumerate(steps):
        step.index = index
    removals = _sort([step for step in steps if step.removal], after_provider=False)
    last = removals[-1].backend if removals else None
    others = _sort([step for step in steps if not step.removal], after_provider=True, backend=last)
    return removals + others


def stages(ordered):
    """Consecutive steps of the same backend, grouped: ``[(backend, [step, ...]), ...]``."""
    grouped = []
    for step in ordered:
        if grouped and grouped[-1][0] == step.backend:
            grouped[-1][1].append(step)
        else:
            grouped.append((step.backend, [step]))
    return grouped
