#!/bin/bash
# traceroute_rounds.sh: nw-traceroute --rounds and --report (mtr's way)
# along four real routers (tests/lib/chain.sh): the table's hops are
# traceroute's, every hop sent one probe per round, a rate-limiting router
# shows part loss while the rest show none, the JSON statistics agree, the
# live table is redrawn in place on a terminal, and ^C ends with the table.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute traceroute script timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/chain.sh"
nw_chain 4

# rows TEXT: "TTL ADDRESS SNT LOSS" for each row of a --report table.
rows() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+\.$/ { sub(/\.$/, "", $1); print $1, $2, $4, $3 }'
}

nw_run 30 client traceroute -n "$NW_CHAIN_DST4"
want=$(printf '%s\n' "$NW_OUT" | awk '$1 ~ /^[0-9]+$/ { print $1, $2, 10, "0.0%" }')
nw_run 30 client nw-traceroute -n --report --interval 0.1 "$NW_CHAIN_DST4"
nw_assert_status "--report reaches" 0 "$NW_RC" "$NW_OUT"
nw_assert_eq "--report: traceroute's hops, 10 probes each, no loss" "$want" "$(rows "$NW_OUT")"
nw_assert_match "--report: the header names mtr's columns" \
	'Host +Loss% +Snt +Last +Avg +Best +Wrst +StDev +Jttr' "$NW_OUT"
nw_assert_match "--report: hop 3's times" "^  3\. $(nw_chain_hop4 3) +0\.0% +10( +[0-9]+\.[0-9]{3}){6}\$" "$NW_OUT"
[ "${NW_SECS%.*}" -lt 5 ] || nw_fail "--report: 10 rounds 0.1 s apart took $NW_SECS s"
# One round is "1 round" in the header (issue 17: plurals).
nw_run 30 client nw-traceroute -n --rounds 1 "$NW_CHAIN_DST4"
nw_assert_status "--rounds 1" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "--rounds 1: the header says 1 round" '^nw-traceroute to .*, 1 round$' "$NW_OUT"

# A router with an ICMP rate limit (a burst of 6, then one a second, per
# client; a client address of its own so no earlier run used its bucket).
nw_addr client to1 198.18.0.3/24
nw_sysctl r2 net.ipv4.icmp_ratelimit 1000
nw_run 30 client nw-traceroute -n --json --rounds 10 --interval 0.1 -s 198.18.0.3 "$NW_CHAIN_DST4"
nw_assert_status "--rounds past a rate-limiting router" 0 "$NW_RC" "$NW_OUT"
nw_json_check "--rounds --json" "$NW_OUT" start:rounds hop:round,ttl,probes \
	hop_stats:ttl,hosts,sent,received,loss_pct summary:reached,rounds only=start,hop,hop_stats,summary
nw_assert_eq "--rounds --json: ten rounds of five hops" 50 "$(nw_json_get "$NW_OUT" hop round | wc -l)"
nw_assert_eq "--rounds --json: every hop sent 10" "10 10 10 10 10" "$(nw_json_get "$NW_OUT" hop_stats sent | xargs)"
loss=$(nw_json_get "$NW_OUT" hop_stats loss_pct | xargs)
case "$loss" in
"0.0 "[1-9]*" 0.0 0.0 0.0") nw_pass "--rounds: hop 2 lost part, the rest none ($loss)" ;;
*) nw_fail "--rounds: loss per hop '$loss', wanted part at hop 2 only" ;;
esac
nw_assert_eq "--rounds --json: summary" "true 10" \
	"$(nw_json_get "$NW_OUT" summary reached) $(nw_json_get "$NW_OUT" summary rounds)"
nw_sysctl r2 net.ipv4.icmp_ratelimit 0

# On a terminal (script gives it one): the table redrawn in place each round.
nw_run 30 client script -qec "nw-traceroute -n --rounds 3 --interval 0.1 $NW_CHAIN_DST4" /dev/null
nw_assert_status "--rounds on a terminal" 0 "$NW_RC" "$NW_OUT"
redraws=$(printf '%s' "$NW_OUT" | grep -c $'\033\\[6A\033\\[J')
[ "$redraws" -ge 3 ] || nw_fail "--rounds on a terminal: $redraws redraws, wanted 3 or more"
nw_pass "--rounds on a terminal: the table redrawn $redraws times"

# ^C: the rounds stop and the table so far is printed.
nw_bg client nw-traceroute -n --rounds 1000 --interval 0.1 "$NW_CHAIN_DST4" >"$NW_TMP/int.out" 2>&1
pid=$NW_BG_PID
sleep 1
kill -INT "$pid"
nw_wait_pid "$pid" 10
rc=$?
nw_assert_status "^C ends --rounds" 0 "$rc" "$(cat "$NW_TMP/int.out")"
snt=$(rows "$(cat "$NW_TMP/int.out")" | awk '$1 == 5 { print $3 }')
if [ -z "$snt" ] || [ "$snt" -lt 3 ] || [ "$snt" -ge 1000 ]; then
	nw_fail "^C: hop 5 sent '$snt': $(cat "$NW_TMP/int.out")"
fi
nw_pass "^C after about 1 s: the table with $snt rounds"

# Usage errors.
for args in "--rounds 0" "--interval 1ms --rounds 2" "--rounds x"; do
	# shellcheck disable=SC2086 # $args is a word list
	nw_run 10 client nw-traceroute $args "$NW_CHAIN_DST4"
	nw_assert_status "nw-traceroute $args: usage error" 2 "$NW_RC"
done
exit 0
