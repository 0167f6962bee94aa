#!/usr/bin/env python3
"""scan_listen.py: the listening ports of an nw-scan live test.

  scan_listen.py READY [--dual PORTS] [--v4 PORTS] [--v6 PORTS]

PORTS is a comma list ("-" for none).  --dual listens on [::] for IPv4 and
IPv6, --v4 on 0.0.0.0 only, --v6 on [::] with IPV6_V6ONLY.  Every
connection is accepted and closed at once (a connect() scan completes
handshakes; a SYN scan's are reset by the scanner's kernel).  Writes READY
once every socket listens, then serves until killed (the harness's
cleanup does that).
"""
import selectors
import socket
import sys


def ports(arg):
    return [] if arg in ("", "-") else [int(p) for p in arg.split(",")]


def listener(family, port, v6only):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    s.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", port))
    s.listen(4096)
    s.setblocking(False)
    return s


def main():
    ready, args = sys.argv[1], sys.argv[2:]
    want = {"--dual": [], "--v4": [], "--v6": []}
    for opt, val in zip(args[::2], args[1::2]):
        want[opt] = ports(val)
    sel = selectors.DefaultSelector()
    for p in want["--dual"]:
        sel.register(listener(socket.AF_INET6, p, False), selectors.EVENT_READ)
    for p in want["--v4"]:
        sel.register(listener(socket.AF_INET, p, False), selectors.EVENT_READ)
    for p in want["--v6"]:
        sel.register(listener(socket.AF_INET6, p, True), selectors.EVENT_READ)
    with open(ready, "w") as f:
        f.write("listening\n")
    while True:
        for key, _ in sel.select(timeout=1.0):
            try:
                conn, _ = key.fileobj.accept()
                conn.close()
            except OSError:
                pass


if __name__ == "__main__":
    main()
