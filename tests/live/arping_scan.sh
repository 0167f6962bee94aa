#!/bin/bash
# arping_scan.sh: --scan of a /24 on a bridge with 12 hosts (and 241
# addresses nobody holds) finds exactly those hosts with their MACs, in
# text and --json; with 20% random loss on the scanner's link, --retries
# still finds them all.  See docs/arping.md.
#
# LAN 198.18.5.0/24 on bridge br0 in "sw"; the scanner "me" is 198.18.5.2,
# hosts h1..h12 at the addresses below with MAC 02:00:00:00:05:<n>.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping nft python3 timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/arping.sh" # TYPES, SUMMARY

HOSTS="1 3 17 42 64 99 100 128 150 200 250 254"
nw_host sw
nw_bridge sw br0
nw_lan_join sw br0 me veth0 02:00:00:00:05:fe 198.18.5.2/24
expected=""
n=0
for last in $HOSTS; do
	n=$((n + 1))
	mac=$(printf '02:00:00:00:05:%02x' "$n")
	nw_lan_join sw br0 "h$n" veth0 "$mac" "198.18.5.$last/24"
	expected="${expected}198.18.5.$last $mac
"
done
expected=$(printf '%s' "$expected" | sort)
nhosts=$n

# found TEXT: the "IP MAC" pairs of the tab-separated host lines, sorted.
found() {
	printf '%s\n' "$1" | awk -F '\t' 'NF == 3 && $1 ~ /^[0-9.]+$/ { print $1, $2 }' | sort
}
NUM='[0-9]+(\.[0-9]+)?'

# 1. Text output: header, one tab-separated line per host, summary.
nw_run 30 me nw-arping --scan 198.18.5.0/24
nw_assert_status "--scan finds hosts" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "scan header" "^SCAN 198\.18\.5\.0/24 on veth0 from 198\.18\.5\.2: 25[34] addresses, 1000 probes/s, 2 retries$" "$NW_OUT"
got=$(found "$NW_OUT")
if [ "$got" != "$expected" ]; then
	diff <(printf '%s\n' "$expected") <(printf '%s\n' "$got") >&2
	nw_fail "--scan found a different set of hosts (diff expected vs found above)"
fi
nw_pass "--scan found exactly the $nhosts hosts with their MACs"
nw_assert_match "host line format: IP<TAB>MAC<TAB>RTT" "^198\.18\.5\.1	02:00:00:00:05:01	$NUM$" "$NW_OUT"
nw_assert_nomatch "own address not listed" '^198\.18\.5\.2	' "$NW_OUT"
nw_assert_match "scan summary" "^--- $nhosts hosts up, 25[34] addresses scanned in $NUM s ---$" "$NW_OUT"
nw_lt "$NW_SECS" 10 || nw_fail "--scan of a /24 took $NW_SECS s"

# 2. --json: host objects, summary with scanned and hosts.
nw_run 30 me nw-arping --json --scan 198.18.5.0/24
nw_assert_status "--scan --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "--scan --json" "$NW_OUT" "$TYPES" start:mode,family,target,interface,source_ip,source_mac \
	host:ip,mac,rtt_ms "summary:$SUMMARY,scanned,hosts"
nw_assert_eq "json start mode" scan "$(nw_json_get "$NW_OUT" start mode)"
nw_assert_eq "json start target is the CIDR" 198.18.5.0/24 "$(nw_json_get "$NW_OUT" start target)"
nw_assert_eq "json summary hosts" "$nhosts" "$(nw_json_get "$NW_OUT" summary hosts)"
scanned=$(nw_json_get "$NW_OUT" summary scanned)
case "$scanned" in 253 | 254) nw_pass "json summary scanned = $scanned" ;; *) nw_fail "json summary scanned = '$scanned', expected 253 or 254" ;; esac
nw_assert_eq "json summary complete" true "$(nw_json_get "$NW_OUT" summary complete)"
nw_assert_eq "json summary: scanned = addresses" "$scanned" "$(nw_json_get "$NW_OUT" summary addresses)"
got=$(paste -d ' ' <(nw_json_get "$NW_OUT" host ip) <(nw_json_get "$NW_OUT" host mac) | sort)
[ "$got" = "$expected" ] || nw_fail "--json host objects differ: $got"
nw_pass "--json host objects are exactly the $nhosts hosts"

# 3. A block with nobody in it: exit 1.
nw_run 30 me nw-arping --scan 198.18.5.224/28 --retries 0
nw_assert_status "--scan of an empty block" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "empty block summary" '^--- 0 hosts up, 14 addresses scanned in ' "$NW_OUT"

# 3b. Cut short by -w: the summary says how many addresses were probed of
#     how many, the JSON says complete false, and the exit status is 4
#     (a complete scan says "scanned" and exits 0 or 1).  A /20 at 500
#     probes/s takes 8 s; -w 1 (start-up included) stops it within the
#     first 500 addresses, before the hosts (198.18.5.x).
nw_run 30 me nw-arping -I veth0 --scan 198.18.0.0/20 --rate 500 -w 1
nw_assert_status "--scan cut short by -w" 4 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "cut-short summary" \
	"^--- scan cut short: [0-9]+ of 4093 addresses probed, 0 hosts up in $NUM s ---\$" "$NW_OUT"
probed=$(printf '%s\n' "$NW_OUT" | sed -n 's/^--- scan cut short: \([0-9]*\) of.*/\1/p')
{ [ "$probed" -ge 50 ] && [ "$probed" -le 600 ]; } || nw_fail "cut short: $probed probed at 500/s in 1 s"
nw_pass "cut short: $probed of 4093 probed"
nw_run 30 me nw-arping -I veth0 --json --scan 198.18.0.0/20 --rate 500 -w 1
nw_assert_status "--scan --json cut short" 4 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "json: complete false" false "$(nw_json_get "$NW_OUT" summary complete)"
nw_assert_eq "json: addresses in the block" 4093 "$(nw_json_get "$NW_OUT" summary addresses)"
scanned=$(nw_json_get "$NW_OUT" summary scanned)
[ "$scanned" -lt 4093 ] || nw_fail "json: scanned $scanned of a cut-short scan"
nw_pass "json: scanned $scanned < 4093"

# 4. A /30: network and broadcast skipped, our own address skipped.
nw_run 30 me nw-arping --scan 198.18.5.0/30 --json
nw_assert_status "--scan /30" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "/30: the one other host" 198.18.5.1 "$(nw_json_get "$NW_OUT" host ip)"

# 5. 20% random loss each way on the scanner's link (on the switch port,
#    so the loss happens before the scanner's capture can see a frame):
#    with --retries 8 every host is still found (a host is missed with
#    probability 0.36^9 ≈ 1e-4, so ≈ 0.1% for the 12).
nw_loss sw pme 20 both
nw_run 60 me nw-arping --scan 198.18.5.0/24 --retries 8
nw_assert_status "--scan with loss" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "header shows 8 retries" '^SCAN .*, 8 retries$' "$NW_OUT"
got=$(found "$NW_OUT")
if [ "$got" != "$expected" ]; then
	diff <(printf '%s\n' "$expected") <(printf '%s\n' "$got") >&2
	nw_fail "--scan with 20% loss and 8 retries missed or invented hosts"
fi
dropped=$(nw_loss_dropped sw pme)
[ "$dropped" -gt 0 ] || nw_fail "the loss rules dropped nothing (test setup broken)"
nw_pass "--scan with 20% loss found all $nhosts hosts ($dropped frames dropped)"

nw_log "arping_scan: all checks passed"
exit 0
