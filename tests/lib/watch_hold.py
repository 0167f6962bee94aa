#!/usr/bin/env python3
"""watch_hold.py: sockets and pipes that stay, for nw-watch's privilege tests.

  watch_hold.py listeners N READY   N listeners on 127.0.0.1, READY once made
  watch_hold.py fifo PATH READY     hold FIFO PATH open, one page long, unread
  watch_hold.py churn STEP COUNT    a listener on 127.0.0.1:8201 open STEP s, shut STEP s, COUNT times

Each lives at most 60 s.
"""
import fcntl
import os
import socket
import sys
import time

LIFETIME = 60
F_SETPIPE_SZ = 1031


def listeners(n, ready):
    held = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        held.append(s)
    open(ready, "w").close()
    time.sleep(LIFETIME)


def fifo(path, ready):
    # Read and write: opening never waits for the other end, and it stays open.
    fd = os.open(path, os.O_RDWR)
    fcntl.fcntl(fd, F_SETPIPE_SZ, 4096)
    open(ready, "w").close()
    time.sleep(LIFETIME)


def churn(step, count):
    end = time.monotonic() + LIFETIME
    for _ in range(count):
        if time.monotonic() > end:
            break
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 8201))
        s.listen()
        time.sleep(step)
        s.close()
        time.sleep(step)


def main():
    mode = sys.argv[1]
    if mode == "listeners":
        listeners(int(sys.argv[2]), sys.argv[3])
    elif mode == "fifo":
        fifo(sys.argv[2], sys.argv[3])
    else:
        churn(float(sys.argv[2]), int(sys.argv[3]))


main()
