# shellcheck shell=bash
#
# handshake.sh: helpers the nw-handshake live tests share (source after
# netns.sh and nw_setup): a capture with tcpdump inside a host, the
# comparison of nw-handshake's --json with tshark (tshark_compare.py), and
# the kernel's view of each side's TCP state (ss) in nw-handshake's words.

# shellcheck disable=SC2034 # used by the tests that source this file
HS_PEER="${NW_SRCDIR:-.}/tests/lib/tcp_peer.py"
HS_CMP="${NW_SRCDIR:-.}/tests/golden/handshake/tshark_compare.py"
HS_CAP_PID=""
HS_CAP_FILE=""

# hs_pair plain|offload: the two hosts most handshake tests use: c
# (198.18.0.1, 02:00:00:00:00:01) and s (198.18.0.2, 02:00:00:00:00:02) on
# one veth pair; "plain": no offloads on either end (see hs_plain_link),
# "offload": the kernel's defaults.
hs_pair() {
	case "$1" in plain | offload) ;; *) nw_fail "hs_pair: plain or offload, not '$1'" ;; esac
	nw_host c
	nw_host s
	nw_link c veth0 s veth0 02:00:00:00:00:01 02:00:00:00:00:02
	nw_addr c veth0 198.18.0.1/24
	nw_addr s veth0 198.18.0.2/24
	if [ "$1" = plain ]; then
		hs_plain_link c veth0
		hs_plain_link s veth0
	fi
}

# hs_plain_link HOST IF: no segmentation or receive offloads on HOST's IF,
# so the capture shows the segments as they travel (MSS-sized, not 64 kB
# GSO/GRO blobs), and one segment per buffer even before the egress hook
# (gso_max_segs 1), so nw_loss drops single segments.
hs_plain_link() {
	nw_in "$1" ethtool -K "$2" tso off gso off gro off >/dev/null 2>&1 ||
		nw_skip "ethtool cannot turn offloads off on $1:$2"
	nw_in "$1" ip link set "$2" gso_max_segs 1 ||
		nw_skip "cannot set gso_max_segs on $1:$2"
}

# hs_cap_start HOST IF FILE FILTER: tcpdump on HOST's IF into FILE (each
# packet flushed), waiting (at most 5 s) until it listens.
hs_cap_start() {
	# A 64 MB buffer: under a loaded make check -j the kernel must not drop.
	nw_bg "$1" tcpdump -n --immediate-mode -B 65536 -i "$2" -U -w "$3" "$4" >/dev/null 2>"$3.err"
	HS_CAP_PID=$NW_BG_PID
	HS_CAP_FILE=$3
	nw_wait_until 5 grep -q 'listening on' "$3.err" || nw_fail "tcpdump did not start: $(cat "$3.err")"
}

# hs_cap_stop: stop the capture hs_cap_start began (its last packets
# flushed).  NW_KEEP=DIR keeps a copy of it for a closer look.
hs_cap_stop() {
	[ -n "$HS_CAP_PID" ] || return 0
	sleep 0.2
	kill -INT "$HS_CAP_PID" 2>/dev/null
	nw_wait_pid "$HS_CAP_PID" 5 >/dev/null 2>&1
	HS_CAP_PID=""
	[ -n "${NW_KEEP:-}" ] && cp "$HS_CAP_FILE" "$NW_KEEP/" 2>/dev/null
	if grep -Eq '^[1-9][0-9]* packets dropped by kernel' "$HS_CAP_FILE.err"; then
		nw_fail "tcpdump lost packets: $(grep dropped "$HS_CAP_FILE.err" | tr '\n' ' ')"
	fi
	return 0
}

# hs_wait_listen HOST PORT: wait (at most 5 s) until something listens on
# TCP PORT in HOST.
hs_wait_listen() {
	nw_wait_until 5 hs__listening "$1" "$2" || nw_fail "nothing listens on $1 port $2"
}
hs__listening() {
	[ -n "$(nw_in "$1" ss -Htln "sport = :$2")" ]
}

# hs_kernel_state HOST LOCALPORT PEERPORT: the kernel's state of HOST's
# connection between LOCALPORT (0: any) and PEERPORT (0: any), in RFC 9293
# words as nw-handshake prints them; CLOSED when it has no such socket.
hs_kernel_state() {
	local f="" st
	[ "$2" != 0 ] && f="sport = :$2"
	[ "$3" != 0 ] && f="${f:+$f and }dport = :$3"
	st=$(nw_in "$1" ss -Htan state all "$f" | awk '$1 != "LISTEN" { print $1; exit }')
	case "$st" in
	"") echo CLOSED ;;
	ESTAB) echo ESTABLISHED ;;
	SYN-RECV) echo SYN_RECEIVED ;;
	*) echo "$st" | tr - _ ;;
	esac
}

# hs_json_last JSONFILE KEY: KEY of the last "connection" object in
# JSONFILE.
hs_json_last() {
	python3 -c '
import json, sys
v = None
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("type") == "connection":
        v = o.get(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v))
' "$1" "$2"
}

# hs_json_count JSONFILE ANALYSIS: how many packets carry the analysis flag.
hs_json_count() {
	python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("type") == "packet" and sys.argv[2] in o["analysis"]:
        n += 1
print(n)
' "$1" "$2"
}

# hs_tshark_agree WHAT PCAP: nw-handshake --json of PCAP (kept in
# PCAP.json) compared with tshark packet by packet.
hs_tshark_agree() {
	nw-handshake --json -r "$2" >"$2.json" 2>"$2.json.err" ||
		nw_fail "$1: nw-handshake -r failed: $(cat "$2.json.err")"
	if ! python3 "$HS_CMP" "$2" "$2.json" >"$2.cmp" 2>&1; then
		head -40 "$2.cmp" >&2
		nw_fail "$1: nw-handshake and tshark disagree ($(tail -1 "$2.cmp"))"
	fi
	nw_pass "$1: every packet agrees with tshark ($(tail -1 "$2.cmp"))"
}

# With NW_KEEP=DIR, a failing check keeps the current capture there too.
eval "$(declare -f nw_fail | sed '1s/^nw_fail/hs__nw_fail/')"
nw_fail() {
	[ -n "${NW_KEEP:-}" ] && [ -n "$HS_CAP_FILE" ] && cp "$HS_CAP_FILE" "$NW_KEEP/" 2>/dev/null
	hs__nw_fail "$@"
}
