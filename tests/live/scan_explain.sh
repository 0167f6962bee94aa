#!/bin/bash
# scan_explain.sh: nw-scan --explain against a real listener, checked
# against tcpdump's capture of the same run (absolute numbers, -S):
#   - each open port has a handshake of three packets: our SYN, the
#     SYN/ACK, this machine's RST; their absolute seq and ack are the ones
#     tcpdump saw, their relative ones 0 / 0,1 / 1;
#   - the server's states: ? (before it answers), SYN_RECEIVED, LISTEN;
#   - the rules name the ISNs and "peer SEQ 0 + 1 (SYN)";
#   - text: the lines under the open port's row; closed ports have none;
#   - --explain with -sT is a usage error (exit 2).
# scanner veth0 198.18.0.1 <-> target veth0 198.18.0.2
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan python3 tcpdump timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/scan.sh"
scan_pair
nw_bg target python3 "$NW_SRCDIR/tests/lib/scan_greeter.py" 198.18.0.2 2222 'hello\r\n' 2323 \
	>"$NW_TMP/greeter.out" 2>&1
ready() { grep -q ready "$NW_TMP/greeter.out"; }
nw_wait_until 10 ready || nw_fail "the listeners did not start: $(cat "$NW_TMP/greeter.out")"

nw_bg scanner tcpdump -i veth0 -n -S -l -U tcp >"$NW_TMP/tcpdump.out" 2>"$NW_TMP/tcpdump.err"
tcpdump_up() { grep -q 'listening on' "$NW_TMP/tcpdump.err"; }
nw_wait_until 5 tcpdump_up || nw_fail "tcpdump did not start: $(cat "$NW_TMP/tcpdump.err")"

nw_run 20 scanner nw-scan --explain --json -p 2222,2323,2224 198.18.0.2
nw_assert_status "--explain --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "--explain --json" "$NW_OUT"
sleep 0.5 # the last RSTs into tcpdump's file
kill -INT "$NW_BG_PID" 2>/dev/null
nw_wait_pid "$NW_BG_PID" 5

hs=$(printf '%s\n' "$NW_OUT" | grep '"type":"handshake"')
nw_assert_eq "a handshake per open port" 2 "$(printf '%s\n' "$hs" | grep -c .)"
nw_assert_nomatch "none for the closed port" '"port":2224' "$hs"
# Each handshake against tcpdump's lines for its ports.
printf '%s\n' "$hs" | python3 "$NW_SRCDIR/tests/lib/scan_explain_check.py" "$NW_TMP/tcpdump.out" || { cat "$NW_TMP/tcpdump.out" >&2; nw_fail "--explain disagrees with tcpdump"; }
nw_pass "--explain: both handshakes are tcpdump's packets, numbers, rules and states"

nw_run 20 scanner nw-scan --explain -p 2222,2224 198.18.0.2
nw_assert_status "--explain" 0 "$NW_RC" "$NW_OUT$NW_ERR"
# under_row PORT: the lines after PORT's row in the table, up to the next row.
under_row() {
	printf '%s\n' "$NW_OUT" | awk -v p="$1/tcp" '$1 == p { on = 1; next } /^[0-9]+\/tcp/ { on = 0 } on'
}
nw_assert_match "text: our SYN first under the open row" \
	'^\|  +0\.000 ms  198\.18\.0\.1:[0-9]+ > 198\.18\.0\.2:2222  SYN seq=0 win=64240  \(server \?\)$' \
	"$(under_row 2222 | head -1)"
nw_assert_match "text: the RST, and the server back in LISTEN" \
	'^\|  +[0-9.]+ ms  198\.18\.0\.1:[0-9]+ > 198\.18\.0\.2:2222  RST seq=1 win=0  \(server LISTEN\)$' \
	"$(under_row 2222)"
nw_assert_eq "text: six lines under the open row" 6 "$(under_row 2222 | grep -c '^|')"
nw_assert_eq "text: nothing under the closed port" "" "$(under_row 2224 | grep '^|')"

nw_run 5 scanner nw-scan -sT --explain -p 2222 198.18.0.2
nw_assert_status "--explain -sT" 2 "$NW_RC" "$NW_ERR"
nw_assert_match "--explain -sT says why" 'explain needs the SYN method' "$NW_ERR"
