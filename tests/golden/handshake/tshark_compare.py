#!/usr/bin/env python3
"""tshark_compare.py: compare nw-handshake --json with tshark, packet by packet.

Usage: tshark_compare.py CAPTURE NW_JSON_FILE
For every TCP frame: tcp.seq, tcp.ack, tcp.len, tcp.window_size and the
set of tcp.analysis.* flags must equal nw-handshake's seq, ack, len, win and
analysis.  Prints each difference; exit 1 if any, 0 otherwise.
"""
import json
import subprocess
import sys

FLAGS = {"retransmission", "spurious_retransmission", "fast_retransmission", "duplicate_ack",
         "out_of_order", "lost_segment", "ack_lost_segment", "window_full", "zero_window",
         "zero_window_probe", "zero_window_probe_ack", "keep_alive", "keep_alive_ack",
         "window_update"}


def pairs(items):
    """tshark's JSON repeats keys ("_ws.expert" once per expert item): keep them all."""
    return ("pairs", items)


def walk(node, found):
    if isinstance(node, tuple) and node[0] == "pairs":
        for k, v in node[1]:
            if k.startswith("tcp.analysis.") and k[13:] in FLAGS:
                found.add(k[13:])
            walk(v, found)
    elif isinstance(node, list):
        for v in node:
            walk(v, found)


def obj(node):
    """A dict view of a pairs node (the first value of each key)."""
    d = {}
    for k, v in node[1]:
        d.setdefault(k, v)
    return d


def first(layer, key):
    v = layer.get(key)
    if isinstance(v, list):
        v = v[0]
    return int(v) if v is not None else 0


def tshark(path):
    out = subprocess.run(["tshark", "-n", "-r", path, "-T", "json", "-J", "frame tcp"],
                         capture_output=True, check=True, text=True).stdout
    frames = {}
    for p in json.loads(out or "[]", object_pairs_hook=pairs):
        layers = obj(obj(obj(p)["_source"])["layers"])
        tcp = layers.get("tcp")
        if not tcp:
            continue
        if isinstance(tcp, list):
            tcp = tcp[0]
        found = set()
        walk(tcp, found)
        tcp = obj(tcp)
        num = int(obj(layers["frame"])["frame.number"]) if "frame" in layers else None
        frames[num] = {"seq": first(tcp, "tcp.seq"), "ack": first(tcp, "tcp.ack"),
                       "len": first(tcp, "tcp.len"), "win": first(tcp, "tcp.window_size"),
                       "analysis": found}
    return frames


def main():
    cap, nwjson = sys.argv[1], sys.argv[2]
    ts = tshark(cap)
    ours = {}
    with open(nwjson) as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") == "packet":
                ours[o["frame"]] = o
    bad = 0
    for num, t in sorted(ts.items(), key=lambda x: x[0] or 0):
        o = ours.get(num)
        if o is None:
            print(f"frame {num}: tshark has it, nw-handshake does not")
            bad += 1
            continue
        for k in ("seq", "ack", "len", "win"):
            if o[k] != t[k]:
                print(f"frame {num}: {k} nw-handshake {o[k]} tshark {t[k]}")
                bad += 1
        mine = set(o["analysis"])
        if mine != t["analysis"]:
            print(f"frame {num}: analysis nw-handshake {sorted(mine)} tshark {sorted(t['analysis'])}")
            bad += 1
    extra = set(ours) - set(ts)
    for num in sorted(extra):
        print(f"frame {num}: nw-handshake has it, tshark does not")
        bad += 1
    print(f"{len(ts)} frames compared, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
