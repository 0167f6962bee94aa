#!/bin/bash
# resolve_limits.sh: queries too large for their transport (man
# nw-resolve, QUERY SIZE).  The command line that crashed (--trace --tcp
# --padding 512 against a server that takes the TCP connection: a memcpy
# of (size_t)-1) now walks, and its 558-octet query is seen on the wire;
# padding over UDP and TCP is answered in every mode; then every way to
# make a query too large: --padding with a small --bufsize, the longest
# names (253 characters, labels of 63) one octet under and over the limit,
# --trace (a NAME, and a CNAME to a long name met on the walk),
# --all-servers, -f (a line per name, the run goes on), --search (a long
# candidate skipped), --noedns; each ends with its one-line error and
# exit status 2, never a signal, and nothing of it is sent.  Run it in an
# --enable-sanitizers build too: no report may appear.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export PYTHONDONTWRITEBYTECODE=1
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 nft timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
. "${NW_SRCDIR:-.}/tests/lib/dns_hier.sh"
dns_lab_up
dns_hier_up
hints=$NW_TMP/root.hints
LONG=$(dns_zone_long_name example.test)
TARGET=$(dns_zone_long_name invalid)
[ ${#LONG} = 253 ] || nw_fail "the long name has ${#LONG} characters"

# expect STATUS WHAT CMD...: run CMD in me, check its exit status (a signal
# would be 128+N) and that no sanitizer reported anything.
expect() {
	local want=$1 what=$2
	shift 2
	nw_run 20 me "$@"
	nw_assert_status "$what" "$want" "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_nomatch "$what: no sanitizer report" 'AddressSanitizer|runtime error|LeakSanitizer' "$NW_ERR"
}

# 1. The crash: the root's NSD also on port 5300, over TCP, with a counter
# for TCP segments to it that carry more than 558 octets of DNS.
mkdir -p "$NW_TMP/root5300" || nw_fail "mkdir"
cp "$NW_TMP/root/root.zone" "$NW_TMP/root5300/" || nw_fail "cp"
dns_nsd_conf "$NW_TMP/root5300" 198.18.60.1@5300
printf 'zone:\n\tname: "."\n\tzonefile: "root.zone"\n' >>"$NW_TMP/root5300/nsd.conf"
nw_bg root nsd -d -c "$NW_TMP/root5300/nsd.conf" >"$NW_TMP/root5300/nsd.out" 2>&1
nw_wait_until 10 nw_in me dig -p 5300 +tcp +norecurse +tries=1 +time=1 @198.18.60.1 . SOA ||
	nw_fail "NSD on 5300 did not start: $(cat "$NW_TMP/root5300/nsd.out")"
nw_in root nft -f - <<'NFT' || nw_fail "nft counter"
table inet cnt {
	counter big5300 {}
	chain in {
		type filter hook input priority 0; policy accept;
		tcp dport 5300 meta l4proto tcp ip length > 590 counter name big5300
	}
}
NFT
expect 4 "the crash command line: NXDOMAIN from the root, no signal" \
	nw-resolve --trace --tcp --padding 512 -p 5300 --root-hints "$hints" example.com
nw_assert_match "asks the root on 5300" '^;; asked A\.ROOT\.TEST\. \(198\.18\.60\.1#5300\) for zone \. in ' "$NW_OUT"
nw_assert_match "result" '^;; result: NXDOMAIN$' "$NW_OUT"
big=$(nw_in root nft list counter inet cnt big5300 | awk '/packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1) }')
[ "${big:-0}" -ge 1 ] || nw_fail "no padded query (558 octets with its length) reached port 5300 over TCP"
nw_pass "the 558-octet padded query went over TCP"

# 2. --padding 512 fits the default --bufsize (1232) and TCP: answered everywhere.
want=198.18.0.12
expect 0 "--trace --tcp --padding 512" nw-resolve --short --trace --tcp --padding 512 --root-hints "$hints" www.example.test
nw_assert_eq "--trace --tcp --padding 512 answer" "$want" "$NW_OUT"
expect 0 "--trace --padding 512 (UDP)" nw-resolve --short --trace --padding 512 --root-hints "$hints" www.example.test
nw_assert_eq "--trace --padding 512 answer" "$want" "$NW_OUT"
expect 0 "--trace --all-servers --padding 512" nw-resolve --short --trace --all-servers -W 0.5 --padding 512 --root-hints "$hints" www.example.test
nw_assert_eq "--all-servers --padding 512 answer" "$want" "$NW_OUT"
expect 0 "--padding 512" nw-resolve --short --padding 512 @"$SRV4" www.example.test
nw_assert_eq "--padding 512 answer" "$want" "$NW_OUT"
expect 0 "--tcp --padding 512" nw-resolve --short --tcp --padding 512 @"$SRV4" www.example.test
expect 0 "--wire --padding 512" nw-resolve --wire --padding 512 @"$SRV4" www.example.test
nw_assert_match "--wire: the padded query" '^;; WIRE query: 561 octets, to 198\.18\.53\.1#53 over UDP$' "$NW_OUT"
printf 'a.example.test\nwww.example.test\n' >"$NW_TMP/two"
expect 0 "-f --padding 512" nw-resolve --short -f "$NW_TMP/two" --padding 512 @"$SRV4"
nw_assert_eq "-f --padding 512 answers" $'198.18.0.10\n198.18.0.12' "$NW_OUT"

# 3. --bufsize 512 --padding 512: no name fits over UDP (544 octets for the
# root name alone): a usage error before anything is sent, in every mode
# that asks over UDP; over TCP the same options are answered.
rootmsg='^nw-resolve: no name fits: for the root name alone, query too large: 544 octets, at most 512 over UDP, the EDNS UDP payload size it advertises \(--bufsize 512, --padding 512: use --tcp, a larger --bufsize or a smaller --padding\)$'
expect 2 "--bufsize 512 --padding 512" nw-resolve --bufsize 512 --padding 512 @"$SRV4" www.example.test
nw_assert_match "says why, in one line" "$rootmsg" "$NW_ERR"
nw_assert_eq "nothing on stdout" "" "$NW_OUT"
expect 2 "--trace --bufsize 512 --padding 512" nw-resolve --trace --bufsize 512 --padding 512 --root-hints "$hints" www.example.test
nw_assert_match "--trace: says why" "$rootmsg" "$NW_ERR"
nw_assert_eq "--trace: no step" "" "$NW_OUT"
expect 2 "--trace --all-servers --tcp --bufsize 512 --padding 512 (--all-servers asks over UDP)" \
	nw-resolve --trace --all-servers --tcp --bufsize 512 --padding 512 --root-hints "$hints" www.example.test
nw_assert_match "--all-servers: --tcp is no way out" 'use a larger --bufsize or a smaller --padding\)$' "$NW_ERR"
expect 2 "-f --bufsize 512 --padding 512, before the file is read" \
	nw-resolve -f "$NW_TMP/nonexistent" --bufsize 512 --padding 512 @"$SRV4"
nw_assert_match "-f: says why" '^nw-resolve: no name fits: .*\(--bufsize 512, --padding 512: use a larger --bufsize or a smaller --padding\)$' "$NW_ERR"
expect 0 "--tcp --bufsize 512 --padding 512" nw-resolve --short --tcp --bufsize 512 --padding 512 @"$SRV4" www.example.test
nw_assert_eq "--tcp: answered" "$want" "$NW_OUT"
expect 0 "--trace --tcp --bufsize 512 --padding 512" nw-resolve --short --trace --tcp --bufsize 512 --padding 512 --root-hints "$hints" www.example.test
nw_assert_eq "--trace --tcp: answered" "$want" "$NW_OUT"

# 4. The longest name (253 characters, labels of 63: 255 octets on the
# wire): 286 + padding octets.  At 512 exactly it goes; one more is refused.
expect 4 "253 characters, --bufsize 512 --padding 226: 512 octets, sent" \
	nw-resolve --bufsize 512 --padding 226 @"$SRV4" "$LONG"
nw_assert_match "NXDOMAIN from NSD" 'status: NXDOMAIN' "$NW_OUT"
expect 2 "253 characters, --bufsize 512 --padding 227: 513 octets" \
	nw-resolve --bufsize 512 --padding 227 @"$SRV4" "$LONG"
nw_assert_match "names the name, the size and the limit" "^nw-resolve: $LONG: query too large: 513 octets, at most 512 over UDP, the EDNS UDP payload size it advertises \\(--bufsize 512, --padding 227: use --tcp, a larger --bufsize or a smaller --padding\\)\$" "$NW_ERR"
expect 2 "253 characters after a name that fits: nothing is sent for either" \
	nw-resolve --bufsize 512 --padding 300 @"$SRV4" www.example.test "$LONG"
nw_assert_eq "no output for the first name" "" "$NW_OUT"
expect 2 "253 characters, --bufsize 700 --dnssec --nsid --cookie --subnet --padding 400" \
	nw-resolve --bufsize 700 --dnssec --nsid --cookie --subnet 2001:db8::/48 --padding 400 @"$SRV4" "$LONG"
nw_assert_match "the size with every option" ': query too large: 716 octets, at most 700 over UDP' "$NW_ERR"
expect 4 "253 characters, --tcp --bufsize 512 --padding 512" nw-resolve --tcp --bufsize 512 --padding 512 @"$SRV4" "$LONG"
expect 2 "--trace, 253 characters" nw-resolve --trace --bufsize 512 --padding 300 --root-hints "$hints" "$LONG"
nw_assert_match "--trace: says why" "^nw-resolve: $LONG: query too large: 586 octets" "$NW_ERR"
expect 4 "--trace --tcp, 253 characters" nw-resolve --trace --tcp --bufsize 512 --padding 300 --root-hints "$hints" "$LONG"

# 5. --trace: a CNAME to a 253-character name met on the walk.
expect 2 "--trace: a CNAME to a name too large to ask" \
	nw-resolve --trace --bufsize 512 --padding 300 --root-hints "$hints" toolong.example.test
nw_assert_match "the CNAME" "^toolong\\.example\\.test\\.	+3600	IN	CNAME	$TARGET\\.\$" "$NW_OUT"
nw_assert_match "says the target was not asked, and why" "^;; not asked for $TARGET\\.: query too large: 586 octets, at most 512 over UDP" "$NW_OUT"
nw_assert_match "result" '^;; result: query too large$' "$NW_OUT"
expect 2 "--trace --json: the same" nw-resolve --trace --json --bufsize 512 --padding 300 --root-hints "$hints" toolong.example.test
nw_json_check "--trace --json toolarge" "$NW_OUT" query:question,result,exit,error only=query
nw_assert_eq "JSON result" toolarge "$(nw_json_get "$NW_OUT" query result)"
nw_assert_eq "JSON exit" 2 "$(nw_json_get "$NW_OUT" query exit)"
nw_assert_match "JSON error" '^query too large: 586 octets' "$(nw_json_get "$NW_OUT" query error)"
expect 2 "--trace --all-servers: the same" nw-resolve --trace --all-servers -W 0.5 --bufsize 512 --padding 300 --root-hints "$hints" toolong.example.test
nw_assert_match "--all-servers: says why" "^;; not asked for $TARGET\\.: query too large" "$NW_OUT"
expect 4 "--trace --tcp: the target is asked from the root" \
	nw-resolve --trace --tcp --bufsize 512 --padding 300 --root-hints "$hints" toolong.example.test
nw_assert_match "--tcp: the root is asked for the target" '^;; asked A\.ROOT\.TEST\. .* for zone \. ' "$NW_OUT"

# 6. -f: a line per name, the too large one TOOLARGE, the run goes on.
printf 'a.example.test\n%s\nnosuch.example.test\n' "$LONG" >"$NW_TMP/names"
expect 2 "-f: the first failure is the name not sent" nw-resolve -f "$NW_TMP/names" --bufsize 512 --padding 300 @"$SRV4"
nw_assert_eq "three lines" 3 "$(printf '%s\n' "$NW_OUT" | wc -l)"
nw_assert_match "the first answered" $'^a\\.example\\.test\tA\tNOERROR\t198\\.18\\.0\\.10$' "$NW_OUT"
nw_assert_match "the long one not sent" "^$LONG	A	TOOLARGE\$" "$NW_OUT"
nw_assert_match "the third answered" $'^nosuch\\.example\\.test\tA\tNXDOMAIN$' "$NW_OUT"
nw_assert_match "one warning with the reason" "^nw-resolve: warning: 1 name not sent \\(query too large\\), the first $LONG: query too large: 586 octets, at most 512 over UDP, the EDNS UDP payload size it advertises \\(--bufsize 512, --padding 300: use a larger --bufsize or a smaller --padding\\)\$" "$NW_ERR"
expect 2 "-f --json" nw-resolve --json -f "$NW_TMP/names" --bufsize 512 --padding 300 @"$SRV4"
nw_json_check "-f --json with a name not sent" "$NW_OUT" bulk:question,status,exit,tries,answer only=bulk
nw_assert_match "JSON line of the name not sent" "\"question\":{\"name\":\"$LONG\",\"type\":\"A\",\"class\":\"IN\"},\"status\":\"TOOLARGE\",\"exit\":2,\"tries\":0,\"error\":\"query too large: 586 octets" "$NW_OUT"
expect 2 "-f --short" nw-resolve --short -f "$NW_TMP/names" --bufsize 512 --padding 300 @"$SRV4"
nw_assert_eq "-f --short: an empty line for it (and for NXDOMAIN)" "198.18.0.10||" "$(paste -sd '|' "$NW_TMP/run.out")"
expect 2 "-f -q" nw-resolve -q -f "$NW_TMP/names" --bufsize 512 --padding 300 @"$SRV4"
nw_assert_eq "-q: nothing on stderr" "" "$NW_ERR"
printf '%s\n' "$LONG" "$LONG" "$LONG" "$LONG" "$LONG" >"$NW_TMP/longs"
expect 2 "-f: every name too large, and at once" nw-resolve -f "$NW_TMP/longs" --bufsize 512 --padding 300 @"$SRV4"
nw_assert_eq "five TOOLARGE lines" 5 "$(grep -c $'\tTOOLARGE$' <<<"$NW_OUT")"
nw_assert_match "counted" '^nw-resolve: warning: 5 names not sent \(query too large\)' "$NW_ERR"
nw_lt "$NW_SECS" 1 || nw_fail "-f with nothing to send took $NW_SECS s (it waited for nothing)"
expect 0 "-f: the same names fit a larger --bufsize" nw-resolve --short -f "$NW_TMP/two" --bufsize 700 --padding 300 @"$SRV4"

# 7. --search: a candidate the search list makes too large is skipped.
dom=$(printf '%060d' 0 | tr 0 c)
dom="$dom.$dom.$dom.$(printf '%050d' 0 | tr 0 c).example.test"
printf 'nameserver %s\nsearch %s example.test\noptions ndots:1\n' "$SRV4" "$dom" >"$NW_TMP/resolv.conf"
expect 0 "--search with a candidate too large" nw-resolve --json --search --resolv-conf "$NW_TMP/resolv.conf" --bufsize 512 --padding 300 www
nw_assert_eq "only the candidate that fits was asked" '["www.example.test."]' "$(nw_json_get "$NW_OUT" query tried)"
expect 0 "--search --tcp: both asked" nw-resolve --json --search --tcp --resolv-conf "$NW_TMP/resolv.conf" --bufsize 512 --padding 300 www
nw_assert_eq "--tcp: the long candidate first" "[\"www.$dom.\", \"www.example.test.\"]" "$(nw_json_get "$NW_OUT" query tried)"

# 8. Padding is an EDNS option.
expect 2 "--noedns --padding" nw-resolve --noedns --padding 8 @"$SRV4" www.example.test
nw_assert_match "says so" '^nw-resolve: --padding needs EDNS \(drop --noedns\)$' "$NW_ERR"
exit 0
