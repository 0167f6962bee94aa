#!/bin/bash
# harness_guard.sh: the guard every test host (and every nw-lab host) gets
# (tools/lab/templates/guard.nft, loaded by nw_host): traffic inside the
# test ranges passes and is not counted; the output and forward chains drop
# every other destination; nw_guard_report fails a test whose hosts counted
# a drop (checked with a counter loaded non-zero: no packet is ever sent to
# an outside address here).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nft ping
nw_setup

nw_host a
nw_host b
nw_link a veth0 b veth0
nw_addr a veth0 198.18.7.1/24
nw_addr b veth0 198.18.7.2/24
nw_addr a veth0 2001:db8:7::1/64
nw_addr b veth0 2001:db8:7::2/64

# 1. The rules, in both hooks, for both families.
for chain in output forward; do
	nw_run 5 a nft list chain inet lab_guard "$chain"
	nw_assert_match "$chain: IPv4 outside the ranges dropped" 'ip daddr != @lab4 counter name "outside" drop' "$NW_OUT"
	nw_assert_match "$chain: IPv6 outside the ranges dropped" 'ip6 daddr != @lab6 counter name "outside" drop' "$NW_OUT"
done
nw_run 5 a nft list set inet lab_guard lab4
nw_assert_match "IPv4 ranges" 'elements = \{ 127\.0\.0\.0/8, 198\.18\.0\.0/15,' "$NW_OUT"
nw_run 5 a nft list set inet lab_guard lab6
nw_assert_match "IPv6 ranges" '2001:db8::/32' "$NW_OUT"

# 2. Inside the ranges: passes, not counted.
nw_run 5 a ping -c 2 -W 2 198.18.7.2
nw_assert_status "IPv4 inside the range" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_run 5 a ping -6 -c 2 -W 2 2001:db8:7::2
nw_assert_status "IPv6 inside the range" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_run 5 a ping -c 1 -W 1 127.0.0.1
nw_assert_status "loopback" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_guard_report || nw_fail "the guard counted traffic inside the ranges"
nw_pass "nothing counted for traffic inside the ranges"

# 3. A count makes the run fail, naming the host.
nw_in b nft delete table inet lab_guard || nw_fail "cannot replace b's guard"
sed 's/counter outside {}/counter outside { packets 3 bytes 180 }/' "$NW_GUARD_NFT" |
	nw_in b nft -f - || nw_fail "cannot load b's guard with a count"
if nw_guard_report 2>"$NW_TMP/report"; then
	nw_fail "nw_guard_report passed with a non-zero count"
fi
nw_assert_eq "the report" "FAIL: b dropped 3 packets for addresses outside 198.18.0.0/15 and 2001:db8::/32" \
	"$(cat "$NW_TMP/report")"
nw_in b nft reset counter inet lab_guard outside >/dev/null || nw_fail "cannot reset b's counter"
nw_guard_report || nw_fail "still failing after the reset"
nw_pass "nw_guard_report fails a run whose hosts counted a drop"
exit 0
