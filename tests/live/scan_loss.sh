#!/bin/bash
# scan_loss.sh: nw-scan loses no open port on a bad path.  (1) 5% random
# loss each way on the target's link (nftables numgen; no netem on this
# kernel): every open port of 2,000 found.  (2) The first two SYN/ACKs of
# an open port lost: a retry (from another source port) finds it.  (3) A
# policer letting 2,000 SYNs a second through, and --rate 100,000: the
# adaptive rate backs off to what the path carries and every open port is
# found; the rate it reached is logged.  See docs/scan.md ("The adaptive
# rate", "The cookie").
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan nft python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/scan.sh"

scan_pair
scan_truth_build 30000 31999 12 0 0 10 10 0 -

# 1. 5% loss each way: a probe's round trip is lost with p = 0.0975; with
#    --retries 4 an open port is missed with p = 0.0975^5 = 9e-6 (the
#    default 2 retries would miss one of the 12 once in 80 runs).
nw_loss target veth0 5 both
scan_nw 60 scanner -sS -n --retries 4 -p 30000-31999 "$SCAN_T4"
nw_assert_status "nw-scan with 5% loss" 0 "$NW_RC" "$NW_ERR"
scan_json_valid "nw-scan with 5% loss"
scan_open_found "5% loss: every open port found, no other" "$NW_TMP/truth.syn"
lost=$(nw_loss_dropped target veth0)
[ "$lost" -gt 0 ] || nw_fail "the loss rules dropped nothing (setup broken)"
nw_log "5% loss: $lost frames dropped, retries $(nw_json_get "$NW_OUT" summary retries), $NW_SECS s"
nw_in target nft delete table netdev nwloss_veth0 || nw_fail "cannot remove the loss"

# 2. The first two SYN/ACKs of one open port lost: the retries still find it.
#    A retry with the first SYN's ports is, to Linux, a retransmitted SYN of
#    the connection it answered, and it answers those at most once per 500 ms
#    (net.ipv4.tcp_invalid_ratelimit): with a 20 ms RTO every later retry went
#    unanswered.  Each retry comes from a new source port (cookie.h).
port=$(awk '$3 == "open" { print $2; exit }' "$NW_TMP/truth.syn")
# Each SYN/ACK here is 44 bytes (MSS only, as our SYN): a 100-byte quota drops two.
nw_in target nft -f - <<EOF_NFT || nw_fail "cannot load the SYN/ACK quota"
table inet lose_synacks {
	chain out {
		type filter hook output priority 0;
		tcp sport $port tcp flags & (syn | ack) == (syn | ack) quota until 100 bytes counter drop;
	}
}
EOF_NFT
scan_nw 30 scanner -sS -n -p 30000-31999 "$SCAN_T4"
nw_assert_status "nw-scan with two SYN/ACKs lost" 0 "$NW_RC" "$NW_ERR"
scan_open_found "two SYN/ACKs of port $port lost: every open port found, no other" "$NW_TMP/truth.syn"
dropped=$(nw_in target nft list table inet lose_synacks |
	awk '/counter packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1) }')
[ "$dropped" = 2 ] || nw_fail "the quota dropped ${dropped:-no} SYN/ACKs of port $port, 2 expected (setup broken)"
nw_in target nft delete table inet lose_synacks || nw_fail "cannot remove the SYN/ACK quota"

# 3. A policer far below --rate: the adaptive rate finds every open port.
scan_police target veth0 2000
# The default retries: 2, raised while answers need every send.  Fixed at 2, the slow
# start's overshoot and the rate's sawtooth around the policer policed all three sends of
# an open port in 4 runs of 20, and reported some 20 closed ports filtered in each.
scan_nw 60 scanner -sS -n --rate 100000 -p 30000-31999 "$SCAN_T4"
nw_assert_status "nw-scan behind a policer" 0 "$NW_RC" "$NW_ERR"
scan_json_valid "nw-scan behind a policer"
scan_open_found "policer: every open port found, no other" "$NW_TMP/truth.syn"
policed=$(scan_policed target)
[ "$policed" -gt 0 ] || nw_fail "the policer dropped nothing: the scan never went above 2,000 pps"
scan_same "policer: every port's state as the truth says" "$NW_TMP/truth.syn" "$NW_TMP/scan.t"
allowed=$(nw_json_get "$NW_OUT" summary retries_allowed)
[ "$allowed" -gt 2 ] || nw_fail "behind the policer the retries stayed at $allowed (more expected)"
nw_log "policer at 2,000 SYN/s, --rate 100000: rate_pps $(nw_json_get "$NW_OUT" summary rate_pps), $policed SYNs policed, retries $(nw_json_get "$NW_OUT" summary retries) (allowed $allowed), $NW_SECS s"

nw_log "scan_loss: all checks passed"
exit 0
