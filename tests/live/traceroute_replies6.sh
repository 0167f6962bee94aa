#!/bin/bash
# traceroute_replies6.sh: nw-traceroute against crafted ICMPv6 replies, the
# IPv6 side of traceroute_replies.sh.  A responder (python3, an IPPROTO_RAW
# socket: it writes the IPv6 header, so it can send from any address) in
# namespace mr plays the routers from hop 2 on:
#
#   client 2001:db8:0:0::1 -- r1 (a real router) -- mr 2001:db8:0:1::2
#
#   hop 2 (the probe arrives with hop limit 1): a stray time exceeded
#     quoting another flow (another source port or echo id) from
#     2001:db8:66::6, hostile ones quoting the probe cut inside its IPv6
#     header or with a payload length (4) too short for the header it
#     carries from 2001:db8:66::7,
#     then the real time exceeded from 2001:db8:0:1::2 with the RFC 4884
#     length (ICMPv6: 8-byte words), an MPLS label stack (RFC 4950:
#     16001/0/S=0/1, 24005/5/S=1/1) and an RFC 5837 interface object.
#   hop 3 (hop limit 2): a time exceeded from 2001:db8:77::3.
#   hop 4: the destination 2001:db8:1::2 (port unreachable, echo reply).
#
# nw-traceroute shows the labels and the interface, never a stray or
# hostile sender as a hop, counts them as strays, and exits 0, for UDP and
# ICMP; Debian's traceroute -e shows the same labels.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute traceroute python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/traceroute.sh"

tr_responder_hosts
nw_addr client to1 2001:db8:0:0::1/64
nw_addr r1 in0 2001:db8:0:0::2/64
nw_addr r1 out0 2001:db8:0:1::1/64
nw_addr mr eth0 2001:db8:0:1::2/64
nw_route client default via 2001:db8:0:0::2
nw_route r1 2001:db8:1::/48 via 2001:db8:0:1::2
nw_route r1 2001:db8:64::/42 via 2001:db8:0:1::2
nw_route mr default via 2001:db8:0:1::1
nw_sysctl r1 net.ipv6.icmp.ratelimit 0

cat >"$NW_TMP/responder6.py" <<'EOF'
import socket, struct, sys

sys.path.insert(0, sys.argv[1])
from icmp_ext import csum, extension, ifinfo, mpls, serve

IFACE = sys.argv[2]
CLEAN = len(sys.argv) > 3 and sys.argv[3] == "clean"   # no stray or hostile answer
CLIENT, DST = "2001:db8::1", "2001:db8:1::2"
HOP2, HOP3 = "2001:db8:0:1::2", "2001:db8:77::3"
STRAY, HOSTILE = "2001:db8:66::6", "2001:db8:66::7"
a6 = lambda s: socket.inet_pton(socket.AF_INET6, s)


# The hop limit each sender starts with, so that its answer arrives as one
# from its hop would (64 less the routers on the way back): hop 3 and the
# destination are played from hop 2's place.
START_HLIM = {HOP3: 63, DST: 62}


def icmp6(src, typ, code, rest, body):
    """An IPv6 packet from src to the client carrying an ICMPv6 message."""
    m = struct.pack("!BBH", typ, code, 0) + rest + body
    pseudo = a6(src) + a6(CLIENT) + struct.pack("!IxxxB", len(m), 58)
    m = m[:2] + struct.pack("!H", csum(pseudo + m)) + m[4:]
    hlim = START_HLIM.get(src, 64)
    return struct.pack("!IHBB", 6 << 28, len(m), 58, hlim) + a6(src) + a6(CLIENT) + m


def time_exceeded(src, quote, ext=None):
    """Time exceeded quoting quote; with ext, RFC 4884: the quote padded to 128 bytes."""
    if ext is None:
        return icmp6(src, 3, 0, b"\0" * 4, quote)
    q = quote[:128] + b"\0" * (128 - len(quote[:128]))
    return icmp6(src, 3, 0, struct.pack("!BBH", len(q) // 8, 0, 0), q + ext)


def with_hlim1(probe):
    return probe[:7] + b"\x01" + probe[8:]


def other_flow(probe):
    """Another program's packet: the probe with its source port (UDP) or echo id (ICMPv6) changed."""
    p = bytearray(probe)
    if p[6] == 17:
        p[40:42] = struct.pack("!H", 5555)
    else:
        p[44:46] = struct.pack("!H", 0x7777)
    return bytes(p)


tx = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
sent = 0


def send(pkt, counted=False):
    global sent
    if counted and CLEAN:
        return
    tx.sendto(pkt, (CLIENT, 0))
    sent += counted


def hop2(probe):
    q = with_hlim1(probe)
    send(time_exceeded(STRAY, other_flow(q)), True)
    send(time_exceeded(HOSTILE, q[:30]), True)                                  # the header cut
    send(time_exceeded(HOSTILE, q[:4] + b"\0\x04" + q[6:48]), True)            # payload length 4
    send(time_exceeded(HOP2, q, extension(mpls((16001, 0, 0, 1), (24005, 5, 1, 1)) +
                                                ifinfo(9, HOP2, "xe-1/2/3", 1400))))


def destination(probe):
    if probe[6] == 58:
        if probe[40] != 128:
            return
        reply = bytes([129]) + probe[41:]
        send(icmp6(DST, reply[0], reply[1], reply[4:8], reply[8:]))
    else:
        send(icmp6(DST, 1, 4, b"\0" * 4, probe[:40 + 8 + 32]))


def probe_seen(probe):
    if len(probe) < 48 or probe[0] >> 4 != 6:
        return
    if probe[24:40] != a6(DST) or probe[6] not in (17, 58):
        return
    hlim = probe[7]
    if hlim == 1:
        hop2(probe)
    elif hlim == 2:
        send(time_exceeded(HOP3, with_hlim1(probe)))
    else:
        destination(probe)
    print("sent", sent, flush=True)


serve(IFACE, 0x86DD, probe_seen)
EOF

# responder [clean]: (re)start it; clean: no stray or hostile answer.
responder() {
	tr_responder "$NW_TMP/responder6.py" "$@"
}

MPLS='<MPLS:L=16001,E=0,S=0,T=1/L=24005,E=5,S=1,T=1>'
IFACE='<IF:in,index=9,addr=2001:db8:0:1::2,name=xe-1/2/3,mtu=1400>'

# Debian's traceroute takes a hostile answer for hop 2 (logged): it is
# compared on the clean replies.
responder
nw_run 30 client traceroute -6 -n -q 1 2001:db8:1::2
nw_log "traceroute -6 with the hostile answers, hop 2: $(tr_line "$NW_OUT" 2)"
responder clean
nw_run 30 client traceroute -6 -n -e -q 1 2001:db8:1::2
[ "$NW_RC" = 0 ] || nw_fail "traceroute -6 -e failed: $NW_ERR"
# Debian's traceroute adds the interface object as hex words after a ';'.
want=$(tr_line "$NW_OUT" 2 | sed 's/  [0-9.]* ms//g; s/;[^>]*>/>/')
nw_log "traceroute -6 -e's hop 2: $want"

for m in "" -I; do
	responder
	nw_run 30 client nw-traceroute -6 -n ${m:+"$m"} 2001:db8:1::2
	what="nw-traceroute -6${m:+ $m}"
	nw_assert_status "$what: reached past the crafted replies" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "$what: hops" "1 2001:db8::2
2 2001:db8:0:1::2
3 2001:db8:77::3
4 2001:db8:1::2" "$(printf '%s\n' "$NW_OUT" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }')"
	nw_assert_nomatch "$what: no stray or hostile sender shown" '2001:db8:66::' "$NW_OUT"
	nw_assert_match "$what: hop 2's labels and interface" \
		"^ 2  2001:db8:0:1::2 $MPLS $IFACE  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$" "$NW_OUT"
	if [ -z "$m" ]; then
		nw_assert_eq "$what: hop 2's labels as traceroute -e shows them" "$want" \
			"$(tr_line "$NW_OUT" 2 | sed 's/  [0-9.]* ms//g; s/ <IF:[^>]*>//')"
	fi
done

responder
nw_run 30 client nw-traceroute -6 -n --json 2001:db8:1::2
nw_assert_status "--json: reached" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "--json: hop 2's labels" "16001/0/False/1 24005/5/True/1" \
	"$(tr_json_probes "$NW_OUT" '" ".join("%d/%d/%s/%d" % (e["label"], e["tc"], e["bottom"], e["ttl"]) for e in p.get("mpls", []))' | grep . | sort -u)"
nw_assert_eq "--json: hop 2's interface object (RFC 5837)" \
	'[{"role": "incoming IP interface", "ifindex": 9, "address": "2001:db8:0:1::2", "name": "xe-1/2/3", "mtu": 1400}]' \
	"$(tr_json_probes "$NW_OUT" 'json.dumps(p["interfaces"]) if "interfaces" in p else ""' | grep . | sort -u)"
strays=$(nw_json_get "$NW_OUT" summary strays)
sent=$(awk '$1 == "sent" { s = $2 } END { print s + 0 }' "$NW_TMP/resp.out")
# 3 probes at hop 2, 3 counted answers each; whatever else the capture saw
# (the destination's answers to probes beyond it) adds to the strays.
[ "$strays" -ge 9 ] || nw_fail "--json: $strays strays counted, the responder sent $sent stray or hostile answers"
nw_pass "--json: $strays strays counted ($sent sent)"
exit 0
