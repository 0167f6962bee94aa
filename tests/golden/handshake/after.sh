#!/bin/sh
# After each passing nw-handshake golden case (tests/golden/run.sh): a --json
# output is also compared with tshark packet by packet (tshark_compare.py),
# when tshark and python3 are installed.  Usage: after.sh NAME OUTPUT ARGS...
set -u
name=$1 out=$2
shift 2
case " $* " in *" --json "*) ;; *) exit 0 ;; esac
command -v tshark >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 || exit 0
capture='' prev=''
for a in "$@"; do
	[ "$prev" = -r ] && capture=$a
	prev=$a
done
if cmp=$(python3 "$(dirname "$0")/tshark_compare.py" "$capture" "$out" 2>&1); then
	echo "ok: $name agrees with tshark ($(printf '%s\n' "$cmp" | tail -n 1))"
else
	echo "FAIL: $name differs from tshark"
	printf '%s\n' "$cmp"
	exit 1
fi
