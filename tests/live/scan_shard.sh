#!/bin/bash
# scan_shard.sh: a scan split or interrupted is still the whole scan, once.
# (1) --shard 1/3, 2/3, 3/3 (same --seed) over 1,000 ports of one host on
# IPv4 and IPv6: no (address, port) in two shards, sizes within one of
# each other, together exactly one full scan.  (2) --resume: a slow scan
# stopped by SIGINT exits 130 having written its position; the same
# command line again continues from it: no (address, port) reported by
# both runs, and together every port as the ground truth says; a third
# run of the finished scan rescans nothing.  See docs/scan.md ("The
# order", "Position and resume").
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan nft python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/scan.sh"

PORTS=40000-40999
scan_pair
scan_truth_build 40000 40999 6 2 2 5 5 5

# pairs FILE: the "ADDR PORT" of a table.
pairs() {
	awk '{ print $1, $2 }' "$1"
}

# 1. Shards.
scan_nw 60 scanner -sS -n --seed 7 -p "$PORTS" "$SCAN_T4" "$SCAN_T6"
nw_assert_status "full scan" 0 "$NW_RC" "$NW_ERR"
scan_same "full scan as the ground truth" "$NW_TMP/truth.syn" "$NW_TMP/scan.t"
: >"$NW_TMP/shards.t"
for i in 1 2 3; do
	scan_nw 60 scanner -sS -n --seed 7 --shard "$i/3" -p "$PORTS" "$SCAN_T4" "$SCAN_T6"
	nw_assert_status "shard $i/3" 0 "$NW_RC" "$NW_ERR"
	scan_json_valid "shard $i/3"
	n=$(wc -l <"$NW_TMP/scan.t")
	case "$n" in 666 | 667) nw_pass "shard $i/3: $n of 2000 probes" ;; *) nw_fail "shard $i/3 holds $n probes, not 666 or 667" ;; esac
	cat "$NW_TMP/scan.t" >>"$NW_TMP/shards.t"
done
dup=$(pairs "$NW_TMP/shards.t" | LC_ALL=C sort | uniq -d | head -n 3)
[ -z "$dup" ] || nw_fail "an (address, port) in two shards: $dup"
nw_pass "no (address, port) in two shards"
LC_ALL=C sort -o "$NW_TMP/shards.t" "$NW_TMP/shards.t"
scan_same "the three shards together are the full scan" "$NW_TMP/truth.syn" "$NW_TMP/shards.t"

# 2. Resume.  The position file is written by nw-scan, which runs as
#    nobody (docs/HACKING.md, "Privileges"): a directory nobody may write.
mkdir "$NW_TMP/resume" || nw_fail "mkdir $NW_TMP/resume"
chown nobody "$NW_TMP/resume" || nw_fail "chown nobody $NW_TMP/resume"
POS=$NW_TMP/resume/pos
# (No --seed: the position file keeps the first run's.)
RESUME=(-sS -n --rate 200 --resume "$POS" -p "$PORTS" "$SCAN_T4" "$SCAN_T6")
nw_bg scanner nw-scan --json "${RESUME[@]}" >"$NW_TMP/run1.json" 2>"$NW_TMP/run1.err"
pid=$NW_BG_PID
# reported100: the slow scan has reported 100 ports (or ended).
# shellcheck disable=SC2317 # called by nw_wait_until
reported100() {
	! kill -0 "$pid" 2>/dev/null || awk '/"type":"port"/ { n++ } END { exit !(n >= 100) }' "$NW_TMP/run1.json"
}
nw_wait_until 20 reported100
kill -0 "$pid" 2>/dev/null || nw_fail "the slow scan ended before it was interrupted: $(cat "$NW_TMP/run1.err")"
kill -INT "$pid"
nw_wait_pid "$pid" 30
rc=$?
nw_assert_status "interrupted scan" 130 "$rc" "$(cat "$NW_TMP/run1.err")"
[ -s "$POS" ] || nw_fail "no position written to $POS"
nw_assert_eq "interrupted scan: complete" false "$(nw_json_get "$(cat "$NW_TMP/run1.json")" summary complete)"
scan_json_table <"$NW_TMP/run1.json" >"$NW_TMP/run1.t"
n1=$(wc -l <"$NW_TMP/run1.t")
[ "$n1" -lt 2000 ] || nw_fail "the interrupted scan reported all 2000 ports"

scan_nw 60 scanner "${RESUME[@]}"
nw_assert_status "resumed scan" 0 "$NW_RC" "$NW_ERR"
scan_json_valid "resumed scan"
nw_assert_eq "resumed scan: complete" true "$(nw_json_get "$NW_OUT" summary complete)"
n2=$(wc -l <"$NW_TMP/scan.t")
dup=$(cat "$NW_TMP/run1.t" "$NW_TMP/scan.t" | awk '{ print $1, $2 }' | LC_ALL=C sort | uniq -d | head -n 3)
[ -z "$dup" ] || nw_fail "the resumed scan rescanned what the first had answered: $dup"
nw_pass "no (address, port) in both runs ($n1 + $n2)"
LC_ALL=C sort "$NW_TMP/run1.t" "$NW_TMP/scan.t" >"$NW_TMP/both.t"
scan_same "both runs together are the whole scan, as the ground truth" "$NW_TMP/truth.syn" "$NW_TMP/both.t"

# The finished scan is recorded as complete: a third run probes nothing.
scan_nw 60 scanner "${RESUME[@]}"
nw_log "third run of a finished scan: exit $NW_RC, $NW_ERR"
nw_assert_eq "a finished scan resumed: no port rescanned" 0 "$(wc -l <"$NW_TMP/scan.t")"

nw_log "scan_shard: all checks passed"
exit 0
