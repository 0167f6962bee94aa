#!/bin/bash
# traceroute_ecmp.sh: nw-traceroute through an ECMP diamond (tests/lib/diamond.sh:
# r1 hashes the 5-tuple over r2a and r2b, both lead to r3), IPv4 and IPv6.
# Classic flows (a port per probe) show both branches at TTL 2; paris (one
# 5-tuple) shows one address there, run after run; --paths 8 (eight flows,
# a source port each) shows both branches, the split at r1 and the merge at
# r3, in text and JSON; every flow keeps its own 5-tuple on the wire; the
# flows wait for a silent hop together; usage errors.
#
#                 .-- r2a --.
#   client -- r1             r3 -- server (198.19.0.2, 2001:db8:1::2)
#                 '-- r2b --'
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute tcpdump tshark timeout python3
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/diamond.sh"
nw_diamond

# addrs TEXT TTL: the distinct addresses on hop TTL's line(s) of TEXT, one
# per line, sorted (an address is a word with a dot or colon not followed
# by "ms"; --paths puts further addresses of a TTL on lines of their own).
addrs() {
	printf '%s\n' "$1" | awk -v t="$2" '
		$1 ~ /^[0-9]+$/ { ttl = $1; first = 2 }
		$1 !~ /^[0-9]+$/ { first = 1 }
		ttl == t && /^ / { for (i = first; i <= NF; i++)
			if ($i ~ /^[0-9a-f.:]+$/ && $i ~ /[.:]/ && $(i + 1) != "ms") print $i }
		/^[^ ]/ { ttl = "" }' | sort -u
}

# both FAMILY: "r2a\nr2b" addresses sorted, as addrs prints them.
both() {
	if [ "$1" = 6 ]; then
		printf '%s\n%s\n' "$NW_DIAMOND_R2A_6" "$NW_DIAMOND_R2B_6" | sort
	else
		printf '%s\n%s\n' "$NW_DIAMOND_R2A_4" "$NW_DIAMOND_R2B_4" | sort
	fi
}

for fam in 4 6; do
	if [ "$fam" = 6 ]; then
		dst=$NW_CHAIN_DST6 hop1=$NW_DIAMOND_HOP1_6 merge=$NW_DIAMOND_MERGE_6
	else
		dst=$NW_CHAIN_DST4 hop1=$NW_DIAMOND_HOP1_4 merge=$NW_DIAMOND_MERGE_4
	fi
	want=$(both "$fam")

	# Classic: ten probes at TTL 2, each its own destination port, each
	# hashed on its own: one branch alone has odds 1 in 512 per run; up to
	# three runs are pooled.
	seen=""
	for run in 1 2 3; do
		nw_run 30 client nw-traceroute -n "-$fam" -q 10 --flow classic "$dst"
		nw_assert_status "-$fam classic run $run reaches $dst" 0 "$NW_RC" "$NW_OUT"
		nw_assert_eq "-$fam classic run $run: TTL 3 is r3 alone" "$merge" "$(addrs "$NW_OUT" 3)"
		seen=$(printf '%s\n%s\n' "$seen" "$(addrs "$NW_OUT" 2)" | grep . | sort -u)
		[ "$seen" = "$want" ] && break
	done
	nw_assert_eq "-$fam classic: both branches at TTL 2 (in $run runs)" "$want" "$seen"

	# Paris: one 5-tuple, one branch, whatever the port the kernel gave.
	for run in 1 2 3 4; do
		nw_run 30 client nw-traceroute -n "-$fam" -q 6 "$dst"
		nw_assert_status "-$fam paris run $run reaches $dst" 0 "$NW_RC" "$NW_OUT"
		got=$(addrs "$NW_OUT" 2)
		[ "$(printf '%s\n' "$got" | grep -c .)" = 1 ] ||
			nw_fail "-$fam paris run $run: not one address at TTL 2: $(echo "$got" | xargs)"
		printf '%s\n' "$want" | grep -qxF -- "$got" || nw_fail "-$fam paris: TTL 2 is $got"
	done
	nw_pass "-$fam paris: one address at TTL 2 in each of 4 runs"

	# --paths 8: eight flows, one branch each; all eight on one branch has
	# odds 1 in 128, so up to three runs.
	for run in 1 2 3; do
		nw_run 30 client nw-traceroute -n "-$fam" --paths 8 "$dst"
		nw_assert_status "-$fam --paths 8 run $run reaches $dst" 0 "$NW_RC" "$NW_OUT"
		[ "$(addrs "$NW_OUT" 2)" = "$want" ] && break
	done
	nw_assert_eq "-$fam --paths 8: both branches at TTL 2 (in $run runs)" "$want" "$(addrs "$NW_OUT" 2)"
	nw_assert_match "-$fam --paths 8: eight flows, a port each" \
		'^8 flows \(port\):( [0-7]:[0-9]+){8}$' "$NW_OUT"
	nw_assert_match "-$fam --paths 8: the split at r1" \
		"^ 1  $hop1  [0-9.]+ ms  flows 0-7  split to 2\$" "$NW_OUT"
	nw_assert_match "-$fam --paths 8: the merge at r3" \
		"^ 3  $merge  [0-9.]+ ms  flows 0-7  merge of 2\$" "$NW_OUT"
	nw_assert_match "-$fam --paths 8: the destination at TTL 4, every flow" \
		"^ 4  $dst  [0-9.]+ ms  flows 0-7\$" "$NW_OUT"
	nw_assert_match "-$fam --paths 8: two distinct paths" '^2 distinct paths:$' "$NW_OUT"
	nw_assert_match "-$fam --paths 8: a path by r2a" \
		"^  flows [0-9,-]+: $hop1 $(printf '%s' "$want" | head -1) $merge $dst\$" "$NW_OUT"
	nw_assert_match "-$fam --paths 8: a path by r2b" \
		"^  flows [0-9,-]+: $hop1 $(printf '%s' "$want" | tail -1) $merge $dst\$" "$NW_OUT"
	nw_assert_eq "-$fam --paths 8: where they split and merge" \
		"$(printf 'split at 1: %s (to 2)\nmerge at 3: %s (of 2)' "$hop1" "$merge")" \
		"$(printf '%s\n' "$NW_OUT" | grep -E '^(split|merge) at ')"
	# the two branches' flows are the eight, each once
	nw_assert_eq "-$fam --paths 8: every flow on one branch" "0 1 2 3 4 5 6 7" \
		"$(printf '%s\n' "$NW_OUT" | awk '/^ / && ($1 == "2" || ($1 ~ /[.:]/ && prev == 2)) { print $NF } /^ / && $1 ~ /^[0-9]+$/ { prev = $1 }' |
			tr ',' '\n' | awk -F- '{ for (i = $1; i <= ($2 == "" ? $1 : $2); i++) print i }' | sort -n | xargs)"

	# The same in JSON Lines.
	for run in 1 2 3; do
		nw_run 30 client nw-traceroute "-$fam" --paths 8 --json "$dst"
		nw_assert_status "-$fam --paths 8 --json run $run" 0 "$NW_RC" "$NW_OUT"
		printf '%s\n' "$NW_OUT" | grep -q '"type":"paths","distinct":2,' && break
	done
	nw_json_check "-$fam --paths 8 --json" "$NW_OUT" start:destination,method,flow \
		flows:flows ttl:ttl,flows,silent,addresses paths:distinct,paths,splits,merges \
		summary:reached,flows_reached,hops,sent,answered only=start,flows,ttl,paths,summary
	# one python for every value: the TTLs, the paths, the split and
	# merge, the flows that reached, the distinct source ports
	got=$(printf '%s\n' "$NW_OUT" | python3 -c '
import json, sys
o = {}
for line in sys.stdin:
    x = json.loads(line)
    o.setdefault(x["type"], []).append(x)
p = o["paths"][0]
print("ttls", *[t["ttl"] for t in o["ttl"]])
print("distinct", p["distinct"])
print("splits", *["%d %s %d" % (s["ttl"], s["address"], s["next"]) for s in p["splits"]])
print("merges", *["%d %s %d" % (m["ttl"], m["address"], m["prev"]) for m in p["merges"]])
print("flows_reached", o["summary"][0]["flows_reached"])
print("source_ports", len({f["source_port"] for f in o["flows"][0]["flows"]}))')
	nw_assert_eq "-$fam --json: TTLs, paths, split, merge, flows, ports" "$(printf '%s\n' \
		"ttls 1 2 3 4" "distinct 2" "splits 1 $hop1 2" "merges 3 $merge 2" "flows_reached 8" \
		"source_ports 8")" "$got"
done

# On the wire: eight flows, each its own source port and one 5-tuple for all
# its probes (tcpdump on the client, read back with tshark).
pcap="$NW_TMP/paths.pcap"
nw_bg client tcpdump -i to1 -n -s 128 -B 8192 -U --immediate-mode -w "$pcap" "udp and dst host $NW_CHAIN_DST4" 2>"$NW_TMP/tcpdump.err"
nw_wait_until 5 grep -q listening "$NW_TMP/tcpdump.err" || nw_fail "tcpdump did not start"
nw_run 30 client nw-traceroute -n --paths 8 -q 2 "$NW_CHAIN_DST4"
nw_assert_status "--paths 8 -q 2 under tcpdump" 0 "$NW_RC" "$NW_OUT"
sleep 0.3
kill -TERM "$NW_BG_PID" 2>/dev/null
nw_wait_pid "$NW_BG_PID" 5 >/dev/null
wire=$(tshark -r "$pcap" -T fields -E separator=, -e udp.srcport -e udp.dstport -e udp.checksum 2>/dev/null)
total=$(printf '%s\n' "$wire" | grep -c .)
[ "$total" -ge 64 ] || nw_fail "--paths 8 -q 2: only $total probes captured"
nw_assert_eq "--paths 8 on the wire: eight 5-tuples ($total probes)" 8 \
	"$(printf '%s\n' "$wire" | cut -d, -f1,2 | sort -u | grep -c .)"
nw_assert_eq "--paths 8 on the wire: the flows' ports are the ones printed" \
	"$(printf '%s\n' "$NW_OUT" | sed -n 's/^8 flows (port)://p' | tr ' ' '\n' | cut -d: -f2 | grep . | sort -n | xargs)" \
	"$(printf '%s\n' "$wire" | cut -d, -f1 | sort -nu | xargs)"

# A hop that answers nothing (r3 sends no time-exceeded): every flow waits
# for it at once, so eight flows cost one wait, not eight.
nw_chain_quiet r3
nw_run 30 client nw-traceroute -n --paths 8 -w 2 "$NW_CHAIN_DST4"
nw_assert_status "--paths 8 past a silent r3" 0 "$NW_RC" "$NW_OUT"
nw_assert_match "--paths 8: TTL 3 is stars for every flow" '^ 3  \*  flows 0-7$' "$NW_OUT"
nw_lt "$NW_SECS" 6 || nw_fail "the flows waited one after another ($NW_SECS s for 2 s waits)"
nw_pass "eight flows waited for the silent hop together ($NW_SECS s)"
nw_chain_quiet r3 off

# Usage errors: one line, exit 2.
for args in "--paths 0" "--paths 33" "--paths 4 --flow classic" "--paths 2 --rounds 3"; do
	# shellcheck disable=SC2086 # $args is a word list
	nw_run 10 client nw-traceroute $args "$NW_CHAIN_DST4"
	nw_assert_status "nw-traceroute $args: usage error" 2 "$NW_RC"
	nw_assert_match "nw-traceroute $args: says who" '^nw-traceroute: ' "$NW_ERR"
done
exit 0
