#!/usr/bin/env python3
"""scan_greeter.py ADDR PORT GREETING [SILENT_PORT]: a service that speaks
first (writes GREETING, with \\r\\n made real, to every connection and
closes it), and optionally one that accepts and says nothing until the
client gives up.  Both survive the resets a port scanner's closes cause.
Used by tests/live/scan_banners.sh."""
import socket
import sys
import threading


def serve(sock, greeting):
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            continue
        try:
            if greeting is not None:
                conn.sendall(greeting)
                conn.close()
            else:
                threading.Timer(10, conn.close).start()
        except OSError:
            pass


def listen(addr, port):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    return s


def main():
    addr, port = sys.argv[1], int(sys.argv[2])
    greeting = sys.argv[3].replace("\\r", "\r").replace("\\n", "\n").encode()
    threads = [threading.Thread(target=serve, args=(listen(addr, port), greeting), daemon=True)]
    if len(sys.argv) > 4:
        silent = listen(addr, int(sys.argv[4]))
        threads.append(threading.Thread(target=serve, args=(silent, None), daemon=True))
    for t in threads:
        t.start()
    print("ready", flush=True)
    threading.Event().wait(300)


main()
