#!/bin/bash
# handshake_live.sh: nw-handshake -i, capturing live in a namespace while
# real connections happen:
#   1. a connection to python3 -m http.server while nw-handshake -i runs
#      (as root): it drops to nobody with no capabilities before the
#      connection, then prints the same packets (same numbers, flags,
#      states, rules) as nw-handshake -r on tcpdump's capture of the same
#      link, and its own -w file read back gives exactly its output;
#   2. -c COUNT stops it by itself: a SYN to a closed port (SYN, RST) with
#      -c 2, the refused connection reported;
#   3. --json live: one packet object per packet, the connection object at
#      the end (SIGINT);
#   4. -i says where it listens on stderr, in tcpdump's words ("listening
#      on veth0, link-type EN10MB (Ethernet), snapshot length ... bytes").
#
# c veth0 198.18.0.1 <-> s veth0 198.18.0.2
# Helpers called only through nw_wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake tcpdump python3 ss ethtool curl timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

NOBODY_UID=$(id -u nobody 2>/dev/null) || nw_skip "no user nobody"
NOBODY_GID=$(id -g nobody)

hs_pair plain
{ mkdir -p "$NW_TMP/www" && head -c 20000 /dev/urandom >"$NW_TMP/www/f"; } || nw_fail "make a file"
chmod 777 "$NW_TMP" # nw-handshake writes -w after dropping to nobody

status_field() { # status_field PID FIELD
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^ /, ""); print }' "/proc/$1/status" 2>/dev/null
}
dropped() { # dropped PID: running nw-handshake as nobody with no capability left
	local f
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = nw-handshake ] || return 1
	[ "$(status_field "$1" Uid)" = "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" ] || return 1
	[ "$(status_field "$1" Gid)" = "$NOBODY_GID $NOBODY_GID $NOBODY_GID $NOBODY_GID" ] || return 1
	for f in CapEff CapPrm CapInh CapAmb; do
		[ "$(status_field "$1" "$f")" = 0000000000000000 ] || return 1
	done
}

nw_bg s python3 -m http.server -b 198.18.0.2 --directory "$NW_TMP/www" 8001 >"$NW_TMP/http.log" 2>&1
hs_wait_listen s 8001

# 1. A live capture of one connection, compared with a file capture of it.
P=$NW_TMP/one.pcap
hs_cap_start c veth0 "$P" "tcp port 8001"
nw_bg c env --default-signal=INT nw-handshake -i veth0 -c 500 --oneline -w "$NW_TMP/live.pcap" \
	tcp port 8001 >"$NW_TMP/live.out" 2>"$NW_TMP/live.err"
pid=$NW_BG_PID
if ! nw_wait_until 3 dropped "$pid"; then
	grep -E '^(Name|Uid|Gid|Groups|Cap[A-Za-z]+):' "/proc/$pid/status" >&2
	nw_fail "nw-handshake -i (pid $pid) did not drop to nobody without capabilities: $(cat "$NW_TMP/live.err")"
fi
nw_pass "-i as root: running as uid/gid $NOBODY_UID/$NOBODY_GID, CapEff/CapPrm/CapInh/CapAmb zero"
nw_run 10 c curl -sS -o "$NW_TMP/f.got" http://198.18.0.2:8001/f
nw_assert_status "curl" 0 "$NW_RC" "$NW_ERR"
cmp -s "$NW_TMP/www/f" "$NW_TMP/f.got" || nw_fail "the file arrived damaged"
sleep 0.5
kill -INT "$pid"
nw_wait_pid "$pid" 5
rc=$?
nw_assert_status "-i stopped by SIGINT after packets" 0 "$rc" "$(cat "$NW_TMP/live.err")"
hs_cap_stop
live=$(cat "$NW_TMP/live.out")
n=$(printf '%s\n' "$live" | grep -c '^[0-9]')
[ "$n" -ge 8 ] || nw_fail "-i traced only $n packets: $live"
nw_pass "-i traced $n packets"
nw_assert_match "-i: the handshake, client SYN_SENT, server not known yet" ' SYN seq=0 ack=0 len=0 .* client=SYN_SENT server=\? ' "$live"
nw_assert_match "-i: the SYN,ACK shows the server listened" ' SYN,ACK seq=0 ack=1 .* client=ESTABLISHED server=SYN_RECEIVED ' "$live"
nw_assert_match "-i: the end, a TIME_WAIT" 'TIME_WAIT' "$live"
# The same packets from tcpdump's file: identical apart from the time column
# (tcpdump writes microseconds, the live capture has nanoseconds).
strip_time() { awk '{ $2 = ""; print }'; }
file=$(nw-handshake --oneline -r "$P" 2>&1)
if [ "$(printf '%s\n' "$live" | strip_time)" != "$(printf '%s\n' "$file" | strip_time)" ]; then
	diff <(printf '%s\n' "$file" | strip_time) <(printf '%s\n' "$live" | strip_time) | head -20 >&2
	nw_fail "-i output differs from -r of tcpdump's capture of the same link"
fi
nw_pass "-i output = -r of tcpdump's capture (all $n packets, apart from the time column)"
back=$(nw-handshake --oneline -r "$NW_TMP/live.pcap" 2>&1)
if [ "$live" != "$back" ]; then
	diff <(printf '%s\n' "$live") <(printf '%s\n' "$back") | head -20 >&2
	nw_fail "the -w file read back differs from the live output"
fi
nw_pass "-w file read back gives exactly the live output"
# 4. The 'listening on' line, word for word tcpdump's on the same link.
ours=$(grep 'listening on' "$NW_TMP/live.err")
theirs=$(grep 'listening on' "$P.err")
nw_assert_match "-i: a 'listening on' line on stderr" \
	'^nw-handshake: listening on veth0, link-type EN10MB \(Ethernet\), snapshot length [0-9]+ bytes$' "$ours"
nw_assert_eq "-i: the line as tcpdump's" "${theirs#tcpdump: }" "${ours#nw-handshake: }"

# 2. -c stops the live capture by itself: a SYN to a closed port and its RST.
nw_bg c nw-handshake -i veth0 -c 2 --summary tcp port 9 >"$NW_TMP/c2.out" 2>"$NW_TMP/c2.err"
pid=$NW_BG_PID
nw_wait_until 3 dropped "$pid" || nw_fail "-c 2: did not start: $(cat "$NW_TMP/c2.err")"
nw_run 5 c curl -sS http://198.18.0.2:9/
nw_assert_status "curl to a closed port is refused" 7 "$NW_RC" "$NW_ERR"
nw_wait_pid "$pid" 5
rc=$?
nw_assert_status "-c 2 ended by itself after 2 packets" 0 "$rc" "$(cat "$NW_TMP/c2.err")"
nw_assert_match "-c 2: the refused connection" '^#1 198\.18\.0\.1:[0-9]+ > 198\.18\.0\.2:9 .* 2 pkts .* end refused \(CLOSED CLOSED\)$' "$(cat "$NW_TMP/c2.out")"

# 3. --json live.
nw_bg c env --default-signal=INT nw-handshake -i veth0 -c 500 --json tcp port 8001 >"$NW_TMP/j.out" 2>"$NW_TMP/j.err"
pid=$NW_BG_PID
nw_wait_until 3 dropped "$pid" || nw_fail "--json: did not start: $(cat "$NW_TMP/j.err")"
nw_run 10 c curl -sS -o /dev/null http://198.18.0.2:8001/f
nw_assert_status "curl (json run)" 0 "$NW_RC" "$NW_ERR"
sleep 0.5
kill -INT "$pid"
nw_wait_pid "$pid" 5 || nw_fail "--json: exit status not 0: $(cat "$NW_TMP/j.err")"
out=$(cat "$NW_TMP/j.out")
nw_json_check "--json live" "$out" only=packet,connection \
	packet:conn,dir,flags,seq,ack,len,win,client_state,server_state,analysis \
	connection:conn,client,server,end,client_state,server_state
nw_assert_eq "--json live: the first packet is the client's SYN" S "$(nw_json_get "$out" packet flags | head -1)"
nw_assert_eq "--json live: one connection" 1 "$(nw_json_get "$out" connection conn | wc -l)"
nw_assert_eq "--json live: it ended with both FINs" fin "$(nw_json_get "$out" connection end)"

nw_log "handshake_live: all checks passed"
exit 0
