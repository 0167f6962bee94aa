#!/bin/sh
# format.sh: every .c and .h file under common/, tools/ and tests/ must be
# formatted as .clang-format says (clang-format --dry-run -Werror is silent).
# Hand-laid tables (packet bytes, option tables) sit between
# "/* clang-format off */" and "/* clang-format on */".
#
# Only clang-format 14 (Debian 12's) is used: other major versions lay out
# the same .clang-format differently, so with any other version (or none)
# this test is skipped (77) rather than failed.  $CLANG_FORMAT picks the
# program (default: clang-format, else clang-format-14).
#
# Files are found with find, not git: the dist tarball has no .git.
# Prints each offending file; exit 1 if there is any.  Fix with
# "clang-format -i FILE".  Runs from make check: NW_SRCDIR is the source tree.
set -u

srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}

cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
	for c in clang-format clang-format-14; do
		if command -v "$c" >/dev/null 2>&1; then
			cf=$c
			break
		fi
	done
fi
if [ -z "$cf" ] || ! command -v "$cf" >/dev/null 2>&1; then
	echo "format: skipped: clang-format not installed"
	exit 77
fi
version=$("$cf" --version 2>/dev/null)
major=$(printf '%s\n' "$version" | sed -n 's/.*clang-format version \([0-9][0-9]*\)\..*/\1/p' | head -n 1)
if [ "$major" != 14 ]; then
	echo "format: skipped: $cf is not version 14 (${version:-no version}); other versions format differently"
	exit 77
fi

if [ ! -f "$srcdir/.clang-format" ]; then
	echo "format: $srcdir/.clang-format is missing"
	exit 1
fi

files=$(cd "$srcdir" && find common tools tests -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
if [ -z "$files" ]; then
	echo "format: no .c or .h files found under $srcdir"
	exit 1
fi

checked=0
bad=0
# One name per line: split on newlines only, and no globbing.
set -f
IFS='
'
for f in $files; do
	checked=$((checked + 1))
	if ! out=$("$cf" --dry-run -Werror "$srcdir/$f" 2>&1) || [ -n "$out" ]; then
		first=$(printf '%s\n' "$out" | sed -n 's|^.*/\([^/]*:[0-9][0-9]*:[0-9][0-9]*\): .*|\1|p' | head -n 1)
		echo "format: $f: not clang-format clean${first:+ (first at $first)}"
		bad=$((bad + 1))
	fi
done

if [ "$bad" -gt 0 ]; then
	echo "format: $bad of $checked files need 'clang-format -i' (or a clang-format off/on region)"
	exit 1
fi
echo "format: $checked files clean ($version)"
exit 0
