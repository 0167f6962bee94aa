#!/bin/bash
# traceroute_unpriv.sh: nw-traceroute without privileges (socket mode: UDP
# with IP_RECVERR, ICMP on ping sockets) as a plain user along six routers
# (tests/lib/chain.sh): the same hops as the raw mode (as root) and as
# Debian's traceroute -n, IPv4 and IPv6, UDP paris and classic and ICMP;
# the header and the JSON start object name the mode and the clock; what
# needs raw sockets (-T, --flow dublin, --mode raw) fails with one
# line naming CAP_NET_RAW, exit 3; --paths with a socket per flow.
#
#   client -- r1 -- ... -- r6 -- server (198.19.0.2, 2001:db8:1::2)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute traceroute setpriv timeout python3
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/chain.sh"
nw_chain 6
# ping sockets for every group (the default range, "1 0", allows none)
nw_sysctl client net.ipv4.ping_group_range "0 2147483647"

# The plain user: no capability, no root, no supplementary group.
AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

hops() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }'
}

for m in "" -I "--flow classic"; do
	for fam in 4 6; do
		dst=$NW_CHAIN_DST4
		[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6
		what="-$fam${m:+ $m}"
		tm=""
		[ "$m" = -I ] && tm=-I
		nw_run 30 client traceroute -n "-$fam" ${tm:+"$tm"} "$dst"
		[ "$NW_RC" = 0 ] || nw_fail "traceroute $what failed: $NW_ERR"
		want=$(hops "$NW_OUT")
		[ "$(printf '%s\n' "$want" | wc -l)" = 7 ] || nw_fail "traceroute $what: not 7 hops: $want"
		# shellcheck disable=SC2086 # $m is one option or an option and its value
		nw_run 30 client nw-traceroute --mode raw -n "-$fam" $m "$dst"
		nw_assert_status "raw mode $what reaches $dst" 0 "$NW_RC"
		nw_assert_eq "raw mode $what hops = traceroute's" "$want" "$(hops "$NW_OUT")"
		# shellcheck disable=SC2086
		nw_run 30 client "${AS_USER[@]}" nw-traceroute -n "-$fam" $m "$dst"
		nw_assert_status "as nobody $what reaches $dst" 0 "$NW_RC"
		nw_assert_eq "as nobody $what hops = traceroute's" "$want" "$(hops "$NW_OUT")"
		nw_assert_match "as nobody $what: socket mode and its clock in the header" \
			", socket mode, RTT from kernel receive timestamps \(SO_TIMESTAMPNS\) less send time$" \
			"$(printf '%s\n' "$NW_OUT" | head -1)"
		nw_assert_match "as nobody $what: three RTTs at hop 3" \
			"^ 3  [0-9a-f.:]+  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$" "$NW_OUT"
	done
done

# As root the default (auto) is raw mode; --mode socket as root is socket mode.
nw_run 30 client nw-traceroute -n "$NW_CHAIN_DST4"
nw_assert_match "root: auto is raw mode" ", udp paris, raw mode, RTT from " "$NW_OUT"
nw_run 30 client nw-traceroute -n --mode socket "$NW_CHAIN_DST4"
nw_assert_status "root --mode socket reaches" 0 "$NW_RC"
nw_assert_match "root --mode socket: socket mode" ", udp paris, socket mode, " "$NW_OUT"

# JSON: the start object names the mode and the clock; the hops are answered.
nw_run 30 client "${AS_USER[@]}" nw-traceroute -n --json -q 1 -I "$NW_CHAIN_DST6"
nw_assert_status "as nobody --json -I -6" 0 "$NW_RC"
nw_assert_eq "--json start: mode and clock; 7 hops answered, reached" \
	"socket|kernel receive timestamps (SO_TIMESTAMPNS) less send time|7|True" \
	"$(printf '%s\n' "$NW_OUT" | python3 -c '
import json, sys
o = [json.loads(l) for l in sys.stdin]
s = o[0]
hops = [h for h in o if h["type"] == "hop" and h["answered"] == 1]
print(s["mode"], s["clock"], len(hops), o[-1]["reached"], sep="|")')"

# --paths: one socket per flow, each its own source port.
nw_run 30 client "${AS_USER[@]}" nw-traceroute --paths 4 "$NW_CHAIN_DST4"
nw_assert_status "as nobody --paths 4 reaches" 0 "$NW_RC"
nw_assert_match "--paths 4: four ports" "^4 flows \(port\): 0:[0-9]+ 1:[0-9]+ 2:[0-9]+ 3:[0-9]+$" \
	"$NW_OUT"
nw_assert_match "--paths 4: one path" "^1 distinct path" "$NW_OUT"

# What needs raw sockets: one line naming the capability, exit 3 (runtime).
need='(run as root or setcap cap_net_raw+ep)'
for c in "-T|TCP probes need" "--flow dublin|--flow dublin needs"; do
	opt=${c%%|*}
	msg=${c#*|}
	# shellcheck disable=SC2086
	nw_run 30 client "${AS_USER[@]}" nw-traceroute -n $opt "$NW_CHAIN_DST4"
	nw_assert_status "as nobody $opt: runtime error" 3 "$NW_RC"
	nw_assert_eq "as nobody $opt: the one line" "nw-traceroute: $msg CAP_NET_RAW $need" "$NW_ERR"
	nw_assert_eq "as nobody $opt: nothing on stdout" "" "$NW_OUT"
done
nw_run 30 client "${AS_USER[@]}" nw-traceroute -n --mode raw "$NW_CHAIN_DST4"
nw_assert_status "as nobody --mode raw: runtime error" 3 "$NW_RC"
nw_assert_match "as nobody --mode raw: says why" "^nw-traceroute: .*(not permitted|denied)" "$NW_ERR"
nw_run 30 client nw-traceroute -n --mode socket -T "$NW_CHAIN_DST4"
nw_assert_eq "root --mode socket -T: raw sockets needed" \
	"nw-traceroute: TCP probes need raw sockets, not --mode socket" "$NW_ERR"
nw_run 30 client nw-traceroute --mode bogus "$NW_CHAIN_DST4"
nw_assert_status "--mode bogus: usage error" 2 "$NW_RC"

# Without ping sockets for the user, ICMP says what would allow it.
nw_sysctl client net.ipv4.ping_group_range "1 0"
nw_run 30 client "${AS_USER[@]}" nw-traceroute -n -I "$NW_CHAIN_DST4"
nw_assert_status "as nobody -I without ping sockets: runtime error" 3 "$NW_RC"
nw_assert_match "as nobody -I without ping sockets: names both ways" \
	"^nw-traceroute: ICMP probes need CAP_NET_RAW \(run as root or setcap cap_net_raw\+ep\) or a group in net.ipv4.ping_group_range" \
	"$NW_ERR"
nw_pass
