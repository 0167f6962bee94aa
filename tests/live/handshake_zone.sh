#!/bin/bash
# handshake_zone.sh: IPv6 link-local targets with a zone, "fe80::...%veth0",
# taken as ping takes them wherever an address is (issue 17): the zone is
# parsed once (base/addr) and carried into the socket address and the route
# lookup.  s's link-local address, reached from c with %veth0:
#   1. ping -6 agrees that it answers (the reference);
#   2. nw-handshake connect ADDR%veth0 PORT and [ADDR%veth0]:PORT connect;
#   3. nw-arping -6 -c 1 ADDR%veth0 gets the neighbor advertisement;
#   4. nw-traceroute -6 ADDR%veth0 reaches it in one hop;
#   5. a zone naming no interface: exit 3 (as any target that does not
#      resolve), one line saying so.
#
# c veth0 <-> s veth0, link-local addresses only (and 198.18.0.0/24).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake nw-arping nw-traceroute python3 ss ping timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

hs_pair offload
ll=$(nw_in s ip -6 -o addr show dev veth0 scope link | awk '{ sub("/.*", "", $4); print $4; exit }')
case "$ll" in fe80:*) nw_pass "s's link-local address: $ll" ;; *) nw_fail "no link-local address on s: '$ll'" ;; esac
# Link-local addresses are usable once duplicate address detection is over.
nw_wait_until 5 nw_in c ping -6 -c 1 -W 1 "$ll%veth0" || nw_fail "ping -6 $ll%veth0 does not answer"
nw_pass "ping -6 $ll%veth0 answers"

{ mkdir -p "$NW_TMP/www" && echo "hello from s" >"$NW_TMP/www/index.html"; } || nw_fail "mkdir"
nw_bg s python3 -m http.server -b :: --directory "$NW_TMP/www" 8080 >"$NW_TMP/http.log" 2>&1
hs_wait_listen s 8080

# 2. nw-handshake connect.
for target in "$ll%veth0 8080" "[$ll%veth0]:8080"; do
	# shellcheck disable=SC2086 # "ADDR PORT" is two operands
	nw_run 15 c nw-handshake --oneline connect $target --http /index.html
	nw_assert_status "connect $target" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "connect $target: the answer" '^answer: .* first line "HTTP/1\.0 200 OK"$' "$NW_OUT"
	nw_assert_match "connect $target: to $ll" "$ll\]?[:.]8080 SYN " "$NW_OUT"
done

# 3. nw-arping -6.
nw_run 10 c nw-arping -6 -c 1 -W 1 "$ll%veth0"
nw_assert_status "nw-arping -6 $ll%veth0" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "nw-arping: the answer names s's MAC" "02:00:00:00:00:02" "$NW_OUT"
nw_assert_match "nw-arping: on veth0" " on veth0 " "$NW_OUT"

# 4. nw-traceroute -6.
nw_run 20 c nw-traceroute -6 -n -q 1 -w 1 -m 3 "$ll%veth0"
nw_assert_status "nw-traceroute -6 $ll%veth0" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "nw-traceroute: hop 1 is s" "^ 1  $ll " "$NW_OUT"

# 5. A zone that names no interface.
nw_run 10 c nw-handshake connect "$ll%nosuch0" 8080
nw_assert_status "zone nosuch0" 3 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "zone nosuch0: says why" "no such interface" "$NW_ERR"
nw_assert_eq "zone nosuch0: one line" 1 "$(printf '%s\n' "$NW_ERR" | grep -c .)"

nw_log "handshake_zone: all checks passed"
exit 0
