#!/bin/bash
# watch_summary.sh: nw-watch -f --summary against the connections of
# tests/lib/watch_conns.py (closed from the client, from the server, by a
# reset), the first one's SYN dropped once (nftables quota) so that its
# connect time is the SYN's retransmission, about 1 s: the connections,
# the transitions per kind (the edges of the lines' paths) and the
# durations, in JSON (tests/lib/watch_summary_check.py) and as text;
# --summary without -f is a usage error.
#
# a veth0 198.18.0.1 <-> b veth0 198.18.0.2 (idle): tests/lib/watch.sh
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/watch.sh"
nw_require_root nw-watch ss nft python3
nw_setup

watch_hosts
# One SYN of 60 bytes fits under the quota, the next one does not.
nw_in a nft -f - <<'NFT' || nw_fail "nft"
table inet drop1 {
	chain out {
		type filter hook output priority 0;
		tcp dport 8111 tcp flags & (syn | ack) == syn quota until 100 bytes drop
	}
}
NFT

GEN=$NW_SRCDIR/tests/lib/watch_conns.py
nw_bg a python3 "$GEN" server 198.18.0.1 8111 "$NW_TMP/server.ready"
nw_wait_until 5 test -e "$NW_TMP/server.ready" || nw_fail "server not ready"
nw_bg a nw-watch -f --json --summary --poll 20ms -p 8111 -w 12 >"$NW_TMP/watch.json" 2>"$NW_TMP/watch.err"
WATCH=$NW_BG_PID
nw_wait_until 5 grep -q '"type":"start"' "$NW_TMP/watch.json" || nw_fail "nw-watch -f did not start: $(cat "$NW_TMP/watch.err")"
nw_bg a python3 "$GEN" client 198.18.0.1 8111 "$NW_TMP/ports"
nw_wait_pid "$NW_BG_PID" 10 || nw_fail "the client failed"
sleep 0.2
nw_in a ss -K -tanH state time-wait '( sport = :8111 or dport = :8111 )' >/dev/null
sleep 0.2
kill -INT "$WATCH"
nw_wait_pid "$WATCH" 3
nw_assert_eq "nw-watch -f --summary: exit after Ctrl-C" 0 "$?"
nw_json_check "JSON" "$(cat "$NW_TMP/watch.json")" only=start,change,summary \
	summary:changes,connections,active,passive,closed,transitions,connect_time,lifetime,time_wait_time
if ! python3 "$NW_SRCDIR/tests/lib/watch_summary_check.py" "$NW_TMP/watch.json" >"$NW_TMP/check" 2>&1; then
	cat "$NW_TMP/check" "$NW_TMP/watch.json" >&2
	nw_fail "nw-watch -f --summary"
fi
nw_pass "$(cat "$NW_TMP/check")"

# Text: after the last line, the summary's lines.
nw_run 5 a nw-watch -f -q --summary --poll 20ms -w 0.2
nw_assert_eq "text: exit" 0 "$NW_RC"
nw_assert_match "text: connections" '^summary: 0 connections began \(0 active, 0 passive\), 0 closed; times to within a poll \(20 ms\)$' "$NW_OUT"
nw_assert_match "text: connect time" '^connect time +0$' "$NW_OUT"
nw_assert_match "text: TIME_WAIT time" '^TIME_WAIT time +0$' "$NW_OUT"
nw_run 5 a nw-watch --summary
nw_assert_eq "--summary without -f: exit" 2 "$NW_RC"
exit 0
