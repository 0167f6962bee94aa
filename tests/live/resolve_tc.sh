#!/bin/bash
# resolve_tc.sh: truncation.  NSD answers the 200-address RRset
# big.example.test. with TC over UDP (it cannot fit 1232 octets); nw-resolve
# retries over TCP and returns the whole set, the same as dig +short;
# --ignore-tc keeps the truncated UDP answer; --tcp asks over TCP at once.
# The wire is checked with nftables counters on the server.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 nft timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_up

nw_in srv nft -f - <<'NFT' || nw_fail "nft counters"
table inet cnt {
	counter udp53 {}
	counter tcpsyn53 {}
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 53 counter name udp53
		tcp dport 53 tcp flags syn counter name tcpsyn53
	}
}
NFT
counter() {
	nw_in srv nft list counter inet cnt "$1" |
		awk '/packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1) }'
}
reset() {
	nw_in srv nft reset counters table inet cnt >/dev/null 2>&1 || nw_fail "cannot reset counters"
}

want=$(nw_in me dig +short @"$SRV4" big.example.test A | sort)
nw_assert_eq "dig sees all 200" 200 "$(printf '%s\n' "$want" | grep -c .)"

reset
nw_run 10 me nw-resolve --short @"$SRV4" big.example.test
nw_assert_status "TC then TCP" 0 "$NW_RC" "$NW_ERR"
nw_assert_eq "the whole set, as dig +short" "$want" "$(printf '%s\n' "$NW_OUT" | sort)"
nw_assert_eq "one UDP query" 1 "$(counter udp53)"
nw_assert_eq "one TCP connection" 1 "$(counter tcpsyn53)"

nw_run 10 me nw-resolve @"$SRV4" big.example.test
nw_assert_match "says it retried" 'Truncated, retrying in TCP mode' "$NW_OUT"
nw_assert_match "answered over TCP" '\(TCP\)' "$NW_OUT"
nw_run 10 me nw-resolve --json @"$SRV4" big.example.test
nw_assert_match "JSON: tcp after TC" '"transport":"tcp","truncated_udp":true' "$NW_OUT"

reset
nw_run 10 me nw-resolve --ignore-tc @"$SRV4" big.example.test
nw_assert_match "--ignore-tc: the TC answer" 'flags: qr aa tc rd;' "$NW_OUT"
nw_assert_eq "--ignore-tc: no TCP" 0 "$(counter tcpsyn53)"

reset
nw_run 10 me nw-resolve --short --tcp @"$SRV4" big.example.test
nw_assert_eq "--tcp: the whole set" "$want" "$(printf '%s\n' "$NW_OUT" | sort)"
nw_assert_eq "--tcp: no UDP" 0 "$(counter udp53)"
nw_assert_eq "--tcp: one connection" 1 "$(counter tcpsyn53)"
exit 0
