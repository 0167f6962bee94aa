#!/bin/bash
# resolve_trace.sh: nw-resolve --trace over a real hierarchy of NSD
# servers in namespaces (tests/lib/dns_hier.sh): root -> test. ->
# example.test. with glue; far.test. delegated to a name server without
# glue (looked up from the root first); a CNAME out of far.test. into
# example.test.; NXDOMAIN and NODATA at the end of the walk; a truncated
# answer over TCP; every step printed with its server; the final answers
# equal to dig +short at the authoritative server, for every type of the
# zone, and so is the stub through unbound recursing from this root; --all-servers over the
# four servers of multi.test. (two agree, one disagrees, one is lame); a
# root that does not answer.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export PYTHONDONTWRITEBYTECODE=1
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
. "${NW_SRCDIR:-.}/tests/lib/dns_hier.sh"
dns_lab_up
dns_hier_up
hints=$NW_TMP/root.hints

# 1. Root -> TLD -> zone, with glue.
nw_run 20 me nw-resolve --trace --root-hints "$hints" www.example.test
nw_assert_status "trace with glue" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "asks the root" '^;; asked A\.ROOT\.TEST\. \(198\.18\.60\.1#53\) for zone \. in ' "$NW_OUT"
nw_assert_match "referral to test." $'^test\\.\t+86400\tIN\tNS\tns1\\.test\\.$' "$NW_OUT"
nw_assert_match "asks the TLD" '^;; asked ns1\.test\. \(198\.18\.61\.1#53\) for zone test\. ' "$NW_OUT"
nw_assert_match "asks the zone" '^;; asked ns1\.example\.test\. \(198\.18\.53\.1#53\) for zone example\.test\. ' "$NW_OUT"
nw_assert_match "the answer" $'^www\\.example\\.test\\.\t+3600\tIN\tA\t198\\.18\\.0\\.12$' "$NW_OUT"
nw_assert_match "result" '^;; result: answer$' "$NW_OUT"

# 1b. NW_ROOT_HINTS stands in for --root-hints; --root-hints wins over it;
# the first line names the list.
nw_run 20 me env NW_ROOT_HINTS="$hints" nw-resolve --trace www.example.test
nw_assert_status "NW_ROOT_HINTS" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "NW_ROOT_HINTS names the root" "^;; root servers: $hints \\(1 address\\)\$" "$NW_OUT"
nw_assert_match "NW_ROOT_HINTS: asks that root" '^;; asked A\.ROOT\.TEST\. \(198\.18\.60\.1#53\) for zone \. in ' "$NW_OUT"
nw_run 20 me env NW_ROOT_HINTS=/nonexistent nw-resolve --trace --root-hints "$hints" www.example.test
nw_assert_status "--root-hints over NW_ROOT_HINTS" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_run 20 me nw-resolve --trace www.example.test
nw_assert_status "the harness's NW_ROOT_HINTS (a missing file) stops a walk that names no root" 3 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "says which file" 'tests-name-their-own-root-hints: No such file' "$NW_ERR"

# 2. No glue: the name server's address is looked up from the root first.
nw_run 20 me nw-resolve --trace --root-hints "$hints" www.far.test
nw_assert_status "trace without glue" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "looks the name server up" 'looking up name server ns2\.example\.test\. \(no glue\)' "$NW_OUT"
nw_assert_match "then asks it" '^;; asked ns2\.example\.test\. \(198\.18\.53\.1#53\) for zone far\.test\. ' "$NW_OUT"

# 3. --short equals dig +short at the authoritative server, CNAME included
# (and a CNAME whose target lacks the type: 3a).
for q in "www.example.test A" "www.far.test A" "alias.far.test A" "mx.example.test MX" \
	"txt.example.test TXT" "big.example.test A" "cname.example.test MX" "alias.far.test MX"; do
	read -r qn qt <<<"$q"
	want=$(nw_in me dig +short @"$SRV4" "$qn" "$qt")
	nw_run 20 me nw-resolve --trace --short --root-hints "$hints" "$qn" "$qt"
	nw_assert_status "--trace --short $q" 0 "$NW_RC" "$NW_ERR"
	nw_assert_eq "--trace --short $q = dig +short" "$want" "$NW_OUT"
done
nw_run 20 me nw-resolve --trace --root-hints "$hints" big.example.test
nw_assert_match "TC then TCP in the walk" 'truncated over UDP, then TCP' "$NW_OUT"

# 3a. A CNAME whose target has no record of the type (issue 17: it printed
# nothing and exited 5): the chain followed, --short = dig +short at the
# authoritative server (the target: in 3), exit 0 as the stub gives; the
# text says which name is asked after the CNAME; --json keeps the question.
nw_run 20 me nw-resolve --trace --root-hints "$hints" alias.far.test MX
nw_assert_status "--trace alias.far.test MX" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "the CNAME shown" $'^alias\\.far\\.test\\.\t+[0-9]+\tIN\tCNAME\twww\\.example\\.test\\.$' "$NW_OUT"
nw_assert_match "says which name it asks next" '^;; CNAME: now asking for www\.example\.test\. MX, from the root$' "$NW_OUT"
nw_assert_match "result" '^;; result: answer$' "$NW_OUT"
nw_run 20 me nw-resolve --trace --json --root-hints "$hints" alias.far.test MX
nw_assert_eq "--json: the question as asked" "alias.far.test. MX" \
	"$(python3 -c 'import json,sys; q=json.load(sys.stdin)["question"]; print(q["name"], q["type"])' <<<"$NW_OUT")"
nw_assert_eq "--json: the CNAME in the answer" "CNAME www.example.test." \
	"$(python3 -c 'import json,sys; a=json.load(sys.stdin)["answer"]; print(" ".join(r["type"] + " " + r["data"] for r in a))' <<<"$NW_OUT")"

# 3b. Every type of the zone: --trace --short from this root, and the stub
# through unbound recursing from this root (on me's loopback), each equal
# to dig +short (at the authoritative server; through unbound).
mkdir -p "$NW_TMP/unbound" || nw_fail "mkdir"
cat >"$NW_TMP/unbound/unbound.conf" <<CONF
server:
	interface: 127.0.0.1
	port: 53
	access-control: 127.0.0.0/8 allow
	username: ""
	chroot: ""
	directory: "$NW_TMP/unbound"
	pidfile: ""
	use-syslog: no
	do-daemonize: no
	num-threads: 1
	module-config: "iterator"
	# test. is one of unbound's default local zones (RFC 6761): serve it from the tree
	local-zone: "test." nodefault
	root-hints: "$hints"
	do-ip6: no
remote-control:
	control-enable: no
CONF
nw_bg me unbound -d -c "$NW_TMP/unbound/unbound.conf" >"$NW_TMP/unbound/out" 2>&1
nw_wait_until 10 nw_in me dig +short +tries=1 +time=1 @127.0.0.1 a.example.test ||
	nw_fail "unbound did not start: $(cat "$NW_TMP/unbound/out")"
for t in $DNS_ZONE_TYPES; do
	owner=$(dns_zone_owner "$t")
	want=$(nw_in me dig +short +tries=1 +time=2 @"$SRV4" "$owner" "$t")
	nw_run 20 me nw-resolve --trace --short --root-hints "$hints" "$owner" "$t"
	nw_assert_status "--trace $t" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "--trace --short $t = dig +short" "$want" "$NW_OUT"
	want=$(nw_in me dig +short +tries=1 +time=2 @127.0.0.1 "$owner" "$t")
	[ -n "$want" ] || nw_fail "dig found no $t record at $owner through unbound: $(nw_in me dig +tries=1 +time=2 @127.0.0.1 "$owner" "$t"; tail -20 "$NW_TMP/unbound/out")"
	nw_run 20 me nw-resolve --short @127.0.0.1 "$owner" "$t"
	nw_assert_status "$t through unbound" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "$t through unbound --short = dig +short" "$want" "$NW_OUT"
done

# 4. Outcomes at the end of the walk.
nw_run 20 me nw-resolve --trace --root-hints "$hints" nosuch.example.test
nw_assert_status "NXDOMAIN" 4 "$NW_RC" "$NW_OUT$NW_ERR"
nw_run 20 me nw-resolve --trace --root-hints "$hints" a.example.test MX
nw_assert_status "NODATA" 5 "$NW_RC" "$NW_OUT$NW_ERR"
nw_run 20 me nw-resolve --trace --json --root-hints "$hints" www.far.test
nw_json_check "--trace --json" "$NW_OUT" query:question,result,exit,answer only=query

# 4b. --all-servers: the four servers of multi.test. at once.
nw_run 20 me nw-resolve --trace --all-servers -W 0.5 --root-hints "$hints" good.multi.test
nw_assert_status "--all-servers" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "asks all four" '^;; asked all 4 servers of zone multi\.test\.:$' "$NW_OUT"
nw_assert_match "NSD agrees" '^;;   ns1\.example\.test\. \(198\.18\.53\.1\) [0-9.]+ ms: NOERROR 198\.18\.0\.40 \(aa\)$' "$NW_OUT"
nw_assert_match "the second NSD agrees" '^;;   ns4\.test\. \(198\.18\.53\.4\) [0-9.]+ ms: NOERROR 198\.18\.0\.40 \(aa\)$' "$NW_OUT"
nw_assert_match "the responder disagrees" '^;;   evil\.test\. \(198\.18\.54\.1\) .*NOERROR 198\.18\.0\.10 \(aa\)  DISAGREES$' "$NW_OUT"
nw_assert_match "the root's NSD is lame (it refers upwards)" '^;;   lame\.test\. \(198\.18\.60\.1\) [0-9.]+ ms: NOERROR referral ns1\.test\.  LAME$' "$NW_OUT"
nw_assert_match "the root level: one server" '^;; asked the 1 server of zone \.:$' "$NW_OUT"
# No data is not a referral: NXDOMAIN and NODATA are named as such, with
# the zone's SOA (the NS records of a referral are what a referral shows).
nw_run 20 me nw-resolve --trace --all-servers -W 0.5 --root-hints "$hints" nosuch.multi.test
nw_assert_status "--all-servers NXDOMAIN" 4 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "NXDOMAIN with its SOA" '^;;   ns1\.example\.test\. \(198\.18\.53\.1\) [0-9.]+ ms: NXDOMAIN [a-z0-9.-]+\. [a-z0-9.-]+\. [0-9]+ ' "$NW_OUT"
nw_assert_nomatch "NXDOMAIN is no referral" '^;;   ns[14]\..*NXDOMAIN referral' "$NW_OUT"
nw_run 20 me nw-resolve --trace --all-servers -W 0.5 --root-hints "$hints" good.multi.test MX
nw_assert_status "--all-servers NODATA" 5 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "NODATA named, with its SOA" '^;;   ns4\.test\. \(198\.18\.53\.4\) [0-9.]+ ms: NOERROR nodata [a-z0-9.-]+\. [a-z0-9.-]+\. [0-9]+ .* \(aa\)$' "$NW_OUT"
nw_assert_match "a referral is still one" 'NOERROR referral ' "$NW_OUT"
want=$(nw_in me dig +short @"$SRV4" big.example.test)
nw_run 20 me nw-resolve --trace --all-servers --short --root-hints "$hints" big.example.test
nw_assert_eq "--all-servers: a TC answer completed over TCP" "$want" "$NW_OUT"
nw_run 20 me nw-resolve --trace --root-hints "$hints" good.multi.test
nw_assert_status "without --all-servers: a lame first server is skipped" 0 "$NW_RC" "$NW_OUT$NW_ERR"

# 5. A root that does not answer: exit 1 within -W x tries.
printf '.\t3600000\tNS\tA.ROOT.TEST.\nA.ROOT.TEST.\t3600000\tA\t%s\n' "$SILENT" >"$NW_TMP/dead.hints"
nw_run 20 me nw-resolve --trace -W 0.3 --tries 2 --root-hints "$NW_TMP/dead.hints" www.example.test
nw_assert_status "silent root" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "says so" '^;; no answer from A\.ROOT\.TEST\.' "$NW_OUT"
nw_lt "$NW_SECS" 2 || nw_fail "silent root: $NW_SECS s"

# 6. Usage errors.
nw_run 10 me nw-resolve --trace @"$SRV4" www.example.test
nw_assert_status "--trace with @SERVER" 2 "$NW_RC" "$NW_ERR"
nw_run 10 me nw-resolve --root-hints "$hints" www.example.test
nw_assert_status "--root-hints without --trace" 2 "$NW_RC" "$NW_ERR"
nw_run 10 me nw-resolve --all-servers www.example.test
nw_assert_status "--all-servers without --trace" 2 "$NW_RC" "$NW_ERR"
exit 0
