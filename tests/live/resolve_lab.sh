#!/bin/bash
# resolve_lab.sh: nw-resolve in the lab's DNS (tools/lab, docs/lab.md), the
# hierarchy the issue names: an NSD root, an NSD "com." and an NSD
# "google.com.", and unbound recursing from the lab root.  From the laptop:
#   - through the recursive resolver in resolv.conf, `nw-resolve --short`
#     prints what `dig +short` prints, for each record kind the zone has
#     (A, AAAA, MX, TXT, NS, SOA, a CNAME chain), and NXDOMAIN gives exit 4;
#   - `--trace` from the lab's root hints asks the root, com. and
#     google.com. servers in turn and ends with dig's answer, CNAMEs chased;
#     without --root-hints, nw-lab exec's NW_ROOT_HINTS gives the same walk.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/lab.sh"
nw_require_root nw-lab nw-resolve nsd unbound nginx dig python3 timeout flock
nw_setup
lab_setup r-

lab_up
HINTS=/run/nw-lab/$LAB/resolver/root.hints
[ -r "$HINTS" ] || nw_fail "the lab has no root hints at $HINTS"

# at CMD...: run CMD in the lab's laptop (its resolv.conf names the resolver).
at() {
	lab_at laptop "$@"
}

# 1. Stub queries through unbound: the same lines as dig +short (sorted:
# the resolver may rotate an RRset between two queries).
for q in "www.google.com A" "www.google.com AAAA" "google.com MX" "google.com TXT" \
	"google.com NS" "google.com SOA" "web.google.com A" "smtp.google.com AAAA" "com NS"; do
	# shellcheck disable=SC2086 # NAME TYPE
	at dig +short $q
	want=$(printf '%s\n' "$NW_OUT" | sort)
	[ -n "$want" ] || nw_fail "dig +short $q: no answer from the lab's resolver"
	# shellcheck disable=SC2086
	at nw-resolve --short $q
	nw_assert_status "nw-resolve --short $q" 0 "$NW_RC" "$NW_ERR"
	nw_assert_eq "nw-resolve --short $q = dig +short" "$want" "$(printf '%s\n' "$NW_OUT" | sort)"
done
at nw-resolve nosuch.google.com A
nw_assert_status "NXDOMAIN through the resolver" 4 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "NXDOMAIN in the header" 'status: NXDOMAIN' "$NW_OUT"

# 2. --trace from the lab's root: the three servers in walk order, then
# the answer dig gets through the resolver.
at nw-resolve --trace --root-hints "$HINTS" www.google.com A
nw_assert_status "--trace www.google.com" 0 "$NW_RC" "$NW_OUT$NW_ERR"
steps=$(printf '%s\n' "$NW_OUT" | sed -n 's/^;; asked \([^ ]*\) (\([^#]*\)#53) for zone \([^ ]*\) .*/\1 \2 \3/p')
nw_assert_eq "--trace asks root, com. and google.com. in turn" \
	"a.root-servers.net. 198.19.100.10 .
a.gtld-servers.net. 198.19.100.20 com.
ns1.google.com. 198.19.100.30 google.com." "$steps"
nw_assert_match "--trace ends with the A record" \
	'^www\.google\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+198\.19\.100\.80$' "$NW_OUT"
nw_assert_match "--trace says it got an answer" '^;; result: answer' "$NW_OUT"

# In the lab, nw-lab exec names the lab's root (NW_ROOT_HINTS): --trace
# without --root-hints starts there, says so, and walks the same servers.
at nw-resolve --trace www.google.com A
nw_assert_status "--trace through nw-lab exec" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "starts from the lab's root hints" "^;; root servers: $HINTS \\(2 addresses\\)\$" "$NW_OUT"
nw_assert_eq "the same walk from NW_ROOT_HINTS" "$steps" \
	"$(printf '%s\n' "$NW_OUT" | sed -n 's/^;; asked \([^ ]*\) (\([^#]*\)#53) for zone \([^ ]*\) .*/\1 \2 \3/p')"

# A CNAME is chased: the JSON answer of the last step holds the alias and
# the address, as dig through the resolver shows them.
at dig +short web.google.com A
want=$(printf '%s\n' "$NW_OUT" | sort)
at nw-resolve --trace --json --root-hints "$HINTS" web.google.com A
nw_assert_status "--trace web.google.com (CNAME)" 0 "$NW_RC" "$NW_OUT$NW_ERR"
got=$(printf '%s\n' "$NW_OUT" | python3 -c '
import json, sys
last = None
for line in sys.stdin:
    line = line.strip()
    if line:
        o = json.loads(line)
        if o.get("type") == "query" and o.get("result") == "answer":
            last = o
for rr in (last or {}).get("answer", []):
    print(rr["data"])
' | sort)
nw_assert_eq "--trace chases the CNAME to dig's answer" "$want" "$got"
nw_pass "nw-resolve agrees with dig in the lab's DNS, stub and --trace"
