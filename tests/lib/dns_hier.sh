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

. "${NW_SRCDIR:-.}/tests/lib/dns_common.sh"

dns_hier_up() {
	nw_host root
	nw_host tld
	nw_link me veth2 root veth0
	nw_link me veth3 tld veth0
	nw_addr me veth2 198.18.60.2/24
	nw_addr root veth0 198.18.60.1/24
	nw_addr me veth3 198.18.61.2/24
	nw_addr tld veth0 198.18.61.1/24
	mkdir -p "$NW_TMP/root" "$NW_TMP/tld" || nw_fail "mkdir"
	dns_zone_head "$NW_TMP/root/root.zone" 86400 \
		"a.root.test. hostmaster.root.test. 1 1800 900 604800 86400" a.root.test.
	cat >>"$NW_TMP/root/root.zone" <<'ZONE'
test.	IN NS	ns1.test.
ns1.test.	IN A	198.18.61.1
a.root.test.	IN A	198.18.60.1
ZONE
	dns_zone_head "$NW_TMP/tld/test.zone" 86400 \
		"ns1.test. hostmaster.test. 1 1800 900 604800 86400" ns1.test.
	cat >>"$NW_TMP/tld/test.zone" <<'ZONE'
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
	dns_nsd_start root "$NW_TMP/root" 198.18.60.1 . root.zone
	dns_nsd_start tld "$NW_TMP/tld" 198.18.61.1 test test.zone
	mkdir -p "$NW_TMP/ns4" || nw_fail "mkdir"
	nw_addr srv veth0 198.18.53.4/24
	dns_zone_write_multi "$NW_TMP/ns4"
	dns_nsd_start srv "$NW_TMP/ns4" 198.18.53.4 multi.test multi.zone
	printf '.\t3600000\tNS\tA.ROOT.TEST.\nA.ROOT.TEST.\t3600000\tA\t198.18.60.1\n' \
		>"$NW_TMP/root.hints"
}
