#!/bin/bash
# watch_netns.sh: nw-watch --netns NAME, run from the initial namespace:
# only NAME's sockets (a listener on the same port in each of two
# namespaces: each run lists its own, with its process), -f too; a
# namespace that does not exist is a runtime error, a name with a slash a
# usage error.
#
# a veth0 198.18.0.1 <-> b veth0 198.18.0.2: tests/lib/watch.sh
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/watch.sh"
nw_require_root nw-watch python3
nw_setup

watch_hosts
LISTEN='import socket, sys, time
s = socket.socket(); s.bind((sys.argv[1], int(sys.argv[2]))); s.listen()
open(sys.argv[3], "w").close(); time.sleep(float(sys.argv[4]))'
nw_bg a python3 -c "$LISTEN" 198.18.0.1 8121 "$NW_TMP/a.ready" 20
PA=$NW_BG_PID
nw_bg b python3 -c "$LISTEN" 198.18.0.2 8121 "$NW_TMP/b.ready" 20
PB=$NW_BG_PID
nw_wait_until 5 test -e "$NW_TMP/a.ready" -a -e "$NW_TMP/b.ready" || nw_fail "listeners not ready"

for h in a b; do
	addr=198.18.0.1 pid=$PA other=198.18.0.2
	[ "$h" = b ] && addr=198.18.0.2 pid=$PB other=198.18.0.1
	nw_run 5 - nw-watch --netns "$(nw_ns "$h")" -p 8121
	nw_assert_eq "--netns $h: exit" 0 "$NW_RC"
	nw_assert_match "--netns $h: its listener and process" "^LISTEN +0 +[0-9]+ ${addr//./\\.}:8121 +0\.0\.0\.0:\* +- +$pid/python3$" "$NW_OUT"
	nw_assert_nomatch "--netns $h: not the other's" "${other//./\\.}" "$NW_OUT"
	nw_assert_match "--netns $h: one socket" '^--- 1 TCP socket: 1 LISTEN ---$' "$NW_OUT"
done

# -f: a listener made and closed in a, seen from outside.
nw-watch -f --netns "$(nw_ns a)" --poll 20ms -p 8122 -c 2 -w 5 >"$NW_TMP/follow.txt" 2>&1 &
WATCH=$!
NW_PIDS+=("$WATCH")
nw_wait_until 5 grep -q '^nw-watch: backend poll' "$NW_TMP/follow.txt" || nw_fail "-f --netns did not start: $(cat "$NW_TMP/follow.txt")"
nw_in a python3 -c "$LISTEN" 198.18.0.1 8122 "$NW_TMP/c.ready" 0.3
nw_wait_pid "$WATCH" 5
nw_assert_eq "-f --netns: exit" 0 "$?"
TXT=$(cat "$NW_TMP/follow.txt")
nw_assert_match "-f --netns: listen" '^[0-9:.]+ \+0\.000s 198\.18\.0\.1:8122 0\.0\.0\.0:\* CLOSED -> LISTEN [0-9]+/python3$' "$TXT"
nw_assert_match "-f --netns: its end" '^[0-9:.]+ \+0\.[0-9]+s 198\.18\.0\.1:8122 0\.0\.0\.0:\* LISTEN -> CLOSED [0-9]+/python3$' "$TXT"

nw_run 5 - nw-watch --netns "$(nw_ns nosuch)"
nw_assert_eq "--netns of none: exit" 3 "$NW_RC"
nw_assert_match "--netns of none: why" "^nw-watch: --netns $(nw_ns nosuch): cannot open /run/netns/" "$NW_ERR"
nw_run 5 - nw-watch --netns ../x
nw_assert_eq "--netns with a slash: exit" 2 "$NW_RC"
exit 0
