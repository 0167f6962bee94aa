#!/bin/bash
# handshake_mss.sh: MSS segmentation seen by nw-handshake on a real
# connection: the server s announces MSS 536 (a route with advmss 536),
# the client c (no TCP timestamps, offloads off) writes 1,900 bytes in one
# send(); the capture must show one write of 1900 B in four segments,
# 536+536+536+292, reported in --oneline, --ladder and --json, and the
# packets' lengths must be those; a 4,000-byte write becomes 8 segments
# (7x536+248).  The summary carries data RTT samples.
#
# c veth0 198.18.0.1 <-> s veth0 198.18.0.2
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake python3 tcpdump ethtool timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

hs_pair plain
nw_route s 198.18.0.1/32 dev veth0 advmss 536
# Without timestamps the client's segments carry the full 536 bytes.
nw_in c sysctl -qw net.ipv4.tcp_timestamps=0 >/dev/null || nw_skip "cannot turn TCP timestamps off"

# upload BYTES PORT FILE: one send() of BYTES from c to a sink on s, captured on s.
upload() {
	nw_bg s python3 "$HS_PEER" server 198.18.0.2 "$2" sink >"$NW_TMP/sink$2.log" 2>&1
	hs_wait_listen s "$2"
	hs_cap_start s veth0 "$3" "tcp port $2"
	nw_run 25 c python3 "$HS_PEER" client 198.18.0.2 "$2" upload --bytes "$1"
	nw_assert_status "upload of $1 B" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	hs_cap_stop
}

# data_lens JSONFILE: the payload lengths of the client's data segments.
data_lens() {
	python3 -c '
import json, sys
print(" ".join(str(o["len"]) for o in map(json.loads, open(sys.argv[1]))
      if o["type"] == "packet" and o["dir"] == "c2s" and o["len"] > 0))
' "$1"
}

# write_of JSONFILE: the client's writes, "BYTES SEGMENTS SIZES MSS" each.
write_of() {
	python3 -c '
import json, sys
for o in map(json.loads, open(sys.argv[1])):
    w = o.get("write") if o["type"] == "packet" and o["dir"] == "c2s" else None
    if w:
        print(w["bytes"], w["segments"], json.dumps(w["sizes"]).replace(" ", ""), w["mss"])
' "$1"
}

upload 1900 9001 "$NW_TMP/w1900.pcap"
f=$NW_TMP/w1900.pcap
nw-handshake --json -r "$f" >"$f.json" 2>"$f.err" || nw_fail "nw-handshake --json: $(cat "$f.err")"
nw_assert_eq "the server announced MSS 536" 536 \
	"$(python3 -c 'import json,sys
print(next(o["options"]["mss"] for o in map(json.loads, open(sys.argv[1])) if o["type"] == "packet" and o["flags"] == "SA"))' "$f.json")"
nw_assert_eq "1900 B went out as 536+536+536+292" "536 536 536 292" "$(data_lens "$f.json")"
nw_assert_eq "json: one write of 1900 B in 4 segments" "1900 4 [[536,3],[292,1]] 536" "$(write_of "$f.json")"
nw_assert_eq "json: writes counted" "1 1" \
	"$(python3 -c 'import json,sys
c = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "connection"][0]["c2s"]
print(c["writes"], c["writes_split"])' "$f.json")"
nw_assert_match "json: data RTT samples of the client's data" '^[1-9]' \
	"$(python3 -c 'import json,sys
c = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "connection"][0]["c2s"]
print(c["rtt_samples"], c["rtt_min_ms"], c["rtt_max_ms"])' "$f.json")"
out=$(nw-handshake --oneline -r "$f" 2>&1)
nw_assert_match "oneline: the write on its last segment" \
	' PSH,ACK seq=1609 ack=1 len=292 .*\{write of 1900 B -> 4 segments \(536\+536\+536\+292\), MSS 536\}$' "$out"
nw_assert_eq "oneline: only one write line" 1 "$(printf '%s\n' "$out" | grep -c 'write of')"
out=$(nw-handshake --ladder -r "$f" 2>&1)
nw_assert_match "ladder: the write under the arrow" \
	'^ +write of 1900 B -> 4 segments \(536\+536\+536\+292\), MSS 536$' "$out"
nw_assert_match "ladder summary: data RTT of c2s" \
	' data-rtt c2s [0-9.]+/[0-9.]+/[0-9.]+ ms x[1-9][0-9]* s2c - retrans 0/0 end fin ' "$out"

upload 4000 9002 "$NW_TMP/w4000.pcap"
f=$NW_TMP/w4000.pcap
nw-handshake --json -r "$f" >"$f.json" 2>"$f.err" || nw_fail "nw-handshake --json: $(cat "$f.err")"
nw_assert_eq "4000 B went out as 7 x 536 + 248" "536 536 536 536 536 536 536 248" "$(data_lens "$f.json")"
nw_assert_eq "json: one write of 4000 B in 8 segments" "4000 8 [[536,7],[248,1]] 536" "$(write_of "$f.json")"
out=$(nw-handshake --oneline -r "$f" 2>&1)
nw_assert_match "oneline: runs folded" '\{write of 4000 B -> 8 segments \(7x536\+248\), MSS 536\}$' "$out"
nw_cleanup
