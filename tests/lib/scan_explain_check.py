#!/usr/bin/env python3
"""scan_explain_check.py TCPDUMP_OUT < HANDSHAKE_LINES: each nw-scan --explain
"handshake" JSON line on stdin against tcpdump -n -S's lines of the same run:
three packets (SYN, SYN/ACK, RST) with relative numbers 0 / 0,1 / 1, the
server's states ? / SYN_RECEIVED / LISTEN, absolute numbers that chain and
that tcpdump saw, rules naming the ISN and the SYN's +1.  Exit 1 on any
disagreement, printed.  Used by tests/live/scan_explain.sh."""
import json, re, sys
dump = open(sys.argv[1]).read().splitlines()
def seen(src, dst, flags, seq, ack=None):
    pat = re.escape(src) + r" > " + re.escape(dst) + r": Flags \[" + flags + r"\], seq " + str(seq)
    if ack is not None:
        pat += r", ack " + str(ack)
    return any(re.search(pat, l) for l in dump)
def dotted(ep):
    a, p = ep.rsplit(":", 1)
    return a + "." + p
bad = 0
for line in sys.stdin:
    h = json.loads(line)
    p = h["packets"]
    want = [("SYN", 0, 0, "?"), ("SYN,ACK", 0, 1, "SYN_RECEIVED"), ("RST", 1, 0, "LISTEN")]
    if len(p) != 3 or not h["rst_seen"]:
        print("port", h["port"], ": not three packets with the RST:", p); bad += 1; continue
    for k, (flags, seq, ack, server) in enumerate(want):
        got = (p[k]["flags"], p[k]["seq"], p[k]["ack"], p[k]["server"])
        if got != (flags, seq, ack, server):
            print("port", h["port"], "packet", k, ": got", got, "want", (flags, seq, ack, server)); bad += 1
    syn, sa, rst = p
    checks = [seen(dotted(syn["from"]), dotted(syn["to"]), "S", syn["abs_seq"]),
              seen(dotted(sa["from"]), dotted(sa["to"]), r"S\.", sa["abs_seq"], sa["abs_ack"]),
              seen(dotted(rst["from"]), dotted(rst["to"]), "R", rst["abs_seq"])]
    if not all(checks):
        print("port", h["port"], ": not in tcpdump's capture:", checks); bad += 1
    if sa["abs_ack"] != syn["abs_seq"] + 1 or rst["abs_seq"] != sa["abs_ack"]:
        print("port", h["port"], ": the numbers do not chain"); bad += 1
    if "ISN %d" % syn["abs_seq"] not in syn["seq_rule"] or sa["ack_rule"] != "ACK 1 = peer SEQ 0 + 1 (SYN)":
        print("port", h["port"], ": rules", syn["seq_rule"], "/", sa["ack_rule"]); bad += 1
sys.exit(1 if bad else 0)
