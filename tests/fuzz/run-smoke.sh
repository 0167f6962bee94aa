#!/bin/sh
# run-smoke.sh [BUILDDIR]: a short fuzzing run of every target of a
# --enable-fuzzing build (CC=clang): seeds from the shared captures
# (seedgen), then each target for NW_FUZZ_SECONDS (default 20) seconds.
# One line per target; crash inputs are kept under the directory printed at
# the end; exits 1 if any target crashed.
set -u

builddir=${1:-.}
seconds=${NW_FUZZ_SECONDS:-20}
here=$(cd "$(dirname "$0")" && pwd)
pcaps=${NW_PCAPS:-$here/../pcaps/tcpdump}

if [ ! -x "$builddir/tests/fuzz/seedgen" ]; then
	echo "run-smoke.sh: $builddir/tests/fuzz/seedgen missing (run 'make check' in a --enable-fuzzing build first)" >&2
	exit 2
fi
if [ ! -d "$pcaps" ]; then
	echo "run-smoke.sh: no captures at $pcaps (set NW_PCAPS)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/nw-fuzz-smoke.XXXXXX") || exit 2
crashes=$(cd "$builddir" && pwd)/fuzz-crashes
mkdir -p "$crashes" || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

"$builddir/tests/fuzz/seedgen" "$pcaps" "$work/seeds" >/dev/null || {
	echo "run-smoke.sh: seedgen failed" >&2
	exit 2
}

failed=0
# fuzz_tcpconn reads records of any bytes: the TCP seeds will do.
cp -R "$work/seeds/tcp" "$work/seeds/tcpconn"
# The targets: Makefile.am's NW_FUZZ_PARSERS.
targets=$(make -s -C "$builddir" fuzz-list) || {
	echo "run-smoke.sh: 'make fuzz-list' failed in $builddir" >&2
	exit 2
}
for t in $targets; do
	bin=$builddir/tests/fuzz/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz_$t: MISSING ($bin)"
		failed=1
		continue
	fi
	mkdir -p "$work/corpus/$t"
	# New inputs go to the first (scratch) corpus; the seeds are read only.
	if "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/$t-" "$work/corpus/$t" "$work/seeds/$t" \
		>"$work/$t.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1)
		echo "fuzz_$t: ok, ${runs:-?} runs in ${seconds}s"
	else
		echo "fuzz_$t: CRASH, see $crashes/$t-*"
		grep -E 'ERROR|SUMMARY|runtime error' "$work/$t.log" | head -n 5 | sed 's/^/    /'
		cp "$work/$t.log" "$crashes/$t.log"
		failed=1
	fi
done
if [ "$failed" -ne 0 ]; then
	echo "run-smoke.sh: failures; inputs and logs are in $crashes"
	exit 1
fi
rmdir "$crashes" 2>/dev/null
echo "run-smoke.sh: all targets ran ${seconds}s without a crash"
exit 0
