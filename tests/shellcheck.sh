#!/bin/sh
# Every shell script of the project (tests, test helpers, the lab,
# benchmarks, scripts, CI) passes shellcheck.  Scripts are found by name
# (*.sh, nw-lab.in, bench/*, .ci/run) and by a shell #! line, in tests/,
# tools/, bench/, scripts/ and .ci/ (not configure's generated scripts), with
# find: the dist tarball has no .git.  Skipped (77) without shellcheck.
set -u
srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99
command -v shellcheck >/dev/null 2>&1 || {
	echo "shellcheck: skipped: shellcheck not installed"
	exit 77
}

is_shell() {
	case $1 in
	*.sh | ./tools/lab/nw-lab.in | ./bench/* | ./.ci/run) return 0 ;;
	*.c | *.h | *.py | *.md | *.in | *.am | *.ac | *.zone | *.conf | *.nft | *.hints) return 1 ;;
	esac
	head -n 1 "$1" 2>/dev/null | grep -qE '^#!.*(/|env )(ba|da)?sh'
}

dirs=
for d in tests tools bench scripts .ci; do
	[ -d "$d" ] && dirs="$dirs ./$d"
done
# shellcheck disable=SC2086 # $dirs: one word per directory
list=$(find $dirs -type f | LC_ALL=C sort |
	while IFS= read -r f; do is_shell "$f" && printf '%s\n' "$f"; done)
n=$(printf '%s\n' "$list" | grep -c .)
[ "$n" -gt 0 ] || {
	echo "shellcheck: no scripts found under $srcdir"
	exit 1
}
if printf '%s\n' "$list" | xargs shellcheck; then
	echo "shellcheck: $n scripts clean"
else
	exit 1
fi
