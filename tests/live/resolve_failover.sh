#!/bin/bash
# resolve_failover.sh: nw-resolve with a first server that does not answer
# (issue 17), beside the NSD of dns_lab.sh: DEAD (198.18.53.8, its packets
# dropped by nftables) times out, REFUSING (198.18.53.7 and
# 2001:db8:53::7, nothing listens) answers ICMP port unreachable.
# -f fails over as the stub does: with DEAD first (resolv.conf, or several
# @SERVER operands as dig takes them) every name is answered by the next
# server, IPv6 too, within a fraction of the budget.
# One query says what happened to each server that did not answer, in
# dig's words and order (";; communications error to ADDR#53: timed out",
# JSON "comm_errors"), and --short prints dig +short's lines when no
# server answers (not nothing).  A port that refuses (ICMP port
# unreachable) ends its try at once, "connection refused" as dig says it,
# instead of after the whole wait.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_start nft
DEAD=198.18.53.8 REFUSING=198.18.53.7 REFUSING6=2001:db8:53::7
nw_addr srv veth0 "$REFUSING/24"
nw_addr srv veth0 "$REFUSING6/64"
# Every port unreachable is sent: the kernel's ICMP rate limit would drop some.
nw_sysctl srv net.ipv4.icmp_ratelimit 0
nw_sysctl srv net.ipv6.icmp.ratelimit 0
dns_silent srv "$DEAD"

# same_as_dig WHAT: fail unless nw-resolve's output ($NW_OUT) is dig's ($expect).
same_as_dig() {
	[ "$NW_OUT" = "$expect" ] || nw_fail "$1: $(diff <(echo "$expect") <(echo "$NW_OUT") | head -5)"
	nw_pass "$1"
}

# ---- -f: the next server answers every name --------------------------------
names=$NW_TMP/names
seq -f 'h%04g.example.test' 0 199 >"$names"
expect=$(nw_in me dig +short +tries=1 +time=2 @"$SRV4" -f <(sed 's/$/ A/' "$names"))
nw_assert_eq "dig answers the 200 names" 200 "$(grep -c . <<<"$expect")"

printf 'nameserver %s\nnameserver %s\noptions timeout:2 attempts:2\n' "$DEAD" "$SRV4" >"$NW_TMP/dead-first.conf"
nw_run 30 me nw-resolve --short -f "$names" --resolv-conf "$NW_TMP/dead-first.conf"
nw_assert_status "-f, resolv.conf with a dead first server" 0 "$NW_RC" "$NW_ERR$(head -3 <<<"$NW_OUT")"
same_as_dig "-f: every name answered by the second, as dig"
# The budget is 2 servers x (2 + 4) s; the failover takes one retransmission timeout.
nw_lt "$NW_SECS" 4 || nw_fail "-f with a dead first server took $NW_SECS s"

nw_run 30 me nw-resolve --short -f "$names" @"$DEAD" @"$SRV4"
nw_assert_status "-f @DEAD @SRV4" 0 "$NW_RC" "$NW_ERR$(head -3 <<<"$NW_OUT")"
same_as_dig "-f @DEAD @SRV4: every name answered"

nw_run 30 me nw-resolve --short -f "$names" @"$DEAD" @"$SRV6"
nw_assert_status "-f @DEAD @SRV6 (IPv4 then IPv6)" 0 "$NW_RC" "$NW_ERR$(head -3 <<<"$NW_OUT")"
same_as_dig "-f @DEAD @SRV6: every name answered"

# Every server dead: TIMEOUT lines within the budget (2 servers x 0.2 s, one round).
nw_run 20 me nw-resolve -W 0.2 --tries 1 -f "$names" @"$DEAD" @"$SILENT"
nw_assert_status "-f, every server dead" 1 "$NW_RC" "$NW_ERR"
nw_assert_eq "200 TIMEOUT lines" 200 "$(grep -c $'\tTIMEOUT$' <<<"$NW_OUT")"
nw_lt "$NW_SECS" 2 || nw_fail "-f, every server dead, took $NW_SECS s (budget 0.4 s)"

# ---- one query: what happened to the first server ----------------------------
# comm_lines: the ";; communications error" lines of $NW_OUT.
comm_lines() {
	grep '^;; communications error' <<<"$NW_OUT"
}

nw_run 20 me nw-resolve -W 1 --tries 1 @"$DEAD" @"$SRV4" a.example.test
nw_assert_status "@DEAD @SRV4" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "the first line: what became of DEAD" \
	";; communications error to $DEAD#53: timed out" "$(head -1 <<<"$NW_OUT")"
nw_assert_match "then the answer, from SRV4" "^;; SERVER: $SRV4#53" "$NW_OUT"
ours=$(comm_lines)
nw_run 20 me dig +time=1 +tries=1 @"$DEAD" @"$SRV4" a.example.test
nw_assert_eq "the same line as dig's" "$(comm_lines)" "$ours"

# resolv.conf's order, two rounds: DEAD twice, the answer in the first round.
nw_run 20 me nw-resolve --resolv-conf "$NW_TMP/dead-first.conf" -W 0.5 a.example.test
nw_assert_status "resolv.conf, DEAD first" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "one line for DEAD" ";; communications error to $DEAD#53: timed out" "$(comm_lines)"

# --short: dig +short's lines, with an answer and without one.
nw_run 20 me nw-resolve --short -W 1 --tries 1 @"$DEAD" @"$SRV4" a.example.test
nw_assert_status "--short @DEAD @SRV4" 0 "$NW_RC" "$NW_ERR"
ours=$NW_OUT
nw_run 20 me dig +short +time=1 +tries=1 @"$DEAD" @"$SRV4" a.example.test
nw_assert_eq "--short @DEAD @SRV4 = dig +short" "$NW_OUT" "$ours"
nw_run 20 me nw-resolve --short -W 0.5 --tries 2 @"$DEAD" a.example.test
nw_assert_status "--short, no server answers" 1 "$NW_RC" "$NW_ERR"
nw_assert_eq "--short, no server answers: dig's lines" \
	";; communications error to $DEAD#53: timed out
;; communications error to $DEAD#53: timed out
;; no servers could be reached" "$NW_OUT"

# JSON: comm_errors, an array even when empty.
nw_run 20 me nw-resolve --json -W 0.5 --tries 1 @"$DEAD" @"$SRV4" a.example.test
nw_json_check "--json" "$NW_OUT" query:comm_errors only=query
nw_assert_match "--json: DEAD timed out" \
	"\"comm_errors\":\\[\\{\"server\":\"$DEAD\",\"port\":53,\"transport\":\"udp\",\"error\":\"timed out\"\\}\\]" "$NW_OUT"
nw_run 20 me nw-resolve --json @"$SRV4" a.example.test
nw_assert_match "--json: an empty array when every try was answered" '"comm_errors":\[\]' "$NW_OUT"

# ---- a port that refuses: noticed at once ---------------------------------------
nw_run 20 me nw-resolve --short -W 5 --tries 2 @"$REFUSING" a.example.test
nw_assert_status "--short @REFUSING" 1 "$NW_RC" "$NW_ERR"
nw_lt "$NW_SECS" 1 || nw_fail "@REFUSING took $NW_SECS s (dig: at once)"
ours=$NW_OUT
nw_run 20 me dig +short +time=5 +tries=2 @"$REFUSING" a.example.test
nw_assert_eq "@REFUSING = dig +short" "$NW_OUT" "$ours"
nw_assert_match "@REFUSING: connection refused" "^;; communications error to $REFUSING#53: connection refused$" "$ours"

for pair in "$REFUSING $SRV4" "$REFUSING6 $SRV6"; do
	read -r refusing next <<<"$pair"
	nw_run 20 me nw-resolve -W 5 @"$refusing" @"$next" a.example.test
	nw_assert_status "@$refusing @$next" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_lt "$NW_SECS" 1 || nw_fail "@$refusing @$next took $NW_SECS s: the refusal was not noticed"
	nw_assert_eq "@$refusing @$next: refused, then the answer" \
		";; communications error to $refusing#53: connection refused" "$(comm_lines)"
	nw_assert_match "@$refusing @$next: answered by $next" "^;; SERVER: $next#53" "$NW_OUT"
done
exit 0
