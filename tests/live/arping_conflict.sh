#!/bin/bash
# arping_conflict.sh: two hosts claiming one IP with different MACs are
# flagged CONFLICT (text, once per new MAC, and a JSON conflict object);
# other hosts' ARP exchanges seen on the same LAN are shown as foreign
# replies and never change the exit status.  See docs/arping.md.
#
# LAN 198.18.0.0/24 on bridge br0 in "sw", MAC learning off on every port
# so the bridge floods unicast like a hub (the scanner sees other hosts'
# unicast ARP replies, as on a shared segment or a mirrored port):
#   me    veth0 198.18.0.2   02:00:00:00:00:02  (runs nw-arping)
#   a     veth0 198.18.0.1   02:00:00:00:00:01  \ both hold 198.18.0.1
#   b     veth0 198.18.0.1   02:00:00:00:00:66  / (kernel defaults: both answer)
#   e     veth0 198.18.0.3   02:00:00:00:00:03  (an ordinary live host)
#   c     veth0 198.18.0.5   02:00:00:00:00:05  (asks for d with Debian's arping)
#   d     veth0 198.18.0.9   02:00:00:00:00:09
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping arping bridge python3 timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/arping.sh" # TYPES, SUMMARY
PEER_ARPING=$(command -v arping)

nw_host sw
nw_bridge sw br0
for spec in me:02:198.18.0.2 a:01:198.18.0.1 b:66:198.18.0.1 e:03:198.18.0.3 c:05:198.18.0.5 d:09:198.18.0.9; do
	h=${spec%%:*}
	rest=${spec#*:}
	nw_lan_join sw br0 "$h" veth0 "02:00:00:00:00:${rest%%:*}" "${rest#*:}/24"
	nw_in sw bridge link set dev "p$h" learning off || nw_fail "learning off on p$h"
done
# Forget what was learned before learning went off (IPv6 MLD reports as the
# links came up), so unicast floods from now on.
nw_in sw ip link set br0 type bridge fdb_flush || nw_fail "fdb_flush"
nw_assert_eq "no learned MACs on the bridge" "" "$(nw_in sw bridge fdb show br br0 | grep -v permanent)"

# 1. Conflict: -b so both owners answer every request; the CONFLICT line
# names both MACs, once, and the run still counts as answered.
nw_run 10 me nw-arping -b -c 3 -i 0.2 198.18.0.1
nw_assert_status "conflicting owners still answer" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "CONFLICT line with both MACs" \
	'^CONFLICT: 198\.18\.0\.1 is claimed by (02:00:00:00:00:01 and 02:00:00:00:00:66|02:00:00:00:00:66 and 02:00:00:00:00:01) \(duplicate address or ARP spoofing\)$' "$NW_OUT"
nw_assert_eq "CONFLICT printed once per new MAC" 1 "$(printf '%s\n' "$NW_OUT" | grep -c '^CONFLICT:')"
nw_assert_match "replies from the first owner" '^reply from 198\.18\.0\.1 02:00:00:00:00:01 ' "$NW_OUT"

nw_run 10 me nw-arping --json -b -c 2 -i 0.2 198.18.0.1
nw_assert_status "conflict --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "conflict --json" "$NW_OUT" "$TYPES" conflict:ip,macs "summary:$SUMMARY"
nw_assert_eq "json conflict ip" 198.18.0.1 "$(nw_json_get "$NW_OUT" conflict ip | head -n 1)"
macs=$(nw_json_get "$NW_OUT" conflict macs | head -n 1 | python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin))))')
nw_assert_eq "json conflict macs" "02:00:00:00:00:01 02:00:00:00:00:66" "$macs"
nw_assert_eq "json summary conflict" true "$(nw_json_get "$NW_OUT" summary conflict)"

# 2. Foreign replies: c asks for d (Debian's arping, 10 requests/s for 3 s)
# while me asks for e (live) and then for 198.18.0.77 (nobody).
foreign_run() { # foreign_run EXPECTED_STATUS NW-ARPING-ARGS...
	local want=$1 pid
	shift
	nw_bg c "$PEER_ARPING" -q -c 30 -W 0.1 -i veth0 198.18.0.9 >/dev/null 2>&1
	pid=$NW_BG_PID
	sleep 0.3
	nw_run 10 me nw-arping "$@"
	nw_wait_pid "$pid" 6 >/dev/null 2>&1
	nw_assert_status "with foreign traffic: nw-arping $*" "$want" "$NW_RC" "$NW_OUT$NW_ERR"
}
foreign_run 0 -c 4 -i 0.3 -W 0.3 198.18.0.3
nw_assert_match "foreign reply line" \
	'^foreign reply: 198\.18\.0\.9 02:00:00:00:00:09 answered 198\.18\.0\.5 \(not our request\)$' "$NW_OUT"
nw_assert_match "own replies still counted" '^4 sent, 4 received, 0% loss' "$NW_OUT"
nw_assert_nomatch "foreign replies are not ours" '^reply from 198\.18\.0\.9' "$NW_OUT"
nw_assert_nomatch "a foreign reply is no conflict" '^CONFLICT' "$NW_OUT"

foreign_run 1 -c 3 -i 0.3 -W 0.3 198.18.0.77
nw_assert_match "foreign reply line (silent target)" '^foreign reply: 198\.18\.0\.9 02:00:00:00:00:09 answered 198\.18\.0\.5 ' "$NW_OUT"
nw_assert_match "silent target: 0 received" '^3 sent, 0 received, 100% loss' "$NW_OUT"

foreign_run 0 --json -c 4 -i 0.3 -W 0.3 198.18.0.3
nw_json_check "foreign --json" "$NW_OUT" "$TYPES" foreign:ip,mac,to_ip,to_mac "summary:$SUMMARY"
nw_assert_eq "json foreign ip" 198.18.0.9 "$(nw_json_get "$NW_OUT" foreign ip | head -n 1)"
nw_assert_eq "json foreign mac" 02:00:00:00:00:09 "$(nw_json_get "$NW_OUT" foreign mac | head -n 1)"
nw_assert_eq "json foreign to_ip" 198.18.0.5 "$(nw_json_get "$NW_OUT" foreign to_ip | head -n 1)"
nw_assert_eq "json foreign to_mac" 02:00:00:00:00:05 "$(nw_json_get "$NW_OUT" foreign to_mac | head -n 1)"
nw_assert_eq "json summary received" 4 "$(nw_json_get "$NW_OUT" summary received)"
nw_assert_eq "json summary exit" 0 "$(nw_json_get "$NW_OUT" summary exit)"

nw_log "arping_conflict: all checks passed"
exit 0
