#!/usr/bin/env python3
"""watch_sockets.py: a known set of TCP sockets for nw-watch's live tests.

  watch_sockets.py server V4ADDR V6ADDR READY
  watch_sockets.py client V4ADDR V6ADDR READY

The server listens on V4ADDR:8001, [V6ADDR]:8002 and V4ADDR:8003 (never
accepted: its connection waits in the accept queue), and binds a UDP
socket on V4ADDR:5353.  What it does with each accepted connection is
told by the connection's first byte: K keep it open and read nothing more
(what follows stays in its receive queue), W never close it (after the
client's FIN: CLOSE_WAIT), T close it at the client's FIN (the client then
sits in TIME_WAIT).  The client, another process, makes:
  K  to 8001, then 100 bytes: ESTABLISHED both sides, Recv-Q 100 at the server
  W  to 8001, then closes:    FIN_WAIT_2 (client), CLOSE_WAIT (server)
  T  to 8001, then closes:    TIME_WAIT (client), the server's side gone
  K  to [V6ADDR]:8002:        ESTABLISHED both sides, IPv6
  a connection to 8003:       ESTABLISHED, the server's side not accepted
Each writes READY once its sockets are made, and lives at most 60 s.
"""
import selectors
import socket
import sys
import time

LIFETIME = 60


def listener(family, addr, port, backlog):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def server(v4, v6, ready):
    sel = selectors.DefaultSelector()
    for family, addr, port in ((socket.AF_INET, v4, 8001), (socket.AF_INET6, v6, 8002)):
        sel.register(listener(family, addr, port, 16), selectors.EVENT_READ, "listen")
    queued = listener(socket.AF_INET, v4, 8003, 4)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((v4, 5353))
    kept = []
    open(ready, "w").close()
    end = time.monotonic() + LIFETIME
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.5):
            if key.data == "listen":
                conn, _ = key.fileobj.accept()
                sel.register(conn, selectors.EVENT_READ, "first")
            elif key.data == "first":
                first = key.fileobj.recv(1)
                sel.unregister(key.fileobj)
                if first == b"T":
                    sel.register(key.fileobj, selectors.EVENT_READ, "close")
                else:
                    kept.append(key.fileobj)  # K and W: never read, never closed
            else:  # "close": the client's FIN
                key.fileobj.recv(16)
                sel.unregister(key.fileobj)
                key.fileobj.close()
    del queued, udp


def client(v4, v6, ready):
    socks = []
    for first, addr, port in (("K", v4, 8001), ("W", v4, 8001), ("T", v4, 8001), ("K", v6, 8002)):
        c = socket.create_connection((addr, port), timeout=5)
        c.sendall(first.encode())
        socks.append((first, c))
    time.sleep(0.2)  # the server has read the first bytes
    for first, c in socks:
        if first == "K":
            c.sendall(b"x" * 100 if c.family == socket.AF_INET else b"")
        elif first in "WT":
            c.close()
    queued = socket.create_connection((v4, 8003), timeout=5)
    open(ready, "w").close()
    time.sleep(LIFETIME)
    del queued


def main():
    mode, v4, v6, ready = sys.argv[1:5]
    (server if mode == "server" else client)(v4, v6, ready)


main()
