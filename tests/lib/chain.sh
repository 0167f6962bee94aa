# shellcheck shell=bash
#
# chain.sh: a straight path of routers for the traceroute tests, sourced
# after tests/lib/netns.sh (and nw_setup).
#
#   nw_chain N    client -- r1 -- r2 -- ... -- rN -- server
#
# Link k (k = 0 .. N-1) joins hop k's left neighbour to router r(k+1):
# 198.18.k.0/24 and 2001:db8:0:k::/64, the left side .1 / ::1, the right
# side .2 / ::2.  The last link, rN -- server, is 198.19.0.0/24 and
# 2001:db8:1::/64 (rN .1 / ::1, the server .2 / ::2).  So hop k of a trace
# from the client answers from 198.18.(k-1).2 / 2001:db8:0:(k-1)::2 (the
# address facing the client) and the destination is 198.19.0.2 /
# 2001:db8:1::2, hop N+1.  The routers send ICMP errors without a rate
# limit, so a test sees every answer unless it drops some itself.
#
# NW_CHAIN_DELAY_MS=D (a decimal; unset or 0: none) gives every link of
# the chain, the server's too, a one-way delay of D ms in each direction
# (ns_delay: nw-lab-delay behind an NFQUEUE rule, at the router's end of
# the link, so the client's and the server's captures see the real wire).
# Hop k then answers after about 2*k*D ms and the server after
# 2*(N+1)*D.  A test that sets it needs nw-lab-delay, iptables and
# ip6tables on PATH (nw_require_root nw-lab-delay iptables ip6tables).

# shellcheck disable=SC2034 # for the tests that source this file
NW_CHAIN_DST4=198.19.0.2
# shellcheck disable=SC2034
NW_CHAIN_DST6=2001:db8:1::2

# nw_chain_hop4 K / nw_chain_hop6 K: the address hop K answers from.
nw_chain_hop4() {
	printf '198.18.%d.2' "$(($1 - 1))"
}
nw_chain_hop6() {
	if [ "$1" = 1 ]; then
		printf '2001:db8::2' # 2001:db8:0:0::2 as traceroute prints it (RFC 5952)
	else
		printf '2001:db8:0:%x::2' "$(($1 - 1))"
	fi
}

# nw_chain__no_ratelimit HOST: ICMP errors without a token bucket.
nw_chain__no_ratelimit() {
	nw_sysctl "$1" net.ipv4.icmp_ratelimit 0
	nw_sysctl "$1" net.ipv6.icmp.ratelimit 0
	nw_sysctl "$1" net.ipv4.icmp_msgs_per_sec 100000
	nw_sysctl "$1" net.ipv4.icmp_msgs_burst 100000
}

# nw_chain_quiet HOST [off]: HOST sends no time exceeded (IPv4 and IPv6), or
# again with 'off'.
nw_chain_quiet() {
	if [ "${2:-}" = off ]; then
		nw_in "$1" nft delete table inet quiet || nw_fail "nft delete in $1"
		return
	fi
	nw_in "$1" nft -f - <<'EOF' || nw_fail "nft in $1"
table inet quiet {
	chain out {
		type filter hook output priority 0;
		icmp type time-exceeded drop
		icmpv6 type time-exceeded drop
	}
}
EOF
}

# nw_chain N: build the path (hosts client, r1..rN, server).
nw_chain() {
	local n=$1 k left
	if [ "$n" -lt 1 ] || [ "$n" -gt 40 ]; then
		nw_fail "nw_chain: 1..40 routers, not '$n'"
	fi
	nw_host client
	nw_host server
	nw_chain__no_ratelimit server
	left=client
	for k in $(seq 1 "$n"); do
		nw_router "r$k"
		nw_chain__no_ratelimit "r$k"
		nw_link "$left" "to$k" "r$k" in0
		nw_addr "$left" "to$k" "198.18.$((k - 1)).1/24"
		nw_addr "$left" "to$k" "$(printf '2001:db8:0:%x::1/64' $((k - 1)))"
		nw_addr "r$k" in0 "198.18.$((k - 1)).2/24"
		nw_addr "r$k" in0 "$(printf '2001:db8:0:%x::2/64' $((k - 1)))"
		left="r$k"
	done
	nw_link "r$n" out0 server eth0
	nw_addr "r$n" out0 198.19.0.1/24
	nw_addr "r$n" out0 2001:db8:1::1/64
	nw_addr server eth0 198.19.0.2/24
	nw_addr server eth0 2001:db8:1::2/64
	nw_chain__routes "$n"
	case "${NW_CHAIN_DELAY_MS:-0}" in
	0) ;;
	*) nw_chain__delay "$n" "$NW_CHAIN_DELAY_MS" ;;
	esac
}

# nw_chain__delay N D: D ms each way on every link, made in the routers:
# r(k) delays link k-1 (in0), rN the server's link too (out0).
nw_chain__delay() {
	local n=$1 d=$2 k prog
	prog=$(command -v nw-lab-delay) || nw_fail "NW_CHAIN_DELAY_MS needs nw-lab-delay on PATH"
	for k in $(seq 1 "$n"); do
		ns_delay "$(nw_ns "r$k")" in0 1 "$d" 0 "$prog" || nw_fail "delay on r$k:in0"
	done
	ns_delay "$(nw_ns "r$n")" out0 2 "$d" 0 "$prog" || nw_fail "delay on r$n:out0"
}

# Towards the server: every router's default points back to the client,
# the server's networks go forward.
nw_chain__routes() {
	local n=$1 k
	nw_route client default via 198.18.0.2
	nw_route client -6 default via 2001:db8:0:0::2
	nw_route server default via 198.19.0.1
	nw_route server -6 default via 2001:db8:1::1
	for k in $(seq 1 "$n"); do
		if [ "$k" -gt 1 ]; then
			nw_route "r$k" default via "198.18.$((k - 1)).1"
			nw_route "r$k" -6 default via "$(printf '2001:db8:0:%x::1' $((k - 1)))"
		fi
		if [ "$k" -lt "$n" ]; then
			nw_route "r$k" 198.19.0.0/24 via "198.18.$k.2"
			nw_route "r$k" -6 2001:db8:1::/64 via "$(printf '2001:db8:0:%x::2' "$k")"
		fi
	done
}
