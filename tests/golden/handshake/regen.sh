#!/bin/sh
# regen.sh: rewrite the golden outputs of nw-handshake from the captures
# (after a deliberate change of the output; review the diff before
# committing).  Usage: regen.sh [BUILDDIR]  (default: the current directory).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-.}/nw-handshake
pcaps="$here/../../pcaps/tcpdump"
while read -r name capture args; do
	case $name in '#'* | '') continue ;; esac
	# shellcheck disable=SC2086 # args are options, split on purpose
	"$bin" $args -r "$pcaps/$capture" >"$here/$name.out" 2>&1 || true
done <"$here/TESTLIST"
