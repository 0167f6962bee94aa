#!/bin/bash
# scan_sweep.sh: a /16 of hosts with one port: the target holds every
# address of 198.19.0.0/16 (a local route on lo) with a listener on port 80
# for all of them, and its nftables drop that port for 300 random
# addresses and a whole /24.  nw-scan -sS -p 80 over the /16 reports every
# address as the ground truth says (open, or filtered no-response).
# zmap and masscan, run as ../shared/PEERS.md says, scan the same /16 in
# the same run for comparison: their counts and rates are logged, never
# failed on.  See docs/scan.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan nft python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/scan.sh"
. "${NW_SRCDIR:-.}/tests/lib/scan_peers.sh"

scan_pair
scan_sweep_build 80 300
nopen=$(wc -l <"$NW_TMP/sweep.open")

# 1. nw-scan: every address of the /16 as the ground truth says.
scan_nw 60 scanner -sS -n -p 80 198.19.0.0/16
nw_assert_status "nw-scan of the /16" 0 "$NW_RC" "$NW_ERR"
scan_json_valid "nw-scan of the /16"
scan_same "nw-scan: every address of the /16 as the ground truth" "$NW_TMP/sweep.truth" "$NW_TMP/scan.t"
rate=$(nw_json_get "$NW_OUT" summary rate_pps)
nw_log "nw-scan: $nopen/$nopen open found in $NW_SECS s, rate_pps $rate"

# 2. The peers, for comparison (logged, not checked).
scan_peers_prepare
if command -v zmap >/dev/null 2>&1; then
	scan_zmap 80 100000 198.19.0.0/16
	nw_log "zmap: exit $NW_RC, $(comm -12 "$NW_TMP/sweep.open" "$NW_TMP/zmap.found" | wc -l)/$nopen open found, $(comm -13 "$NW_TMP/sweep.open" "$NW_TMP/zmap.found" | wc -l) not open, $NW_SECS s"
else
	nw_log "zmap not installed: no comparison"
fi
if command -v masscan >/dev/null 2>&1; then
	scan_masscan 80 100000 198.19.0.0/16
	awk '{ print $1 }' "$NW_TMP/masscan.found" >"$NW_TMP/masscan.addrs"
	nw_log "masscan: exit $NW_RC, $(comm -12 "$NW_TMP/sweep.open" "$NW_TMP/masscan.addrs" | wc -l)/$nopen open found, $(comm -13 "$NW_TMP/sweep.open" "$NW_TMP/masscan.addrs" | wc -l) not open, $NW_SECS s"
else
	nw_log "masscan not installed: no comparison"
fi

nw_log "scan_sweep: all checks passed"
exit 0
