#!/bin/bash
# lab_demo.sh: `make demo` (tests/lib/demo.sh), README's main job, as a
# test: it walks the lab from the laptop and exits 0; the DNS walk starts
# at the lab's own root (nw-lab exec's NW_ROOT_HINTS), never at the
# built-in IANA root servers; every address a step names is a lab address
# (198.18.0.0/15, 2001:db8::/32); no lab namespace is left behind.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-lab nw-arping nw-resolve nw-handshake nw-traceroute nsd unbound nginx dig curl \
	tcpdump timeout flock
nw_setup

nw_run 120 - bash "${NW_SRCDIR:-.}/tests/lib/demo.sh" "${NW_BUILDDIR:-.}"
nw_assert_status "make demo" 0 "$NW_RC" "$NW_OUT$NW_ERR"
for step in "1. The laptop knows its gateway" "2. ...and must learn the gateway's MAC" \
	"3. What is www.google.com's address" "3b. The same, walked from the lab's root" \
	"4. The path" "5. Open a TCP connection" "6. NAT at work" "7. The port forward" "8. IPv6"; do
	nw_assert_match "step: $step" "^== $(printf '%s' "$step" | sed 's/[].[*^$\\/]/\\&/g')" "$NW_OUT"
done
# Step 4 is nw-traceroute's: home-router, isp1, isp2, isp3, www in that order.
nw_assert_eq "step 4: nw-traceroute, the routers in order" \
	"198.18.0.1 198.19.1.1 198.19.2.2 198.19.3.2 198.19.100.80" \
	"$(printf '%s\n' "$NW_OUT" | sed -n '/^laptop\$ nw-traceroute /,/^== /p' | awk '$1 ~ /^[0-9]+$/ { print $2 }' | xargs)"
nw_assert_match "the walk starts at the lab's root" '^;; root servers: /run/nw-lab/nwdemo[0-9]+-/resolver/root\.hints ' "$NW_OUT"
nw_assert_nomatch "never at the built-in (real) root servers" 'built-in IANA list' "$NW_OUT"
nw_assert_match "the DNS walk ends with the answer" '^;; result: answer' "$NW_OUT"
# Every address in the walk's lines ("asked NAME (ADDR#53)") is the lab's.
for a in $(printf '%s\n' "$NW_OUT" | sed -n 's/.*(\([0-9a-f:.]*\)#53).*/\1/p' | sort -u); do
	nw_addr_ok "$a" || nw_fail "the demo named $a, outside the lab's ranges"
done
nw_pass "every server the walk asked is a lab address"
left=$(ip netns list | grep -c '^nwdemo' || true)
nw_assert_eq "no demo namespace left" 0 "$left"
exit 0
