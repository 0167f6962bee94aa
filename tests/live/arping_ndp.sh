#!/bin/bash
# arping_ndp.sh: nw-arping over IPv6 (neighbor solicitation, RFC 4861):
# the neighbour's MAC, -6 gateway, a link-local target with -I, DAD (-6 -D)
# on free and used addresses, and --json family.  See docs/arping.md.
#
# LAN 2001:db8::/64 (addresses added with nodad) on bridge br0 in "sw":
#   me    veth0 2001:db8::2    02:00:00:00:00:02  (runs nw-arping)
#   peer  veth0 2001:db8::1    02:00:00:00:00:01  (me's IPv6 default router)
# Link-locals come from the MACs (EUI-64): peer is fe80::ff:fe00:1.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping python3 timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/arping.sh" # TYPES, SUMMARY
NUM='[0-9]+(\.[0-9]+)?'

nw_host sw
nw_bridge sw br0
nw_lan_join sw br0 me veth0 02:00:00:00:00:02 2001:db8::2/64
nw_router peer
nw_lan_join sw br0 peer veth0 02:00:00:00:00:01 2001:db8::1/64
nw_route me -6 default via 2001:db8::1 dev veth0
# The link-local addresses exist as soon as the links are up (no DAD).
nw_wait_until 3 sh -c "ip -n $(nw_ns peer) -6 addr show dev veth0 scope link | grep -q 'fe80::ff:fe00:1'" ||
	nw_fail "peer has no link-local fe80::ff:fe00:1"

# 1. -6 finds the neighbour's MAC.
nw_run 10 me nw-arping -6 -c 3 -i 0.2 2001:db8::1
nw_assert_status "-6 live neighbour" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-6 header" '^ARPING 2001:db8::1 on veth0 from 2001:db8::2 02:00:00:00:00:02$' "$NW_OUT"
nw_assert_match "-6 reply line" "^reply from 2001:db8::1 02:00:00:00:00:01 seq=1 rtt=$NUM ms" "$NW_OUT"
nw_assert_eq "-6 reply lines" 3 "$(printf '%s\n' "$NW_OUT" | grep -c '^reply from 2001:db8::1 02:00:00:00:00:01 ')"
nw_assert_match "-6 counts" '^3 sent, 3 received, 0% loss' "$NW_OUT"

# 2. An IPv6 literal needs no -6; --json says ipv6.
nw_run 10 me nw-arping --json -c 1 2001:db8::1
nw_assert_status "IPv6 literal without -6" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "-6 --json" "$NW_OUT" "$TYPES" start:family,source_ip reply:ip,mac,rtt_ms "summary:$SUMMARY"
nw_assert_eq "json family" ipv6 "$(nw_json_get "$NW_OUT" start family)"
nw_assert_eq "json reply mac" 02:00:00:00:00:01 "$(nw_json_get "$NW_OUT" reply mac)"

# 3. -6 gateway: the IPv6 default router.
nw_run 10 me nw-arping -6 -c 1 gateway
nw_assert_status "-6 gateway" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-6 gateway resolved" '^ARPING 2001:db8::1 on veth0 ' "$NW_OUT"
nw_assert_match "-6 gateway MAC" '^reply from 2001:db8::1 02:00:00:00:00:01 ' "$NW_OUT"

# 4. A link-local target with -I.
nw_run 10 me nw-arping -6 -I veth0 -c 1 fe80::ff:fe00:1
nw_assert_status "link-local target with -I" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "link-local reply" '^reply from fe80::ff:fe00:1 02:00:00:00:00:01 ' "$NW_OUT"

# 5. An address nobody holds: exit 1 within the deadline.
nw_run 10 me nw-arping -6 -c 2 -i 0.2 -W 0.3 2001:db8::77
nw_assert_status "-6 silent address" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_lt "$NW_SECS" 3 || nw_fail "-6 -c 2 -W 0.3 took $NW_SECS s"

# 6. DAD: free address exit 0, used address exit 1 naming the MAC.
nw_run 10 me nw-arping -6 -D -c 2 -i 0.2 -W 0.3 2001:db8::99
nw_assert_status "-6 -D free" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-6 -D header" '^DAD 2001:db8::99 on veth0: ' "$NW_OUT"
nw_assert_match "-6 -D free line" '^2001:db8::99 is free: 2 probes, no answer$' "$NW_OUT"
nw_run 10 me nw-arping -6 -D -c 2 -i 0.2 -W 0.3 2001:db8::1
nw_assert_status "-6 -D used" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "-6 -D in use line" '^2001:db8::1 is in use by 02:00:00:00:00:01$' "$NW_OUT"

nw_log "arping_ndp: all checks passed"
exit 0
