#!/bin/sh
# tool_cycles.sh: the files of a tool call each other one way.  In each
# tools/<tool>/ directory:
#
#  - a header X.h declares only what X.c defines (functions and extern
#    data); a header with no X.c declares types only;
#  - the includes between the tool's own files form no cycle: A.c (or A.h)
#    including B.h means A uses B, so A.c including B.h while B.c includes
#    A.h (or a longer loop) means the two call each other.
#
# With honest headers the include graph is the call graph, so no cycle in
# one means none in the other.  The test first checks itself on small
# fixtures (a cyclic pair, a dishonest header, an acyclic set), then the
# tree.  Exit 1 with one line per problem, naming the cycle or the header.
set -u
srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99

# Tools whose files still call each other in a loop: reported, not failed.
# A tool found clean fails until it is taken off this list.
KNOWN=""

# The names a header declares: functions (a line at column 0 with a
# parenthesis, not a type, a macro or a static inline) and extern data.
declared() {
	awk '
	/^(#|\/|\*| |\t|\}|typedef|static|extern "C")/ { next }
	/^(struct|enum|union) [A-Za-z0-9_]+ *\{/ { next }
	/^extern/ && !/\(/ {
		s = $0; sub(/[[;=].*/, "", s); n = split(s, a, /[^A-Za-z0-9_]+/)
		while (n > 0 && a[n] == "") n--
		if (n) print a[n]
		next
	}
	/^[A-Za-z_].*\(/ {
		s = $0; sub(/\(.*/, "", s); n = split(s, a, /[^A-Za-z0-9_]+/)
		while (n > 0 && a[n] == "") n--
		if (n) print a[n]
	}' "$1"
}

# Is name defined (not static) in the C file?
defines() {
	grep -v -E '^(static|extern)' "$2" |
		grep -q -E "^[A-Za-z_][^;]*[^A-Za-z0-9_]$1[[:space:]]*(\\(|=|\\[)"
}

# Check one tool directory; prints one line per problem.
check_dir() {
	dir=${1%/}
	for h in "$dir"/*.h; do
		[ -f "$h" ] || continue
		c=${h%.h}.c
		for name in $(declared "$h"); do
			if [ ! -f "$c" ]; then
				echo "tool_cycles: $h declares $name but there is no $(basename "$c"): a header without its own .c declares types only"
			elif ! defines "$name" "$c"; then
				echo "tool_cycles: $h declares $name, which $(basename "$c") does not define: declare it in its own file's header"
			fi
		done
	done
	# Edges "A B F G": module A uses module B because file F includes G.
	for f in "$dir"/*.[ch]; do
		[ -f "$f" ] || continue
		grep '^#include "' "$f" | while IFS= read -r line; do
			inc=${line#*\"}
			inc=${inc%%\"*}
			[ -f "$dir/$inc" ] || continue
			from=$(basename "$f")
			echo "${from%.*} ${inc%.*} $from $inc"
		done
	done | awk -v dir="$dir" '
	$1 != $2 { key = $1 SUBSEP $2; if (!(key in why)) { why[key] = $3 " includes " $4; nout[$1]++; out[$1, nout[$1]] = $2 }; node[$1]; node[$2] }
	function visit(v, depth,    i, w, k, msg) {
		color[v] = 1; stack[depth] = v
		for (i = 1; i <= nout[v]; i++) {
			w = out[v, i]
			if (color[w] == 1) {
				msg = ""
				for (k = depth; stack[k] != w; k--) ;
				for (; k <= depth; k++)
					msg = msg (msg == "" ? "" : ", ") why[stack[k], (k < depth ? stack[k + 1] : w)]
				print "tool_cycles: " dir ": include cycle: " msg
			} else if (color[w] == 0)
				visit(w, depth + 1)
		}
		color[v] = 2
	}
	END { n = 0; for (v in node) names[++n] = v
	      # a fixed order, so the message is the same on every run
	      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (names[j] < names[i]) { t = names[i]; names[i] = names[j]; names[j] = t }
	      for (i = 1; i <= n; i++) if (!color[names[i]]) visit(names[i], 1) }'
}

bad=0
fail() {
	echo "tool_cycles: $*"
	bad=1
}

# ---- the test tests itself on fixtures --------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tool_cycles.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

mkdir "$tmp/cyclic" "$tmp/dishonest" "$tmp/clean"
printf '#include "b.h"\nint a_run(void);\n' >"$tmp/cyclic/a.h"
printf '#include "a.h"\nint a_run(void)\n{\n\treturn b_step();\n}\n' >"$tmp/cyclic/a.c"
printf 'int b_step(void);\n' >"$tmp/cyclic/b.h"
printf '#include "b.h"\n#include "c.h"\nint b_step(void)\n{\n\treturn c_leaf();\n}\n' >"$tmp/cyclic/b.c"
printf 'int c_leaf(void);\n' >"$tmp/cyclic/c.h"
printf '#include "c.h"\n#include "a.h"\nint c_leaf(void)\n{\n\treturn a_run();\n}\n' >"$tmp/cyclic/c.c"
out=$(check_dir "$tmp/cyclic")
want="tool_cycles: $tmp/cyclic: include cycle: a.h includes b.h, b.c includes c.h, c.c includes a.h"
[ "$out" = "$want" ] || fail "self-check: a 3-file cycle gave '$out', not '$want'"

printf 'struct s {\n\tint x;\n};\nint shared_one(void);\nextern const int shared_data;\n' >"$tmp/dishonest/shared.h"
printf '#include "shared.h"\nint d_run(void);\n' >"$tmp/dishonest/d.h"
printf '#include "d.h"\nint d_run(void)\n{\n\treturn 0;\n}\nint shared_one(void)\n{\n\treturn 1;\n}\n' >"$tmp/dishonest/d.c"
out=$(check_dir "$tmp/dishonest")
n=$(printf '%s\n' "$out" | grep -c 'shared.h declares shared_\(one\|data\) but there is no shared.c')
[ "$n" -eq 2 ] || fail "self-check: a header declaring another file's functions gave '$out'"

printf '#include "cfg.h"\nint top_run(const struct cfg *c);\n' >"$tmp/clean/top.h"
printf '#include "top.h"\n#include "leaf.h"\nint top_run(const struct cfg *c)\n{\n\treturn leaf(c);\n}\n' >"$tmp/clean/top.c"
printf '#include "cfg.h"\nint leaf(const struct cfg *c);\nextern const int leaf_size;\n' >"$tmp/clean/leaf.h"
printf '#include "leaf.h"\nconst int leaf_size = 1;\nint leaf(const struct cfg *c)\n{\n\treturn c->x;\n}\n' >"$tmp/clean/leaf.c"
printf 'struct cfg {\n\tint x;\n};\nstatic inline int cfg_x(const struct cfg *c)\n{\n\treturn c->x;\n}\n' >"$tmp/clean/cfg.h"
out=$(check_dir "$tmp/clean")
[ -z "$out" ] || fail "self-check: an acyclic set gave '$out'"

# ---- the tree ---------------------------------------------------------------
tools=0
for dir in tools/*/; do
	tool=$(basename "$dir")
	ls "$dir"*.c >/dev/null 2>&1 || continue
	tools=$((tools + 1))
	out=$(check_dir "$dir")
	case " $KNOWN " in
	*" $tool "*)
		if [ -z "$out" ]; then
			fail "tools/$tool has no cycle any more: take it off KNOWN in tests/tool_cycles.sh"
		else
			echo "tool_cycles: known, not failed: $(printf '%s\n' "$out" | wc -l) problems in tools/$tool, the first: $(printf '%s\n' "$out" | head -1 | sed 's/^tool_cycles: //')"
		fi
		;;
	*)
		[ -n "$out" ] && {
			printf '%s\n' "$out"
			bad=1
		}
		;;
	esac
done
[ "$bad" -eq 0 ] && echo "tool_cycles: $tools tools, honest headers, no include cycle${KNOWN:+ (known: $KNOWN)}"
exit "$bad"
