#!/bin/bash
# handshake_tshark.sh: nw-handshake on captures of real connections made
# here between two namespaces, every packet compared with tshark (tcp.seq,
# tcp.ack, tcp.len, tcp.window_size, tcp.analysis.*; tshark_compare.py),
# and each side's final state compared with the kernel's (ss) right after:
#   a. curl against python3 -m http.server
#   b. a client that half-closes (shutdown(SHUT_WR)) and keeps reading; the
#      kernel's FIN_WAIT_2 / CLOSE_WAIT checked mid-way too
#   c. a server that resets (close with SO_LINGER 0)
#   d. random drops (nftables numgen) during a 2 MB download, once after
#      the capture point (retransmissions, duplicate ACKs, fast
#      retransmissions) and once before it (previous segment not captured)
#   e. a receiver that stops reading (small SO_RCVBUF): zero window, window
#      full, zero-window probes (keep-alive shaped, as Linux sends them)
#
# c veth0 198.18.0.1 <-> s veth0 198.18.0.2; capture on c's veth0,
# offloads off so segments are MSS-sized.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake tshark tcpdump python3 nft ss ethtool curl timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

hs_pair plain
WWW=$NW_TMP/www
mkdir -p "$WWW" || nw_fail "mkdir"
head -c 2000000 /dev/urandom >"$WWW/big" || nw_fail "make a 2 MB file"
echo hello >"$WWW/index.html"

# kernel_states PORT: the kernel's state of the connection to PORT in c
# (KC) and in s (KS), taken right after the exchange, before the capture
# stops.
KC="" KS=""
kernel_states() {
	KC=$(hs_kernel_state c 0 "$1")
	KS=$(hs_kernel_state s "$1" 0)
}

# check_states WHAT PCAP: nw-handshake's final client and server states
# (the last connection in PCAP.json) against KC and KS.
check_states() {
	nw_assert_eq "$1: client state as the kernel's" "$KC" "$(hs_json_last "$2.json" client_state)"
	nw_assert_eq "$1: server state as the kernel's" "$KS" "$(hs_json_last "$2.json" server_state)"
}

# http_server PORT [ADDR]: python3 -m http.server in s on PORT (and ADDR,
# default 198.18.0.2), serving $WWW.
http_server() {
	nw_bg s python3 -m http.server -b "${2:-198.18.0.2}" --directory "$WWW" "$1" >"$NW_TMP/http$1.log" 2>&1
	hs_wait_listen s "$1"
}

# a. curl against python3 -m http.server.
P=$NW_TMP/a.pcap
http_server 8001
hs_cap_start c veth0 "$P" "tcp port 8001"
nw_run 10 c curl -sS -o /dev/null http://198.18.0.2:8001/index.html
nw_assert_status "a: curl" 0 "$NW_RC" "$NW_ERR"
sleep 0.3
kernel_states 8001
hs_cap_stop
hs_tshark_agree "a: curl and http.server" "$P"
check_states "a" "$P"
nw_assert_eq "a: one connection" 1 "$(grep -c '"type":"connection"' "$P.json")"
nw_assert_eq "a: it ended with both FINs" fin "$(hs_json_last "$P.json" end)"

# b. Half-close: the client's FIN first, then the server's data, then its FIN.
P=$NW_TMP/b.pcap
G=$NW_TMP/b.gate
hs_cap_start c veth0 "$P" "tcp port 8002"
nw_bg s python3 "$HS_PEER" server 198.18.0.2 8002 halfclose --bytes 5000 --gate "$G" >"$NW_TMP/b.server" 2>&1
spid=$NW_BG_PID
nw_wait_until 5 test -e "$G.listening" || nw_fail "b: server did not start"
nw_bg c python3 "$HS_PEER" client 198.18.0.2 8002 halfclose >"$NW_TMP/b.client" 2>&1
cpid=$NW_BG_PID
nw_wait_until 5 test -e "$G.ready" || nw_fail "b: server never saw the half-close"
sleep 0.3
cp "$P" "$P.mid.pcap" || nw_fail "copy"
nw-handshake --json -r "$P.mid.pcap" >"$P.mid.pcap.json" 2>/dev/null
nw_assert_eq "b: mid-way, client state as the kernel's" "$(hs_kernel_state c 0 8002)" \
	"$(hs_json_last "$P.mid.pcap.json" client_state)"
nw_assert_eq "b: mid-way, server state as the kernel's" "$(hs_kernel_state s 8002 0)" \
	"$(hs_json_last "$P.mid.pcap.json" server_state)"
nw_assert_eq "b: mid-way, the client is in FIN_WAIT_2" FIN_WAIT_2 "$(hs_json_last "$P.mid.pcap.json" client_state)"
nw_assert_eq "b: mid-way, the server is in CLOSE_WAIT" CLOSE_WAIT "$(hs_json_last "$P.mid.pcap.json" server_state)"
touch "$G"
nw_wait_pid "$spid" 10 || nw_fail "b: server failed: $(cat "$NW_TMP/b.server")"
nw_wait_pid "$cpid" 10 || nw_fail "b: client failed: $(cat "$NW_TMP/b.client")"
nw_assert_match "b: the client read the answer after its FIN" '^halfclose: received 5000 bytes \(eof\)' "$(cat "$NW_TMP/b.client")"
sleep 0.3
kernel_states 8002
hs_cap_stop
hs_tshark_agree "b: half-close" "$P"
check_states "b" "$P"
nw_assert_eq "b: the client ends in TIME_WAIT" TIME_WAIT "$(hs_json_last "$P.json" client_state)"

# c. A server that resets.
P=$NW_TMP/c.pcap
G=$NW_TMP/c.gate
hs_cap_start c veth0 "$P" "tcp port 8003"
nw_bg s python3 "$HS_PEER" server 198.18.0.2 8003 reset --gate "$G" >"$NW_TMP/c.server" 2>&1
spid=$NW_BG_PID
nw_wait_until 5 test -e "$G.listening" || nw_fail "c: server did not start"
nw_run 10 c python3 "$HS_PEER" client 198.18.0.2 8003 reset
nw_assert_match "c: the client saw the reset" '^reset: received 0 bytes \(reset\)' "$NW_OUT"
nw_wait_pid "$spid" 5 || nw_fail "c: server failed: $(cat "$NW_TMP/c.server")"
sleep 0.3
kernel_states 8003
hs_cap_stop
hs_tshark_agree "c: reset" "$P"
check_states "c" "$P"
nw_assert_eq "c: it ended with a reset" reset "$(hs_json_last "$P.json" end)"

# d. Drops during a 2 MB download: first random ones after the capture point
# (on c's ingress: the capture sees every segment, the client misses some),
# then every 25th data frame before it, on a router m between s and c (the
# capture misses them too).  Not on s's own egress: a drop there is
# reported back to s's TCP, which quietly sends the segment again, so the
# wire never shows the gap.
#   c veth1 198.18.1.1 -- m (198.18.1.254 | 198.18.2.254) -- s veth1 198.18.2.2
nw_router m
nw_link c veth1 m vc 02:00:00:00:01:01 02:00:00:00:01:fe
nw_link s veth1 m vs 02:00:00:00:02:02 02:00:00:00:02:fe
nw_addr c veth1 198.18.1.1/24
nw_addr m vc 198.18.1.254/24
nw_addr m vs 198.18.2.254/24
nw_addr s veth1 198.18.2.2/24
nw_route c 198.18.2.0/24 via 198.18.1.254
nw_route s 198.18.1.0/24 via 198.18.2.254
for l in "c veth1" "m vc" "m vs" "s veth1"; do
	# shellcheck disable=SC2086 # host and interface
	hs_plain_link $l
done
# (a port each: the first connection is still in TIME_WAIT during the second)
http_server 8004
http_server 8006 198.18.2.2
for where in after before; do
	port=8004 dev=veth0 url=http://198.18.0.2:8004/big
	[ "$where" = before ] && port=8006 dev=veth1 url=http://198.18.2.2:8006/big
	P=$NW_TMP/d-$where.pcap
	hs_cap_start c "$dev" "$P" "tcp port $port"
	if [ "$where" = after ]; then
		nw_loss c veth0 4 in
	else
		nw_loss_every m vc 25 # data frames, so a mid-stream gap is certain
	fi
	nw_run 60 c curl -sS -o "$NW_TMP/big.$where" "$url"
	nw_assert_status "d ($where): curl with drops" 0 "$NW_RC" "$NW_ERR"
	cmp -s "$WWW/big" "$NW_TMP/big.$where" || nw_fail "d ($where): the file arrived damaged"
	if [ "$where" = after ]; then
		dropped=$(nw_loss_dropped c veth0)
		nw_in c nft delete table netdev nwloss_veth0
	else
		dropped=$(nw_loss_dropped m vc)
		nw_in m nft delete table netdev nwloss_vc
	fi
	[ "$dropped" -gt 0 ] || nw_fail "d ($where): nothing was dropped"
	nw_pass "d ($where): $dropped frames dropped"
	sleep 1.5 # a lost FIN or last ACK is retransmitted and answered
	kernel_states "$port"
	hs_cap_stop
	hs_tshark_agree "d ($where): 2 MB with drops" "$P"
	check_states "d ($where)" "$P"
	r=$(hs_json_count "$P.json" retransmission)
	f=$(hs_json_count "$P.json" fast_retransmission)
	d=$(hs_json_count "$P.json" duplicate_ack)
	l=$(hs_json_count "$P.json" lost_segment)
	o=$(hs_json_count "$P.json" out_of_order)
	nw_log "d ($where): retransmission $r, fast_retransmission $f, duplicate_ack $d, lost_segment $l, out_of_order $o"
	if [ "$where" = after ]; then
		# The capture saw the lost copies: the resent ones are retransmissions.
		[ $((r + f)) -gt 0 ] || nw_fail "d (after): no retransmission flagged"
		[ "$d" -gt 0 ] || nw_fail "d (after): no duplicate ACK flagged"
	else
		# The capture missed them: a gap, then the resent copy (which, resent
		# within an RTT, tshark calls out-of-order).
		[ "$l" -gt 0 ] || nw_fail "d (before): no 'previous segment not captured'"
		[ $((r + f + o)) -gt 0 ] || nw_fail "d (before): the resent segments are not flagged"
	fi
	nw_pass "d ($where): the losses are flagged"
done

# e. A receiver that stops reading: zero window and zero-window probes.
P=$NW_TMP/e.pcap
G=$NW_TMP/e.gate
hs_cap_start c veth0 "$P" "tcp port 8005"
nw_bg s python3 "$HS_PEER" server 198.18.0.2 8005 slow --rcvbuf 4096 --sleep 3 --gate "$G" >"$NW_TMP/e.server" 2>&1
spid=$NW_BG_PID
nw_wait_until 5 test -e "$G.listening" || nw_fail "e: server did not start"
nw_run 20 c python3 "$HS_PEER" client 198.18.0.2 8005 upload --bytes 300000
nw_assert_match "e: the upload completed" '^upload: sent 300000 bytes, received 0 \(eof\)' "$NW_OUT"
nw_wait_pid "$spid" 10 || nw_fail "e: server failed: $(cat "$NW_TMP/e.server")"
sleep 0.3
kernel_states 8005
hs_cap_stop
hs_tshark_agree "e: receiver that stops reading" "$P"
check_states "e" "$P"
# Linux probes a zero window with an empty segment one byte below the next
# sequence number (tcp_xmit_probe_skb), which tshark, and so nw-handshake,
# call a keep-alive; a zero_window_probe is a probe carrying one new byte.
for flag in zero_window window_full keep_alive; do
	n=$(hs_json_count "$P.json" "$flag")
	[ "$n" -gt 0 ] || nw_fail "e: no packet flagged $flag"
	nw_pass "e: $n packets flagged $flag"
done

nw_log "handshake_tshark: all checks passed"
exit 0
