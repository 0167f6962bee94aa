#!/usr/bin/env python3
"""watch_summary_check.py: nw-watch -f --json --summary against watch_conns.py's run.

  watch_summary_check.py JSON

The summary's transitions must be the edges of the change lines' paths
(inferred ones counted apart), and for watch_conns.py's three connections
(client and server ends: 6), the first one's SYN dropped once: 6
connections (3 active, 3 passive), 6 closed, one connect time of about
the SYN's retransmission (1 s), 6 lifetimes of 0.5 to 10 s, 2 TIME_WAIT
times (the C client's, the S server's, ended by ss -K).  Prints each
problem and exits 1, else a summary.
"""
import collections
import json
import sys


def edges(changes):
    seen = collections.Counter()
    inferred = collections.Counter()
    for c in changes:
        path = ([c["from"]] if c["from"] else []) + c["inferred"] + [c["to"]]
        for a, b in zip(path, path[1:]):
            seen[(a, b)] += 1
            if c["inferred"]:
                inferred[(a, b)] += 1
    return seen, inferred


def expect(problems, what, ok, got):
    if not ok:
        problems.append("%s: got %s" % (what, got))


def main():
    objs = [json.loads(line) for line in open(sys.argv[1])]
    changes = [o for o in objs if o["type"] == "change"]
    s = [o for o in objs if o["type"] == "summary"][-1]
    problems = []
    seen, inferred = edges(changes)
    got = {(t["from"], t["to"]): (t["count"], t["inferred"]) for t in s["transitions"]}
    want = {k: (seen[k], inferred[k]) for k in seen}
    expect(problems, "transitions = the lines' edges (want %s)" % want, got == want, got)
    for key, value in (("connections", 6), ("active", 3), ("passive", 3), ("closed", 6)):
        expect(problems, key + " = %d" % value, s[key] == value, s[key])
    ct, lt, tw = s["connect_time"], s["lifetime"], s["time_wait_time"]
    expect(problems, "one connect time of 0.9-1.6 s", ct["count"] == 1 and 900 <= ct["min_ms"] <= 1600, ct)
    expect(problems, "6 lifetimes of 0.5-10 s", lt["count"] == 6 and lt["min_ms"] >= 500 and lt["max_ms"] <= 10000, lt)
    expect(problems, "2 TIME_WAIT times of 0.1-10 s", tw["count"] == 2 and tw["min_ms"] >= 100 and tw["max_ms"] <= 10000, tw)
    for p in problems:
        print(p)
    if problems:
        return 1
    print("summary: %d connections, %d kinds of transition (%d edges) as the lines say; connect %.0f ms, lifetimes %.0f-%.0f ms, TIME_WAIT %.0f-%.0f ms"
          % (s["connections"], len(got), sum(seen.values()), ct["min_ms"], lt["min_ms"], lt["max_ms"], tw["min_ms"], tw["max_ms"]))
    return 0


sys.exit(main())
