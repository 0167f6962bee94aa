#!/bin/bash
# traceroute_chain.sh: nw-traceroute along a path of four real routers
# (tests/lib/chain.sh), compared hop by hop with Debian's traceroute, for
# UDP, ICMP and TCP over IPv4 and IPv6; the probes' flow fields checked on
# the wire (tcpdump, read back with tshark) for each flow mode; a silent
# router, a silent destination, -f/-m/-q/-N, --json and the usage errors.
#
#   client -- r1 -- r2 -- r3 -- r4 -- server (198.19.0.2, 2001:db8:1::2)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute traceroute tcpdump tshark timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/chain.sh"
nw_chain 4

# hops TEXT: "TTL ADDRESS" for every hop line of traceroute-style TEXT
# (the first address; '*' for a hop with none).
hops() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }'
}

# Every method and family: the same routers, in the same order, as
# traceroute -n shows them, and the destination reached (exit 0).
for m in "" -I -T; do
	for fam in 4 6; do
		dst=$NW_CHAIN_DST4
		[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6
		nw_run 30 client traceroute -n "-$fam" ${m:+"$m"} "$dst"
		[ "$NW_RC" = 0 ] || nw_fail "traceroute -$fam ${m:+"$m"} failed: $NW_ERR"
		want=$(hops "$NW_OUT")
		nw_run 30 client nw-traceroute -n "-$fam" ${m:+"$m"} "$dst"
		nw_assert_status "nw-traceroute -$fam ${m:+"$m"} reaches $dst" 0 "$NW_RC"
		got=$(hops "$NW_OUT")
		nw_assert_eq "nw-traceroute -$fam ${m:+"$m"} hops = traceroute's" "$want" "$got"
		[ "$(printf '%s\n' "$got" | wc -l)" = 5 ] || nw_fail "-$fam $m: not 5 hops: $got"
		hop3=$(nw_chain_hop4 3)
		[ "$fam" = 6 ] && hop3=$(nw_chain_hop6 3)
		nw_assert_match "-$fam ${m:+"$m"} hop 3 answers with its three RTTs" \
			"^ 3  $hop3  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$" "$NW_OUT"
	done
done

# The way back: r1 lowers the TTL of hop 3's answers as three more routers
# would (it forwards them with 60, not 62), so hop 3 alone shows tracepath's
# "asymm 5" (the symmetric hops show nothing: the loop above anchors them)
# and the JSON its return_hops.
nw_in r1 nft -f - <<EOF || nw_fail "nft in r1"
table inet asym {
	chain back {
		type filter hook forward priority -150;
		ip saddr $(nw_chain_hop4 3) ip ttl set 60
		ip6 saddr $(nw_chain_hop6 3) ip6 hoplimit set 60
	}
}
EOF
for fam in 4 6; do
	dst=$NW_CHAIN_DST4 hop3=$(nw_chain_hop4 3)
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6 hop3=$(nw_chain_hop6 3)
	nw_run 30 client nw-traceroute -n "-$fam" "$dst"
	nw_assert_match "-$fam: hop 3's longer way back" \
		"^ 3  $hop3  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms  asymm 5\$" "$NW_OUT"
	nw_assert_eq "-$fam: asymm on hop 3 alone" 1 "$(printf '%s\n' "$NW_OUT" | grep -c asymm)"
	nw_run 30 client nw-traceroute -n --json -q 1 "-$fam" "$dst"
	nw_assert_match "-$fam --json: return_hops 5 at hop 3" \
		'"ttl":3,.*"reply_ttl":60,"return_hops":5' "$NW_OUT"
	nw_assert_match "-$fam --json: return_hops 2 at hop 2" \
		'"ttl":2,.*"reply_ttl":63,"return_hops":2' "$NW_OUT"
done
nw_in r1 nft delete table inet asym || nw_fail "nft delete in r1"

# Names, as traceroute prints them ("name (address)", the address twice
# when it has none), looked up while the probes go: from the client's
# /etc/hosts here (unknown addresses go to a resolver on loopback, refused).
nw_etc client hosts <<EOF
$(nw_chain_hop4 1) r1.chain.test
$(nw_chain_hop4 3) r3.chain.test
$(nw_chain_hop6 2) r2.chain.test
$NW_CHAIN_DST4 server.chain.test
EOF
names() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }'
}
for fam in 4 6; do
	dst=$NW_CHAIN_DST4
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6
	nw_run 30 client traceroute "-$fam" "$dst"
	want=$(names "$NW_OUT")
	nw_run 30 client nw-traceroute "-$fam" "$dst"
	nw_assert_eq "-$fam names = traceroute's" "$want" "$(names "$NW_OUT")"
	[ "$fam" = 4 ] && nw_assert_match "-4 names: a named router" \
		"^ 3  r3.chain.test \($(nw_chain_hop4 3)\)  [0-9.]+ ms" "$NW_OUT"
done
nw_run 30 client nw-traceroute --json -q 1 "$NW_CHAIN_DST4"
nw_assert_eq "--json: names of hops 1..5" "r1.chain.test - r3.chain.test - server.chain.test" \
	"$(printf '%s\n' "$NW_OUT" | python3 -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o["type"] == "hop":
        print(o["probes"][0].get("name", "-"))' | xargs)"
nw_run 30 client nw-traceroute -n --json -q 1 "$NW_CHAIN_DST4"
nw_assert_nomatch "-n --json: no names" '"name"' "$NW_OUT"
# --paths names its addresses too, per TTL in order (one path here).
nw_run 30 client nw-traceroute --paths 2 "$NW_CHAIN_DST4"
nw_assert_status "--paths 2 with names: reached" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "--paths 2: names per TTL" "1 r1.chain.test ($(nw_chain_hop4 1))
2 $(nw_chain_hop4 2) ($(nw_chain_hop4 2))
3 r3.chain.test ($(nw_chain_hop4 3))
4 $(nw_chain_hop4 4) ($(nw_chain_hop4 4))
5 server.chain.test ($NW_CHAIN_DST4)" "$(names "$(printf '%s\n' "$NW_OUT" | grep ' ms ')")"
nw_run 30 client nw-traceroute --paths 2 --json "$NW_CHAIN_DST4"
nw_assert_match "--paths --json: a name" '"type":"ttl","ttl":3,.*"address":"'"$(nw_chain_hop4 3)"'","name":"r3.chain.test"' "$NW_OUT"

# flow_fields FLOW METHOD FAMILY: run a trace while tcpdump records the
# probes leaving the client; print one line per probe with the fields a
# flow is made of and the ones that identify a probe (tshark -T fields),
# the IPv4 ID or IPv6 payload length last.
flow_fields() {
	local flow=$1 m=$2 fam=$3 dst=$NW_CHAIN_DST4 ipf=ip.id filter fields pcap
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6 && ipf=ipv6.plen
	case "$m" in
	-I) filter="icmp[0] = 8 or icmp6[0] = 128" fields="-e icmp.checksum -e icmp.ident -e icmp.seq -e icmpv6.checksum -e icmpv6.echo.identifier -e icmpv6.echo.sequence_number" ;;
	-T) filter=tcp fields="-e tcp.srcport -e tcp.dstport -e tcp.seq_raw" ;;
	*) filter=udp fields="-e udp.srcport -e udp.dstport -e udp.checksum" ;;
	esac
	pcap="$NW_TMP/flow.pcap"
	rm -f "$pcap" "$NW_TMP/tcpdump.err"
	nw_bg client tcpdump -i to1 -n -U --immediate-mode -w "$pcap" "dst host $dst and ($filter)" 2>"$NW_TMP/tcpdump.err"
	nw_wait_until 5 grep -q listening "$NW_TMP/tcpdump.err" || nw_fail "tcpdump did not start"
	nw_run 30 client nw-traceroute -n "-$fam" ${m:+"$m"} --flow "$flow" "$dst"
	[ "$NW_RC" = 0 ] || nw_fail "--flow $flow -$fam $m: exit $NW_RC: $NW_ERR"
	sleep 0.3
	kill -TERM "$NW_BG_PID" 2>/dev/null
	nw_wait_pid "$NW_BG_PID" 5 >/dev/null
	# shellcheck disable=SC2086 # $fields is a list of options
	tshark -r "$pcap" -T fields -E separator=, $fields -e "$ipf" 2>/dev/null
}

# distinct N_WANT WHAT LINES CUT: fail unless cutting LINES (fields CUT of
# ","-separated) gives N_WANT distinct values ('all' = one per probe).
distinct() {
	local want=$1 what=$2 lines=$3 n total
	total=$(printf '%s\n' "$lines" | grep -c .)
	n=$(printf '%s\n' "$lines" | cut -d, -f"$4" | sort -u | grep -c .)
	[ "$want" = all ] && want=$total
	[ "$total" -ge 15 ] || nw_fail "$what: only $total probes captured"
	nw_assert_eq "$what ($total probes)" "$want" "$n"
}

for fam in 4 6; do
	p=$(flow_fields paris "" "$fam")
	distinct 1 "-$fam udp paris: one 5-tuple" "$p" 1,2
	distinct all "-$fam udp paris: each probe its own checksum" "$p" 3
	p=$(flow_fields classic "" "$fam")
	distinct all "-$fam udp classic: each probe its own port" "$p" 2
	p=$(flow_fields dublin "" "$fam")
	distinct 1 "-$fam udp dublin: one 5-tuple" "$p" 1,2
	distinct all "-$fam udp dublin: each probe its own IPv4 ID / IPv6 length" "$p" 4
	p=$(flow_fields paris -T "$fam")
	distinct 1 "-$fam tcp paris: one 5-tuple" "$p" 1,2
	distinct all "-$fam tcp paris: each probe its own sequence number" "$p" 3
done
p=$(flow_fields paris -I 4)
distinct 1 "-4 icmp paris: one checksum and identifier" "$p" 1,2
distinct all "-4 icmp paris: each probe its own sequence" "$p" 3
p=$(flow_fields paris -I 6)
distinct 1 "-6 icmp paris: one checksum and identifier" "$p" 4,5
distinct all "-6 icmp paris: each probe its own sequence" "$p" 6

# -f, -m, -q, -N: where the trace starts and ends, how many probes a hop gets.
nw_run 30 client nw-traceroute -n -N 1 -q 1 -f 3 "$NW_CHAIN_DST4"
nw_assert_status "-N 1 -q 1 -f 3 reaches" 0 "$NW_RC"
nw_assert_eq "-f 3: hops 3 to 5, one probe each" \
	"$(printf '3 %s\n4 %s\n5 %s' "$(nw_chain_hop4 3)" "$(nw_chain_hop4 4)" "$NW_CHAIN_DST4")" "$(hops "$NW_OUT")"
nw_assert_match "-q 1: one RTT per line" "^ 4  $(nw_chain_hop4 4)  [0-9.]+ ms\$" "$NW_OUT"
nw_run 30 client nw-traceroute -n -m 3 "$NW_CHAIN_DST4"
nw_assert_status "-m 3 does not reach (exit 1)" 1 "$NW_RC"
nw_assert_eq "-m 3: three hops" "$(printf '1 %s\n2 %s\n3 %s' "$(nw_chain_hop4 1)" \
	"$(nw_chain_hop4 2)" "$(nw_chain_hop4 3)")" "$(hops "$NW_OUT")"

# A router that sends no time-exceeded: its hop is stars, the rest answer.
nw_chain_quiet r2
for fam in 4 6; do
	dst=$NW_CHAIN_DST4
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6
	nw_run 30 client nw-traceroute -n "-$fam" -w 1 "$dst"
	nw_assert_status "-$fam past a silent router" 0 "$NW_RC"
	nw_assert_match "-$fam the silent router's hop is stars" '^ 2  \* \* \*$' "$NW_OUT"
	nw_assert_match "-$fam hop 3 still answers" "^ 3  [0-9a-f:.]+  [0-9.]+ ms" "$NW_OUT"
	nw_run 30 client nw-traceroute --json "-$fam" -w 1 "$dst"
	nw_json_check "-$fam --json past a silent router" "$NW_OUT" \
		start:target,destination,source,method,flow,max_ttl,queries \
		hop:ttl,answered,probes summary:reached,hops,sent,answered,loss only=start,hop,summary
	nw_assert_eq "-$fam --json: five hops" "1 2 3 4 5" "$(nw_json_get "$NW_OUT" hop ttl | xargs)"
	nw_assert_eq "-$fam --json: hop 2 has no answer" "3 0 3 3 3" \
		"$(nw_json_get "$NW_OUT" hop answered | xargs)"
	nw_assert_eq "-$fam --json: reached" true "$(nw_json_get "$NW_OUT" summary reached)"
done
nw_chain_quiet r2 off

# A router that limits its ICMP (a burst of 6, then one each 2 s, per
# client): it answers part of its probes while the later hops answer all,
# which is the router's rate limit, not loss on the path.  From a client
# address of its own, so no earlier run has used up the router's bucket.
nw_addr client to1 198.18.0.3/24
nw_addr client to1 2001:db8::3/64
nw_sysctl r2 net.ipv4.icmp_ratelimit 2000
nw_sysctl r2 net.ipv6.icmp.ratelimit 2000
for fam in 4 6; do
	dst=$NW_CHAIN_DST4 src=198.18.0.3
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6 src=2001:db8::3
	nw_run 30 client nw-traceroute -n --json -q 8 -w 1 -s "$src" "$dst"
	nw_assert_status "-$fam past a rate-limiting router" 0 "$NW_RC" "$NW_OUT"
	answered=$(nw_json_get "$NW_OUT" hop answered | xargs)
	case "$answered" in
	"8 "[1-7]" 8 8 8") nw_pass "-$fam hop 2 answered part: $answered" ;;
	*) nw_fail "-$fam answered per hop: '$answered', wanted hop 2 in part, the rest all" ;;
	esac
	nw_assert_match "-$fam hop 2 is a rate limit" '"loss":\[\{"ttl":2,"loss":"rate-limit"\}\]' "$NW_OUT"
done
nw_sysctl r2 net.ipv4.icmp_ratelimit 0
nw_sysctl r2 net.ipv6.icmp.ratelimit 0

# Loss on the path: r3 drops every second probe it receives, so hop 3 and
# everything after it lose probes: loss that carries on ('forward').
nw_in r3 nft -f - <<'EOF' || nw_fail "nft in r3"
table netdev lossy {
	chain in {
		type filter hook ingress device "in0" priority 0; policy accept;
		meta l4proto udp numgen inc mod 2 == 0 drop
	}
}
EOF
nw_run 30 client nw-traceroute -n --json -q 4 -w 1 "$NW_CHAIN_DST4"
nw_assert_status "past a lossy link" 0 "$NW_RC" "$NW_OUT"
nw_assert_eq "lossy link: answered per hop" "4 4 2 2 2" "$(nw_json_get "$NW_OUT" hop answered | xargs)"
nw_assert_match "lossy link: hop 3 loss is forward" '\{"ttl":3,"loss":"forward"\}' "$NW_OUT"
nw_in r3 nft delete table netdev lossy

# A destination that answers nothing: every TTL from there on is stars, and
# all of them wait at once (-N 16), so two silent hops cost one wait.
nw_in server nft -f - <<'EOF' || nw_fail "nft in server"
table inet quiet {
	chain out {
		type filter hook output priority 0;
		icmp type destination-unreachable drop
		icmpv6 type destination-unreachable drop
	}
}
EOF
nw_run 30 client nw-traceroute -n -m 6 -w 2 "$NW_CHAIN_DST4"
nw_assert_status "a silent destination is not reached (exit 1)" 1 "$NW_RC"
nw_assert_match "hop 5 is stars" '^ 5  \* \* \*$' "$NW_OUT"
nw_assert_match "hop 6 is stars" '^ 6  \* \* \*$' "$NW_OUT"
nw_lt "$NW_SECS" 4 || nw_fail "the silent hops waited one after another ($NW_SECS s for two 2 s waits)"
nw_pass "silent hops waited together ($NW_SECS s)"

# Usage errors: one line, exit 2.
for args in "" "-m 0 $NW_CHAIN_DST4" "-q 11 $NW_CHAIN_DST4" "--flow sideways $NW_CHAIN_DST4" \
	"-I --flow dublin $NW_CHAIN_DST4" "-f 9 -m 3 $NW_CHAIN_DST4" "-p 70000 $NW_CHAIN_DST4" "-I -p 80 $NW_CHAIN_DST4"; do
	# shellcheck disable=SC2086 # $args is a word list
	nw_run 10 client nw-traceroute $args
	nw_assert_status "nw-traceroute $args: usage error" 2 "$NW_RC"
	[ "$(printf '%s\n' "$NW_ERR" | grep -c .)" -le 2 ] || nw_fail "nw-traceroute $args: long error: $NW_ERR"
	nw_assert_match "nw-traceroute $args: says who" '^nw-traceroute: ' "$NW_ERR"
done
exit 0
