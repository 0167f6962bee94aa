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

# tr_responder_hosts: the crafted-replies tests' namespaces: client -- r1
# (a real router) -- mr (where a responder plays the routers beyond r1);
# links client:to1 - r1:in0 and r1:out0 - mr:eth0, addresses the test's.
tr_responder_hosts() {
	nw_host client
	nw_router r1
	nw_host mr
	nw_link client to1 r1 in0
	nw_link r1 out0 mr eth0
}

# tr_responder SCRIPT [ARG...]: (re)start the python responder SCRIPT in mr
# on eth0 (its arguments: tests/lib, for icmp_ext.py, eth0, then ARG...),
# its output in $NW_TMP/resp.out; wait until it says "ready".
TR_RESP_PID=""
tr_responder() {
	local script=$1
	shift
	[ -z "$TR_RESP_PID" ] || nw_wait_pid "$TR_RESP_PID" 0 >/dev/null 2>&1
	rm -f "$NW_TMP/resp.out"
	nw_bg mr timeout -k 2 55 python3 "$script" "${NW_SRCDIR:-.}/tests/lib" eth0 "$@" >"$NW_TMP/resp.out" 2>&1
	TR_RESP_PID=$NW_BG_PID
	nw_wait_until 5 grep -q ready "$NW_TMP/resp.out" ||
		nw_fail "responder did not start: $(cat "$NW_TMP/resp.out")"
}
