#!/bin/bash
# scan_truth.sh: nw-scan reports every port of a target as it is: on 1,000
# ports of one host over IPv4 and IPv6, with listeners on a random set of
# them (some on IPv4 only, some on IPv6 only), and the target's nftables
# dropping some (filtered, no-response), rejecting some with ICMP
# admin-prohibited (filtered) and some with a TCP reset (closed, two of
# them on listening ports), the rest closed: -sS and -sT --json give every
# port's state and reason as the ground truth (tests/lib/scan_truth.py)
# says, and nmap -sS / -sT -n in the same run agrees on every state.  The
# text output is nmap's port table, --open lists only the open ports
# (of targets read with -iL, less --exclude).
# See docs/scan.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan nmap nft python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/scan.sh"

PORTS=20000-20999
scan_pair
scan_truth_build 20000 20999 9 3 3 20 20 10

# 1. Both methods, both families in one run, against the ground truth.
for mode in syn connect; do
	flag=-sS
	[ "$mode" = connect ] && flag=-sT
	scan_nw 60 scanner "$flag" -n -p "$PORTS" "$SCAN_T4" "$SCAN_T6"
	nw_assert_status "nw-scan $flag" 0 "$NW_RC" "$NW_ERR"
	scan_json_valid "nw-scan $flag"
	scan_same "nw-scan $flag: every port's state and reason as the ground truth" \
		"$NW_TMP/truth.$mode" "$NW_TMP/scan.t"
	nw_assert_eq "nw-scan $flag: complete" true "$(nw_json_get "$NW_OUT" summary complete)"
	cp "$NW_TMP/scan.t" "$NW_TMP/nw.$mode"
	nw_log "nw-scan $flag: $NW_SECS s"
done
# connect() closes what connected with a RST: no TIME_WAIT on the scanner.
tw=$(nw_in scanner ss -Htan state time-wait | wc -l)
nw_assert_eq "nw-scan -sT: no TIME_WAIT left on the scanner" 0 "$tw"

# 2. nmap in the same run: the same state for every port (its reasons,
#    mapped to nw-scan's words, are compared too, and agreed when written).
for mode in syn connect; do
	for addr in "$SCAN_T4" "$SCAN_T6"; do
		scan_nmap "$mode" "$PORTS" "$addr" >"$NW_TMP/nmap.t"
		grep "^$addr " "$NW_TMP/nw.$mode" | scan_states >"$NW_TMP/nw.states"
		scan_states <"$NW_TMP/nmap.t" >"$NW_TMP/nmap.states"
		scan_same "nmap $mode $addr ($NW_SECS s) and nw-scan agree on every state" \
			"$NW_TMP/nmap.states" "$NW_TMP/nw.states"
		grep "^$addr " "$NW_TMP/nw.$mode" >"$NW_TMP/nw.one"
		diff "$NW_TMP/nmap.t" "$NW_TMP/nw.one" >&2 || nw_log "nmap $mode $addr: reasons differ (above)"
	done
done

# 3. Text: a block per host, nmap's port table with the reason, TTL and
#    RTT, a summary line; every open port listed.
nw_run 60 scanner nw-scan -sS -n -p "$PORTS" "$SCAN_T4"
nw_assert_status "nw-scan text" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "text: host block" "^Scan report for $SCAN_T4\$" "$NW_OUT"
nw_assert_match "text: table header" '^PORT +STATE +SERVICE +REASON +TTL +RTT' "$NW_OUT"
for port in $(scan_open "$NW_TMP/truth.syn" | awk -v a="$SCAN_T4" '$1 == a { print $2 }'); do
	nw_assert_match "text: open port $port" "^$port/tcp +open +[^ ]+ +syn-ack +64 +[0-9.]+ ms\$" "$NW_OUT"
done

# 4. --open: the open ports and nothing else; the targets from -iL (a
#    comment, a range) less --exclude: the same two hosts.
printf '%s # the target\n2001:db8::0-ff\n' "$SCAN_T4" >"$NW_TMP/targets"
chmod 644 "$NW_TMP/targets"
scan_nw 60 scanner -sS --open -n -p "$PORTS" -iL "$NW_TMP/targets" --exclude 2001:db8::0-1,2001:db8::3-ff
nw_assert_status "nw-scan --open" 0 "$NW_RC" "$NW_ERR"
scan_open "$NW_TMP/truth.syn" >"$NW_TMP/open.expected"
awk '{ print $1, $2, $3 }' "$NW_TMP/scan.t" >"$NW_TMP/open.got"
sed 's/$/ open/' "$NW_TMP/open.expected" >"$NW_TMP/open.exp3"
scan_same "--open: exactly the open ports" "$NW_TMP/open.exp3" "$NW_TMP/open.got"

nw_log "scan_truth: all checks passed"
exit 0
