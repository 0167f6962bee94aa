#!/bin/bash
# traceroute_replies.sh: nw-traceroute against crafted replies.  A responder
# (python3, raw sockets, below) in namespace mr plays the routers from hop 2
# on and answers every probe that reaches it:
#
#   client 198.18.0.1 -- r1 (a real router) -- mr 198.18.1.2 (the responder)
#
#   hop 2 (the probe arrives with TTL 1): first stray ICMP errors quoting
#     other flows (another program's UDP, another destination, another
#     echo id) from 198.18.66.6, and hostile ones quoting the probe with
#     broken length fields (a cut IP header, IHL beyond the quote, IHL 4,
#     IPv6 in ICMP, a total length shorter than the header) from
#     198.18.66.7; then the real time exceeded from 198.18.1.2 with RFC 4884
#     lengths, an RFC 4950 MPLS label stack (16001/0/S=0/1, 24005/5/S=1/1)
#     and an RFC 5837 interface object.
#   hop 3 (TTL 2): a time exceeded from 198.18.77.3 whose extension is
#     broken (an object of length 0), then a copy from 198.18.66.7 with a
#     length attribute past the message's end.
#   hop 4 (TTL 3 or more): the destination 198.19.0.2 (port unreachable,
#     echo reply).
#
# nw-traceroute must show the labels as Debian's traceroute -e does (the
# same responder answers it), in --json too; never a stray or hostile
# sender as a hop; count them as strays; exit 0.  The waits stay at the
# default 5 s: a python responder on a loaded machine can be slow.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute traceroute python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/traceroute.sh"

tr_responder_hosts
nw_addr client to1 198.18.0.1/24
nw_addr r1 in0 198.18.0.2/24
nw_addr r1 out0 198.18.1.1/24
nw_addr mr eth0 198.18.1.2/24
nw_route client default via 198.18.0.2
nw_route r1 198.19.0.0/24 via 198.18.1.2
nw_route r1 198.18.64.0/18 via 198.18.1.2
nw_route mr default via 198.18.1.1
nw_sysctl r1 net.ipv4.icmp_ratelimit 0
nw_sysctl r1 net.ipv4.conf.all.rp_filter 0
nw_sysctl r1 net.ipv4.conf.out0.rp_filter 0

cat >"$NW_TMP/responder.py" <<'EOF'
import socket, struct, sys

sys.path.insert(0, sys.argv[1])
from icmp_ext import csum, extension, ifinfo, mpls, serve

IFACE = sys.argv[2]
ONLY = sys.argv[3] if len(sys.argv) > 3 else "all"   # "clean": no stray or hostile answer
CLIENT, DST = "198.18.0.1", "198.19.0.2"
HOP2, HOP3, STRAY, HOSTILE = "198.18.1.2", "198.18.77.3", "198.18.66.6", "198.18.66.7"


# The TTL each sender starts with, so that its answer arrives as one from
# its hop would (64 less the routers on the way back): hop 3 and the
# destination are played from hop 2's place.
START_TTL = {HOP3: 63, DST: 62}


def ip(src, dst, proto, payload, ident=0x4242):
    ttl = START_TTL.get(src, 64)
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, ttl, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def icmp(typ, code, rest, body):
    m = struct.pack("!BBH", typ, code, 0) + rest + body
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def time_exceeded(quote, ext=None, attr=None):
    """An ICMP time exceeded quoting quote; with ext, RFC 4884: the quote padded to 128 bytes."""
    if ext is None:
        return icmp(11, 0, b"\0" * 4, quote)
    q = quote[:128] + b"\0" * (128 - len(quote[:128]))
    words = len(q) // 4 if attr is None else attr
    return icmp(11, 0, struct.pack("!BBH", 0, words, 0), q + ext)


def with_ttl1(probe):
    """The probe as the router that dropped it saw it: TTL 1, header checksum redone."""
    h = bytearray(probe[:20])
    h[8] = 1
    h[10:12] = b"\0\0"
    h[10:12] = struct.pack("!H", csum(bytes(h)))
    return bytes(h) + probe[20:]


def quote_of(probe, src_port=None, dst=None, echo_id=None):
    """Another flow's packet: the probe with its source port, destination or echo id changed."""
    p = bytearray(probe)
    if dst:
        p[16:20] = socket.inet_aton(dst)
    if src_port is not None:
        p[20:22] = struct.pack("!H", src_port)
    if echo_id is not None:
        p[24:26] = struct.pack("!H", echo_id)
    return bytes(p)


tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
sent = {"stray": 0, "hostile": 0}


def send(src, msg, kind=None, idx=None):
    if kind and ONLY == "clean" or kind == "hostile" and ONLY not in ("all", str(idx)):
        return
    tx.sendto(ip(src, CLIENT, 1, msg), (CLIENT, 0))
    if kind:
        sent[kind] += 1


def hop2(probe, proto):
    q = with_ttl1(probe)
    if proto == 17:
        send(STRAY, time_exceeded(quote_of(q, src_port=5555)), "stray")
        send(STRAY, icmp(3, 3, b"\0" * 4, quote_of(q, dst="198.18.9.9")), "stray")
    else:
        send(STRAY, time_exceeded(quote_of(q, echo_id=0x7777)), "stray")
    send(HOSTILE, time_exceeded(q[:12]), "hostile", 0)                      # the IP header cut
    send(HOSTILE, time_exceeded(bytes([0x4F]) + q[1:28]), "hostile", 1)     # IHL 15, 28 bytes
    send(HOSTILE, time_exceeded(bytes([0x44]) + q[1:28]), "hostile", 2)     # IHL 4
    send(HOSTILE, time_exceeded(bytes([0x60]) + q[1:28]), "hostile", 3)     # IPv6 in ICMPv4
    send(HOSTILE, time_exceeded(q[:2] + b"\0\x0c" + q[4:28]), "hostile", 4) # total length 12
    labels = mpls((16001, 0, 0, 1), (24005, 5, 1, 1))
    send(HOP2, time_exceeded(q, extension(labels + ifinfo(7, HOP2, "ge-0/0/1", 1500))))


def hop3(probe):
    q = with_ttl1(probe)
    broken = extension(struct.pack("!HBB", 0, 1, 1) + b"\0" * 8)          # an object of length 0
    send(HOP3, time_exceeded(q, broken))
    send(HOSTILE, time_exceeded(q, extension(mpls((1, 0, 1, 1))), attr=255), "hostile", 5)


def destination(probe, proto):
    ihl = (probe[0] & 15) * 4
    if proto == 1:
        if probe[ihl] != 8:
            return
        reply = bytearray(probe[ihl:])
        reply[0], reply[2:4] = 0, b"\0\0"
        reply[2:4] = struct.pack("!H", csum(bytes(reply)))
        tx.sendto(ip(DST, CLIENT, 1, bytes(reply)), (CLIENT, 0))
    else:
        send(DST, icmp(3, 3, b"\0" * 4, probe[:ihl + 8 + 32]))


def probe_seen(probe):
    if len(probe) < 28 or probe[0] >> 4 != 4:
        return
    proto, ttl = probe[9], probe[8]
    if probe[16:20] != socket.inet_aton(DST) or proto not in (1, 17):
        return
    if ttl == 1:
        hop2(probe, proto)
    elif ttl == 2:
        hop3(probe)
    else:
        destination(probe, proto)
    print("sent", sent["stray"], sent["hostile"], flush=True)


serve(IFACE, 0x0800, probe_seen)
EOF

# responder [clean|all|N]: (re)start it: no stray or hostile answer, all of
# them (the default), or the strays and hostile answer N (0..5) alone.
responder() {
	tr_responder "$NW_TMP/responder.py" "$@"
}

# The responder's count of strays and hostile answers sent so far.
resp_count() {
	awk '$1 == "sent" { s = $2 + $3 } END { print s + 0 }' "$NW_TMP/resp.out"
}

MPLS='<MPLS:L=16001,E=0,S=0,T=1/L=24005,E=5,S=1,T=1>'

responder clean
nw_run 30 client traceroute -n -e -q 1 198.19.0.2
[ "$NW_RC" = 0 ] || nw_fail "traceroute -e failed: $NW_ERR"
# Debian's traceroute prints the interface object (RFC 5837) as hex words
# after a ';' in the same brackets; nw-traceroute decodes it in brackets of
# its own after the labels (IFACE), left out of the comparison.
want=$(tr_line "$NW_OUT" 2 | sed 's/  [0-9.]* ms//g; s/;[^>]*>/>/')
IFACE='<IF:in,index=7,addr=198\.18\.1\.2,name=ge-0/0/1,mtu=1500>'
nw_log "traceroute -e's hop 2: $want"

for m in "" -I; do
	for flow in paris classic; do
		responder
		nw_run 30 client nw-traceroute -n ${m:+"$m"} --flow "$flow" 198.19.0.2
		what="nw-traceroute ${m:+"$m "}--flow $flow"
		nw_assert_status "$what: reached past the crafted replies" 0 "$NW_RC" "$NW_OUT$NW_ERR"
		nw_assert_eq "$what: hops" "1 198.18.0.2
2 198.18.1.2
3 198.18.77.3
4 198.19.0.2" "$(printf '%s\n' "$NW_OUT" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }')"
		nw_assert_nomatch "$what: no stray or hostile sender shown" '198\.18\.66\.' "$NW_OUT"
		nw_assert_match "$what: hop 2's labels and interface" "^ 2  198\.18\.1\.2 $MPLS $IFACE  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$" "$NW_OUT"
		nw_assert_match "$what: hop 3, its broken extension ignored" "^ 3  198\.18\.77\.3  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$" "$NW_OUT"
		if [ -z "$m" ]; then
			nw_assert_eq "$what: hop 2 as traceroute -e shows it" "$want" \
				"$(tr_line "$NW_OUT" 2 | sed 's/  [0-9.]* ms//g; s/ <IF:[^>]*>//')"
		fi
	done
done

# Each hostile answer alone: nw-traceroute shows the real router; Debian's
# traceroute's hop 2 is logged (it takes some of them for the router).
for n in 0 1 2 3 4; do
	responder "$n"
	nw_run 30 client traceroute -n -q 1 198.19.0.2
	nw_log "hostile answer $n: traceroute's hop 2: $(tr_line "$NW_OUT" 2)"
	responder "$n"
	nw_run 30 client nw-traceroute -n -q 1 198.19.0.2
	nw_assert_status "hostile answer $n: reached" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "hostile answer $n: hop 2 is the router" "^ 2  198\.18\.1\.2 $MPLS $IFACE  [0-9.]+ ms\$" "$NW_OUT"
done

responder
nw_run 30 client nw-traceroute -n --json 198.19.0.2
nw_assert_status "--json: reached" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "--json" "$NW_OUT" hop:ttl,probes summary:strays only=start,hop,summary
got=$(tr_json_probes "$NW_OUT" '"%d %s %s" % (h["ttl"], p.get("from"), " ".join("%d/%d/%s/%d" %
(e["label"], e["tc"], e["bottom"], e["ttl"]) for e in p.get("mpls", [])))' | sort -u)
nw_assert_eq "--json: every probe's sender and labels" "1 198.18.0.2 
2 198.18.1.2 16001/0/False/1 24005/5/True/1
3 198.18.77.3 
4 198.19.0.2 " "$got"
nw_assert_eq "--json: hop 2's interface object (RFC 5837)" \
	'[{"role": "incoming IP interface", "ifindex": 7, "address": "198.18.1.2", "name": "ge-0/0/1", "mtu": 1500}]' \
	"$(tr_json_probes "$NW_OUT" 'json.dumps(p["interfaces"]) if "interfaces" in p else ""' | grep . | sort -u)"
strays=$(nw_json_get "$NW_OUT" summary strays)
sent=$(resp_count)
[ "$strays" -ge 21 ] || nw_fail "--json: $strays strays counted, the responder sent $sent"
nw_pass "--json: $strays strays counted (the responder sent $sent strays and hostile answers)"
exit 0
