#!/bin/bash
# handshake_connect.sh: nw-handshake connect HOST PORT, a real connection
# from the system's TCP stack traced while it happens, against python3 -m
# http.server in another namespace:
#   1. --http / to an HTTP/1.1 server (keeps the connection open, so the
#      client closes first): the client's states go SYN_SENT, ESTABLISHED,
#      FIN_WAIT_1, then TIME_WAIT (FIN_WAIT_2 or CLOSING between them unless
#      the server's FIN came with the ACK of ours, as python's often does);
#      the answer's first line is the server's status line; the kernel
#      agrees that the client is in TIME_WAIT; --json, --ladder and -w too;
#      against a server that waits before closing, FIN_WAIT_2 shows;
#   2. --send STRING to an HTTP/1.0 server (it closes first): the client
#      goes CLOSE_WAIT, LAST_ACK, CLOSED;
#   3. a closed port: refused, exit 1, the SYN and the RST traced; the
#      server answered from CLOSED: '?' (not known yet) after the SYN,
#      CLOSED after the RST, never LISTEN or SYN_RECEIVED (it never
#      listened), in --oneline and --ladder;
#   4. usage errors: exit 2, one line.
#
# c veth0 198.18.0.1 <-> s veth0 198.18.0.2; 'www' names s (/etc/netns).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake python3 ss timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

hs_pair offload
{ mkdir -p "$NW_TMP/www" && echo "hello from s" >"$NW_TMP/www/index.html"; } || nw_fail "mkdir"
chmod 777 "$NW_TMP" # -w writes after the drop to nobody

nw_bg s python3 -m http.server --protocol HTTP/1.1 -b 198.18.0.2 --directory "$NW_TMP/www" 8011 \
	>"$NW_TMP/http11.log" 2>&1
hs_wait_listen s 8011
nw_bg s python3 -m http.server -b 198.18.0.2 --directory "$NW_TMP/www" 8010 >"$NW_TMP/http10.log" 2>&1
hs_wait_listen s 8010

# client_states TEXT: the client's states in --oneline output, repeats folded.
client_states() {
	printf '%s\n' "$1" | sed -n 's/.* client=\([A-Z_0-9?]*\) server=.*/\1/p' | uniq | tr '\n' ' ' | sed 's/ $//'
}

# 1. --http / to an HTTP/1.1 server: the client closes first.
nw_run 15 c nw-handshake --oneline -w "$NW_TMP/c1.pcap" connect 198.18.0.2 8011 --http /index.html
out=$NW_OUT
kc=$(hs_kernel_state c 0 8011)
nw_assert_status "connect --http" 0 "$NW_RC" "$out$NW_ERR"
nw_assert_eq "connect --http: nothing on stderr" "" "$NW_ERR"
st=$(client_states "$out")
case "$st" in
"SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT" | "SYN_SENT ESTABLISHED FIN_WAIT_1 CLOSING TIME_WAIT" | \
	"SYN_SENT ESTABLISHED FIN_WAIT_1 TIME_WAIT")
	nw_pass "client states: $st" ;;
*) printf '%s\n' "$out" >&2; nw_fail "client states: $st" ;;
esac
nw_assert_match "the GET went out" ' PSH,ACK seq=1 ack=1 len=[0-9]+ .* client=ESTABLISHED server=ESTABLISHED ' "$out"
nw_assert_match "the answer" '^answer: sent [0-9]+ B, received [0-9]+ B, first line "HTTP/1\.1 200 OK"$' "$out"
nw_assert_eq "the kernel has the client in TIME_WAIT too" TIME_WAIT "$kc"
nw_assert_eq "the server saw our request" 1 "$(grep -c 'GET /index.html HTTP/1.1" 200' "$NW_TMP/http11.log")"
back=$(nw-handshake --oneline -r "$NW_TMP/c1.pcap" 2>&1)
nw_assert_eq "-w: the traced packets read back" "$(printf '%s\n' "$out" | grep -c '^[0-9]')" "$(printf '%s\n' "$back" | grep -c '^[0-9]')"
nw_assert_eq "-w: the client states read back" "$st" "$(client_states "$back")"

nw_run 15 c nw-handshake --json connect 198.18.0.2 8011 --http /
nw_assert_status "connect --http --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "connect --json" "$NW_OUT" only=packet,connection,answer \
	packet:conn,dir,flags,seq,ack,len,client_state,server_state \
	connection:conn,end,client_state answer:sent,received,first_line,error
nw_assert_eq "json: the client ends in TIME_WAIT" TIME_WAIT "$(nw_json_get "$NW_OUT" connection client_state)"
nw_assert_eq "json: both FINs" fin "$(nw_json_get "$NW_OUT" connection end)"
nw_assert_eq "json: the status line" "HTTP/1.1 200 OK" "$(nw_json_get "$NW_OUT" answer first_line)"
nw_assert_eq "json: no error" null "$(nw_json_get "$NW_OUT" answer error)"

# The ladder: the client's states in the left margin.
nw_run 15 c nw-handshake --ladder connect 198.18.0.2 8011 --http /
nw_assert_status "connect --ladder" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "ladder: SYN_SENT on the left" '^#1 +[0-9.]+ SYN_SENT +\|-- SYN seq=0 ack=0 ' "$NW_OUT"
nw_assert_match "ladder: TIME_WAIT on the left" '^#1 +[0-9.]+ TIME_WAIT ' "$NW_OUT"

# A server that sends its ACK of our FIN alone, and its FIN 0.5 s later.
G=$NW_TMP/r.gate
nw_bg s python3 "$HS_PEER" server 198.18.0.2 8012 reply --bytes 3000 --sleep 0.5 --gate "$G" >"$NW_TMP/r.log" 2>&1
nw_wait_until 5 test -e "$G.listening" || nw_fail "reply server did not start"
nw_run 15 c nw-handshake --oneline connect 198.18.0.2 8012 --send 'hello\n'
nw_assert_status "connect --send to a slow closer" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "slow closer: client states" "SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT" "$(client_states "$NW_OUT")"
nw_assert_match "slow closer: the answer" '^answer: sent 6 B, received 3000 B, first line "r{200}"$' "$NW_OUT"

# 2. --send to an HTTP/1.0 server: it closes first.
nw_run 15 c nw-handshake --oneline connect 198.18.0.2 8010 --send 'GET / HTTP/1.0\r\n\r\n'
nw_assert_status "connect --send" 0 "$NW_RC" "$NW_OUT$NW_ERR"
st=$(client_states "$NW_OUT")
nw_assert_eq "passive close: client states" "SYN_SENT ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED" "$st"
nw_assert_match "--send: 18 bytes sent, the status line back" '^answer: sent 18 B, received [0-9]+ B, first line "HTTP/1\.0 200 OK"$' "$NW_OUT"

# 3. A closed port: refused.
nw_run 10 c nw-handshake --oneline connect 198.18.0.2 9
nw_assert_status "closed port" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "the SYN" ' SYN seq=0 ack=0 len=0 .* client=SYN_SENT server=\? ' "$NW_OUT"
nw_assert_match "the RST" ' RST,ACK .* client=CLOSED server=CLOSED ' "$NW_OUT"
nw_assert_nomatch "the server never listened" 'LISTEN|SYN_RECEIVED' "$NW_OUT"
nw_assert_match "refused" '^answer: sent 0 B, received 0 B; connect: Connection refused$' "$NW_OUT"
nw_run 10 c nw-handshake --ladder connect 198.18.0.2 9
nw_assert_status "closed port --ladder" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "ladder: top line CLOSED, ?" '^ +CLOSED +\?$' "$NW_OUT"
nw_assert_match "ladder: the RST from CLOSED" '^#1 +[0-9.]+ CLOSED +\|<-- RST,ACK .*-\| CLOSED$' "$NW_OUT"
nw_assert_nomatch "ladder: the server never listened" 'LISTEN|SYN_RECEIVED' "$NW_OUT"
nw_assert_match "ladder: refused, (CLOSED CLOSED)" ' end refused \(CLOSED CLOSED\)$' "$NW_OUT"

# 4. Usage errors.
for args in "connect 198.18.0.2" "connect 198.18.0.2 0" "connect 198.18.0.2 80 --http x" \
	"connect 198.18.0.2 80 --http / --send x" "-r f connect 198.18.0.2 80" "--http / -r f"; do
	# shellcheck disable=SC2086 # split on purpose
	nw_run 5 c nw-handshake $args
	nw_assert_status "usage: $args" 2 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "usage: $args: one line" 1 "$(printf '%s\n' "$NW_ERR" | grep -c '^nw-handshake: ')"
done

nw_log "handshake_connect: all checks passed"
exit 0
