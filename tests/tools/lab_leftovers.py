# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Did a lab leave anything behind? Like tests/tools/check-leftovers, but a process only counts when
it belongs to the lab (names the lab's workdir in its command line, or descends from a process that
does: see lab_harness.belongs_to), so labs of other runs on the same machine are not reported. New
named namespaces and links always count.

    python3 tests/tools/lab_leftovers.py snapshot FILE WORKDIR   before the lab in WORKDIR starts
    python3 tests/tools/lab_leftovers.py compare FILE         after it is down: exit 1 listing what is left
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

import lab_harness  # noqa: E402  pylint: disable=wrong-import-position


class RecordedLab(object):
    """What lab_harness.leftovers needs to know about a lab: its workdir."""

    def __init__(self, workdir):
        self.workdir = workdir


def snapshot(path, workdir):
    before = lab_harness.machine_snapshot()
    with open(path, "w") as handle:
        json.dump({
            "workdir": os.path.abspath(workdir),
            "netns": sorted(before["netns"]),
            "links": sorted(before["links"]),
            "processes": dict((str(pid), {"start": proc["start"]}) for pid, proc in before["processes"].items()),
        }, handle)


def compare(path):
    with open(path) as handle:
        data = json.load(handle)
    before = {
        "netns": set(data["netns"]),
        "links": set(data["links"]),
        "processes": dict((int(pid), proc) for pid, proc in data["processes"].items()),
    }
    left = lab_harness.leftovers(before, [RecordedLab(data["workdir"])])
    if left:
        sys.stderr.write("left behind on this machine:\n%s\n" % "\n".join(left))
        return 1
    print("nothing left behind: named namespaces, links and the lab's processes as before")
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == "snapshot":
        snapshot(argv[2], argv[3])
        return 0
    if len(argv) == 3 and argv[1] == "compare":
        return compare(argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
