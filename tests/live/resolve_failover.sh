#!/bin/bash
# resolve_failover.sh: nw-resolve with a first server that does not answer
# (issue 17), beside the NSD of dns_lab.sh: DEAD (198.18.53.8, its packets
# dropped by nftables) times out, REFUSING (198.18.53.7 and
# 2001:db8:53::7, nothing listens) answers ICMP port unreachable.
# -f fails over as the stub does: with DEAD first (resolv.conf, or several
# @SERVER operands as dig takes them) every name is answered by the next
# server, IPv6 too, within a fraction of the budget.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_start nft
DEAD=198.18.53.8 REFUSING=198.18.53.7 REFUSING6=2001:db8:53::7
nw_addr srv veth0 "$DEAD/24"
nw_addr srv veth0 "$REFUSING/24"
nw_addr srv veth0 "$REFUSING6/64"
nw_in srv nft -f - <<NFT || nw_fail "nft drop rule"
table inet dead {
	chain in {
		type filter hook input priority 0; policy accept;
		ip daddr $DEAD drop
	}
}
NFT

# same_as_dig WHAT: fail unless nw-resolve's output ($NW_OUT) is dig's ($expect).
same_as_dig() {
	[ "$NW_OUT" = "$expect" ] || nw_fail "$1: $(diff <(echo "$expect") <(echo "$NW_OUT") | head -5)"
	nw_pass "$1"
}

# ---- -f: the next server answers every name --------------------------------
names=$NW_TMP/names
seq -f 'h%04g.example.test' 0 199 >"$names"
expect=$(nw_in me dig +short +tries=1 +time=2 @"$SRV4" -f <(sed 's/$/ A/' "$names"))
nw_assert_eq "dig answers the 200 names" 200 "$(grep -c . <<<"$expect")"

printf 'nameserver %s\nnameserver %s\noptions timeout:2 attempts:2\n' "$DEAD" "$SRV4" >"$NW_TMP/dead-first.conf"
nw_run 30 me nw-resolve --short -f "$names" --resolv-conf "$NW_TMP/dead-first.conf"
nw_assert_status "-f, resolv.conf with a dead first server" 0 "$NW_RC" "$NW_ERR$(head -3 <<<"$NW_OUT")"
same_as_dig "-f: every name answered by the second, as dig"
# The budget is 2 servers x (2 + 4) s; the failover takes one retransmission timeout.
nw_lt "$NW_SECS" 4 || nw_fail "-f with a dead first server took $NW_SECS s"

nw_run 30 me nw-resolve --short -f "$names" @"$DEAD" @"$SRV4"
nw_assert_status "-f @DEAD @SRV4" 0 "$NW_RC" "$NW_ERR$(head -3 <<<"$NW_OUT")"
same_as_dig "-f @DEAD @SRV4: every name answered"

nw_run 30 me nw-resolve --short -f "$names" @"$DEAD" @"$SRV6"
nw_assert_status "-f @DEAD @SRV6 (IPv4 then IPv6)" 0 "$NW_RC" "$NW_ERR$(head -3 <<<"$NW_OUT")"
same_as_dig "-f @DEAD @SRV6: every name answered"

# Every server dead: TIMEOUT lines within the budget (2 servers x 0.2 s, one round).
nw_run 20 me nw-resolve -W 0.2 --tries 1 -f "$names" @"$DEAD" @"$SILENT"
nw_assert_status "-f, every server dead" 1 "$NW_RC" "$NW_ERR"
nw_assert_eq "200 TIMEOUT lines" 200 "$(grep -c $'\tTIMEOUT$' <<<"$NW_OUT")"
nw_lt "$NW_SECS" 2 || nw_fail "-f, every server dead, took $NW_SECS s (budget 0.4 s)"
exit 0
