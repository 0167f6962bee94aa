#!/bin/bash
# handshake_silent.sh: nw-handshake connect HOST PORT to a port that never
# answers (its SYNs dropped by nftables on the server), as behind a
# firewall:
#   1. -W 1 gives up after about 1 s (not 1 s plus a wait for an RST that
#      cannot come), exit 1, "connect: Connection timed out";
#   2. the server's state is unknown, not SYN_RECEIVED: '?' after the SYN
#      in --oneline, --ladder (and its top line), --summary ("end
#      no-answer (SYN_SENT ?)") and --json ("server_state":"?");
#   3. SIGINT while it waits: exit 130 and "interrupted" on stderr (as
#      curl), at once, with the SYN traced and the answer line saying so.
#
# c veth0 198.18.0.1 <-> s veth0 198.18.0.2; s drops every SYN to port 7.
# Helpers called only through nw_wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake python3 ss nft timeout env
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

hs_pair offload
nw_in s nft -f - <<'EOF' || nw_fail "nft: drop SYNs to port 7 on s"
table inet silent {
	chain in {
		type filter hook input priority 0; policy accept;
		tcp dport 7 counter drop
	}
}
EOF

# 1. -W 1: about one second.
nw_run 10 c nw-handshake --oneline -W 1 connect 198.18.0.2 7
nw_assert_status "silent port" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_lt 0.95 "$NW_SECS" || nw_fail "-W 1 gave up too early: $NW_SECS s"
nw_lt "$NW_SECS" 1.25 || nw_fail "-W 1 took $NW_SECS s, not about 1 s"
nw_pass "-W 1 returned after $NW_SECS s"
nw_assert_match "timed out" '^answer: sent 0 B, received 0 B; connect: Connection timed out$' "$NW_OUT"

# 2. The server's state: unknown, in every output.
nw_assert_match "oneline: the SYN, the server unknown" \
	' SYN seq=0 ack=0 len=0 .* client=SYN_SENT server=\? \| ' "$NW_OUT"
nw_assert_nomatch "oneline: no state the server cannot have had" 'SYN_RECEIVED|LISTEN' "$NW_OUT"

nw_run 10 c nw-handshake --summary -W 1 connect 198.18.0.2 7
nw_assert_status "silent port --summary" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "summary: no answer, server unknown" \
	'^#1 198\.18\.0\.1:[0-9]+ > 198\.18\.0\.2:7 .* end no-answer \(SYN_SENT \?\)$' "$NW_OUT"

nw_run 10 c nw-handshake --ladder -W 1 connect 198.18.0.2 7
nw_assert_status "silent port --ladder" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "ladder: top line CLOSED, ?" '^ +CLOSED +\?$' "$NW_OUT"
nw_assert_match "ladder: the SYN, server ?" '^#1 +[0-9.]+ SYN_SENT +\|-- SYN seq=0 .*->\| \?$' "$NW_OUT"
nw_assert_nomatch "ladder: no SYN_RECEIVED, no LISTEN" 'SYN_RECEIVED|LISTEN' "$NW_OUT"

nw_run 10 c nw-handshake --json -W 1 connect 198.18.0.2 7
nw_assert_status "silent port --json" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "silent --json" "$NW_OUT" only=packet,connection,answer \
	packet:server_state,server_state_inferred connection:end,client_state,server_state
nw_assert_eq "json: the SYN's server_state" "?" "$(nw_json_get "$NW_OUT" packet server_state | sort -u)"
nw_assert_eq "json: not a guess either" false "$(nw_json_get "$NW_OUT" packet server_state_inferred | sort -u)"
nw_assert_eq "json: the connection's states" "SYN_SENT ?" \
	"$(nw_json_get "$NW_OUT" connection client_state) $(nw_json_get "$NW_OUT" connection server_state)"
nw_assert_eq "json: no answer" no-answer "$(nw_json_get "$NW_OUT" connection end)"

# 3. SIGINT while the SYN waits (-W 30): 130 and "interrupted", at once.
syn_sent() {
	[ -n "$(nw_in c ss -Htn state syn-sent dst 198.18.0.2:7)" ]
}
nw_bg c env --default-signal=INT nw-handshake --oneline -W 30 connect 198.18.0.2 7 \
	>"$NW_TMP/int.out" 2>"$NW_TMP/int.err"
pid=$NW_BG_PID
nw_wait_until 5 syn_sent || nw_fail "connect did not start: $(cat "$NW_TMP/int.err")"
start=$(nw_now)
kill -INT "$pid"
nw_wait_pid "$pid" 5
rc=$?
secs=$(nw_elapsed "$start")
nw_assert_status "SIGINT during connect" 130 "$rc" "$(cat "$NW_TMP/int.out" "$NW_TMP/int.err")"
nw_lt "$secs" 1 || nw_fail "SIGINT: took $secs s to stop"
nw_assert_eq "SIGINT: stderr" "nw-handshake: interrupted" "$(cat "$NW_TMP/int.err")"
out=$(cat "$NW_TMP/int.out")
nw_assert_match "SIGINT: the SYN was traced" ' SYN seq=0 ack=0 len=0 .* client=SYN_SENT server=\? ' "$out"
nw_assert_match "SIGINT: the answer line says so" '^answer: sent 0 B, received 0 B; interrupted$' "$out"

nw_log "handshake_silent: all checks passed"
exit 0
