#!/bin/bash
# traceroute_mtu.sh: nw-traceroute --mtu along four real routers whose
# links narrow (tests/lib/chain.sh): the path MTU falls to 1400 on r2 -- r3
# and to 1280 on r4 -- server; each fall is shown at the hop tracepath
# shows it on, with the same MTU, over IPv4 and IPv6, for UDP and ICMP
# probes, in text and --json; a second run, after the kernel has cached
# the path MTU, finds the same; the probes carry DF over IPv4 (tcpdump).
# As a plain user (socket mode: IP_PMTUDISC_PROBE, the MTU from the error
# queue) the same hops and the same falls as raw mode and tracepath, and a
# client link narrowing during the run loses no probe.
#
#   client -- r1 -- r2 =1400= r3 -- r4 =1280= server
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-traceroute tracepath tcpdump tshark timeout setpriv
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/chain.sh"
nw_chain 4
# ping sockets for every group, for -I as a plain user
nw_sysctl client net.ipv4.ping_group_range "0 2147483647"
# The plain user (as traceroute_unpriv.sh): no capability, no root, no group.
AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
nw_in r2 ip link set to3 mtu 1400 || nw_fail "mtu r2 to3"
nw_in r3 ip link set in0 mtu 1400 || nw_fail "mtu r3 in0"
nw_in r4 ip link set out0 mtu 1280 || nw_fail "mtu r4 out0"
nw_in server ip link set eth0 mtu 1280 || nw_fail "mtu server eth0"

# falls TEXT: "TTL MTU" for every hop line of nw-traceroute's text that
# shows where the path MTU fell.
falls() {
	printf '%s\n' "$1" | sed -n 's/^ *\([0-9][0-9]*\) .* pmtu \([0-9][0-9]*\)$/\1 \2/p'
}

# hops TEXT: "TTL ADDRESS" of every hop line.
hops() {
	printf '%s\n' "$1" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }'
}

# tracepath_falls TEXT: the same from tracepath -n ("N:  ADDR ... pmtu M"),
# the local interface's line ("1?: [LOCALHOST] pmtu M") left out.
tracepath_falls() {
	printf '%s\n' "$1" | grep -v LOCALHOST |
		sed -n 's/^ *\([0-9][0-9]*\):.* pmtu \([0-9][0-9]*\).*$/\1 \2/p'
}

# tracepath first, on a kernel that knows nothing of the path yet; then
# nw-traceroute, after tracepath's run taught the kernel the path MTU (its
# raw probes must not be cut to it, or fragmented, or dropped by it).
for fam in 4 6; do
	dst=$NW_CHAIN_DST4
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6
	nw_run 30 client tracepath -n "-$fam" "$dst"
	[ "$NW_RC" = 0 ] || nw_fail "tracepath -$fam failed: $NW_OUT $NW_ERR"
	want=$(tracepath_falls "$NW_OUT")
	nw_assert_eq "-$fam tracepath: 1400 at hop 3, 1280 at hop 5" "$(printf '3 1400\n5 1280')" "$want"
	for m in "" -I; do
		nw_run 30 client nw-traceroute -n "-$fam" ${m:+"$m"} --mtu "$dst"
		nw_assert_status "nw-traceroute -$fam ${m:+"$m"} --mtu reaches $dst" 0 "$NW_RC"
		nw_assert_eq "-$fam ${m:+"$m"} --mtu: the path MTU falls where tracepath says" "$want" "$(falls "$NW_OUT")"
		nw_assert_match "-$fam ${m:+"$m"} --mtu: starts at the interface's MTU" ", 1500 byte packets," "$NW_OUT"
		raw=$NW_OUT
		# socket mode, unprivileged, after raw mode taught the kernel the path MTU
		nw_run 30 client "${AS_USER[@]}" nw-traceroute -n "-$fam" ${m:+"$m"} --mtu "$dst"
		nw_assert_status "as nobody -$fam ${m:+"$m"} --mtu reaches $dst" 0 "$NW_RC"
		nw_assert_match "as nobody -$fam ${m:+"$m"} --mtu: socket mode, from the interface's MTU" \
			", 1500 byte packets, .*, socket mode," "$NW_OUT"
		nw_assert_eq "as nobody -$fam ${m:+"$m"} --mtu: falls = tracepath's" "$want" "$(falls "$NW_OUT")"
		nw_assert_eq "as nobody -$fam ${m:+"$m"} --mtu: hops = raw mode's" "$(hops "$raw")" \
			"$(hops "$NW_OUT")"
		nw_assert_eq "as nobody -$fam ${m:+"$m"} --mtu: pmtu lines = raw mode's" \
			"$(falls "$raw")" "$(falls "$NW_OUT")"
	done
done
# The client's own link narrows to 1300 during an unprivileged run (one
# probe each 100 ms): its sends above that fail (EMSGSIZE), the local
# error names 1300 and they go again at once, smaller; nothing is lost,
# the path MTU is 1280 still, told at hop 5.
for fam in 4 6; do
	dst=$NW_CHAIN_DST4
	[ "$fam" = 6 ] && dst=$NW_CHAIN_DST6
	nw_bg client "${AS_USER[@]}" nw-traceroute -n "-$fam" -N 1 -z 100ms --mtu --json "$dst" \
		>"$NW_TMP/local.out" 2>"$NW_TMP/local.err"
	# Narrow it once the run has opened its socket at 1500 (its start line is
	# out) and before TTL 3's probes (600 ms on): a fixed sleep raced the
	# start-up of a loaded machine.
	nw_wait_until 10 grep -q '"type":"start"' "$NW_TMP/local.out" ||
		nw_fail "-$fam link narrowing: no start line: $(cat "$NW_TMP/local.err")"
	nw_in client ip link set to1 mtu 1300 || nw_fail "mtu client to1"
	nw_wait_pid "$NW_BG_PID" 20
	rc=$?
	out=$(cat "$NW_TMP/local.out")
	nw_assert_status "as nobody -$fam --mtu, the link narrowing: reaches" 0 "$rc"
	# started at 1500, narrowed before TTL 3's probes (else hop 3 says 1400)
	nw_assert_eq "-$fam link narrowing: started at 1500" 1500 "$(nw_json_get "$out" start packet_len)"
	nw_assert_eq "-$fam link narrowing: every hop answered" "3 3 3 3 3" \
		"$(nw_json_get "$out" hop answered | xargs)"
	nw_assert_eq "-$fam link narrowing: pmtu told at hop 5 only" 1280 \
		"$(nw_json_get "$out" hop pmtu | xargs)"
	nw_assert_eq "-$fam link narrowing: the path MTU" 1280 "$(nw_json_get "$out" summary pmtu)"
	nw_in client ip link set to1 mtu 1500 || nw_fail "mtu client to1 back"
done

# --json: the falls on their hops (and who told), the path MTU in the summary.
nw_run 30 client nw-traceroute --json -4 --mtu "$NW_CHAIN_DST4"
nw_assert_status "--json -4 --mtu reaches" 0 "$NW_RC"
nw_json_check "--json --mtu" "$NW_OUT" start:mtu,packet_len hop:ttl,probes \
	summary:reached,pmtu,mtu_resends only=start,hop,summary
nw_assert_eq "--json: the start says --mtu" true "$(nw_json_get "$NW_OUT" start mtu)"
nw_assert_eq "--json: pmtu on hops 3 and 5" "1400 1280" "$(nw_json_get "$NW_OUT" hop pmtu | xargs)"
nw_assert_eq "--json: told by r2 and r4" "$(nw_chain_hop4 2) $(nw_chain_hop4 4)" \
	"$(nw_json_get "$NW_OUT" hop pmtu_from | xargs)"
nw_assert_eq "--json: the summary's path MTU" 1280 "$(nw_json_get "$NW_OUT" summary pmtu)"
nw_assert_eq "--json: every hop answered" "3 3 3 3 3" "$(nw_json_get "$NW_OUT" hop answered | xargs)"

# On the wire: every IPv4 probe has DF; the sizes fall 1500, 1400, 1280 and
# never rise; without --mtu the probes are small and have no DF.
# wire_probes ARGS...: "DF,LENGTH" of each probe the client sent.
wire_probes() {
	local pcap=$NW_TMP/mtu.pcap
	rm -f "$pcap" "$NW_TMP/tcpdump.err"
	nw_bg client tcpdump -i to1 -n -U --immediate-mode -s 96 -B 4096 -w "$pcap" \
		"dst host $NW_CHAIN_DST4 and udp" 2>"$NW_TMP/tcpdump.err"
	nw_wait_until 5 grep -q listening "$NW_TMP/tcpdump.err" || nw_fail "tcpdump did not start"
	nw_run 30 client nw-traceroute -n "$@" "$NW_CHAIN_DST4"
	[ "$NW_RC" = 0 ] || nw_fail "nw-traceroute $*: exit $NW_RC: $NW_ERR"
	sleep 0.3
	kill -TERM "$NW_BG_PID" 2>/dev/null
	nw_wait_pid "$NW_BG_PID" 5 >/dev/null
	tshark -r "$pcap" -T fields -E separator=, -e ip.flags.df -e ip.len 2>/dev/null
}
p=$(wire_probes --mtu)
[ "$(printf '%s\n' "$p" | grep -c .)" -ge 15 ] || nw_fail "--mtu: too few probes captured: $p"
nw_assert_eq "--mtu: every probe has DF" "" "$(printf '%s\n' "$p" | grep -v '^\(1\|True\),')"
nw_assert_eq "--mtu: probe sizes 1500, 1400, 1280" "1280 1400 1500" \
	"$(printf '%s\n' "$p" | cut -d, -f2 | sort -un | xargs)"
nw_assert_eq "--mtu: sizes never rise" "$(printf '%s\n' "$p" | cut -d, -f2)" \
	"$(printf '%s\n' "$p" | cut -d, -f2 | sort -rn)"
p=$(wire_probes)
nw_assert_eq "no --mtu: no DF, 60 bytes" "0,60" "$(printf '%s\n' "$p" | sed 's/^False,/0,/' | sort -u)"

# Usage errors: a SYN carries no data; dublin over IPv6 tells probes by their length.
for args in "-T --mtu $NW_CHAIN_DST4" "--mtu --flow dublin $NW_CHAIN_DST6"; do
	# shellcheck disable=SC2086 # $args is a word list
	nw_run 10 client nw-traceroute $args
	nw_assert_status "nw-traceroute $args: usage error" 2 "$NW_RC"
	nw_assert_match "nw-traceroute $args: says why" '^nw-traceroute: .*--mtu' "$NW_ERR"
done
exit 0
