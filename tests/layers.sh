#!/bin/sh
# layers.sh: common/ is built in layers, and this test reads every #include
# in it to keep the arrows pointing one way:
#
#   base  <-  wire  <-  dns, tcp, probe  <-  sys  <-  cli
#
# A folder may include its own headers and those of the layers it is
# allowed to use (below); nothing includes cli/ but cli/ and the tools; and
# only cli/ prints or exits (a library function returns an error, the tool
# decides what to say).  A tool (tools/<tool>/) includes common/ and its own
# headers, never another tool's.  Exit 1 naming every file and line against
# the rules.
set -u
srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99

# The layers each folder may include besides itself.
allowed() {
	case $1 in
	base) echo "" ;;
	wire) echo "base" ;;
	dns | tcp | probe) echo "base wire" ;;
	sys) echo "base wire probe" ;;
	cli) echo "base wire dns tcp probe sys" ;;
	*) echo "?" ;;
	esac
}

bad=0
complain() {
	echo "layers: $*"
	bad=1
}

for dir in common/*/; do
	layer=$(basename "$dir")
	ok=$(allowed "$layer")
	[ "$ok" = "?" ] && complain "common/$layer/ is not a known layer (base wire dns tcp probe sys cli)"
	for f in "$dir"*.[ch]; do
		[ -f "$f" ] || continue
		grep -n '^#include "' "$f" | while IFS= read -r line; do
			inc=${line#*\"}
			inc=${inc%%\"*}
			case $inc in
			config.h) continue ;;
			*/*) ;;
			*)
				echo "layers: $f:${line%%:*}: include \"$inc\" names no layer (write \"<layer>/$inc\")"
				continue
				;;
			esac
			to=${inc%%/*}
			[ "$to" = "$layer" ] && continue
			case " $ok " in
			*" $to "*) ;;
			*) echo "layers: $f:${line%%:*}: $layer/ may not include $inc (allowed: ${ok:-nothing})" ;;
			esac
		done
	done
done >"${TMPDIR:-/tmp}/layers.$$"
[ -s "${TMPDIR:-/tmp}/layers.$$" ] && {
	cat "${TMPDIR:-/tmp}/layers.$$"
	bad=1
}
rm -f "${TMPDIR:-/tmp}/layers.$$"

# Only cli/ prints or exits.  (snprintf into a buffer is not printing.)
# A child process sys/ forks (sys/names.c) ends with _exit: that ends the
# child, never the tool, so _exit is allowed in sys/.
out='(printf|fprintf|vfprintf|dprintf|puts|fputs|putchar|fputc|perror|exit|_exit|abort|err|errx|warn|warnx|verr|vwarn)'
hits=$(grep -nE "(^|[^_a-zA-Z0-9.>])${out}[[:space:]]*\\(" common/*/*.c 2>/dev/null |
	grep -v '^common/cli/' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' |
	grep -vE '^common/sys/[^:]+:[0-9]+:.*[^_a-zA-Z0-9.>]_exit[[:space:]]*\(')
[ -n "$hits" ] && {
	echo "$hits" | sed 's/^/layers: only cli\/ prints or exits: /'
	bad=1
}

# A tool includes only common/ and itself.
for f in tools/*/*.[ch]; do
	[ -f "$f" ] || continue
	tool=$(basename "$(dirname "$f")")
	grep -n '^#include "' "$f" | while IFS= read -r line; do
		inc=${line#*\"}
		inc=${inc%%\"*}
		case $inc in
		config.h | */*) ;;
		*) [ -f "tools/$tool/$inc" ] || echo "layers: $f:${line%%:*}: $inc is neither common/ nor $tool's own" ;;
		esac
		case $inc in
		../*) echo "layers: $f:${line%%:*}: $inc reaches outside common/ and $tool" ;;
		esac
	done
done | grep . && bad=1

[ "$bad" -eq 0 ] && echo "layers: $(find common -name "*.[ch]" | wc -l) files in $(find common -mindepth 1 -type d | wc -l) layers, every include points down"
exit "$bad"
