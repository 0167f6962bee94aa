#!/usr/bin/env python3
"""watch_compare.py: nw-watch --json against ss, socket by socket.

  watch_compare.py SS_OUTPUT NW_WATCH_JSON

SS_OUTPUT is `ss -tanpoH` (or -uanpoH) run just before nw-watch.  Every
socket must be in both with the same state, queues and addresses; where
ss shows a timer, nw-watch's must be the same kind and within a second
(ss prints whole seconds); where ss names processes, nw-watch must name
the same pids.  Prints what differs and exits 1, else one line and 0.
"""
import json
import re
import sys

SS_STATES = {"ESTAB": "ESTABLISHED", "SYN-SENT": "SYN_SENT", "SYN-RECV": "SYN_RECEIVED",
             "FIN-WAIT-1": "FIN_WAIT_1", "FIN-WAIT-2": "FIN_WAIT_2", "TIME-WAIT": "TIME_WAIT",
             "CLOSE-WAIT": "CLOSE_WAIT", "LAST-ACK": "LAST_ACK", "LISTEN": "LISTEN",
             "CLOSING": "CLOSING", "UNCONN": "UNCONN"}


def endpoint(text):
    addr, _, port = text.rpartition(":")
    return addr.strip("[]").split("%")[0], 0 if port == "*" else int(port)


def ss_timer_seconds(value):
    """ss's '59sec', '1min59sec', '2h1min', '120ms' as seconds."""
    total = 0.0
    for num, unit in re.findall(r"(\d+)(ms|sec|min|h)", value):
        total += int(num) * {"ms": 0.001, "sec": 1, "min": 60, "h": 3600}[unit]
    return total


def read_ss(path):
    socks = {}
    for line in open(path):
        f = line.split()
        if len(f) < 5:
            continue
        la, lp = endpoint(f[3])
        pa, pp = endpoint(f[4])
        rest = " ".join(f[5:])
        timer = re.search(r"timer:\((\w+),([^,]*),", rest)
        key = (la, lp, pa, pp)
        socks[key] = {
            "state": SS_STATES.get(f[0], f[0]), "recv_q": int(f[1]), "send_q": int(f[2]),
            "timer": (timer.group(1), ss_timer_seconds(timer.group(2))) if timer else None,
            "pids": sorted({int(p) for p in re.findall(r"pid=(\d+)", rest)}),
        }
    return socks


def read_watch(path):
    socks = {}
    for line in open(path):
        o = json.loads(line)
        if o.get("type") != "socket":
            continue
        key = (o["local"], o["local_port"], o["peer"], o["peer_port"])
        socks[key] = {
            "state": o["state"], "recv_q": o["recv_q"], "send_q": o["send_q"],
            "timer": (o["timer"], o["timer_ms"] / 1000) if o["timer"] else None,
            "pids": sorted({p["pid"] for p in o["processes"]}),
        }
    return socks


def differences(ss, nw):
    for key in sorted(set(ss) | set(nw), key=str):
        if key not in nw:
            yield "only in ss: %s %s" % (key, ss[key])
            continue
        if key not in ss:
            yield "only in nw-watch: %s %s" % (key, nw[key])
            continue
        a, b = ss[key], nw[key]
        for k in ("state", "recv_q", "send_q", "pids"):
            if a[k] != b[k]:
                yield "%s: %s: ss %s, nw-watch %s" % (key, k, a[k], b[k])
        if a["timer"]:
            # ss says "on" for a retransmit timer; nw-watch "retrans".
            kind = {"on": "retrans"}.get(a["timer"][0], a["timer"][0])
            if not b["timer"] or b["timer"][0] != kind or abs(b["timer"][1] - a["timer"][1]) >= 1.0:
                yield "%s: timer: ss %s, nw-watch %s" % (key, a["timer"], b["timer"])


def main():
    ss, nw = read_ss(sys.argv[1]), read_watch(sys.argv[2])
    diff = list(differences(ss, nw))
    for d in diff:
        print(d)
    if diff:
        sys.exit(1)
    print("%d sockets agree with ss" % len(nw))


main()
