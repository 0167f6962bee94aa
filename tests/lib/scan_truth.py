#!/usr/bin/env python3
"""scan_truth.py: the ground truth of an nw-scan live test.

Given the scanned ports and the target's addresses, choose at random (from
a seed, logged by the caller so a failure can be replayed) which ports
listen (on IPv4 and IPv6, IPv4 only, IPv6 only), which the target's
firewall drops, rejects with ICMP admin-prohibited or with a TCP reset,
and write into DIR:

  listen.args    the arguments of scan_listen.py for those listeners
  rules.nft      the target's nftables table doing the dropping/rejecting
  truth.syn      "ADDR PORT STATE REASON" for every scanned (address, port),
                 as a SYN scan must report it
  truth.connect  the same for a connect() scan

The two are the same: Linux reports an ICMP admin-prohibited (type 3
code 13) to connect() as EHOSTUNREACH, but a connect() scan reads the
message itself from the socket's error queue (IP_RECVERR) and names it as
a SYN scan does (docs/scan.md, "States and reasons").

Usage: scan_truth.py DIR SEED PORTLO PORTHI ADDR4 ADDR6 DUAL V4ONLY V6ONLY DROP ADMIN RST
"""
import random
import sys


def choose(rng, ports, counts):
    """Disjoint random samples of ports, one per count, in order."""
    picked = rng.sample(ports, sum(counts))
    out, at = [], 0
    for n in counts:
        out.append(sorted(picked[at:at + n]))
        at += n
    return out


def expect(port, family, sets):
    """(state, reason) of port over family ('4' or '6'), in either mode."""
    dual, v4only, v6only, drop, admin, rst = sets
    if port in drop:
        return "filtered", "no-response"
    if port in admin:
        return "filtered", "admin-prohibited"
    if port in rst:
        return "closed", "rst"
    if port in dual or port in (v4only if family == "4" else v6only):
        return "open", "syn-ack"
    return "closed", "rst"


def nft_set(ports):
    return "{ " + ", ".join(str(p) for p in ports) + " }" if ports else ""


def rules(drop, admin, rst):
    lines = ["table inet scan_truth {", "\tchain input {",
             "\t\ttype filter hook input priority 0; policy accept;"]
    if drop:
        lines.append("\t\ttcp dport %s drop" % nft_set(drop))
    if admin:
        lines.append("\t\ttcp dport %s reject with icmpx type admin-prohibited" % nft_set(admin))
    if rst:
        lines.append("\t\ttcp dport %s reject with tcp reset" % nft_set(rst))
    lines += ["\t}", "}"]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 13:
        sys.exit(__doc__)
    out, seed, lo, hi, a4, a6 = sys.argv[1:7]
    counts = [int(x) for x in sys.argv[7:13]]
    ports = list(range(int(lo), int(hi) + 1))
    rng = random.Random(int(seed))
    dual, v4only, v6only, drop, admin, rst = choose(rng, ports, counts)
    # A reset rule on a port that also listens: the firewall must win.
    listening = sorted(dual + v4only + v6only)
    rst_on_listener = rng.sample(listening, min(2, len(listening))) if rst else []
    rst = sorted(rst + rst_on_listener)
    sets = (set(dual), set(v4only), set(v6only), set(drop), set(admin), set(rst))
    with open(out + "/listen.args", "w") as f:
        f.write("--dual %s --v4 %s --v6 %s\n" % (
            ",".join(map(str, dual)) or "-", ",".join(map(str, v4only)) or "-",
            ",".join(map(str, v6only)) or "-"))
    with open(out + "/rules.nft", "w") as f:
        f.write(rules(drop, admin, rst))
    for mode in ("syn", "connect"):
        with open("%s/truth.%s" % (out, mode), "w") as f:
            for fam, addr in (("4", a4), ("6", a6)):
                if addr == "-":
                    continue
                for p in ports:
                    f.write("%s %d %s %s\n" % ((addr, p) + expect(p, fam, sets)))


if __name__ == "__main__":
    main()
