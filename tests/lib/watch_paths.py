#!/usr/bin/env python3
"""watch_paths.py: nw-watch -f --json against the connections watch_conns.py made.

  watch_paths.py JSON PORTS_FILE SERVER_PORT SERVER_PID CLIENT_PID

For each connection (PORTS_FILE: "KIND LOCALPORT"), both ends' changes,
read in order, the inferred states included, must be the path of RFC
9293's diagram that its kind takes; the states that lasted STEP (0.3 s)
must have been seen, not inferred; every change must name the process
of its end (the server's socket may be seen once before it is accepted,
with no process yet).  Also: the start object names the poll backend, the
summary counts the changes and the inferred states the lines show, a
TIME_WAIT's entry gives its time left.  Prints each problem and exits 1,
else a summary.
"""
import json
import sys

OPEN_C = ["CLOSED", "SYN_SENT", "ESTABLISHED"]
OPEN_S = ["CLOSED", "SYN_RECEIVED", "ESTABLISHED"]
ACTIVE_CLOSE = ["FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"]
PASSIVE_CLOSE = ["CLOSE_WAIT", "LAST_ACK", "CLOSED"]
# kind: (client path, server path, states that last and must be seen)
EXPECTED = {
    "C": (OPEN_C + ACTIVE_CLOSE, OPEN_S + PASSIVE_CLOSE, {"ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT", "CLOSE_WAIT"}),
    "S": (OPEN_C + PASSIVE_CLOSE, OPEN_S + ACTIVE_CLOSE, {"ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT", "CLOSE_WAIT"}),
    "R": (OPEN_C + ["CLOSED"], OPEN_S + ["CLOSED"], {"ESTABLISHED"}),
}


def main():
    path, ports_file, sport, spid, cpid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    objs = [json.loads(l) for l in open(path) if l.strip()]
    changes = [o for o in objs if o["type"] == "change"]
    problems, checked = [], 0
    start = [o for o in objs if o["type"] == "start"]
    summary = [o for o in objs if o["type"] == "summary"]
    if len(start) != 1 or start[0]["backend"] != "poll" or start[0]["may_miss"] is not True:
        problems.append("start: %s" % start)
    if len(summary) != 1 or summary[0]["changes"] != len(changes) or \
       summary[0]["inferred"] != sum(len(c["inferred"]) for c in changes):
        problems.append("summary %s does not count the %d changes" % (summary, len(changes)))
    tw = [c for c in changes if c["to"] == "TIME_WAIT"]
    if not tw or any(not 59000 <= c.get("timer_ms", 0) <= 60000 for c in tw):
        problems.append("TIME_WAIT entries without their time left: %s" % tw)
    for line in open(ports_file):
        kind, cport = line.split()
        cport = int(cport)
        want_c, want_s, lasting = EXPECTED[kind]
        for end, lport, pport, want, pid in (("client", cport, sport, want_c, cpid),
                                             ("server", sport, cport, want_s, spid)):
            mine = [c for c in changes if c["local_port"] == lport and c["peer_port"] == pport]
            got, seen = [], set()
            for c in mine:
                if not got:
                    got.append(c["from"])
                got += c["inferred"] + [c["to"]]
                seen.add(c["to"])
                proc = c["process"]["pid"] if c["process"] else None
                if proc != pid and not (proc is None and end == "server" and c is mine[0]):
                    problems.append("%s %s :%d: %s -> %s names process %s, not %d"
                                    % (kind, end, lport, c["from"], c["to"], proc, pid))
            if got != want:
                problems.append("%s %s :%d: path %s, expected %s" % (kind, end, lport, " ".join(map(str, got)), " ".join(want)))
            missing = {s for s in lasting if s in want} - seen
            if missing:
                problems.append("%s %s :%d: %s lasted 0.3 s but only inferred" % (kind, end, lport, sorted(missing)))
            checked += 1
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("%d ends of %d connections: every path as expected" % (checked, checked // 2))


main()
