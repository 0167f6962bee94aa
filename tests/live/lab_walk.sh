#!/bin/bash
# lab_walk.sh: the lab works as an internet: every host reaches what it
# should (and the home LAN's private block is not routed beyond
# home-router); DNS through the recursive resolver (A, AAAA, MX, TXT,
# CNAME) and with 'dig +trace' from the lab root; HTTP from the laptop
# through NAT, the web server seeing home-router's public address; NAT on
# the wire on both sides of home-router; the port forward from the public
# side; IPv6 HTTP without NAT; traceroute through isp1..isp3; every host's
# guard in place and untouched by the walk.  See docs/lab.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/lab.sh"
nw_require_root nw-lab nft nsd unbound nginx dig curl ping traceroute tcpdump python3 timeout flock
nw_setup
lab_setup l-

lab_up
STATE=/run/nw-lab/$LAB


# 1. Reachability.
for dst in 198.18.0.1 198.19.1.1 198.19.2.2 198.19.3.2 198.19.4.53 198.19.100.10 198.19.100.80 \
	2001:db8::1 2001:db8:1::1 2001:db8:3::2 2001:db8:4::53 2001:db8:100::80; do
	lab_at laptop ping -c 1 -W 2 "$dst"
	nw_assert_status "laptop reaches $dst" 0 "$NW_RC" "$NW_OUT$NW_ERR"
done
lab_at www ping -c 1 -W 2 2001:db8::2
nw_assert_status "www reaches the laptop over IPv6 (no NAT)" 0 "$NW_RC" "$NW_OUT$NW_ERR"
lab_at isp1 ping -c 1 -W 1 198.18.0.2
nw_assert_status "the private LAN is not routed beyond home-router" 1 "$NW_RC" "$NW_OUT$NW_ERR"
lab_at resolver ping -c 1 -W 2 198.19.100.30
nw_assert_status "the resolver reaches ns1.google.com" 0 "$NW_RC" "$NW_OUT$NW_ERR"

# 2. DNS through the recursive resolver (the laptop's resolv.conf).
q() {
	lab_at laptop dig +time=2 +tries=2 +short "$@"
	nw_assert_status "dig $*" 0 "$NW_RC" "$NW_OUT$NW_ERR"
}
q www.google.com A
nw_assert_eq "www.google.com A" 198.19.100.80 "$NW_OUT"
q www.google.com AAAA
nw_assert_eq "www.google.com AAAA" 2001:db8:100::80 "$NW_OUT"
q google.com MX
nw_assert_eq "google.com MX" "10 smtp.google.com." "$NW_OUT"
q google.com TXT
nw_assert_match "google.com TXT" '^"v=spf1 -all"$' "$NW_OUT"
q web.google.com A
nw_assert_eq "web.google.com: CNAME then A" "www.google.com. 198.19.100.80" "$(printf '%s\n' "$NW_OUT" | tr '\n' ' ' | sed 's/ $//')"
q google.com NS
nw_assert_eq "google.com NS" ns1.google.com. "$NW_OUT"
lab_at laptop dig +time=2 +tries=1 nosuch.google.com A
nw_assert_match "NXDOMAIN for a name that does not exist" 'status: NXDOMAIN' "$NW_OUT"
lab_at laptop dig +time=2 +tries=1 @198.19.4.53 www.google.com A
nw_assert_match "the resolver recurses (ra) and is not authoritative" 'flags: qr rd ra;' "$NW_OUT"
nw_assert_match "the resolver's own log shows the laptop's query arriving NATed" \
	'198\.19\.1\.2 www\.google\.com\. A IN' "$(cat "$STATE/resolver/unbound.log")"

# The glue and the referrals, asked directly.
lab_at laptop dig +norecurse +time=2 +tries=1 @198.19.100.20 www.google.com A
nw_assert_match "com. refers to ns1.google.com" '^google\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+NS[[:space:]]+ns1\.google\.com\.$' "$NW_OUT"
nw_assert_match "with glue" '^ns1\.google\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+198\.19\.100\.30$' "$NW_OUT"
lab_at laptop dig +norecurse +time=2 +tries=1 @198.19.100.30 www.google.com A
nw_assert_match "ns1.google.com is authoritative (aa)" 'flags: qr aa;' "$NW_OUT"

# dig +trace from the lab root: root, then com., then google.com.
lab_at laptop dig +trace +time=2 +tries=1 www.google.com A
nw_assert_status "dig +trace" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "trace: root NS from the resolver" '^\.[[:space:]].*NS[[:space:]]+a\.root-servers\.net\.$' "$NW_OUT"
nw_assert_match "trace: com. from the root" '^;; Received .* from .*\(a\.root-servers\.net\)' "$NW_OUT"
nw_assert_match "trace: google.com. from a.gtld-servers.net" '^;; Received .* from .*\(a\.gtld-servers\.net\)' "$NW_OUT"
nw_assert_match "trace: the answer from ns1.google.com" '^;; Received .* from .*\(ns1\.google\.com\)' "$NW_OUT"
nw_assert_match "trace: the A record" '^www\.google\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+198\.19\.100\.80$' "$NW_OUT"

# 3. HTTP from the laptop through NAT, with a capture on both sides of
# home-router: the LAN side carries the laptop's private address, the
# public side home-router's public address; www logs the public one.
nw_bg "l-home-router" timeout 10 tcpdump -l -n -i br-lan -c 1 'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0 and dst port 80' >"$NW_TMP/lan.txt" 2>"$NW_TMP/lan.err"
lan_pid=$NW_BG_PID
nw_bg "l-home-router" timeout 10 tcpdump -l -n -i wan0 -c 1 'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0 and dst port 80' >"$NW_TMP/wan.txt" 2>"$NW_TMP/wan.err"
wan_pid=$NW_BG_PID
nw_wait_until 5 grep -q 'listening on br-lan' "$NW_TMP/lan.err" || nw_fail "tcpdump on br-lan did not start: $(cat "$NW_TMP/lan.err")"
nw_wait_until 5 grep -q 'listening on wan0' "$NW_TMP/wan.err" || nw_fail "tcpdump on wan0 did not start: $(cat "$NW_TMP/wan.err")"
: >"$STATE/www/access.log.mark"
lines_before=$(wc -l <"$STATE/www/access.log")
lab_at laptop curl -4 -sS -m 5 -A nwlab-walk-v4 http://www.google.com/
nw_assert_status "HTTP from the laptop" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "the page" '<h1>www\.google\.com</h1>' "$NW_OUT"
nw_wait_pid "$lan_pid" 5 || nw_fail "no SYN on br-lan: $(cat "$NW_TMP/lan.txt" "$NW_TMP/lan.err")"
nw_wait_pid "$wan_pid" 5 || nw_fail "no SYN on wan0: $(cat "$NW_TMP/wan.txt" "$NW_TMP/wan.err")"
nw_assert_match "LAN side: from the laptop's private address" '198\.18\.0\.2\.[0-9]+ > 198\.19\.100\.80\.80:' "$(cat "$NW_TMP/lan.txt")"
nw_assert_match "public side: from home-router's public address" '198\.19\.1\.2\.[0-9]+ > 198\.19\.100\.80\.80:' "$(cat "$NW_TMP/wan.txt")"
log=$(tail -n +"$((lines_before + 1))" "$STATE/www/access.log" | grep nwlab-walk-v4)
nw_assert_match "www sees home-router's public address" '^198\.19\.1\.2 .*"GET / HTTP/1\.1" 200 ' "$log"
nw_assert_nomatch "www never sees the laptop's private address" '^198\.18\.' "$(cat "$STATE/www/access.log")"

# 4. IPv6 HTTP: no NAT, www sees the laptop's own address.
lab_at laptop curl -6 -sS -m 5 -A nwlab-walk-v6 http://www.google.com/
nw_assert_status "IPv6 HTTP from the laptop" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "the page over IPv6" '<h1>www\.google\.com</h1>' "$NW_OUT"
nw_assert_match "www sees the laptop's IPv6 address" '^2001:db8::2 .*"nwlab-walk-v6"$' "$(cat "$STATE/www/access.log")"

# 5. The port forward, from the public side (isp3): home-router's public
# address port 8080 reaches the LAN web server, which sees isp3.
lab_at isp3 curl -sS -m 5 -A nwlab-walk-fwd http://198.19.1.2:8080/
nw_assert_status "port forward from the public side" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "the LAN server's page" '<h1>nas\.home</h1>' "$NW_OUT"
nw_assert_match "nas sees the public client's address" '^198\.19\.3\.2 .*"nwlab-walk-fwd"$' "$(cat "$STATE/nas/access.log")"
lab_at isp3 curl -sS -m 2 http://198.19.1.2:80/
[ "$NW_RC" != 0 ] || nw_fail "home-router's public port 80 should not be forwarded"
nw_pass "only port 8080 is forwarded (curl exit $NW_RC on port 80)"

# 6. traceroute through isp1..isp3.
lab_at laptop traceroute -n -q 1 -w 2 www.google.com
nw_assert_status "traceroute" 0 "$NW_RC" "$NW_OUT$NW_ERR"
hops=$(printf '%s\n' "$NW_OUT" | awk 'NR > 1 { print $2 }' | tr '\n' ' ' | sed 's/ $//')
nw_assert_eq "traceroute hops" "198.18.0.1 198.19.1.1 198.19.2.2 198.19.3.2 198.19.100.80" "$hops"
# The ISP links' delays (2, 5 and 3 ms each way) add up hop by hop: about
# 0, 4, 14, 20 and 20 ms (at least 90% of that, at most 30 ms more).
rtts=$(printf '%s\n' "$NW_OUT" | awk 'NR > 1 { print $3 }' | tr '\n' ' ' | sed 's/ $//')
printf '%s\n' "$rtts" | awk '{ split("0 4 14 20 20", w); for (i = 1; i <= 5; i++) if ($i < 0.9 * w[i] || $i > w[i] + 30) exit 1 }' ||
	nw_fail "traceroute RTTs $rtts ms do not follow the link delays (about 0 4 14 20 20 ms): $NW_OUT"
nw_pass "traceroute RTTs $rtts ms grow with the link delays"

# 7. Every host has the guard (nothing leaves for an address outside the
# lab's ranges), and after the whole walk no host tried to send one.
for h in laptop nas home-router isp1 isp2 isp3 resolver root-ns com-ns google-ns www; do
	lab_at "$h" nft list counter inet lab_guard outside
	nw_assert_status "$h has the guard" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "$h: nothing sent outside the lab" 'packets 0 bytes 0' "$NW_OUT"
	lab_at "$h" nft list chain inet lab_guard output
	nw_assert_match "$h: IPv4 outside 198.18.0.0/15 dropped" 'ip daddr != @lab4 counter name "outside" drop' "$NW_OUT"
	nw_assert_match "$h: IPv6 outside 2001:db8::/32 dropped" 'ip6 daddr != @lab6 counter name "outside" drop' "$NW_OUT"
done

nw_log "lab_walk: all checks passed"
exit 0
