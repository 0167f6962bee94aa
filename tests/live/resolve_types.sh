#!/bin/bash
# resolve_types.sh: nw-resolve against NSD (a real authoritative server):
# `nw-resolve --short` prints exactly what `dig +short` prints for one
# record of every supported type (NSEC3 from the hostile responder, as NSD
# does not serve it to queries), over UDP, TCP and IPv6; edge cases of the
# presentation format from the responder; -x for IPv4 and
# IPv6; several queries on one line; IDN names as dig +idnin maps them;
# --json keys; servers and
# the search list from --resolv-conf.  See docs/resolve.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export PYTHONDONTWRITEBYTECODE=1
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_up

# 1. Every type, --short against dig +short, over UDP/IPv4, TCP and IPv6.
for t in $DNS_ZONE_TYPES; do
	owner=$(dns_zone_owner "$t")
	want=$(nw_in me dig +short +tries=1 +time=2 @"$SRV4" "$owner" "$t")
	[ -n "$want" ] || nw_fail "dig found no $t record at $owner"
	for how in "@$SRV4" "--tcp @$SRV4" "-6 @$SRV6"; do
		# shellcheck disable=SC2086 # $how is two words on purpose
		nw_run 10 me nw-resolve --short $how "$owner" "$t"
		nw_assert_status "$t ($how)" 0 "$NW_RC" "$NW_ERR"
		nw_assert_eq "$t --short = dig +short ($how)" "$want" "$NW_OUT"
	done
done
hash=0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.hostile.test
want=$(nw_in me dig +short +tries=1 +time=2 @"$EVIL" "$hash" NSEC3)
nw_run 10 me nw-resolve --short @"$EVIL" "$hash" NSEC3
nw_assert_eq "NSEC3 --short = dig +short" "$want" "$NW_OUT"
nw_assert_match "NSEC3 presentation" '^1 1 12 AABBCCDD [0-9A-V]{32} A$' "$NW_OUT"

# 1b. Edge cases NSD cannot hold (escapes in names and strings, every SVCB
# key, long hex/base64 splits, IPv4-mapped AAAA, RRSIG times in another
# epoch ...), served by the responder: still exactly dig +short.
cases=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import dns_hostile as h; print(" ".join(h.PRESENTATION))' \
	"${NW_SRCDIR:-.}/tests/lib") || nw_fail "cannot list the presentation cases"
for c in $cases; do
	want=$(nw_in me dig +short +tries=1 +time=2 @"$EVIL" "pres-$c.hostile.test")
	[ -n "$want" ] || nw_fail "dig printed nothing for pres-$c"
	nw_run 10 me nw-resolve --short @"$EVIL" "pres-$c.hostile.test"
	nw_assert_status "pres-$c" 0 "$NW_RC" "$NW_ERR"
	nw_assert_eq "pres-$c --short = dig +short" "$want" "$NW_OUT"
done

# 2. Types by number, classes, reverse lookups.
nw_run 10 me nw-resolve --short -t 15 @"$SRV4" mx.example.test
nw_assert_eq "-t 15 is MX" "10 mail.example.test." "$NW_OUT"
nw_run 10 me nw-resolve --short @"$SRV4" mx.example.test TYPE15 IN
nw_assert_eq "TYPE15 IN" "10 mail.example.test." "$NW_OUT"
for a in 198.18.0.10 2001:db8::10; do
	want=$(nw_in me dig +short @"$SRV4" -x "$a")
	nw_run 10 me nw-resolve --short @"$SRV4" -x "$a"
	nw_assert_status "-x $a" 0 "$NW_RC" "$NW_ERR"
	nw_assert_eq "-x $a = dig -x" "$want" "$NW_OUT"
done

# 3. Several queries on one line, in order; an IDN name as punycode.
nw_run 10 me nw-resolve --short @"$SRV4" a.example.test mx.example.test MX aaaa.example.test AAAA
nw_assert_eq "three queries" "$(printf '198.18.0.10\n10 mail.example.test.\n2001:db8::10')" "$NW_OUT"
nw_run 10 me nw-resolve --short @"$SRV4" "bücher.example.test"
nw_assert_eq "IDN name" "198.18.0.11" "$NW_OUT"
nw_run 10 me nw-resolve @"$SRV4" "bücher.example.test"
nw_assert_match "IDN name sent as punycode" 'xn--bcher-kva\.example\.test\.' "$NW_OUT"
# 3b. IDN names as dig +idnin maps them (UTS 46 with libidn2: case, width,
# compatibility forms, NFC, ideographic full stop, sharp s kept, a symbol
# through transitional processing); the same names from -f; names IDNA2008
# refuses are usage errors, as dig refuses them.
if nw-resolve --version | grep -q 'idn(libidn2)'; then
	export LC_ALL=C.UTF-8
	idn_names=("BÜCHER.example.test" "ＸＩＩ.example.test" "Ⅻ.example.test"
		$'bu\u0308cher.example.test' "bücher。example.test" "STRAßE.example.test"
		"☃.example.test")
	for n in "${idn_names[@]}"; do
		want=$(nw_in me dig +idnin +short +tries=1 +time=2 @"$SRV4" "$n")
		[ -n "$want" ] || nw_fail "dig +idnin found nothing for $n"
		nw_run 10 me nw-resolve --short @"$SRV4" "$n"
		nw_assert_status "IDN $n" 0 "$NW_RC" "$NW_ERR"
		nw_assert_eq "IDN $n --short = dig +idnin +short" "$want" "$NW_OUT"
		printf '%s\n' "$n" >>"$NW_TMP/idn.names"
	done
	nw_run 10 me nw-resolve @"$SRV4" "BÜCHER.example.test"
	nw_assert_match "IDN: the default output says what was sent" \
		"^;; IDN: 'BÜCHER\\.example\\.test' is sent as xn--bcher-kva\\.example\\.test\$" "$NW_OUT"
	nw_run 10 me nw-resolve @"$SRV4" a.example.test
	nw_assert_nomatch "no IDN line for an ASCII name" '^;; IDN:' "$NW_OUT"
	nw_run 10 me nw-resolve --short -f "$NW_TMP/idn.names" @"$SRV4"
	nw_assert_eq "IDN names from -f" "$(printf '198.18.0.11\n198.18.0.15\n198.18.0.15\n198.18.0.11\n198.18.0.11\n198.18.0.13\n198.18.0.14')" "$NW_OUT"
	for n in $'a\u200db.example.test' "ab--c.ü.example.test" "ü..example.test"; do
		nw_in me dig +idnin +short +tries=1 +time=1 @"$SRV4" "$n" >/dev/null 2>&1 &&
			nw_fail "dig +idnin accepted $n"
		nw_run 10 me nw-resolve --short @"$SRV4" "$n"
		nw_assert_status "IDN refused: $n" 2 "$NW_RC" "$NW_ERR"
		nw_assert_match "IDN refused: one line" "^nw-resolve: invalid name '" "$NW_ERR"
	done
	unset LC_ALL
else
	# The fall-back: our own punycode, no mapping, and a warning saying so.
	nw_run 10 me nw-resolve --short @"$SRV4" "bücher.example.test" "ü.example.test"
	nw_assert_eq "fall-back: lower-case IDN name still answered" "198.18.0.11" "$NW_OUT"
	nw_assert_eq "fall-back: one warning" "nw-resolve: warning: built without libidn2: 'bücher.example.test' sent as 'xn--bcher-kva.example.test' without the UTS 46 mapping (type it in lower case and NFC)" "$NW_ERR"
	nw_run 10 me nw-resolve --short @"$SRV4" a.example.test
	nw_assert_eq "fall-back: no warning for an ASCII name" "" "$NW_ERR"
fi

# 4. The default output: dig's sections.
nw_run 10 me nw-resolve @"$SRV4" mx.example.test MX
nw_assert_match "header" 'status: NOERROR, id: [0-9]+' "$NW_OUT"
nw_assert_match "flags" 'flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 3' "$NW_OUT"
nw_assert_match "answer line" $'mx\\.example\\.test\\.\t3600\tIN\tMX\t10 mail\\.example\\.test\\.' "$NW_OUT"
nw_assert_match "server line" "SERVER: $SRV4#53\\($SRV4\\) \\(UDP\\)" "$NW_OUT"

# 4b. --wire: the query and the answer, field by field.
nw_run 10 me nw-resolve --wire --nsid @"$SRV4" mx.example.test MX
nw_assert_status "--wire" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "wire: query heading" '^;; WIRE query: [0-9]+ octets, to 198\.18\.53\.1#53 over UDP$' "$NW_OUT"
nw_assert_match "wire: label" '^000c  02 6d 78 +label "mx"$' "$NW_OUT"
nw_assert_match "wire: NSID option" 'option 3 NSID, length 0' "$NW_OUT"
nw_assert_match "wire: answer pointer" '^0021  c0 0c +pointer to 0x000c: mx\.example\.test\.$' "$NW_OUT"
nw_assert_match "wire: RDATA" '^002d  00 0a 04 6d 61 69 6c c0 0f +RDATA 10 mail\.example\.test\.$' "$NW_OUT"
nw_assert_match "wire: then the sections" 'ANSWER SECTION' "$NW_OUT"
nw_run 10 me nw-resolve --wire --json @"$SRV4" mx.example.test
nw_assert_status "--wire --json is a usage error" 2 "$NW_RC" "$NW_ERR"

# 5. --json: one object per query with the documented keys.
nw_run 10 me nw-resolve --json --nsid --cookie --subnet 198.18.7.0/24 --padding 8 --dnssec \
	@"$SRV4" a.example.test mx.example.test MX
nw_assert_status "--json" 0 "$NW_RC" "$NW_ERR"
nw_json_check "--json keys" "$NW_OUT" \
	query:question,result,exit,server,port,transport,rcode,id,flags,rtt_ms,size,answer,authority,additional,edns,ignored \
	only=query
nw_assert_eq "two JSON lines" 2 "$(printf '%s\n' "$NW_OUT" | grep -c .)"
nw_assert_eq "JSON answer data" "198.18.0.10" \
	"$(printf '%s\n' "$NW_OUT" | head -n 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["answer"][0]["data"])')"

# 6. Servers and search list from a resolv.conf file.
conf=$NW_TMP/resolv.conf
printf 'nameserver %s\nsearch nosuch.example.test example.test\noptions ndots:3 timeout:2 attempts:1\n' \
	"$SILENT" >"$conf"
printf 'nameserver %s\n' "$SRV4" >>"$conf"
nw_run 20 me nw-resolve --short --resolv-conf "$conf" --search www
nw_assert_status "search list, first server silent" 0 "$NW_RC" "$NW_ERR"
# As dig +short, the try of the silent server is said first (issue 17).
nw_assert_eq "found under the second search domain" \
	";; communications error to $SILENT#53: timed out
198.18.0.12" "$NW_OUT"
nw_run 20 me nw-resolve --json --resolv-conf "$conf" --search www.example.test
nw_assert_match "ndots:3: two dots are relative, the search list comes first" \
	'"tried":\["www\.example\.test\.nosuch\.example\.test\.","www\.example\.test\.example\.test\.","www\.example\.test\."\]' \
	"$NW_OUT"
nw_run 20 me nw-resolve --short --resolv-conf "$conf" a.example.test
nw_assert_eq "second server after the silent one" \
	";; communications error to $SILENT#53: timed out
198.18.0.10" "$NW_OUT"
nw_lt 1.9 "$NW_SECS" || nw_fail "the silent first server was not waited for (timeout:2): $NW_SECS s"
exit 0
