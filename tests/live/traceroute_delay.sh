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
exit 0
