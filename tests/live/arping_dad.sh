#!/bin/bash
# arping_dad.sh: duplicate address detection (-D) and announcements (-U,
# -A), checked against other hosts' neighbour caches.  See docs/arping.md.
#
# LAN 198.18.0.0/24 on bridge br0 in "sw":
#   me      veth0 198.18.0.2   02:00:00:00:00:02  (runs nw-arping)
#   holder  veth0 198.18.0.7   02:00:00:00:00:07  (holds the "used" address)
#   obs     veth0 198.18.0.3   02:00:00:00:00:03  (has an entry for me; arp_accept=0)
#   obs2    veth0 198.18.0.4   02:00:00:00:00:04  (no entry for me; arp_accept=1)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping python3 timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/arping.sh" # TYPES, SUMMARY

nw_host sw
nw_bridge sw br0
nw_lan_join sw br0 me veth0 02:00:00:00:00:02 198.18.0.2/24
nw_lan_join sw br0 holder veth0 02:00:00:00:00:07 198.18.0.7/24
nw_lan_join sw br0 obs veth0 02:00:00:00:00:03 198.18.0.3/24
nw_lan_join sw br0 obs2 veth0 02:00:00:00:00:04 198.18.0.4/24
# me must not announce a MAC change by itself (arp_notify, default 0), or
# the announce checks below would prove nothing.
nw_sysctl me net.ipv4.conf.all.arp_notify 0
nw_sysctl me net.ipv4.conf.veth0.arp_notify 0
# obs keeps arp_accept=0 (the default): Linux still updates an *existing*
# entry from a gratuitous ARP (request or reply), which is the usual case
# an announcement is for.  obs2 sets arp_accept=1, the only way Linux
# creates a *new* entry from an unsolicited ARP.
nw_sysctl obs net.ipv4.conf.all.arp_accept 0
nw_sysctl obs net.ipv4.conf.veth0.arp_accept 0
nw_sysctl obs2 net.ipv4.conf.all.arp_accept 1
nw_sysctl obs2 net.ipv4.conf.veth0.arp_accept 1


# neigh HOST IP: the lladdr HOST's neighbour cache holds for IP (or nothing).
neigh() {
	nw_in "$1" ip neigh show "$2" dev veth0 | sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p'
}

# 1. -D on a free address: exit 0, "is free", defaults to 3 probes.
nw_run 10 me nw-arping -D 198.18.0.50
nw_assert_status "-D free address" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-D header" '^DAD 198\.18\.0\.50 on veth0: probing with sender 0\.0\.0\.0 \(RFC 5227\)$' "$NW_OUT"
nw_assert_match "-D free line, 3 probes by default" '^198\.18\.0\.50 is free: 3 probes, no answer$' "$NW_OUT"
nw_lt "$NW_SECS" 6 || nw_fail "-D with defaults took $NW_SECS s"

# 2. -D on an address another host holds: exit 1 naming its MAC.
nw_run 10 me nw-arping -D -c 2 -i 0.2 198.18.0.7
nw_assert_status "-D used address" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-D in use line" '^198\.18\.0\.7 is in use by 02:00:00:00:00:07$' "$NW_OUT"
nw_assert_nomatch "-D in use: not free" 'is free' "$NW_OUT"

# 3. -D --json: mode dad, in_use.
nw_run 10 me nw-arping --json -D -c 1 -W 0.3 198.18.0.50
nw_assert_status "-D --json free" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "-D --json free" "$NW_OUT" "$TYPES" start:mode,family,target,interface "summary:$SUMMARY,in_use"
nw_assert_eq "-D json mode" dad "$(nw_json_get "$NW_OUT" start mode)"
nw_assert_eq "-D json in_use (free)" false "$(nw_json_get "$NW_OUT" summary in_use)"
nw_run 10 me nw-arping --json -D -c 1 -W 0.3 198.18.0.7
nw_assert_status "-D --json used" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "-D --json used" "$NW_OUT" "$TYPES" in_use:ip,mac "summary:$SUMMARY,in_use"
nw_assert_eq "-D json in_use (used)" true "$(nw_json_get "$NW_OUT" summary in_use)"
nw_assert_eq "-D json in_use mac" 02:00:00:00:00:07 "$(nw_json_get "$NW_OUT" in_use mac | head -n 1)"
nw_assert_eq "-D json exit" 1 "$(nw_json_get "$NW_OUT" summary exit)"

# 4. The DAD probe must not poison caches: sender IP 0.0.0.0.
nw_assert_eq "holder learned nothing for 0.0.0.0" "" "$(neigh holder 0.0.0.0)"

# 5. -U: obs has a fresh entry for me; me changes MAC and announces.
nw_in obs bash -c 'echo x >/dev/udp/198.18.0.2/9' 2>/dev/null
nw_wait_until 3 test "$(neigh obs 198.18.0.2)" = 02:00:00:00:00:02 ||
	nw_fail "obs did not learn me's MAC: $(nw_in obs ip neigh)"
nw_pass "obs has 198.18.0.2 at 02:00:00:00:00:02"
nw_in me ip link set veth0 address 02:00:00:00:00:22 || nw_fail "cannot change me's MAC"
# Linux ignores a different lladdr within locktime (1 s) of the last update
# unless the frame is a gratuitous ARP; wait it out so the check is about
# the announcement reaching the cache, not about that timer.
sleep 1.2
nw_assert_eq "obs still has the old MAC before the announcement" 02:00:00:00:00:02 "$(neigh obs 198.18.0.2)"
nw_assert_eq "obs2 has no entry before the announcement" "" "$(neigh obs2 198.18.0.2)"
nw_run 10 me nw-arping -U 198.18.0.2
nw_assert_status "-U sent" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-U header" '^ANNOUNCE 198\.18\.0\.2 is-at 02:00:00:00:00:22 on veth0 \(gratuitous request\)$' "$NW_OUT"
nw_assert_eq "-U sends one frame by default" 1 "$(printf '%s\n' "$NW_OUT" | grep -c '^sent seq=')"
nw_assert_match "-U sent line" '^sent seq=1$' "$NW_OUT"
nw_wait_until 2 test "$(neigh obs 198.18.0.2)" = 02:00:00:00:00:22 ||
	nw_fail "-U: obs's cache has '$(neigh obs 198.18.0.2)' for 198.18.0.2, expected 02:00:00:00:00:22"
nw_pass "-U: obs's existing entry now 02:00:00:00:00:22"
nw_wait_until 2 test "$(neigh obs2 198.18.0.2)" = 02:00:00:00:00:22 ||
	nw_fail "-U: obs2 (arp_accept=1) has '$(neigh obs2 198.18.0.2)' for 198.18.0.2, expected a new entry 02:00:00:00:00:22"
nw_pass "-U: obs2 (arp_accept=1) created an entry 02:00:00:00:00:22"

# 6. -A likewise (unsolicited reply), with --json.
nw_in me ip link set veth0 address 02:00:00:00:00:33 || nw_fail "cannot change me's MAC"
sleep 1.2
nw_assert_eq "obs has the -U MAC before -A" 02:00:00:00:00:22 "$(neigh obs 198.18.0.2)"
nw_run 10 me nw-arping -A -c 2 -i 0.2 198.18.0.2
nw_assert_status "-A sent" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-A header" '^ANNOUNCE 198\.18\.0\.2 is-at 02:00:00:00:00:33 on veth0 \(unsolicited reply\)$' "$NW_OUT"
nw_assert_eq "-A -c 2 sends two frames" 2 "$(printf '%s\n' "$NW_OUT" | grep -c '^sent seq=')"
nw_wait_until 2 test "$(neigh obs 198.18.0.2)" = 02:00:00:00:00:33 ||
	nw_fail "-A: obs's cache has '$(neigh obs 198.18.0.2)' for 198.18.0.2, expected 02:00:00:00:00:33"
nw_pass "-A: obs's entry now 02:00:00:00:00:33"
nw_wait_until 2 test "$(neigh obs2 198.18.0.2)" = 02:00:00:00:00:33 ||
	nw_fail "-A: obs2's cache has '$(neigh obs2 198.18.0.2)', expected 02:00:00:00:00:33"
nw_pass "-A: obs2's entry now 02:00:00:00:00:33"

nw_run 10 me nw-arping --json -A 198.18.0.2
nw_assert_status "-A --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "-A --json" "$NW_OUT" "$TYPES" start:mode,source_mac sent:seq "summary:$SUMMARY"
nw_assert_eq "-A json mode" reply-announce "$(nw_json_get "$NW_OUT" start mode)"
nw_run 10 me nw-arping --json -U 198.18.0.2
nw_json_check "-U --json" "$NW_OUT" "$TYPES" start:mode sent:seq "summary:$SUMMARY"
nw_assert_eq "-U json mode" announce "$(nw_json_get "$NW_OUT" start mode)"
nw_assert_eq "-U json sent seqs" 1 "$(nw_json_get "$NW_OUT" sent seq | tr '\n' ' ' | sed 's/ $//')"

nw_log "arping_dad: all checks passed"
exit 0
