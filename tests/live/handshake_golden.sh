#!/bin/sh
# handshake_golden.sh: nw-handshake against the captures of tests/pcaps/tcpdump: every
# line of TESTLIST names an expected output (NAME.out), a capture and the
# options; the output (stdout and stderr, which carries the clean one-line
# errors of the malformed captures) must match byte for byte.  When tshark
# is installed, the --json of each well-formed capture is also compared
# with tshark packet by packet (tshark_compare.py).
set -u
here=${NW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/golden/handshake
pcaps=${NW_PCAPS:-$here/../../pcaps/tcpdump}
command -v nw-handshake >/dev/null 2>&1 || { echo "SKIP: nw-handshake not on PATH"; exit 77; }
fail=0
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
while read -r name capture args; do
	case $name in '#'* | '') continue ;; esac
	# shellcheck disable=SC2086 # args are options, split on purpose
	nw-handshake $args -r "$pcaps/$capture" >"$tmp" 2>&1
	if ! cmp -s "$tmp" "$here/$name.out"; then
		echo "FAIL: $name"
		diff -u "$here/$name.out" "$tmp" | head -40
		fail=1
	else
		echo "ok: $name"
	fi
	case $args in
	*--json*)
		if command -v tshark >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
			if python3 "$here/tshark_compare.py" "$pcaps/$capture" "$tmp" >"$tmp.cmp" 2>&1; then
				echo "ok: $name agrees with tshark ($(tail -1 "$tmp.cmp"))"
			else
				echo "FAIL: $name differs from tshark"
				cat "$tmp.cmp"
				fail=1
			fi
			rm -f "$tmp.cmp"
		fi
		;;
	esac
done <"$here/TESTLIST"
exit $fail
