#!/bin/bash
# traceroute_nat.sh: nw-traceroute says where the path rewrote its probes.
#
#   client -- r1 -- r2 -- r3 -- r4 -- server   (tests/lib/chain.sh)
#
# 1. A stateless NAT in r2 (nftables payload rewriting, no conntrack) sends
#    the client's probes on from 198.18.200.1 / 2001:db8:200::1, UDP source
#    port 1024 and IPv4 ID 4660, and rewrites only the destination of what
#    comes back: the quotes of r3, r4 and the server keep the change, so
#    hop 3 must say "NAT after hop 2" and what changed, hops 4 and 5 "[NAT]",
#    hops 1 and 2 nothing; --json says the same per probe and in the summary.
# 2. Linux conntrack masquerade in r2 (what the lab's home-router does): the
#    probes leave r2 from 198.18.2.1 (seen on the wire), and conntrack
#    translates the quotes back (address, port and UDP checksum; the IPv4 ID
#    is never touched): nothing is flagged.  docs/traceroute.md has the
#    measurement.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute nft tcpdump python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/chain.sh"
. "${NW_SRCDIR:-.}/tests/lib/traceroute.sh"
nw_chain 4

nw_in r2 nft -f - <<'EOF' || nw_fail "nft in r2 (stateless NAT)"
table inet nwsnat {
	chain pre {
		type filter hook prerouting priority -300; policy accept;
		notrack
		ip daddr 198.18.200.1 ip daddr set 198.18.0.1
		ip6 daddr 2001:db8:200::1 ip6 daddr set 2001:db8::1
	}
	chain post {
		type filter hook postrouting priority 100; policy accept;
		oifname "to3" ip saddr 198.18.0.1 ip saddr set 198.18.200.1 ip id set 4660
		oifname "to3" ip6 saddr 2001:db8::1 ip6 saddr set 2001:db8:200::1
		oifname "to3" udp sport set 1024
	}
}
EOF

for fam in 4 6; do
	dst=$NW_CHAIN_DST4 me=198.18.0.1 nat=198.18.200.1 id=", IP ID [0-9]+ -> 4660"
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6 me=2001:db8::1 nat=2001:db8:200::1 id=""
	nw_run 30 client nw-traceroute -n "-$fam" -w 2 "$dst"
	nw_assert_status "-$fam: the destination reached through the stateless NAT" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	for ttl in 1 2; do
		nw_assert_nomatch "-$fam: hop $ttl's quotes are clean" 'NAT|rewritten' "$(tr_line "$NW_OUT" "$ttl")"
	done
	nw_assert_match "-$fam: hop 3 says where and what" \
		"^ 3  [0-9a-f.:]+ \[NAT after hop 2: source $me -> $nat, port [0-9]+ -> 1024$id\]  [0-9.]+ ms" \
		"$(tr_line "$NW_OUT" 3)"
	for ttl in 4 5; do
		nw_assert_match "-$fam: hop $ttl: [NAT]" "^ $ttl  [0-9a-f.:]+ \[NAT\]  [0-9.]+ ms" "$(tr_line "$NW_OUT" "$ttl")"
	done

	nw_run 30 client nw-traceroute -n "-$fam" -w 2 -q 1 --json "$dst"
	nw_assert_status "-$fam --json through the stateless NAT" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_json_check "-$fam --json" "$NW_OUT" hop:ttl,probes summary:rewrites only=start,hop,summary
	got=$(tr_json_probes "$NW_OUT" '"%d %s %s %s %s %s" % (h["ttl"], p["nat"], ",".join(p.get("rewritten", [])),
p.get("quoted_source", "-"), p.get("quoted_source_port", "-"), p.get("quoted_ip_id", "-"))')
	if [ "$fam" = 4 ]; then
		want="1 False  - - -
2 False  - - -
3 True source,source_port,ip_id $nat 1024 4660
4 True source,source_port,ip_id $nat 1024 4660
5 True source,source_port,ip_id $nat 1024 4660"
		rw='[{"ttl": 3, "after_ttl": 2, "nat": true, "changed": ["source", "source_port", "ip_id"]}]'
	else
		want="1 False  - - -
2 False  - - -
3 True source,source_port $nat 1024 -
4 True source,source_port $nat 1024 -
5 True source,source_port $nat 1024 -"
		rw='[{"ttl": 3, "after_ttl": 2, "nat": true, "changed": ["source", "source_port"]}]'
	fi
	nw_assert_eq "-$fam --json: each probe's rewrite" "$want" "$got"
	nw_assert_eq "-$fam --json: the summary says where it began" "$rw" "$(nw_json_get "$NW_OUT" summary rewrites)"
done

# ICMP echo: no port; the echo reply comes back through r2 too.
nw_run 30 client nw-traceroute -n -4 -I -w 2 "$NW_CHAIN_DST4"
nw_assert_status "-I through the stateless NAT" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-I: hop 3 says where and what" \
	"^ 3  [0-9.]+ \[NAT after hop 2: source 198\.18\.0\.1 -> 198\.18\.200\.1, IP ID [0-9]+ -> 4660\]  " \
	"$(tr_line "$NW_OUT" 3)"
nw_assert_nomatch "-I: hop 2 clean" 'NAT' "$(tr_line "$NW_OUT" 2)"

# r2 silent: the change is seen at hop 3, and only known to be after hop 1.
nw_in r2 nft add table inet quiet
nw_in r2 nft add chain inet quiet out '{ type filter hook output priority 0; }'
nw_in r2 nft add rule inet quiet out icmp type time-exceeded drop
nw_run 30 client nw-traceroute -n -4 -w 1 "$NW_CHAIN_DST4"
nw_assert_status "past a silent r2" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "a silent hop between: 'between hop 1 and hop 3'" \
	'^ 3  [0-9.]+ \[NAT between hop 1 and hop 3: source 198\.18\.0\.1 -> 198\.18\.200\.1, ' "$NW_OUT"
nw_in r2 nft delete table inet quiet
nw_in r2 nft delete table inet nwsnat

# 2. conntrack masquerade: translated on the way out, translated back in the quotes.
nw_in r2 nft -f - <<'EOF' || nw_fail "nft in r2 (masquerade)"
table ip nwmasq {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "to3" masquerade
	}
}
EOF
for m in "" -I -T; do
	pcap=$NW_TMP/masq.pcap
	rm -f "$pcap" "$NW_TMP/tcpdump.err"
	nw_bg r3 tcpdump -i in0 -n -U --immediate-mode -w "$pcap" "src host 198.18.2.1 and dst host $NW_CHAIN_DST4" 2>"$NW_TMP/tcpdump.err"
	nw_wait_until 5 grep -q listening "$NW_TMP/tcpdump.err" || nw_fail "tcpdump did not start"
	nw_run 30 client nw-traceroute -n -4 ${m:+"$m"} -w 2 --json "$NW_CHAIN_DST4"
	nw_assert_status "masquerade ${m:-(udp)}: reached" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	sleep 0.3
	kill -TERM "$NW_BG_PID" 2>/dev/null
	nw_wait_pid "$NW_BG_PID" 5 >/dev/null
	n=$(tcpdump -r "$pcap" -n 2>/dev/null | grep -c .)
	[ "$n" -ge 9 ] || nw_fail "masquerade ${m:-(udp)}: only $n probes seen leaving r2 translated"
	nw_pass "masquerade ${m:-(udp)}: $n probes left r2 from 198.18.2.1"
	nw_assert_eq "masquerade ${m:-(udp)}: no probe marked rewritten (conntrack restores the quotes)" \
		"" "$(tr_json_probes "$NW_OUT" 'h["ttl"] if p.get("nat") or "rewritten" in p else ""' | grep .)"
	nw_assert_eq "masquerade ${m:-(udp)}: no rewrites in the summary" "[]" "$(nw_json_get "$NW_OUT" summary rewrites)"
done
exit 0
