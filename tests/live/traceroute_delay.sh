#!/bin/bash
# traceroute_delay.sh: nw-traceroute along six real routers with a 10 ms
# one-way delay on every link (NW_CHAIN_DELAY_MS, nw-lab-delay), as on the
# internet: every hop found in order by UDP, ICMP and TCP over IPv4 and
# IPv6, the same hops as Debian's traceroute -n / -I / -T in the same run,
# and each hop's RTTs about 2 x 10 ms more than the hop before.
#
#   client -- r1 -- r2 -- r3 -- r4 -- r5 -- r6 -- server, 10 ms each way per link
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute traceroute nw-lab-delay iptables ip6tables timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/chain.sh"
D=10
NW_CHAIN_DELAY_MS=$D nw_chain 6

# hops TEXT: "TTL ADDRESS" for every hop line of traceroute-style TEXT.
hops() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }'
}

# The path, hop by hop: r1..r6 by the address facing the client, then the
# server.
want4="" want6=""
for k in 1 2 3 4 5 6; do
	want4+="$k $(nw_chain_hop4 "$k")"$'\n'
	want6+="$k $(nw_chain_hop6 "$k")"$'\n'
done
want4+="7 $NW_CHAIN_DST4"
want6+="7 $NW_CHAIN_DST6"

# rtts_grow WHAT TEXT: every hop k answered (three RTTs), the smallest of
# them at least 0.9 x 2kD (the delay is real) and at most 2kD + 40 ms (a
# loaded machine adds some), and more than D above the hop before: the
# RTTs grow along the path as the links add up.
rtts_grow() {
	printf '%s\n' "$2" | awk -v d="$D" -v what="$1" '
		$1 ~ /^[0-9]+$/ {
			k = $1; n = 0; min = -1
			for (i = 3; i <= NF; i++)
				if ($(i + 1) == "ms") { n++; if (min < 0 || $i + 0 < min) min = $i + 0 }
			if (n != 3) { printf "%s: hop %d has %d RTTs, not 3\n", what, k, n; bad = 1 }
			lo = 0.9 * 2 * k * d; hi = 2 * k * d + 40
			if (min < lo || min > hi) { printf "%s: hop %d RTT %.3f ms outside %.1f..%.1f\n", what, k, min, lo, hi; bad = 1 }
			if (k > 1 && min <= prev + d) { printf "%s: hop %d RTT %.3f ms not above hop %d (%.3f) + %d ms\n", what, k, min, k - 1, prev, d; bad = 1 }
			prev = min
		}
		END { exit bad }'
}

for m in "" -I -T; do
	for fam in 4 6; do
		dst=$NW_CHAIN_DST4 want=$want4
		[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6 want=$want6
		what="-$fam${m:+ $m}"
		nw_run 30 client traceroute -n "-$fam" ${m:+"$m"} "$dst"
		[ "$NW_RC" = 0 ] || nw_fail "traceroute $what failed: $NW_ERR"
		nw_assert_eq "traceroute $what: the chain's hops" "$want" "$(hops "$NW_OUT")"
		nw_run 30 client nw-traceroute -n "-$fam" ${m:+"$m"} "$dst"
		nw_assert_status "nw-traceroute $what reaches $dst" 0 "$NW_RC" "$NW_OUT$NW_ERR"
		nw_assert_eq "nw-traceroute $what hops = traceroute's" "$want" "$(hops "$NW_OUT")"
		rtts_grow "nw-traceroute $what" "$NW_OUT" || nw_fail "nw-traceroute $what: RTTs do not follow the delays: $NW_OUT"
		nw_pass "$what: 7 hops in order, RTTs growing by ~$((2 * D)) ms a hop"
	done
done
# A run stopped in the middle of a hop prints that hop as it stood: with
# 60 ms between probes, hop 1's (20 ms away) first two answers are in by
# the 130 ms deadline and its third is not.
nw_run 10 client nw-traceroute -n -z 60ms --deadline 130ms "$NW_CHAIN_DST4"
nw_assert_status "a run cut by --deadline is not reached (exit 1)" 1 "$NW_RC"
nw_assert_match "hop 1 as it stood: two answers and a *" \
	"^ 1  $(nw_chain_hop4 1)  [0-9.]* ms  [0-9.]* ms \*\$" "$NW_OUT"
nw_assert_match "stderr says from which hop on" 'stopped before the end of the path \(hops from 1 on' "$NW_ERR"
nw_run 10 client nw-traceroute -n --json -z 60ms --deadline 130ms "$NW_CHAIN_DST4"
nw_assert_match "JSON: cut_from_ttl" '"type":"summary".*"complete":false.*"cut_from_ttl":1' "$NW_OUT"
nw_assert_match "JSON: the cut hop's last probe was not answered" '"type":"hop","ttl":1,.*"status":"(waiting|cancelled)"' "$NW_OUT"
exit 0
