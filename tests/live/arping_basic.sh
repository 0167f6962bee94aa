#!/bin/bash
# arping_basic.sh: nw-arping against live and silent hosts on a small LAN:
# reply lines with the right MAC, seq/rtt, the summary, --json, the
# deadline with no answer, 'gateway', -I chosen by the route, -t, -b, -q,
# the unicast switch after the first reply (checked on the wire with
# nftables counters on the switch), -w and SIGINT.  See docs/arping.md.
#
# LAN 198.18.0.0/24 on bridge br0 in "sw":
#   me     veth0 198.18.0.2   02:00:00:00:00:02   (runs nw-arping)
#   gw     veth0 198.18.0.1   02:00:00:00:00:01   (router, me's default route)
# a second link 198.18.1.0/24 (so the route must pick the interface):
#   me     veth1 198.18.1.2   02:00:00:00:01:02
#   other  veth0 198.18.1.1   02:00:00:00:01:01
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping nft python3 timeout env
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/arping.sh" # TYPES, SUMMARY

nw_host sw
nw_bridge sw br0
nw_router gw
nw_lan_join sw br0 me veth0 02:00:00:00:00:02 198.18.0.2/24
nw_lan_join sw br0 gw veth0 02:00:00:00:00:01 198.18.0.1/24
nw_host other
nw_link me veth1 other veth0 02:00:00:00:01:02 02:00:00:00:01:01
nw_addr me veth1 198.18.1.2/24
nw_addr other veth0 198.18.1.1/24
nw_route me default via 198.18.0.1

NUM='[0-9]+(\.[0-9]+)?'

# ARP requests from me as they enter the switch: broadcast vs unicast to gw.
nw_in sw nft -f - <<'EOF' || nw_fail "nft counters"
table netdev cnt {
	counter bcast {}
	counter ucast {}
	chain in {
		type filter hook ingress device "pme" priority 0; policy accept;
		ether type arp arp operation request ether daddr ff:ff:ff:ff:ff:ff counter name bcast
		ether type arp arp operation request ether daddr 02:00:00:00:00:01 counter name ucast
	}
}
EOF
counters_reset() {
	nw_in sw nft reset counters table netdev cnt >/dev/null 2>&1 ||
		{ nw_in sw nft reset counter netdev cnt bcast >/dev/null &&
			nw_in sw nft reset counter netdev cnt ucast >/dev/null; } ||
		nw_fail "cannot reset nft counters"
}
counter() {
	nw_in sw nft list counter netdev cnt "$1" | awk '/packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1) }'
}

# 1. A live host: header, reply lines, unicast switch, summary.
counters_reset
nw_run 10 me nw-arping -c 3 -i 0.2 198.18.0.1
nw_assert_status "live host answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "header" '^ARPING 198\.18\.0\.1 on veth0 from 198\.18\.0\.2 02:00:00:00:00:02$' "$NW_OUT"
nw_assert_match "first reply, broadcast" "^reply from 198\.18\.0\.1 02:00:00:00:00:01 seq=1 rtt=$NUM ms$" "$NW_OUT"
nw_assert_match "second reply, unicast" "^reply from 198\.18\.0\.1 02:00:00:00:00:01 seq=2 rtt=$NUM ms unicast$" "$NW_OUT"
nw_assert_match "third reply, unicast" "^reply from 198\.18\.0\.1 02:00:00:00:00:01 seq=3 rtt=$NUM ms unicast$" "$NW_OUT"
nw_assert_eq "reply lines" 3 "$(printf '%s\n' "$NW_OUT" | grep -c '^reply from')"
nw_assert_nomatch "no other MAC" '^reply from .* (02:00:00:00:00:0[02-9]|02:00:00:00:01)' "$NW_OUT"
nw_assert_match "statistics heading" '^--- 198\.18\.0\.1 statistics ---$' "$NW_OUT"
nw_assert_match "counts" "^3 sent, 3 received, 0% loss, time $NUM s$" "$NW_OUT"
nw_assert_match "rtt line, wire clock" "^rtt min/avg/max/mdev = $NUM/$NUM/$NUM/$NUM ms \(clock: wire" "$NW_OUT"
rtts=$(printf '%s\n' "$NW_OUT" | sed -n 's/^reply from .* rtt=\([0-9.]*\) ms.*/\1/p')
for r in $rtts; do
	{ nw_lt 0 "$r" && nw_lt "$r" 100; } || nw_fail "rtt $r ms is not in (0, 100) on a veth"
done
nw_pass "rtts in (0, 100) ms: $(echo "$rtts" | tr '\n' ' ')"
nw_assert_eq "broadcast requests on the wire" 1 "$(counter bcast)"
nw_assert_eq "unicast requests on the wire (after the first reply)" 2 "$(counter ucast)"

# 2. -b keeps broadcasting; no 'unicast' in the output.
counters_reset
nw_run 10 me nw-arping -b -c 3 -i 0.2 198.18.0.1
nw_assert_status "-b answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_nomatch "-b: no unicast replies" 'unicast' "$NW_OUT"
nw_assert_eq "-b: reply lines" 3 "$(printf '%s\n' "$NW_OUT" | grep -c '^reply from 198\.18\.0\.1 02:00:00:00:00:01 ')"
nw_assert_eq "-b: broadcast requests on the wire" 3 "$(counter bcast)"
nw_assert_eq "-b: unicast requests on the wire" 0 "$(counter ucast)"

# 3. -t MAC: every request unicast to MAC; to a MAC nobody has, no answer.
counters_reset
nw_run 10 me nw-arping -t 02:00:00:00:00:01 -c 3 -i 0.2 198.18.0.1
nw_assert_status "-t right MAC answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "-t: reply lines" 3 "$(printf '%s\n' "$NW_OUT" | grep -c '^reply from 198\.18\.0\.1 02:00:00:00:00:01 ')"
nw_assert_eq "-t: broadcast requests on the wire" 0 "$(counter bcast)"
nw_assert_eq "-t: unicast requests on the wire" 3 "$(counter ucast)"
nw_run 10 me nw-arping -t 02:00:00:00:00:99 -c 2 -i 0.2 -W 0.3 198.18.0.1
nw_assert_status "-t to a MAC nobody has: no answer" 1 "$NW_RC" "$NW_OUT$NW_ERR"

# 4. -q: only the summary block.
nw_run 10 me nw-arping -q -c 2 -i 0.2 198.18.0.1
nw_assert_status "-q answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_nomatch "-q: no header or reply lines" '^(ARPING|reply from|no reply)' "$NW_OUT"
nw_assert_match "-q: statistics heading" '^--- 198\.18\.0\.1 statistics ---$' "$NW_OUT"
nw_assert_match "-q: counts" '^2 sent, 2 received, 0% loss' "$NW_OUT"
n=$(printf '%s\n' "$NW_OUT" | grep -c .)
[ "$n" -le 3 ] || nw_fail "-q printed $n non-empty lines (expected the summary block: heading, counts, rtt)"
nw_pass "-q: $n non-empty lines"

# 5. --json: every line an object with the documented keys and values.
nw_run 10 me nw-arping --json -c 2 -i 0.2 198.18.0.1
nw_assert_status "--json answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "--json lines" "$NW_OUT" "$TYPES" \
	start:mode,family,target,interface,source_ip,source_mac \
	reply:seq,ip,mac,rtt_ms,clock,unicast \
	"summary:$SUMMARY"
nw_assert_eq "json start mode" request "$(nw_json_get "$NW_OUT" start mode)"
nw_assert_eq "json start family" ipv4 "$(nw_json_get "$NW_OUT" start family)"
nw_assert_eq "json start target" 198.18.0.1 "$(nw_json_get "$NW_OUT" start target)"
nw_assert_eq "json start interface" veth0 "$(nw_json_get "$NW_OUT" start interface)"
nw_assert_eq "json start source_ip" 198.18.0.2 "$(nw_json_get "$NW_OUT" start source_ip)"
nw_assert_eq "json start source_mac" 02:00:00:00:00:02 "$(nw_json_get "$NW_OUT" start source_mac)"
nw_assert_eq "json reply macs" "02:00:00:00:00:01 02:00:00:00:00:01" "$(nw_json_get "$NW_OUT" reply mac | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json reply seqs" "1 2" "$(nw_json_get "$NW_OUT" reply seq | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json reply unicast" "false true" "$(nw_json_get "$NW_OUT" reply unicast | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json reply clock" "wire wire" "$(nw_json_get "$NW_OUT" reply clock | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json summary sent" 2 "$(nw_json_get "$NW_OUT" summary sent)"
nw_assert_eq "json summary received" 2 "$(nw_json_get "$NW_OUT" summary received)"
nw_assert_eq "json summary exit" 0 "$(nw_json_get "$NW_OUT" summary exit)"
nw_assert_eq "json summary conflict" false "$(nw_json_get "$NW_OUT" summary conflict)"
rtt=$(nw_json_get "$NW_OUT" summary rtt_ms)
printf '%s' "$rtt" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
assert isinstance(r, dict) and all(isinstance(r.get(k), (int, float)) for k in ("min", "avg", "max", "mdev")), r
assert 0 < r["min"] <= r["avg"] <= r["max"], r
' || nw_fail "json summary rtt_ms is not {min,avg,max,mdev} with min <= avg <= max: $rtt"
nw_pass "json summary rtt_ms $rtt"
nw_assert_eq "--json: nothing on stderr" "" "$NW_ERR"

# 6. No answer (an address nobody holds): exit 1, within the deadline.
nw_run 10 me nw-arping -c 2 -W 0.5 198.18.0.77
nw_assert_status "silent address" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_lt "$NW_SECS" 3 || nw_fail "-c 2 -W 0.5 took $NW_SECS s (expected about 1.5 s, < 3 s)"
nw_pass "-c 2 -W 0.5 ended in $NW_SECS s"
nw_assert_match "no reply line" "^no reply to seq=2 within $NUM s$" "$NW_OUT"
nw_assert_match "counts, 100% loss" "^2 sent, 0 received, 100% loss" "$NW_OUT"
nw_assert_nomatch "no rtt line without replies" '^reply from|^rtt min' "$NW_OUT"
nw_run 10 me nw-arping --json -c 1 -W 0.3 198.18.0.77
nw_assert_status "silent address, json" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "--json no answer" "$NW_OUT" "$TYPES" timeout:seq "summary:$SUMMARY"
nw_assert_eq "json rtt_ms null without replies" null "$(nw_json_get "$NW_OUT" summary rtt_ms)"
nw_assert_eq "json summary exit 1" 1 "$(nw_json_get "$NW_OUT" summary exit)"

# 7. 'gateway': the default route's router answers with its MAC.
nw_run 10 me nw-arping -c 1 gateway
nw_assert_status "gateway answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "gateway resolved to 198.18.0.1 on veth0" '^ARPING 198\.18\.0\.1 on veth0 ' "$NW_OUT"
nw_assert_match "gateway's MAC" '^reply from 198\.18\.0\.1 02:00:00:00:00:01 seq=1 ' "$NW_OUT"

# 8. Without -I the route picks the interface (and the source address).
nw_run 10 me nw-arping -c 1 198.18.1.1
nw_assert_status "second link answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "interface from the route" '^ARPING 198\.18\.1\.1 on veth1 from 198\.18\.1\.2 02:00:00:00:01:02$' "$NW_OUT"
nw_assert_match "other's MAC" '^reply from 198\.18\.1\.1 02:00:00:00:01:01 seq=1 ' "$NW_OUT"
# ... and -I overrides it (198.18.1.1 asked on veth0: nobody there answers).
nw_run 10 me nw-arping -I veth0 -c 1 -W 0.3 198.18.1.1
nw_assert_match "-I veth0 honoured" '^ARPING 198\.18\.1\.1 on veth0 ' "$NW_OUT"
nw_assert_status "198.18.1.1 is not on veth0's LAN" 1 "$NW_RC" "$NW_OUT$NW_ERR"

# 9. -w ends the run whatever else (no -c).
nw_run 10 me nw-arping -w 1.5 -i 0.2 198.18.0.1
nw_assert_status "-w 1.5 with answers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
{ nw_lt 1.2 "$NW_SECS" && nw_lt "$NW_SECS" 3; } || nw_fail "-w 1.5 took $NW_SECS s"
nw_pass "-w 1.5 ended after $NW_SECS s"
nw_assert_match "-w: summary" '^--- 198\.18\.0\.1 statistics ---$' "$NW_OUT"

# 10. No -c, no -w: runs until SIGINT, then prints the summary.  (env
# restores SIGINT's default, which bash ignores in background jobs.)
nw_bg me env --default-signal=INT nw-arping -i 0.2 198.18.0.1 >"$NW_TMP/int.out" 2>&1
pid=$NW_BG_PID
nw_wait_until 5 grep -q 'seq=2' "$NW_TMP/int.out" || nw_fail "no second reply within 5 s: $(cat "$NW_TMP/int.out")"
kill -INT "$pid"
nw_wait_pid "$pid" 3
rc=$?
out=$(cat "$NW_TMP/int.out")
nw_assert_status "SIGINT ends the run" 0 "$rc" "$out"
nw_assert_match "SIGINT: summary printed" '^[0-9]+ sent, [0-9]+ received' "$out"

nw_log "arping_basic: all checks passed"
exit 0
