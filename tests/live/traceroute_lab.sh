#!/bin/bash
# traceroute_lab.sh: nw-traceroute inside nw-lab, from the laptop to
# www.google.com: home-router, isp1, isp2, isp3 and www in that order, over
# IPv4 (through home-router's conntrack NAT, which translates the quotes
# back: no hop is marked NAT) and IPv6 (no NAT), with UDP, ICMP and TCP
# probes; the same hops as Debian's traceroute shows.  See docs/lab.md for
# the lab and docs/traceroute.md for what the NAT does to the quotes.
#
# www answers with the kernel's default ICMP rate limit (a burst of 6, then
# one a second per peer), as a real host does: the runs after the first
# keep one probe per hop and five in flight, so only one probe reaches www
# per run, and the destination's answer is never the one rate-limited.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/lab.sh"
. "${NW_SRCDIR:-.}/tests/lib/traceroute.sh"
nw_require_root nw-lab nw-traceroute nft nsd unbound nginx traceroute python3 timeout flock
nw_setup
lab_setup t-

lab_up

HOPS4="1 198.18.0.1
2 198.19.1.1
3 198.19.2.2
4 198.19.3.2
5 198.19.100.80"
HOPS6="1 2001:db8::1
2 2001:db8:1::1
3 2001:db8:2::2
4 2001:db8:3::2
5 2001:db8:100::80"

# hops TEXT: "TTL ADDRESS" of each hop line (the first address).
hops() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }'
}

# The default run, by name: the path, each hop with its three answers.
lab_at laptop nw-traceroute -4 www.google.com
nw_assert_status "nw-traceroute -4 www.google.com reaches www" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "the destination resolved by the lab's DNS" '^nw-traceroute to www\.google\.com \(198\.19\.100\.80\)' "$NW_OUT"
nw_assert_eq "-4: home-router, isp1, isp2, isp3, www" "$HOPS4" "$(hops "$NW_OUT")"
nw_assert_eq "-4: every hop answered every probe" 0 "$(printf '%s\n' "$NW_OUT" | grep -c '\*')"
nw_assert_nomatch "-4: conntrack restores the quotes (no hop marked NAT)" 'NAT|rewritten' "$NW_OUT"

sleep 1.5 # www's ICMP bucket refills one token a second
lab_at laptop traceroute -n -4 -q 1 -N 5 www.google.com
nw_assert_status "Debian traceroute -4" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "-4: the same hops as Debian's traceroute" "$HOPS4" "$(hops "$NW_OUT")"

for m in -I -T; do
	sleep 1.5
	lab_at laptop nw-traceroute -n -4 "$m" -q 1 -N 5 www.google.com
	nw_assert_status "nw-traceroute -4 $m reaches www" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "-4 $m: home-router, isp1, isp2, isp3, www" "$HOPS4" "$(hops "$NW_OUT")"
done

lab_at laptop nw-traceroute -6 -q 1 -N 5 www.google.com
nw_assert_status "nw-traceroute -6 reaches www" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "-6: home-router, isp1, isp2, isp3, www" "$HOPS6" "$(hops "$NW_OUT")"

sleep 1.5
lab_at laptop nw-traceroute -4 -q 1 -N 5 --json www.google.com
nw_assert_status "--json reaches www" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "--json: the five hops" "$(printf '%s\n' "$HOPS4" | tr '\n' ' ' | sed 's/ $//')" \
	"$(tr_json_probes "$NW_OUT" '"%d %s" % (h["ttl"], p.get("from"))' | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "--json: no quote rewritten behind the NAT" "" \
	"$(tr_json_probes "$NW_OUT" 'h["ttl"] if p.get("nat") or "rewritten" in p else ""' | grep .)"
nw_assert_eq "--json: reached" true "$(nw_json_get "$NW_OUT" summary reached)"
exit 0
