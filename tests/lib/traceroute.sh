# shellcheck shell=bash
#
# traceroute.sh: helpers for the nw-traceroute tests, sourced after
# tests/lib/netns.sh.

# tr_line TEXT TTL: hop TTL's line of nw-traceroute's (or traceroute's) TEXT.
tr_line() {
	printf '%s\n' "$1" | awk -v t="$2" '$1 == t'
}

# tr_json_probes TEXT EXPR: for every probe of every hop object of
# nw-traceroute --json TEXT, in order, print the Python expression EXPR of
# h (the hop object) and p (the probe object).
tr_json_probes() {
	printf '%s\n' "$1" | python3 -c '
import json, sys
for line in sys.stdin:
    h = json.loads(line)
    for p in h.get("probes", []) if h.get("type") == "hop" else []:
        print(eval(sys.argv[1]))
' "$2"
}
