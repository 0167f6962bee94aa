# shellcheck shell=bash
#
# diamond.sh: an ECMP diamond for the traceroute tests, sourced after
# tests/lib/netns.sh (and nw_setup); it sources chain.sh for the routers'
# ICMP settings and the server's addresses.
#
#                   .-- r2a --.
#   nw_diamond   client -- r1            r3 -- server
#                   '-- r2b --'
#
# r1 reaches the server's networks over a multipath route (one nexthop via
# r2a, one via r2b) hashed on the 5-tuple (fib_multipath_hash_policy 1, IPv4
# and IPv6): each flow (addresses, protocol, ports) keeps to one branch, a
# new source or destination port may take the other.  Links and the address
# each router answers a trace from the client with (the one facing back):
#   client -- r1   198.18.0.0/24  2001:db8:0:0::/64  hop 1: 198.18.0.2
#   r1 -- r2a      198.18.1.0/24  2001:db8:0:1::/64  hop 2: 198.18.1.2
#   r1 -- r2b      198.18.2.0/24  2001:db8:0:2::/64  hop 2: 198.18.2.2
#   r2a -- r3      198.18.3.0/24  2001:db8:0:3::/64  hop 3: 198.18.3.2
#   r2b -- r3      198.18.4.0/24  fe80::4:1, fe80::4:2 (link-local alone)
#   r3 -- server   198.19.0.0/24  2001:db8:1::/64    hop 4: 198.19.0.2
# (the left side of a link is .1 / ::1, the right side .2 / ::2).  r3 routes
# back through r2a alone, so it answers from 198.18.3.2 / 2001:db8:0:3::2
# whichever branch the probe came in by: the branches merge at hop 3.  (IPv4
# takes an ICMP error's source from the route back, icmp_errors_use_inbound_
# ifaddr 0; IPv6 prefers the interface the probe came in by, so r3's side
# of the r2b link has no global address and RFC 6724's longest match picks
# 2001:db8:0:3::2.)

. "${NW_SRCDIR:-.}/tests/lib/chain.sh"

# shellcheck disable=SC2034 # for the tests that source this file
NW_DIAMOND_HOP1_4=198.18.0.2
# shellcheck disable=SC2034
NW_DIAMOND_HOP1_6=2001:db8::2
# shellcheck disable=SC2034
NW_DIAMOND_R2A_4=198.18.1.2
# shellcheck disable=SC2034
NW_DIAMOND_R2A_6=2001:db8:0:1::2
# shellcheck disable=SC2034
NW_DIAMOND_R2B_4=198.18.2.2
# shellcheck disable=SC2034
NW_DIAMOND_R2B_6=2001:db8:0:2::2
# shellcheck disable=SC2034
NW_DIAMOND_MERGE_4=198.18.3.2
# shellcheck disable=SC2034
NW_DIAMOND_MERGE_6=2001:db8:0:3::2

# nw_diamond__link LEFT LIFN RIGHT RIFN K [V6]: link K, 198.18.K.0/24 and
# V6 1 and 2 /64 (V6 default 2001:db8:0:K::).
nw_diamond__link() {
	local v6=${6:-2001:db8:0:$5::}
	nw_link "$1" "$2" "$3" "$4"
	nw_addr "$1" "$2" "198.18.$5.1/24"
	nw_addr "$1" "$2" "${v6}1/64"
	nw_addr "$3" "$4" "198.18.$5.2/24"
	nw_addr "$3" "$4" "${v6}2/64"
}

# nw_diamond: build it (hosts client, r1, r2a, r2b, r3, server).
nw_diamond() {
	local r fam
	nw_host client
	nw_host server
	nw_chain__no_ratelimit server
	for r in r1 r2a r2b r3; do
		nw_router "$r"
		nw_chain__no_ratelimit "$r"
	done
	nw_diamond__link client to1 r1 in0 0
	nw_diamond__link r1 a0 r2a in0 1
	nw_diamond__link r1 b0 r2b in0 2
	nw_diamond__link r2a out0 r3 a0 3
	nw_diamond__link r2b out0 r3 b0 4 fe80::4:
	nw_link r3 out0 server eth0
	nw_addr r3 out0 198.19.0.1/24
	nw_addr r3 out0 2001:db8:1::1/64
	nw_addr server eth0 198.19.0.2/24
	nw_addr server eth0 2001:db8:1::2/64
	for fam in ipv4 ipv6; do
		nw_sysctl r1 "net.$fam.fib_multipath_hash_policy" 1
		[ "$(nw_in r1 sysctl -n "net.$fam.fib_multipath_hash_policy")" = 1 ] ||
			nw_skip "no L4 multipath hashing for $fam here (fib_multipath_hash_policy)"
	done
	nw_route client default via 198.18.0.2
	nw_route client -6 default via 2001:db8::2
	nw_route r1 198.19.0.0/24 nexthop via 198.18.1.2 nexthop via 198.18.2.2
	nw_route r1 -6 2001:db8:1::/64 nexthop via 2001:db8:0:1::2 nexthop via 2001:db8:0:2::2
	nw_route r2a default via 198.18.1.1
	nw_route r2a -6 default via 2001:db8:0:1::1
	nw_route r2a 198.19.0.0/24 via 198.18.3.2
	nw_route r2a -6 2001:db8:1::/64 via 2001:db8:0:3::2
	nw_route r2b default via 198.18.2.1
	nw_route r2b -6 default via 2001:db8:0:2::1
	nw_route r2b 198.19.0.0/24 via 198.18.4.2
	nw_route r2b -6 2001:db8:1::/64 via fe80::4:2 dev out0
	nw_sysctl r3 net.ipv4.icmp_errors_use_inbound_ifaddr 0
	nw_route r3 default via 198.18.3.1
	nw_route r3 -6 default via 2001:db8:0:3::1
	nw_route server default via 198.19.0.1
	nw_route server -6 default via 2001:db8:1::1
	nw_diamond__warm
}

# Every link's neighbours resolved both ways before a test (the pings run
# side by side): a router that must first resolve where its ICMP error goes
# may drop a burst of them.
nw_diamond__warm() {
	local h pids=() what=()
	for h in "client 198.18.0.2" "client 2001:db8::2" "r1 198.18.1.2" "r1 2001:db8:0:1::2" \
		"r1 198.18.2.2" "r1 2001:db8:0:2::2" "r2a 198.18.3.2" "r2a 2001:db8:0:3::2" \
		"r2b 198.18.4.2" "r2b fe80::4:2%out0" "r3 198.19.0.2" "r3 2001:db8:1::2"; do
		nw_in "${h%% *}" ping -q -c 1 -W 3 "${h#* }" >/dev/null 2>&1 &
		pids+=("$!")
		what+=("$h")
	done
	for h in "${!pids[@]}"; do
		wait "${pids[$h]}" || nw_fail "diamond: ${what[$h]% *} cannot ping ${what[$h]#* }"
	done
}
