# shellcheck shell=bash
#
# dns_hier.sh: a DNS hierarchy for nw-resolve --trace, on top of dns_lab.sh
# (source after it and call dns_hier_up after dns_lab_up):
#
#   root  198.18.60.1  NSD for "."     (a.root.test.)   test. -> ns1.test. (glue)
#   tld   198.18.61.1  NSD for "test." (ns1.test.)      example.test. -> ns1.example.test. (glue)
#                                                       far.test. -> ns2.example.test. (no glue)
#                                                       multi.test. -> 4 servers (--all-servers):
#                                                         srv's two NSDs serve it, evil (the hostile
#                                                         responder) disagrees, lame.test. (root) refuses
#   srv   198.18.53.1  NSD of dns_zone.sh: example.test., far.test., multi.test.
#   srv   198.18.53.4  a second NSD (ns4.test.): multi.test.
#
# me reaches each over its own veth.  $NW_TMP/root.hints names the root.

dns_nsd_start() { # HOST ADDR DIR ZONE FILE [ZONE FILE ...]
	local host=$1 addr=$2 dir=$3 zone=$4 z f
	shift 3
	dns_nsd_conf "$dir" "$addr"
	while [ $# -ge 2 ]; do
		z=$1 f=$2
		shift 2
		printf 'zone:\n\tname: "%s"\n\tzonefile: "%s"\n' "$z" "$f" >>"$dir/nsd.conf"
		nsd-checkzone "$z" "$dir/$f" >&2 || nw_fail "zone $z does not load"
	done
	nw_bg "$host" nsd -d -c "$dir/nsd.conf" >"$dir/nsd.out" 2>&1
	nw_wait_until 10 nw_in me dig +norecurse +tries=1 +time=1 @"$addr" "$zone" SOA ||
		nw_fail "NSD for $zone did not start: $(cat "$dir/nsd.out" "$dir/nsd.log" 2>/dev/null)"
}

dns_hier_up() {
	local soa
	nw_host root
	nw_host tld
	nw_link me veth2 root veth0
	nw_link me veth3 tld veth0
	nw_addr me veth2 198.18.60.2/24
	nw_addr root veth0 198.18.60.1/24
	nw_addr me veth3 198.18.61.2/24
	nw_addr tld veth0 198.18.61.1/24
	mkdir -p "$NW_TMP/root" "$NW_TMP/tld" || nw_fail "mkdir"
	soa='IN SOA a.root.test. hostmaster.root.test. 1 1800 900 604800 86400'
	cat >"$NW_TMP/root/root.zone" <<ZONE
\$TTL 86400
.	$soa
.	IN NS	a.root.test.
test.	IN NS	ns1.test.
ns1.test.	IN A	198.18.61.1
a.root.test.	IN A	198.18.60.1
ZONE
	soa='IN SOA ns1.test. hostmaster.test. 1 1800 900 604800 86400'
	cat >"$NW_TMP/tld/test.zone" <<ZONE
\$TTL 86400
test.	$soa
test.	IN NS	ns1.test.
ns1.test.	IN A	198.18.61.1
a.root.test.	IN A	198.18.60.1
example.test.	IN NS	ns1.example.test.
ns1.example.test.	IN A	198.18.53.1
far.test.	IN NS	ns2.example.test.
multi.test.	IN NS	ns1.example.test.
multi.test.	IN NS	ns4.test.
ns4.test.	IN A	198.18.53.4
multi.test.	IN NS	evil.test.
multi.test.	IN NS	lame.test.
evil.test.	IN A	198.18.54.1
lame.test.	IN A	198.18.60.1
ZONE
	dns_nsd_start root 198.18.60.1 "$NW_TMP/root" . root.zone
	dns_nsd_start tld 198.18.61.1 "$NW_TMP/tld" test test.zone
	mkdir -p "$NW_TMP/ns4" || nw_fail "mkdir"
	nw_addr srv veth0 198.18.53.4/24
	dns_zone_write_multi "$NW_TMP/ns4"
	dns_nsd_start srv 198.18.53.4 "$NW_TMP/ns4" multi.test multi.zone
	printf '.\t3600000\tNS\tA.ROOT.TEST.\nA.ROOT.TEST.\t3600000\tA\t198.18.60.1\n' \
		>"$NW_TMP/root.hints"
}
