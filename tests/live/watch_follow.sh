#!/bin/bash
# watch_follow.sh: nw-watch -f (the polling backend) against connections
# closed in known ways (tests/lib/watch_conns.py; server and client are two
# processes in one namespace): a close from the client, a close from the
# server, a reset, then the TIME_WAITs ended with ss -K.  Both ends of each
# connection must read as their path through RFC 9293's diagram, the
# states that lasted seen and the short ones inferred (and counted), every
# line naming its end's process; the first line names the backend and
# says changes can be missed; -c stops it; exit codes.
#
# a veth0 198.18.0.1 <-> b veth0 198.18.0.2 (idle; a's address is the server's):
# tests/lib/watch.sh
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/watch.sh"
nw_require_root nw-watch ss python3
nw_setup

watch_hosts

GEN=$NW_SRCDIR/tests/lib/watch_conns.py
nw_bg a python3 "$GEN" server 198.18.0.1 8101 "$NW_TMP/server.ready"
SERVER=$NW_BG_PID
nw_wait_until 5 test -e "$NW_TMP/server.ready" || nw_fail "server not ready"

nw_bg a nw-watch -f --json --poll 20ms -w 9 >"$NW_TMP/watch.json" 2>"$NW_TMP/watch.err"
WATCH=$NW_BG_PID
nw_wait_until 5 grep -q '"type":"start"' "$NW_TMP/watch.json" || nw_fail "nw-watch -f did not start: $(cat "$NW_TMP/watch.err")"
nw_bg a python3 "$GEN" client 198.18.0.1 8101 "$NW_TMP/ports"
CLIENT=$NW_BG_PID
nw_wait_pid "$CLIENT" 10 || nw_fail "the client failed"
# The TIME_WAITs (the client's of C, the server's of S) end now.
nw_in a ss -K -tanH state time-wait '( sport = :8101 or dport = :8101 )' >/dev/null
sleep 0.3
kill -INT "$WATCH"
nw_wait_pid "$WATCH" 3
nw_assert_eq "nw-watch -f: exit after Ctrl-C" 0 "$?"
OUT=$(cat "$NW_TMP/watch.json")
nw_json_check "JSON" "$OUT" only=start,change,summary start:backend,poll_ms,may_miss \
	change:time,elapsed_s,local,local_port,peer,peer_port,from,to,inferred,process \
	summary:changes,inferred,polls,destroy_messages,overruns
if ! python3 "$NW_SRCDIR/tests/lib/watch_paths.py" "$NW_TMP/watch.json" "$NW_TMP/ports" 8101 "$SERVER" "$CLIENT" >"$NW_TMP/paths" 2>&1; then
	cat "$NW_TMP/paths" "$NW_TMP/watch.json" >&2
	nw_fail "nw-watch -f: paths"
fi
nw_pass "$(cat "$NW_TMP/paths")"

# Text: the first line names the backend and what it can miss; -c stops it.
nw_bg a nw-watch -f --poll 20ms -c 2 -p 8102 >"$NW_TMP/watch.txt" 2>&1
WATCH=$NW_BG_PID
nw_wait_until 5 grep -q '^nw-watch: backend poll' "$NW_TMP/watch.txt" || nw_fail "no first line"
nw_in a python3 -c 'import socket, time; s = socket.socket(); s.bind(("198.18.0.1", 8102)); s.listen(); time.sleep(0.3)'
nw_wait_pid "$WATCH" 3
nw_assert_eq "-c 2: exit" 0 "$?"
TXT=$(cat "$NW_TMP/watch.txt")
nw_assert_match "first line" '^nw-watch: backend poll: sock_diag every 20 ms, .*can be missed: states in parentheses are inferred$' "$TXT"
nw_assert_match "listen" '^[0-9:.]+ \+0\.000s 198\.18\.0\.1:8102 0\.0\.0\.0:\* CLOSED -> LISTEN [0-9]+/python3$' "$TXT"
nw_assert_match "and its end" '^[0-9:.]+ \+0\.[0-9]+s 198\.18\.0\.1:8102 0\.0\.0\.0:\* LISTEN -> CLOSED [0-9]+/python3$' "$TXT"
nw_assert_match "last line" '^--- 2 changes \(0 states inferred, 0 sockets seen only at their end\) in [0-9]+ polls' "$TXT"

for bad in "-c 3" "-w 1" "--poll 10ms" "-f -u" "-f -l" "-f --state listen" "-f --poll 0"; do
	# shellcheck disable=SC2086 # one word per option on purpose
	nw_run 5 a nw-watch $bad
	nw_assert_eq "nw-watch $bad: exit" 2 "$NW_RC"
done
exit 0
