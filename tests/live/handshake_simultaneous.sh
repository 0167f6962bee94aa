#!/bin/bash
# handshake_simultaneous.sh: a simultaneous open and a simultaneous close
# (RFC 9293 3.5 figure 7, 3.6 figure 13), crafted with the core's libnet
# builders (tests/lib/tcp_craft plays both ends out of a's veth0, between
# addresses and MACs no host owns, so no kernel answers with an RST),
# captured by tcpdump on the far end b, and read back with nw-handshake:
# after the first SYN the far end is '?' (it has not answered: listening
# or not, the capture cannot tell yet), after the crossed SYNs both sides
# are SYN_RECEIVED (the client from SYN_SENT), after the two SYN,ACKs both
# ESTABLISHED; after the crossed
# FINs both CLOSING, then both TIME_WAIT; the ladder shows the same; no
# segment breaks a rule.
#
# a veth0 <-> b veth0 (no addresses: the frames are for no one)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
CRAFT="${NW_BUILDDIR:-.}/tests/lib/tcp_craft"
nw_require_root nw-handshake python3 tcpdump "$CRAFT"
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

nw_host a
nw_host b
nw_link a veth0 b veth0 02:00:00:00:00:01 02:00:00:00:00:02
f=$NW_TMP/simultaneous.pcap
hs_cap_start b veth0 "$f" "tcp"
nw_run 10 a "$CRAFT" veth0
nw_assert_status "tcp_craft sent both ends" 0 "$NW_RC" "$NW_OUT$NW_ERR"
hs_cap_stop
nw_assert_eq "the capture holds the 11 crafted frames" 11 "$(tcpdump -nr "$f" 2>/dev/null | wc -l)"

nw-handshake --json -r "$f" >"$f.json" 2>"$f.err" || nw_fail "nw-handshake --json: $(cat "$f.err")"
# states SIDE: that side's states after each packet, repeats folded.
states() {
	python3 -c '
import json, sys
out = []
for o in map(json.loads, open(sys.argv[1])):
    if o["type"] == "packet":
        s = o[sys.argv[2] + "_state"]
        if not out or out[-1] != s:
            out.append(s)
print(" ".join(out))
' "$f.json" "$1"
}
nw_assert_eq "client: simultaneous open, simultaneous close" \
	"SYN_SENT SYN_RECEIVED ESTABLISHED FIN_WAIT_1 CLOSING TIME_WAIT" "$(states client)"
# The capture point sees the first SYN reach b before b's own SYN leaves:
# b is '?' until its SYN shows it (it could as well have been a closed
# port about to refuse), SYN_RECEIVED from then on, and CLOSE_WAIT for the
# moment between a's FIN passing and its own.
nw_assert_eq "server: simultaneous open, simultaneous close" \
	"? SYN_RECEIVED ESTABLISHED CLOSE_WAIT CLOSING TIME_WAIT" "$(states server)"
python3 - "$f.json" <<'PY' || nw_fail "per-packet states of the simultaneous open/close"
import json, sys
pk = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "packet"]
want = [("SYN_SENT", None), ("SYN_RECEIVED", "SYN_RECEIVED"),
        ("SYN_RECEIVED", "ESTABLISHED"), ("ESTABLISHED", "ESTABLISHED")]
got = [(p["client_state"], p["server_state"]) for p in pk[:4]]
assert got[1:] == want[1:] and got[0] == ("SYN_SENT", "?"), got
close = [(p["client_state"], p["server_state"]) for p in pk[7:]]
assert close == [("FIN_WAIT_1", "CLOSE_WAIT"), ("CLOSING", "CLOSING"),
                 ("CLOSING", "TIME_WAIT"), ("TIME_WAIT", "TIME_WAIT")], close
assert not any(p["broken"] for p in pk), "a crafted segment breaks a rule"
assert all(p["conn"] == 1 for p in pk), "one connection"
PY
nw_pass "per packet: SYN_SENT (server ?), both SYN_RECEIVED, both ESTABLISHED; FIN_WAIT_1, both CLOSING, both TIME_WAIT"
nw_assert_eq "json: both FINs" fin "$(hs_json_last "$f.json" end)"
nw_assert_eq "json: the client ends in TIME_WAIT" TIME_WAIT "$(hs_json_last "$f.json" client_state)"
nw_assert_eq "json: the server ends in TIME_WAIT" TIME_WAIT "$(hs_json_last "$f.json" server_state)"
out=$(nw-handshake --ladder -r "$f" 2>&1)
nw_assert_match "ladder: both SYN_RECEIVED after the crossed SYNs" \
	'^#1 +[0-9.]+ SYN_RECEIVED +\|<-- SYN seq=0 ack=0 len=0 .*-\| SYN_RECEIVED$' "$out"
nw_assert_match "ladder: both CLOSING after the crossed FINs" \
	'^#1 +[0-9.]+ CLOSING +\|<-- FIN,ACK seq=6 ack=6 len=0 .*-\| CLOSING$' "$out"
nw_assert_match "summary: both TIME_WAIT" ' end fin \(TIME_WAIT TIME_WAIT\)$' "$out"
nw_cleanup
