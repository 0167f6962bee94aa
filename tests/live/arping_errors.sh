#!/bin/bash
# arping_errors.sh: usage and runtime errors of nw-arping: one line on
# stderr naming the tool (plus a "Try ..." hint for usage errors), exit 2
# for usage errors and invalid values, 3 for runtime errors (no such
# interface, no route, interface down); --help and --version exit 0.
# The usage part needs no root and sends nothing (every case fails while
# parsing the command line); the runtime part runs in namespaces and is
# skipped without root.  See docs/arping.md and docs/HACKING.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
command -v nw-arping >/dev/null 2>&1 || nw_skip "nw-arping not on PATH"
command -v timeout >/dev/null 2>&1 || nw_skip "timeout not on PATH"

# Scratch space for nw_run without nw_setup (the root part calls nw_setup).
NW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/nwt$$.XXXXXX") || nw_fail "mktemp"
ERR_TMP=$NW_TMP
trap 'rm -rf -- "$ERR_TMP"' EXIT

# usage_error WHAT ARGS...: exit 2, "nw-arping: ..." on stderr, then the
# "Try ..." hint, nothing else; nothing on stdout.
usage_error() {
	local what=$1
	shift
	nw_run 5 - nw-arping "$@"
	nw_assert_status "$what" 2 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "$what: nothing on stdout" "" "$NW_OUT"
	local first second n
	n=$(printf '%s\n' "$NW_ERR" | grep -c .)
	first=$(printf '%s\n' "$NW_ERR" | sed -n 1p)
	second=$(printf '%s\n' "$NW_ERR" | sed -n 2p)
	[ "$n" = 2 ] || nw_fail "$what: expected 2 lines on stderr (error, hint), got $n: $NW_ERR"
	case "$first" in nw-arping:\ ?*) ;; *) nw_fail "$what: first line does not start 'nw-arping: ': $first" ;; esac
	case "$second" in Try\ *--help*) ;; *) nw_fail "$what: second line is not a 'Try ... --help' hint: $second" ;; esac
	nw_pass "$what: '$first'"
}

# invalid_value WHAT ERE ARGS...: exit 2, a first stderr line
# "nw-arping: invalid ..." matching ERE, at most the hint after it.
invalid_value() {
	local what=$1 re=$2
	shift 2
	nw_run 5 - nw-arping "$@"
	nw_assert_status "$what" 2 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "$what: nothing on stdout" "" "$NW_OUT"
	local n first second
	n=$(printf '%s\n' "$NW_ERR" | grep -c .)
	first=$(printf '%s\n' "$NW_ERR" | sed -n 1p)
	second=$(printf '%s\n' "$NW_ERR" | sed -n 2p)
	{ [ "$n" = 1 ] || { [ "$n" = 2 ] && case "$second" in Try\ *--help*) true ;; *) false ;; esac; }; } ||
		nw_fail "$what: expected one line on stderr (and at most the hint), got: $NW_ERR"
	printf '%s\n' "$first" | grep -Eq -- "^nw-arping: $re" || nw_fail "$what: '$first' does not match /^nw-arping: $re/"
	nw_pass "$what: '$first'"
}

# 1. --help / --version (and -h / -V): exit 0, on stdout, nothing on stderr.
for opt in --help -h; do
	nw_run 5 - nw-arping "$opt"
	nw_assert_status "$opt" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "$opt names the tool" 'nw-arping' "$NW_OUT"
	nw_assert_match "$opt lists --scan" '--scan' "$NW_OUT"
	nw_assert_eq "$opt: nothing on stderr" "" "$NW_ERR"
done
for opt in --version -V; do
	nw_run 5 - nw-arping "$opt"
	nw_assert_status "$opt" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "$opt names the tool and a version" 'nw-arping.*[0-9]+\.[0-9]+' "$NW_OUT"
	nw_assert_eq "$opt: nothing on stderr" "" "$NW_ERR"
done

# 2. Usage errors: exit 2 with the hint.
usage_error "unknown option" --bogus 198.18.0.1
usage_error "unknown short option" -Z 198.18.0.1
usage_error "missing option argument" 198.18.0.1 -c
usage_error "too many operands" 198.18.0.1 198.18.0.2
usage_error "missing target" -c 1
usage_error "-D and -U together" -D -U 198.18.0.1
usage_error "--scan and -A together" -A --scan 198.18.0.0/24
usage_error "-4 and -6 together" -4 -6 198.18.0.1
usage_error "--scan with a target" --scan 198.18.0.0/24 198.18.0.1
usage_error "--scan of an IPv6 block" --scan 2001:db8::/120
# -q means the same in every tool: with --json it is a usage error, as in
# nw-scan and nw-resolve (issue 17).
usage_error "-q with --json" -q --json 198.18.0.1
usage_error "--json with -q, --scan" --json --scan 198.18.0.0/24 -q

# 3. Invalid values: exit 2, "nw-arping: invalid <what> '<value>': <why>".
invalid_value "-c 0" "invalid count '0'" -c 0 198.18.0.1
invalid_value "-c abc" "invalid count 'abc'" -c abc 198.18.0.1
invalid_value "-c -1" "invalid count '-1'" -c -1 198.18.0.1
invalid_value "-c 99999999999999999999" "invalid count" -c 99999999999999999999 198.18.0.1
invalid_value "-i abc" "invalid interval 'abc'" -i abc 198.18.0.1
invalid_value "-i 1x" "invalid interval '1x'" -i 1x 198.18.0.1
invalid_value "-i -1" "invalid interval '-1'" -i -1 198.18.0.1
invalid_value "-W abc" "invalid timeout 'abc'" -W abc 198.18.0.1
invalid_value "-w 0" "invalid deadline '0'" -w 0 198.18.0.1
invalid_value "-s bad MAC" "invalid source MAC 'zz:00:00:00:00:01'" -s zz:00:00:00:00:01 198.18.0.1
invalid_value "-t short MAC" "invalid target MAC '02:00:00'" -t 02:00:00 198.18.0.1
invalid_value "-S bad address" "invalid source IP '198.18.0.300'" -S 198.18.0.300 198.18.0.1
invalid_value "--scan bad prefix" "invalid CIDR '198.18.0.0/33'" --scan 198.18.0.0/33
invalid_value "--scan too large" "invalid CIDR '198.18.0.0/15'" --scan 198.18.0.0/15
invalid_value "--rate 0" "invalid rate '0'" --scan 198.18.0.0/24 --rate 0
invalid_value "--retries abc" "invalid retries 'abc'" --scan 198.18.0.0/24 --retries abc

# 4. Runtime errors (root, in namespaces): exit 3, one line.
if [ "$(id -u)" != 0 ]; then
	nw_log "not root: runtime error cases skipped"
	exit 0
fi
rm -rf -- "$ERR_TMP"
trap - EXIT
nw_require_root nw-arping timeout
nw_setup
nw_host me
nw_host a
nw_host b
nw_link me veth0 a veth0 02:00:00:00:00:02 02:00:00:00:00:01
nw_link me veth1 b veth0 02:00:00:00:01:02 02:00:00:00:01:01
nw_addr me veth0 198.18.0.2/24
nw_addr a veth0 198.18.0.1/24
nw_addr me veth1 198.18.1.2/24
nw_addr b veth0 198.18.1.1/24

# runtime_error WHAT ERE ARGS...: exit 3, exactly one stderr line matching
# "^nw-arping: ERE", nothing on stdout.
runtime_error() {
	local what=$1 re=$2
	shift 2
	nw_run 10 me nw-arping "$@"
	nw_assert_status "$what" 3 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "$what: one line on stderr" 1 "$(printf '%s\n' "$NW_ERR" | grep -c .)"
	printf '%s\n' "$NW_ERR" | grep -Eq -- "^nw-arping: $re" || nw_fail "$what: '$NW_ERR' does not match /^nw-arping: $re/"
	nw_pass "$what: '$NW_ERR'"
}

runtime_error "-I nosuch0" '.*nosuch0' -I nosuch0 -c 1 198.18.0.1
# docs: "nw-arping: no route to 198.18.9.9; candidates: veth0, veth1 (use -I)";
# the wording around it may vary, these parts may not.
runtime_error "no route, candidates listed" \
	'.*no route to 198\.18\.9\.9.*; candidates: veth0, veth1 \(use -I\)$' -c 1 198.18.9.9
runtime_error "no default gateway" '.*(gateway|route)' -c 1 gateway
# Never 0 when nothing could be sent: the interface is down.
nw_in me ip link set veth1 down
runtime_error "interface down" '.*veth1' -I veth1 -c 1 -W 0.2 198.18.1.1
# A name that does not resolve (no DNS server reachable from here).
nw_run 15 me nw-arping -c 1 no-such-host.invalid
case "$NW_RC" in
2 | 3) nw_pass "unresolvable name: exit $NW_RC" ;;
*) nw_fail "unresolvable name: exit $NW_RC, expected 2 or 3: $NW_OUT$NW_ERR" ;;
esac
nw_assert_eq "unresolvable name: one line on stderr" 1 "$(printf '%s\n' "$NW_ERR" | grep -c '^nw-arping: ')"

# Off-link targets (issue 17): ARP reaches only the local link, so a target
# the kernel routes through a gateway is refused naming that gateway, not
# asked for and reported as 100% loss; a --scan of an off-link block too.
nw_route me 198.19.0.0/16 via 198.18.0.1
runtime_error "off-link target names its gateway" \
	'198\.19\.100\.80 is not on the local link: it is routed through the gateway 198\.18\.0\.1 on veth0' \
	-c 1 -W 0.2 198.19.100.80
runtime_error "off-link --scan block names its gateway" \
	'198\.19\.100\.0/24 is not on the local link: it is routed through the gateway 198\.18\.0\.1 on veth0' \
	--scan 198.19.100.0/24 -W 0.1 --retries 0
# The on-link gateway itself still answers.
nw_run 10 me nw-arping -c 1 -W 1 198.18.0.1
nw_assert_status "on-link target still asked" 0 "$NW_RC" "$NW_OUT$NW_ERR"

# Interfaces without ARP are refused in one line (issue 17): loopback, and
# a link with ARP turned off (IFF_NOARP).
runtime_error "-I lo" 'interface lo is a loopback interface: it has no ARP' -I lo -c 1 -W 0.2 198.18.0.1
runtime_error "-I lo --scan" 'interface lo is a loopback interface' -I lo --scan 198.18.0.0/30 -W 0.1
nw_in me ip link set veth0 arp off
runtime_error "NOARP interface" 'interface veth0 does not use ARP \(NOARP\)' -I veth0 -c 1 -W 0.2 198.18.0.1

nw_log "arping_errors: all checks passed"
exit 0
