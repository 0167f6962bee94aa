#!/bin/bash
# arping_diff.sh: nw-arping and Debian's arping (Habets, /usr/sbin/arping)
# against the same targets in the same run: the same MAC and the same reply
# count for live hosts, no reply from either for a dead address, and the
# same DAD verdicts (Habets' -0 probe vs our -D).  See /work/shared/PEERS.md for running the peer.
#
# LAN 198.18.0.0/24 on bridge br0 in "sw":
#   me    veth0 198.18.0.2   02:00:00:00:00:02  (runs both tools)
#   a     veth0 198.18.0.1   02:00:00:00:00:01
#   b     veth0 198.18.0.9   02:00:00:00:00:09
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping arping timeout
nw_setup

PEER=$(command -v arping)
"$PEER" --help 2>&1 | grep -q 'Habets' || nw_skip "arping on PATH is not Habets' arping ($PEER)"

nw_host sw
nw_bridge sw br0
nw_lan_join sw br0 me veth0 02:00:00:00:00:02 198.18.0.2/24
nw_lan_join sw br0 a veth0 02:00:00:00:00:01 198.18.0.1/24
nw_lan_join sw br0 b veth0 02:00:00:00:00:09 198.18.0.9/24

N=5
# peer_macs TEXT: the MACs in Habets' reply lines
# ("42 bytes from 02:00:00:00:00:01 (198.18.0.1): index=0 time=8 usec").
peer_macs() {
	printf '%s\n' "$1" | sed -n 's/^[0-9]* bytes from \([0-9a-f:]*\) (.*/\1/p'
}
# nw_macs TEXT: the MACs in nw-arping's reply lines.
nw_macs() {
	printf '%s\n' "$1" | sed -n 's/^reply from [^ ]* \([0-9a-f:]*\) seq=.*/\1/p'
}

for target in 198.18.0.1:02:00:00:00:00:01 198.18.0.9:02:00:00:00:00:09; do
	ip=${target%%:*}
	mac=${target#*:}
	nw_run 15 me "$PEER" -c "$N" -W 0.2 -i veth0 "$ip"
	nw_assert_status "Habets arping $ip" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	peer_out=$NW_OUT
	nw_run 15 me nw-arping -c "$N" -i 0.2 "$ip"
	nw_assert_status "nw-arping $ip" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	ours=$(nw_macs "$NW_OUT" | sort | uniq -c | sed 's/^ *//')
	theirs=$(peer_macs "$peer_out" | sort | uniq -c | sed 's/^ *//')
	nw_assert_eq "Habets arping: $N replies from $mac" "$N $mac" "$theirs"
	nw_assert_eq "nw-arping agrees with Habets arping on $ip (count and MAC)" "$theirs" "$ours"
done

# A dead address: neither sees a reply; both exit 1.
nw_run 15 me "$PEER" -c 2 -W 0.2 -i veth0 198.18.0.77
nw_assert_status "Habets arping, dead address" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "Habets arping, dead address: no replies" "" "$(peer_macs "$NW_OUT")"
nw_run 15 me nw-arping -c 2 -i 0.2 -W 0.2 198.18.0.77
nw_assert_status "nw-arping, dead address" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "nw-arping, dead address: no replies" "" "$(nw_macs "$NW_OUT")"

# DAD: Habets' arping has no -D in our sense (its -D is a display mode);
# its RFC 5227-style probe is -0 (sender 0.0.0.0), with ping semantics:
# exit 0 when someone answers.  Ours: -D exits 1 when the address is in
# use.  So the verdicts agree when the statuses are opposite, and the MAC
# Habets sees must be the one nw-arping names.
for case in 198.18.0.1:0 198.18.0.50:1; do
	ip=${case%%:*}
	want=${case#*:}
	nw_run 15 me "$PEER" -0 -c 2 -W 0.2 -i veth0 "$ip"
	nw_assert_status "Habets arping -0 $ip" "$want" "$NW_RC" "$NW_OUT$NW_ERR"
	peer_mac=$(peer_macs "$NW_OUT" | sort -u)
	nw_run 15 me nw-arping -D -c 2 -i 0.2 -W 0.2 "$ip"
	nw_assert_status "nw-arping -D $ip agrees" "$((1 - want))" "$NW_RC" "$NW_OUT$NW_ERR"
	if [ "$want" = 0 ]; then
		nw_assert_match "nw-arping -D names the MAC Habets saw ($peer_mac)" "^$ip is in use by $peer_mac\$" "$NW_OUT"
	fi
done

nw_log "arping_diff: all checks passed"
exit 0
