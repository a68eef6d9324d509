# linuxnet.netns: every entry point sets itself up on a fresh Debian/Ubuntu machine (as root).
#   make demo    a lab of simulated hosts, site.yml over SSH, the result, teardown
#   make test    every test: unit (ansible-test units), kernel (sandboxed netlink/OVS), integration (lab hosts and
#                systemd machines over SSH), sanity, lint, molecule, the oldest and newest ansible-core (matrix-edges);
#                then a check that nothing was left behind
#   make bench-fleet  site.yml on 4, 8, 16 lab hosts: wall time and CPU per host against a ping play
#   make matrix  every ansible-core minor from meta/runtime.yml's oldest to PyPI's newest (docs/matrix.md)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
COLLECTIONS := $(CURDIR)/.build/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/linuxnet/netns
APT_PACKAGES := iproute2 iputils-ping openvswitch-switch openssh-server socat python3-venv graphviz git shellcheck \
                debootstrap systemd-container nftables
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_ROLES_PATH := $(CURDIR)/roles
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help deps venv setup collection-link test unit units kernel integration sanity lint molecule demo bench bench-fleet \
        payload docs changelog clean matrix matrix-edges

help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'

# System packages, installed only when one is missing (Debian family; elsewhere see bindep.txt).
deps: .build/deps.stamp
.build/deps.stamp: Makefile
	@mkdir -p .build
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@touch $@

venv: $(VENV)/.stamp
$(VENV)/.stamp: requirements.txt | .build/deps.stamp
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

# The checkout is the collection: link it where ansible looks for linuxnet.netns.
collection-link: $(COLLECTION_LINK)
$(COLLECTION_LINK):
	@mkdir -p $(dir $@)
	@ln -sfn $(CURDIR) $@

setup: deps venv collection-link

# -k: every suite runs even when an earlier one failed; the leftover check (tests/tools/leftovers.py:
# named namespaces, links, lock and lab state files, lab/OVS/sshd processes) runs in any case.
test: setup
	$(PYTHON) tests/tools/leftovers.py snapshot .build/before-test.json
	status=0; $(MAKE) -k units kernel integration sanity lint molecule matrix-edges || status=$$?; \
	$(PYTHON) tests/tools/leftovers.py compare .build/before-test.json || status=1; \
	exit $$status

# The unit tests, quick: pytest straight from the checkout.
unit: setup
	$(BIN)/pytest -q tests/unit

# The same tests the way a collection's CI runs them: ansible-test units (what `make test` runs).
units: setup
	tests/tools/run-ansible-test units

# module_utils against the real kernel and a real OVS, in a throwaway sandbox of namespaces.
kernel: setup
	tests/tools/sandbox --ovs -- $(BIN)/pytest -q tests/kernel

# Real ansible-playbook over real SSH against lab hosts.
integration: setup
	$(BIN)/pytest -q tests/integration

sanity: setup
	tests/tools/run-ansible-test sanity

# ANSIBLE_HOME of its own: a copy of linuxnet.netns in ~/.ansible/collections must not shadow the checkout.
lint: setup
	ANSIBLE_HOME=$(CURDIR)/.build/ansible-home $(BIN)/ansible-lint --offline --profile production

molecule: setup
	$(BIN)/molecule test --all

# The integration contract of every module and site.yml from an installed copy, under each ansible-core
# minor: those this Python installs in venvs under .build/matrix/, the newer ones with a controller in a
# Debian 13 root (tests/tools/matrix.py). MATRIX_MINORS=2.16,2.21 picks some.
matrix: setup
	$(PYTHON) tests/tools/matrix.py --report docs/matrix.md $(if $(MATRIX_MINORS),--minors $(MATRIX_MINORS))

# The oldest declared and the newest on PyPI only: what `make test` (and so CI) runs.
matrix-edges: setup
	$(PYTHON) tests/tools/matrix.py --edges

demo: setup
	playbooks/demo.sh

# On demand, not part of `make test`. Both run inside the sandbox and print ratios against a baseline
# measured in the same run. BENCH_ARGS e.g. "--sizes 100,500 --skip seed" (see bench/run.py --help).
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	tests/tools/sandbox --ovs -- env PYTHONPATH=$(COLLECTIONS) $(BIN)/python bench/ovs_ports.py

# On demand, not part of `make test`: site.yml on 4, 8 and 16 light lab hosts against a ping play
# (bench/fleet.py; docs/fleet.md). About 5 minutes on a quiet 2-core machine, 13.5 at load 15-30; every
# ansible run is bounded by --timeout. FLEET_ARGS e.g. "--sizes 4,16 --tries 3 --variant default --variant no-pipelining".
bench-fleet: setup
	$(BIN)/python bench/fleet.py $(FLEET_ARGS)

# What each module's AnsiballZ payload ships, by layer (docs/design.md quotes it).
payload: setup
	$(BIN)/python bench/payload.py

# docs/modules/*.md and docs/roles/*.md are generated from the modules' and roles' own documentation;
# a unit test fails when they are stale.
docs: setup
	$(BIN)/python docs/tools/build_docs.py

# CHANGELOG.md from changelogs/fragments (antsibull-changelog; the release step of a version).
changelog: setup
	$(BIN)/antsibull-changelog lint
	$(BIN)/antsibull-changelog generate

clean:
	rm -rf .build tests/output bench/results .pytest_cache
