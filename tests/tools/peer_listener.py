# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A TCP listener for traffic tests: answers each connection with the address it came from.

    peer_listener.py ADDRESS PORT [SECONDS]
    peer_listener.py --ask ADDRESS PORT [TIMEOUT]    (the client: prints what the listener said)

Writes ``listening PID`` on stdout once bound, then for each connection sends ``PEER_ADDRESS\\n`` and
closes it; exits after SECONDS (default 60) whatever happens, so a test that forgets it cannot
leave it behind for long. The test that starts it ends it by its pid.
"""

import os
import socket
import sys
import time


def main():
    address, port = sys.argv[1], int(sys.argv[2])
    deadline = time.time() + (float(sys.argv[3]) if len(sys.argv) > 3 else 60.0)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((address, port))
    server.listen(8)
    print("listening %d" % os.getpid(), flush=True)
    while time.time() < deadline:
        server.settimeout(max(0.1, deadline - time.time()))
        try:
            conn, peer = server.accept()
        except socket.timeout:
            break
        with conn:
            conn.sendall((peer[0] + "\n").encode())


def ask(address, port, timeout=3.0):
    """The client side: what the listener at ADDRESS:PORT says (the address it saw us come from)."""
    with socket.create_connection((address, port), timeout=timeout) as conn:
        return conn.makefile().readline().strip()


if __name__ == "__main__":
    if sys.argv[1] == "--ask":
        try:
            print(ask(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) if len(sys.argv) > 4 else 3.0))
        except OSError as error:
            print("error: %s" % error)
            sys.exit(1)
    else:
        main()
