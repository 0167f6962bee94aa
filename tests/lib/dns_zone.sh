# shellcheck shell=bash
#
# dns_zone.sh: an authoritative server for the nw-resolve live tests: NSD
# (Debian package nsd) serving the zone "example.test." with one record of
# every type nw-resolve presents, an unknown type, and a 200-address RRset
# (big.example.test.) that cannot fit a 1232-octet UDP answer, so it forces
# TC and a retry over TCP, h0000 .. h1999.example.test. for -f, and
# toolong.example.test., a CNAME to a 253-character name (dns_zone_long_name).
# Source after netns.sh and nw_setup.
#
#   dns_zone_start HOST ADDR4 ADDR6   # NSD inside HOST on ADDR4 and ADDR6, port 53
#
# Everything lives under $NW_TMP/nsd (removed by nw_cleanup); NSD runs in
# the foreground under nw_bg, so the harness kills it on exit.

. "${NW_SRCDIR:-.}/tests/lib/dns_common.sh"

# The SOA of the small zones beside example.test. (reverse, multi.test.).
DNS_ZONE_SOA="ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300"

# (NSD keeps NSEC3 records out of reach of queries: the hostile responder,
# tests/lib/dns_hostile.py, serves that one.)
# The record types with one record each in the zone (owner: the lower-case
# type under example.test., but the apex for SOA and NS).
# shellcheck disable=SC2034 # used by the tests that source this file
DNS_ZONE_TYPES="A AAAA CNAME DNAME NS MX TXT SOA PTR SRV CAA NAPTR DS DNSKEY RRSIG NSEC TLSA SSHFP SVCB HTTPS HINFO TYPE65280"

# dns_zone_owner TYPE: the name that holds the one record of TYPE.
dns_zone_owner() {
	case $1 in
	SOA | NS) printf 'example.test.' ;;
	*) printf '%s.example.test.' "$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" ;;
	esac
}

dns_zone_write() {
	local zone=$1
	{
		cat <<'ZONE'
$ORIGIN example.test.
$TTL 3600
@	IN SOA	ns1 hostmaster 2024010101 7200 3600 1209600 300
@	IN NS	ns1
ns1	IN A	198.18.53.1
ns1	IN AAAA	2001:db8:53::1
ns2	IN A	198.18.53.1
a	IN A	198.18.0.10
www	IN A	198.18.0.12
aaaa	IN AAAA	2001:db8::10
cname	IN CNAME	a
dname	IN DNAME	target.example.test.
mx	IN MX	10 mail
txt	IN TXT	"hello world" "with \"quotes\" and \\ backslash" "tab\009end" "\200\255"
ptr	IN PTR	a.example.test.
srv	IN SRV	10 60 5060 sip
caa	IN CAA	0 issue "ca.example.net; account=42"
naptr	IN NAPTR	100 10 "S" "SIP+D2U" "" _sip._udp
ds	IN DS	60485 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118ABCDEF0123456789ABCDEF01
dnskey	IN DNSKEY	257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
rrsig	IN RRSIG	A 13 3 3600 20300101000000 20240101000000 60485 example.test. d2jyW4NhDXPmGZvVbv5Ajp0HD4Gr/qSb7nxnaTq1lQWL5UHFafbzDPmU0XjfCs2rnxkQNHzBQe3khOhhxAtgfQ==
nsec	IN NSEC	next.example.test. A MX RRSIG NSEC TYPE1234
xn--bcher-kva	IN A	198.18.0.11
xn--strae-oqa	IN A	198.18.0.13
xn--n3h	IN A	198.18.0.14
xii	IN A	198.18.0.15
tlsa	IN TLSA	3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
sshfp	IN SSHFP	4 2 9A5B7B4A4C1F5E2B8F2D0C3E1A9B7C5D3E1F2A4B6C8D0E2F4A6B8C0D2E4F6A8B
svcb	IN SVCB	1 svc.example.test. alpn=h2,h3 port=8443 ipv4hint=198.18.0.10
https	IN HTTPS	1 . alpn=h3,h2 ipv4hint=198.18.0.10 ipv6hint=2001:db8::10
hinfo	IN HINFO	"PDP-11" "UNIX"
type65280	IN TYPE65280	\# 4 0A000001
ZONE
		local i
		for i in $(seq 1 200); do
			printf 'big\tIN A\t198.19.%d.%d\n' $((i / 250)) $((i % 250))
		done
		# h0000 .. h1999: one address each, for nw-resolve -f
		for i in $(seq 0 1999); do
			printf 'h%04d\tIN A\t198.18.%d.%d\n' "$i" $((100 + i / 250)) $((i % 250 + 1))
		done
		# toolong: a CNAME to the longest name, out of the tree, for a walk
		# that must ask the root for it (resolve_limits.sh)
		printf 'toolong\tIN CNAME\t%s.\n' "$(dns_zone_long_name invalid)"
	} >"$zone"
}

# dns_zone_long_name SUFFIX: a name of 253 characters (the longest, 255
# octets on the wire) ending in SUFFIX: labels of 63 a's, then one of b's
# that fills it up.
dns_zone_long_name() {
	local suffix=$1 name="" label rest
	label=$(printf '%063d' 0 | tr 0 a)
	while [ $((${#name} + 64 + ${#suffix})) -le 253 ]; do
		name="$name$label."
	done
	rest=$((253 - ${#name} - ${#suffix} - 1))
	printf '%s%s.%s' "$name" "$(printf "%0${rest}d" 0 | tr 0 b)" "$suffix"
}

# far.test.: served by the same NSD under the name ns2.example.test., which
# the test. zone of a --trace hierarchy names without glue.
dns_zone_write_far() {
	dns_zone_head "$1/far.zone" 3600 \
		"ns2.example.test. hostmaster.example.test. 1 7200 3600 1209600 300" ns2.example.test.
	printf 'www\tIN A\t198.18.0.30\nalias\tIN CNAME\twww.example.test.\n' >>"$1/far.zone"
}

# multi.test.: four name servers in the --trace hierarchy (dns_hier.sh);
# this NSD and a second one (ns4.test.) serve it, the responder disagrees,
# the root's NSD is lame.
dns_zone_write_multi() {
	dns_zone_head "$1/multi.zone" 3600 "$DNS_ZONE_SOA" ns1.example.test. ns4.test. evil.test. \
		lame.test.
	printf 'good\tIN A\t198.18.0.40\n' >>"$1/multi.zone"
}

# Reverse zones for 198.18.0.10 and 2001:db8::10 (nw-resolve -x).
dns_zone_write_reverse() {
	local dir=$1
	dns_zone_head "$dir/v4.zone" 3600 "$DNS_ZONE_SOA" ns1.example.test.
	printf '10\tIN PTR\ta.example.test.\n' >>"$dir/v4.zone"
	dns_zone_head "$dir/v6.zone" 3600 "$DNS_ZONE_SOA" ns1.example.test.
	printf '%s\tIN PTR\taaaa.example.test.\n' "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0" \
		>>"$dir/v6.zone"
}

dns_zone_start() {
	local host=$1 a4=$2 a6=$3 dir=$NW_TMP/nsd
	mkdir -p "$dir" || nw_fail "mkdir $dir"
	dns_zone_write "$dir/example.test.zone"
	dns_zone_write_reverse "$dir"
	dns_zone_write_far "$dir"
	dns_zone_write_multi "$dir"
	dns_nsd_start "$host" "$dir" "$a4 $a6" example.test example.test.zone \
		0.18.198.in-addr.arpa v4.zone 8.b.d.0.1.0.0.2.ip6.arpa v6.zone \
		far.test far.zone multi.test multi.zone
}
