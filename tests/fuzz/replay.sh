#!/bin/sh
# replay.sh: cut the shared captures into seeds (seedgen) and run every
# fuzz target over its seeds once: no seed may crash or read out of bounds.
# Run by `make check` in the build directory (NW_BUILDDIR, NW_PCAPS set).
# Works for both builds: replay_main ignores the libFuzzer option -runs=0,
# with which a libFuzzer binary only runs the given corpus.
set -u

builddir=${NW_BUILDDIR:-.}
pcaps=${NW_PCAPS:-}
if [ -z "$pcaps" ] || [ ! -d "$pcaps" ]; then
	echo "replay.sh: NW_PCAPS unset or missing: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nw-fuzz-seeds.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

"$builddir/tests/fuzz/seedgen" "$pcaps" "$tmp" || { echo "replay.sh: seedgen failed"; exit 1; }

rc=0
# fuzz_tcpconn reads records of any bytes: the TCP seeds will do.
cp -R "$tmp/tcp" "$tmp/tcpconn"
# The targets: Makefile.am's NW_FUZZ_PARSERS, passed by make check.
if [ -z "${NW_FUZZ_TARGETS:-}" ]; then
	echo "replay.sh: NW_FUZZ_TARGETS unset (run it with make check)"
	exit 99
fi
for t in $NW_FUZZ_TARGETS; do
	bin=$builddir/tests/fuzz/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "replay.sh: $bin missing"
		rc=1
		continue
	fi
	if "$bin" -runs=0 "$tmp/$t" >"$tmp/$t.log" 2>&1; then
		echo "fuzz_$t: ok ($(find "$tmp/$t" -type f | wc -l) seeds)"
	else
		echo "fuzz_$t: FAILED"
		cat "$tmp/$t.log"
		rc=1
	fi
done
exit $rc
