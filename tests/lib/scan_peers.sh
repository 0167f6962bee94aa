# shellcheck shell=bash
#
# scan_peers.sh: masscan and zmap run as ../shared/PEERS.md says is fair
# (source after netns.sh, nw_setup and scan.sh), from the scanner of
# scan_pair towards the target: each from a source address the scanner's
# kernel does NOT own (with the kernel's own address both lose results to
# its RSTs), so the target is told where that address lives (a permanent
# neighbor entry: zmap answers no ARP), with the target's MAC as the
# gateway's; zmap with an empty blocklist (its default one holds
# 198.18.0.0/15).  Each writes what it found open, sorted, to
# $NW_TMP/PEER.found and sets NW_RC and NW_SECS (nw_run).

SCAN_MASSCAN_SRC=198.18.0.101
SCAN_ZMAP_SRC=198.18.0.102

# scan_peers_prepare: the target's neighbor entries for the peers' sources.
scan_peers_prepare() {
	local a
	for a in "$SCAN_MASSCAN_SRC" "$SCAN_ZMAP_SRC"; do
		nw_in target ip neigh replace "$a" lladdr "$SCAN_SMAC" dev veth0 nud permanent ||
			nw_fail "neighbor $a in target"
	done
	: >"$NW_TMP/empty.blocklist"
}

# scan_masscan PORTS RATE TARGET...: masscan -pPORTS at RATE pps;
# masscan.found: "ADDR PORT" per open port.  masscan ends only when a
# packet arrives after its wait (its receive thread blocks in the capture),
# so the target pings the scanner 5 times a second meanwhile.
scan_masscan() {
	local ports=$1 rate=$2
	shift 2
	rm -f "$NW_TMP/masscan.out"
	# masscan writes paused.conf into its working directory when stopped.
	local here=$PWD pinger
	nw_bg target ping -q -i 0.2 -w 100 "$SCAN_S4" >/dev/null 2>&1
	pinger=$NW_BG_PID
	cd "$NW_TMP" || nw_fail "cd $NW_TMP"
	nw_run 90 scanner masscan "$@" -p"$ports" --rate "$rate" --adapter veth0 \
		--adapter-ip "$SCAN_MASSCAN_SRC" --router-mac "$SCAN_TMAC" --wait 2 -oL "$NW_TMP/masscan.out"
	cd "$here" || nw_fail "cd $here"
	kill "$pinger" 2>/dev/null
	wait "$pinger" 2>/dev/null
	awk '$1 == "open" { print $4, $3 }' "$NW_TMP/masscan.out" 2>/dev/null | LC_ALL=C sort -u >"$NW_TMP/masscan.found"
}

# scan_zmap PORT RATE TARGET...: zmap -p PORT at RATE pps, one probe per
# address, 2 s of cooldown; zmap.found: the addresses that answered SYN/ACK.
scan_zmap() {
	local port=$1 rate=$2
	shift 2
	rm -f "$NW_TMP/zmap.out"
	nw_run 90 scanner zmap -q -p "$port" -r "$rate" -i veth0 -S "$SCAN_ZMAP_SRC" -G "$SCAN_TMAC" \
		-b "$NW_TMP/empty.blocklist" -c 2 -o "$NW_TMP/zmap.out" "$@"
	LC_ALL=C sort -u "$NW_TMP/zmap.out" >"$NW_TMP/zmap.found" 2>/dev/null
}
