#!/bin/bash
# scan_ulimit.sh: nw-scan -sT as a plain user with 64 open files (soft and
# hard: it may not raise the limit) over 2,000 ports: the scan completes,
# every port as the ground truth says, no EMFILE on the way.  See
# docs/scan.md (connect() mode).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan nft python3 timeout setpriv
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/scan.sh"

scan_pair
scan_truth_build 50000 51999 30 0 0 10 10 10 -

# The user "nobody" with no group but nogroup and a hard limit of 64.
nw_run 60 scanner sh -c 'ulimit -n 64 && exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"' \
	sh nw-scan --json -sT -n -p 50000-51999 "$SCAN_T4"
printf '%s\n' "$NW_OUT" >"$NW_TMP/scan.json"
scan_json_table <"$NW_TMP/scan.json" >"$NW_TMP/scan.t"
nw_assert_status "nw-scan -sT as nobody with ulimit -n 64" 0 "$NW_RC" "$NW_ERR"
nw_assert_nomatch "no EMFILE" 'Too many open files|EMFILE' "$NW_ERR"
scan_json_valid "nw-scan -sT as nobody"
nw_assert_eq "complete" true "$(nw_json_get "$NW_OUT" summary complete)"
scan_same "every port as the ground truth" "$NW_TMP/truth.connect" "$NW_TMP/scan.t"
nw_log "nw-scan -sT, 64 files, 2000 ports: $NW_SECS s"

nw_log "scan_ulimit: all checks passed"
exit 0
