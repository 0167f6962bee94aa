#!/bin/bash
# watch_snapshot.sh: nw-watch's snapshot against ss on a known set of
# sockets (tests/lib/watch_sockets.py, a server and a client process in
# one namespace): listeners, established pairs (one with 100 bytes
# unread), a CLOSE_WAIT with its FIN_WAIT_2, a TIME_WAIT, an IPv6 pair, a
# connection waiting in an accept queue, a UDP socket.  Every socket, its
# state, queues, addresses, timer (TIME_WAIT's within a second) and
# processes as `ss -tanpo` shows them; the filters, the counts, JSON, the
# exit codes; run as nobody, the owners it cannot read are said.
#
# a veth0 198.18.0.1 2001:db8::1 <-> b veth0 198.18.0.2 2001:db8::2 (idle):
# tests/lib/watch.sh
# Helpers called only through nw_wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/watch.sh"
nw_require_root nw-watch ss python3 setpriv
nw_setup

watch_hosts
nw_wait_until 5 nw_in a ping -6 -c 1 -W 1 2001:db8::2 || nw_fail "IPv6 address not ready"

GEN=$NW_SRCDIR/tests/lib/watch_sockets.py
nw_bg a python3 "$GEN" server 198.18.0.1 2001:db8::1 "$NW_TMP/server.ready"
SERVER=$NW_BG_PID
nw_wait_until 5 test -e "$NW_TMP/server.ready" || nw_fail "server not ready"
nw_bg a python3 "$GEN" client 198.18.0.1 2001:db8::1 "$NW_TMP/client.ready"
CLIENT=$NW_BG_PID
nw_wait_until 5 test -e "$NW_TMP/client.ready" || nw_fail "client not ready"
# Settled once the server holds the 100 bytes and the TIME_WAIT is there.
settled() {
	nw_in a ss -tanH state time-wait | grep -q . &&
		nw_in a ss -tanH state close-wait | grep -q . &&
		nw_in a ss -tanH sport = :8001 | grep -q '^ESTAB *100 '
}
nw_wait_until 5 settled || nw_fail "sockets did not settle: $(nw_in a ss -tan)"

# The whole table, as ss sees it just before.
compare() { # WHAT SS-OPTIONS NW-WATCH-OPTIONS...
	local what=$1 ssopt=$2
	shift 2
	nw_in a ss "$ssopt" >"$NW_TMP/ss.out"
	nw_run 5 a nw-watch --json "$@"
	nw_assert_eq "$what: exit" 0 "$NW_RC"
	printf '%s\n' "$NW_OUT" >"$NW_TMP/watch.json"
	if ! python3 "$NW_SRCDIR/tests/lib/watch_compare.py" "$NW_TMP/ss.out" "$NW_TMP/watch.json" >"$NW_TMP/cmp" 2>&1; then
		cat "$NW_TMP/ss.out" "$NW_TMP/cmp" >&2
		nw_fail "$what: nw-watch and ss disagree"
	fi
	nw_pass "$what: $(cat "$NW_TMP/cmp")"
}
compare "TCP" -tanpoH
compare "UDP" -uanpoH -u

# What the table must hold, whatever ss says.
nw_run 5 a nw-watch --json
JSON=$NW_OUT
nw_json_check "JSON" "$JSON" only=socket,summary \
	socket:proto,state,local,local_port,peer,peer_port,recv_q,send_q,timer,processes,no_process \
	summary:sockets,states,processes_unreadable
states=$(nw_json_get "$JSON" socket state | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
nw_assert_eq "states" "CLOSE_WAIT=1 ESTABLISHED=6 FIN_WAIT_2=1 LISTEN=3 TIME_WAIT=1 " "$states"
tw=$(printf '%s\n' "$JSON" | grep '"TIME_WAIT"')
nw_assert_match "TIME_WAIT: its timer, no process" '"timer":"timewait","timer_ms":[0-9]+,.*"processes":\[\],"no_process":"time-wait"' "$tw"
server_pids=$(printf '%s\n' "$JSON" | grep '"state":"LISTEN"' | grep -c "\"pid\":$SERVER,")
nw_assert_eq "the listeners' process" 3 "$server_pids"
client_pid=$(printf '%s\n' "$JSON" | grep '"state":"ESTABLISHED".*"peer_port":800[12],' | grep -c "\"pid\":$CLIENT,")
nw_assert_eq "the client's process" 2 "$client_pid"
fw2=$(printf '%s\n' "$JSON" | grep '"FIN_WAIT_2"')
nw_assert_match "FIN_WAIT_2: closed by the client, no process" '"processes":\[\],"no_process":"orphan"' "$fw2"

# The text table and its counts.
nw_run 5 a nw-watch
nw_assert_eq "text: exit" 0 "$NW_RC"
nw_assert_match "text: header" '^State +Recv-Q +Send-Q +Local Address:Port +Peer Address:Port +Timer +Process$' "$NW_OUT"
nw_assert_match "text: TIME_WAIT row" '^TIME_WAIT +0 +0 +198\.18\.0\.1:[0-9]+ +198\.18\.0\.1:8001 +timewait [0-9]+\.[0-9]s +\(time-wait: no process\)$' "$NW_OUT"
nw_assert_match "text: IPv6 row" "^ESTABLISHED +0 +0 +\[2001:db8::1\]:8002 +\[2001:db8::1\]:[0-9]+ +- +$SERVER/python3\$" "$NW_OUT"
nw_assert_match "text: accept queue" '^LISTEN +1 +4 +198\.18\.0\.1:8003 +0\.0\.0\.0:\* ' "$NW_OUT"
nw_assert_match "text: counts" '^--- 12 TCP sockets: 3 LISTEN, 6 ESTABLISHED, 1 FIN_WAIT_2, 1 TIME_WAIT, 1 CLOSE_WAIT ---$' "$NW_OUT"

# Filters: each against the rows it must keep.
count() { # OPTIONS...: the number of sockets nw-watch lists (its count line)
	nw_run 5 a nw-watch -q "$@"
	[ "$NW_RC" = 0 ] || nw_fail "nw-watch $*: exit $NW_RC: $NW_ERR"
	printf '%s\n' "$NW_OUT" | sed -n 's/^--- \([0-9]*\) .*/\1/p'
}
nw_assert_eq "-p 8002" 3 "$(count -p 8002)"
# The listener, both ends of K and W, the client's TIME_WAIT (8001 at its peer end only).
nw_assert_eq "-p 8001" 6 "$(count -p 8001)"
nw_assert_eq "--host 2001:db8::1" 3 "$(count --host 2001:db8::1)"
nw_assert_eq "-6" 3 "$(count -6)"
nw_assert_eq "-4" 9 "$(count -4)"
nw_assert_eq "-l" 3 "$(count -l)"
nw_assert_eq "--state time-wait" 1 "$(count --state time-wait)"
nw_assert_eq "--state CLOSE_WAIT,fin-wait-2" 2 "$(count --state CLOSE_WAIT,fin-wait-2)"
nw_assert_eq "-4 -l -p 8003" 1 "$(count -4 -l -p 8003)"
nw_assert_eq "--host 198.18.0.2" 0 "$(count --host 198.18.0.2)"
nw_assert_eq "-u -l" 1 "$(count -u -l)"
nw_run 5 a nw-watch -q --state established
nw_assert_eq "-q: the counts only" "--- 6 TCP sockets: 6 ESTABLISHED ---" "$NW_OUT"

# Usage errors: exit 2 with a line naming the value.
for bad in "--state nosuch" "-p 0" "-p 70000" "--host nohost" "-l --state listen" "-4 --host 2001:db8::1" "extra"; do
	# shellcheck disable=SC2086 # one word per option on purpose
	nw_run 5 a nw-watch $bad
	nw_assert_eq "nw-watch $bad: exit" 2 "$NW_RC"
	nw_assert_match "nw-watch $bad: says why" '^nw-watch: ' "$NW_ERR"
done

# As nobody with no capability: the sockets all listed, the owners of
# root's processes not, and it says so naming the capabilities.
nw_run 5 a setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all nw-watch -q
nw_assert_eq "as nobody: exit" 0 "$NW_RC"
nw_assert_match "as nobody: all sockets" '^--- 12 TCP sockets' "$NW_OUT"
nw_assert_match "as nobody: the unreadable owners said" 'CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH' "$NW_ERR"
exit 0
