# shellcheck shell=bash
#
# dns_lab.sh: the little network every nw-resolve live test uses.  Source
# after netns.sh and nw_setup, then call dns_lab_up; or source it right
# after netns.sh and call dns_lab_start [TOOL...] (the root check for
# nw-resolve, NSD, dig, python3, timeout and each TOOL, nw_setup, dns_lab_up).
#
#   me   veth0 198.18.53.2/24 2001:db8:53::2/64 --- srv  veth0 198.18.53.1 2001:db8:53::1
#        veth1 198.18.54.2/24                   --- evil veth0 198.18.54.1 (+ .3)
#
# srv runs NSD with the zones of dns_zone.sh; evil runs the hostile
# responder tests/lib/dns_hostile.py on 198.18.54.1:53 (its "other source"
# address is 198.18.54.3).  198.18.54.9 is a silent server: evil has the
# address (so no ARP failure answers for it: host unreachable) and drops
# whatever comes to it (so no port unreachable either).

# shellcheck disable=SC2034 # used by the tests that source this file
SRV4=198.18.53.1 SRV6=2001:db8:53::1 EVIL=198.18.54.1 SILENT=198.18.54.9

. "${NW_SRCDIR:-.}/tests/lib/dns_common.sh"
. "${NW_SRCDIR:-.}/tests/lib/dns_zone.sh"

# dns_silent HOST ADDR: add IPv4 ADDR to HOST's veth0 and drop whatever
# comes to it: a server that times out (no ARP failure, no port unreachable).
dns_silent() {
	local host=$1 addr=$2
	nw_addr "$host" veth0 "$addr/24"
	nw_in "$host" nft -f - <<NFT || nw_fail "nft: silent $addr"
table inet silent_${addr//./_} {
	chain in {
		type filter hook input priority 0; policy accept;
		ip daddr $addr drop
	}
}
NFT
}

dns_lab_up() {
	nw_host me
	nw_host srv
	nw_host evil
	nw_link me veth0 srv veth0
	nw_link me veth1 evil veth0
	nw_addr me veth0 198.18.53.2/24
	nw_addr me veth0 2001:db8:53::2/64
	nw_addr srv veth0 198.18.53.1/24
	nw_addr srv veth0 2001:db8:53::1/64
	nw_addr me veth1 198.18.54.2/24
	nw_addr evil veth0 198.18.54.1/24
	nw_addr evil veth0 198.18.54.3/24
	dns_silent evil "$SILENT"
	dns_zone_start srv "$SRV4" "$SRV6"
	nw_bg evil python3 "${NW_SRCDIR:-.}/tests/lib/dns_hostile.py" "$EVIL" 53 198.18.54.3 300 \
		>"$NW_TMP/hostile.out" 2>&1
	nw_wait_until 10 grep -q ready "$NW_TMP/hostile.out" ||
		nw_fail "hostile responder did not start: $(cat "$NW_TMP/hostile.out")"
}

# dns_lab_start [TOOL...]: skip unless root with the lab's tools and each
# TOOL, then the per-run setup and the lab.
dns_lab_start() {
	nw_require_root nw-resolve nsd nsd-checkzone dig python3 timeout "$@"
	nw_setup
	dns_lab_up
}
