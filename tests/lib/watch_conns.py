#!/usr/bin/env python3
"""watch_conns.py: TCP connections closed in known ways, for nw-watch -f's tests.

  watch_conns.py server ADDR PORT READY
  watch_conns.py client ADDR PORT PORTS_FILE

Server and client are two processes.  Each connection's first byte says
how it ends, every step 0.3 s after the one before (so that a poller sees
each state that lasts):
  C  the client closes first, the server 0.3 s after the client's FIN
     (client ... FIN_WAIT_2, TIME_WAIT; server CLOSE_WAIT, LAST_ACK, CLOSED)
  S  the server closes first, the client 0.3 s after the server's FIN
  R  the client resets it (SO_LINGER 0), the server closes when it sees it
The client writes "KIND LOCALPORT" per connection to PORTS_FILE when it
is done.  The server writes READY once it listens; each lives at most 30 s.
"""
import selectors
import socket
import struct
import sys
import time

STEP = 0.3
LIFETIME = 30


def server(addr, port, ready):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    lsock = socket.socket(family, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((addr, port))
    lsock.listen(16)
    sel = selectors.DefaultSelector()
    sel.register(lsock, selectors.EVENT_READ, "listen")
    open(ready, "w").close()
    closing = []  # (when, socket)
    end = time.monotonic() + LIFETIME
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            if key.data == "listen":
                conn, _ = s.accept()
                sel.register(conn, selectors.EVENT_READ, "first")
                continue
            try:
                data = s.recv(16)
            except ConnectionResetError:
                data = b""
            if key.data == "first" and data[:1] == b"S":
                sel.unregister(s)
                closing.append((time.monotonic() + STEP, s))
            elif key.data == "first" and data:
                sel.modify(s, selectors.EVENT_READ, "wait-eof")
            elif not data:  # the client's FIN (or reset)
                sel.unregister(s)
                closing.append((time.monotonic() + (STEP if key.data == "wait-eof" else 0), s))
        now = time.monotonic()
        for item in [c for c in closing if c[0] <= now]:
            closing.remove(item)
            item[1].close()


def client(addr, port, ports_file):
    done = []
    for kind in "CSR":
        c = socket.create_connection((addr, port), timeout=5)
        done.append("%s %d" % (kind, c.getsockname()[1]))
        time.sleep(STEP)
        c.sendall(kind.encode())
        time.sleep(STEP)
        if kind == "C":
            c.close()
        elif kind == "S":
            c.recv(16)  # the server's FIN
            time.sleep(STEP)
            c.close()
        else:
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
        time.sleep(STEP)
    with open(ports_file, "w") as f:
        f.write("\n".join(done) + "\n")


def main():
    mode, addr, port, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    (server if mode == "server" else client)(addr, port, path)


main()
