#!/usr/bin/env python3
"""tcp_peer.py: small TCP clients and servers with a chosen behaviour, for
the nw-handshake live tests (run inside the test's namespaces only).

  tcp_peer.py server ADDR PORT MODE [--bytes N] [--rcvbuf N] [--sleep S] [--gate FILE]
  tcp_peer.py client ADDR PORT MODE [--bytes N]

Server modes (one connection, then exit):
  halfclose  read until the client's FIN, send --bytes, touch FILE.ready,
             wait (at most 10 s) for FILE to exist, then close
  reset      read the request, then close with SO_LINGER 0 (an RST)
  sink       read until the client's FIN, then close
  slow       (small --rcvbuf) sleep --sleep seconds before reading, then
             read until the client's FIN and close
  reply      read the request, send --bytes, read until the client's FIN,
             sleep --sleep seconds (its ACK of the FIN goes out alone), close
Client modes:
  halfclose  send a request, shutdown(SHUT_WR), read until the server's
             FIN, close
  reset      send a request, read until the connection ends (RST expected)
  upload     send --bytes, shutdown(SHUT_WR), read until FIN, close
Every wait is bounded (socket timeout 20 s).  Prints one line on stdout
saying what happened.
"""
import argparse
import os
import socket
import struct
import sys
import time

TIMEOUT = 20.0


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def read_all(s):
    n = 0
    while True:
        try:
            b = s.recv(65536)
        except ConnectionResetError:
            return n, "reset"
        if not b:
            return n, "eof"
        n += len(b)


def serve(a):
    ls = socket.socket(family(a.addr), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if a.rcvbuf:
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    ls.bind((a.addr, a.port))
    ls.listen(1)
    ls.settimeout(TIMEOUT)
    if a.gate:
        open(a.gate + ".listening", "w").close()
    c, peer = ls.accept()
    c.settimeout(TIMEOUT)
    if a.mode == "halfclose":
        n, how = read_all(c)
        c.sendall(b"x" * a.bytes)
        open(a.gate + ".ready", "w").close()
        for _ in range(100):
            if os.path.exists(a.gate):
                break
            time.sleep(0.1)
        c.close()
        print(f"halfclose: read {n} bytes ({how}), sent {a.bytes}")
    elif a.mode == "reset":
        c.recv(65536)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        print("reset: closed with SO_LINGER 0")
    elif a.mode == "sink":
        n, how = read_all(c)
        c.close()
        print(f"sink: read {n} bytes ({how})")
    elif a.mode == "reply":
        c.recv(65536)
        c.sendall(b"r" * a.bytes)
        n, how = read_all(c)
        time.sleep(a.sleep)
        c.close()
        print(f"reply: sent {a.bytes}, then {how}")
    elif a.mode == "slow":
        time.sleep(a.sleep)
        n, how = read_all(c)
        c.close()
        print(f"slow: read {n} bytes ({how}) after {a.sleep} s")
    ls.close()


def client(a):
    s = socket.create_connection((a.addr, a.port), timeout=TIMEOUT)
    if a.mode == "halfclose":
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        s.shutdown(socket.SHUT_WR)
        n, how = read_all(s)
        print(f"halfclose: received {n} bytes ({how})")
    elif a.mode == "reset":
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        n, how = read_all(s)
        print(f"reset: received {n} bytes ({how})")
    elif a.mode == "upload":
        s.sendall(b"u" * a.bytes)
        s.shutdown(socket.SHUT_WR)
        n, how = read_all(s)
        print(f"upload: sent {a.bytes} bytes, received {n} ({how})")
    s.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("mode", choices=["halfclose", "reset", "sink", "slow", "upload", "reply"])
    p.add_argument("--bytes", type=int, default=1000)
    p.add_argument("--rcvbuf", type=int, default=0)
    p.add_argument("--sleep", type=float, default=0.0)
    p.add_argument("--gate", default="")
    a = p.parse_args()
    serve(a) if a.role == "server" else client(a)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
