#!/bin/sh
# The golden-test runner for any tool: input in, expected text out.
#
#   run.sh DIR            check: every case of DIR/TESTLIST, byte for byte
#   run.sh --regen DIR    rewrite DIR's expected outputs (after a deliberate
#                         change of the output: review the diff before
#                         committing)
#
# DIR/TESTLIST has one case a line: NAME TOOL ARGS...; '#' starts a comment.
# In ARGS, {pcaps} stands for the capture set (tests/pcaps/tcpdump, or
# $NW_PCAPS) and {dir} for DIR.  The case runs TOOL ARGS from PATH (make
# check puts the build directory first; for --regen, set PATH or NW_BIN) and
# its stdout and stderr together must equal DIR/NAME.out; the exit status
# is not compared (the .out of a malformed input holds the one-line error).
# With a hook DIR/after.sh, it runs after each passing case as
# "after.sh NAME OUTPUT-FILE ARGS..." and its failure fails the case.
set -u
regen=0
[ "${1:-}" = "--regen" ] && {
	regen=1
	shift
}
[ $# -eq 1 ] || {
	echo "usage: run.sh [--regen] DIR" >&2
	exit 2
}
dir=$(cd "$1" && pwd) || exit 2
srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
pcaps=${NW_PCAPS:-$srcdir/tests/pcaps/tcpdump}
[ -n "${NW_BIN:-}" ] && PATH=$NW_BIN:$PATH
tmp=$(mktemp) || exit 99
copy=""
trap 'rm -f "$tmp"; [ -z "$copy" ] || rm -rf "$copy"' EXIT
# Run as root, a tool reads its input as nobody (it gives up root before it
# opens a file): hand it a copy of the captures that nobody can reach,
# whatever the permissions above this source tree.
if [ "$(id -u)" = 0 ]; then
	copy=$(mktemp -d) || exit 99
	{ chmod 755 "$copy" && cp -R "$pcaps" "$copy/pcaps" && chmod -R a+rX "$copy/pcaps"; } || exit 99
	pcaps=$copy/pcaps
fi

# ARGS with the placeholders filled in (file names have no blanks).
expand() {
	printf '%s\n' "$*" | sed -e "s|{pcaps}|$pcaps|g" -e "s|{dir}|$dir|g"
}

fail=0 n=0
while read -r name tool args; do
	case $name in '#'* | '') continue ;; esac
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool not on PATH"
		exit 77
	}
	n=$((n + 1))
	# shellcheck disable=SC2046 # the arguments are split on purpose
	"$tool" $(expand "$args") >"$tmp" 2>&1
	if [ "$regen" -eq 1 ]; then
		cp "$tmp" "$dir/$name.out"
		continue
	fi
	if ! cmp -s "$tmp" "$dir/$name.out"; then
		echo "FAIL: $name"
		diff -u "$dir/$name.out" "$tmp" | head -40
		fail=1
		continue
	fi
	echo "ok: $name"
	if [ -f "$dir/after.sh" ]; then
		# shellcheck disable=SC2046
		sh "$dir/after.sh" "$name" "$tmp" $(expand "$args") || fail=1
	fi
done <"$dir/TESTLIST"
[ "$regen" -eq 1 ] && echo "run.sh: $n outputs rewritten in $dir"
[ "$n" -gt 0 ] || {
	echo "FAIL: no case in $dir/TESTLIST"
	exit 1
}
exit $fail
