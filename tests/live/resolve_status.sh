#!/bin/bash
# resolve_status.sh: nw-resolve's exit status contract (docs/resolve.md,
# EXIT STATUS in the man page): 0 answer, 4 NXDOMAIN, 5 NODATA (from NSD),
# 6 REFUSED (NSD, a zone it does not serve) and SERVFAIL (the responder),
# 1 a silent server, within the configured time (-W, --tries, and
# resolv.conf timeout/attempts), 2 usage errors; several queries give the
# status of the first that failed. dig's +words are aliases.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_up

check() { # WHAT WANT_STATUS ARGS...
	local what=$1 want=$2
	shift 2
	nw_run 20 me nw-resolve "$@"
	nw_assert_status "$what" "$want" "$NW_RC" "$NW_OUT$NW_ERR"
}

check "answer" 0 @"$SRV4" a.example.test
check "NXDOMAIN" 4 @"$SRV4" nosuch.example.test
nw_assert_match "NXDOMAIN shown" 'status: NXDOMAIN' "$NW_OUT"
check "NODATA" 5 @"$SRV4" a.example.test MX
check "REFUSED" 6 @"$SRV4" www.other.test
nw_assert_match "REFUSED shown" 'status: REFUSED' "$NW_OUT"
check "SERVFAIL" 6 @"$EVIL" servfail.hostile.test
check "JSON NXDOMAIN" 4 --json @"$SRV4" nosuch.example.test
nw_assert_match "JSON result" '"result":"nxdomain","exit":4' "$NW_OUT"
check "quiet" 4 -q @"$SRV4" nosuch.example.test
nw_assert_eq "quiet prints nothing" "" "$NW_OUT"

# A silent server: -W 1 --tries 2 waits 1 s then 2 s (the wait doubles).
check "silent server" 1 -W 1 --tries 2 @"$SILENT" a.example.test
if ! nw_lt 2.9 "$NW_SECS" || ! nw_lt "$NW_SECS" 4.5; then
	nw_fail "silent: $NW_SECS s, want about 3"
fi
nw_assert_match "silent: says so" 'no answer: no server answered' "$NW_OUT"
check "silent, one try of 0.5 s" 1 -W 0.5 --tries 1 @"$SILENT" a.example.test
nw_lt "$NW_SECS" 1.5 || nw_fail "silent -W 0.5: $NW_SECS s"
# JSON with no answer: the sections are there, empty (issue 17), so the
# man page's own jq '.answer[].data' prints nothing instead of failing.
check "silent, --json" 1 --json -W 0.5 --tries 1 @"$SILENT" a.example.test
nw_assert_match "silent --json: empty sections" '"answer":\[\],"authority":\[\],"additional":\[\]' "$NW_OUT"
if command -v jq >/dev/null 2>&1; then
	data=$(printf '%s\n' "$NW_OUT" | jq -r '.answer[].data') || nw_fail "jq '.answer[].data' failed: $NW_OUT"
	nw_assert_eq "silent --json: jq '.answer[].data' prints nothing" "" "$data"
fi
# ... and resolv.conf's timeout and attempts (timeout:1 attempts:2 = 3 s).
printf 'nameserver %s\noptions timeout:1 attempts:2\n' "$SILENT" >"$NW_TMP/silent.conf"
check "silent via resolv.conf" 1 --resolv-conf "$NW_TMP/silent.conf" a.example.test
if ! nw_lt 2.9 "$NW_SECS" || ! nw_lt "$NW_SECS" 4.5; then
	nw_fail "resolv.conf silent: $NW_SECS s"
fi

# Several queries: the first failure decides.
check "answer then NXDOMAIN then NODATA" 4 --short @"$SRV4" a.example.test nosuch.example.test \
	a.example.test MX
nw_assert_eq "answers still printed" "198.18.0.10" "$NW_OUT"

# Usage errors.
check "no name" 2
check "bad type" 2 -t NOPE a.example.test
check "bad server" 2 @300.1.1.1 a.example.test
check "bad -x" 2 -x 198.18.0
check "label too long" 2 "$(printf 'x%.0s' $(seq 1 64)).test"
check "-4 with an IPv6 server" 2 -4 @"$SRV6" a.example.test
# Two output formats: refused, not the last one silently taken.
for pair in "--json --short" "-q --json" "--short -q"; do
	# shellcheck disable=SC2086
	check "$pair" 2 $pair @"$SRV4" a.example.test
	nw_assert_match "$pair: says why" '^nw-resolve: --short, --json and -q exclude one another$' "$NW_ERR"
done
check "--short twice is one format" 0 --short --short @"$SRV4" a.example.test

# dig's +word habits (issue 17): aliases of our options; an unknown +word
# is a usage error naming it (it was asked for as the name '+short.').
check "+short" 0 +short @"$SRV4" a.example.test
nw_assert_eq "+short: the data only" "198.18.0.10" "$NW_OUT"
check "+tcp" 0 +tcp @"$SRV4" a.example.test
nw_assert_match "+tcp: over TCP" '\(TCP\)' "$NW_OUT"
check "+vc" 0 +vc @"$SRV4" a.example.test
nw_assert_match "+vc: over TCP" '\(TCP\)' "$NW_OUT"
check "+norecurse" 0 +norecurse @"$SRV4" a.example.test
nw_assert_match "+norecurse: no rd in the answer" '^;; flags: qr aa;' "$NW_OUT"
check "+dnssec" 0 +dnssec @"$SRV4" a.example.test
nw_assert_match "+dnssec: DO bit echoed" 'flags: do;' "$NW_OUT"
# +time=1 +tries=1 against a silent server: one wait of 1 s.
check "+time=1 +tries=1" 1 +time=1 +tries=1 @"$SILENT" a.example.test
if ! nw_lt 0.9 "$NW_SECS" || ! nw_lt "$NW_SECS" 1.8; then
	nw_fail "+time=1 +tries=1: $NW_SECS s, want about 1"
fi
# +trace reaches --trace: the harness's missing root hints file is named.
check "+trace" 3 +trace a.example.test
nw_assert_match "+trace: reads the root hints" "$NW_ROOT_HINTS" "$NW_ERR"

# Unknown words and bad values are usage errors naming them.
check "+bogus" 2 @"$SRV4" +bogus a.example.test
nw_assert_match "+bogus named" "'\\+bogus'" "$NW_ERR"
check "+time=x" 2 +time=x @"$SRV4" a.example.test
check "+short=1" 2 +short=1 @"$SRV4" a.example.test
nw_assert_match "+short=1 named" "'\\+short=1'" "$NW_ERR"
exit 0
