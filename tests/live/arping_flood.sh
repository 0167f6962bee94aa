#!/bin/bash
# arping_flood.sh: nw-arping under flood (issue 16).  10,000 requests at
# full speed (-i 0) to a namespace peer: received equals the replies the
# peer sent (its nftables ARP counters are the ground truth: no loss
# reported but the wire's),
# and the RTT median within a microsecond of the median of the request ->
# reply pairs a tcpdump on our side saw (first-in first-out: ARP replies
# carry no id, and the peer answers in order).  See docs/arping.md
# ("Replies under flood").
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping tcpdump python3 timeout
nw_setup

nw_pair me peer
N=10000

# tcpdump_start HOST FILE FILTER: a capture on HOST's veth0 (ns timestamps), ready.
tcpdump_start() {
	nw_bg "$1" tcpdump -n -i veth0 -j adapter_unsynced --time-stamp-precision=nano -B 16384 \
		-w "$2" "$3" 2>"$2.err"
	TCPDUMP_PID=$NW_BG_PID
	nw_wait_until 5 grep -q 'listening on' "$2.err" || nw_fail "tcpdump in $1 did not start"
}

# tcpdump_stop PID FILE: once FILE stops growing (it writes what it read), stop it.
tcpdump_stop() {
	local size=-1 now
	for _ in $(seq 50); do
		sleep 0.2
		now=$(stat -c %s "$2")
		[ "$now" = "$size" ] && break
		size=$now
	done
	kill -INT "$1" 2>/dev/null
	nw_wait_pid "$1" 5 >/dev/null 2>&1
}

# The ground truth: the peer's ARP counters (exact: a capture may fall behind a flood).
nw_in peer nft -f - <<'NFT' || nw_fail "nft counters on the peer"
table arp flood {
	counter requests {}
	counter replies {}
	chain in { type filter hook input priority 0; arp operation request counter name "requests"; }
	chain out { type filter hook output priority 0; arp operation reply counter name "replies"; }
}
NFT
tcpdump_start me "$NW_TMP/me.pcap" arp
me_dump=$TCPDUMP_PID
nw_run 60 me nw-arping --json -c "$N" -i 0 -W 0.1 -I veth0 198.18.0.2
tcpdump_stop "$me_dump" "$NW_TMP/me.pcap"
nw_assert_status "nw-arping flood" 0 "$NW_RC" "$NW_ERR"
counted() {
	nw_in peer nft list counter arp flood "$1" | awk '/packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1) }'
}
requests=$(counted requests)
replies=$(counted replies)
# A flood may overrun the receiving queue of the veth (netdev_max_backlog):
# what the peer saw and answered is the truth, not N.
[ "$requests" -ge $((N * 9 / 10)) ] || nw_fail "flood: the peer saw only $requests of $N requests"
sent=$(nw_json_get "$NW_OUT" summary sent)
received=$(nw_json_get "$NW_OUT" summary received)
nw_assert_eq "flood: sent" "$N" "$sent"
nw_assert_eq "flood: received = replies on the wire" "$replies" "$received"
# The wire's pairs, first in first out, from our side's capture: their median RTT.
wire_us=$(tcpdump -nr "$NW_TMP/me.pcap" --time-stamp-precision=nano -tt 2>/dev/null | python3 -c '
import sys
req, rtt = [], []
for line in sys.stdin:
    t = float(line.split()[0])
    if "Request who-has 198.18.0.2" in line:
        req.append(t)
    elif "Reply 198.18.0.2 is-at" in line and req:
        rtt.append(t - req.pop(0))
rtt.sort()
print("%.3f" % (rtt[len(rtt) // 2] * 1e6))')
ours_us=$(python3 -c 'import json, sys
rtt = sorted(o["rtt_ms"] for o in map(json.loads, sys.stdin)
             if o.get("type") == "reply" and "note" not in o)
print("%.3f" % (rtt[len(rtt) // 2] * 1000))' <<<"$NW_OUT")
nw_log "flood: $N requests, $requests seen by the peer, $replies replies on the wire, $received received; RTT median $ours_us us, wire pairs $wire_us us, $NW_SECS s"
python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 1.0)' "$ours_us" "$wire_us" ||
	nw_fail "flood: RTT median $ours_us us, the wire's pairs $wire_us us (more than 1 us apart)"
nw_pass "flood: RTT median within 1 us of the wire's"
exit 0
