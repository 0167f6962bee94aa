/*
 * test_dns_rr.c: DNS messages and RDATA presentation (common/dns/dns_msg.c,
 * dns_rr*.c, dns_svcb.c, dns_edns.c, dns_types.c): hand-built responses
 * with one record of every type, printed as dig prints them; malformed
 * RDATA; counts larger than the message; query encoding with EDNS options.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "dns/dns.h"
#include "testlib.h"

/* A response "www.example.com. IN <type>" with one answer: owner compressed to the question. */
static size_t build(uint8_t *m, uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	/* clang-format off */
	static const uint8_t head[] = {
		0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	};
	/* clang-format on */
	size_t n = sizeof head;
	memcpy(m, head, n);
	m[n++] = (uint8_t)(type >> 8);
	m[n++] = (uint8_t)type;
	m[n++] = 0;
	m[n++] = 1;
	m[n++] = 0xc0;
	m[n++] = 12;
	m[n++] = (uint8_t)(type >> 8);
	m[n++] = (uint8_t)type;
	const uint8_t rest[] = {0, 1, 0, 0, 0x0e, 0x10, (uint8_t)(rdlen >> 8), (uint8_t)rdlen};
	memcpy(m + n, rest, sizeof rest);
	n += sizeof rest;
	if (rdlen)
		memcpy(m + n, rdata, rdlen);
	return n + rdlen;
}

static char out[NW_DNS_RDATA_STRLEN];

/* The RDATA's presentation, or "ERR:<status>" */
static const char *show(uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	static uint8_t m[70000];
	struct nw_dns_msg msg;
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	size_t n = build(m, type, rdata, rdlen);
	enum nw_status st = nw_dns_parse(m, n, &msg, &why);
	if (st != NW_OK) {
		snprintf(out, sizeof out, "ERR:%s", nw_status_name(st));
		return out;
	}
	nw_dns_iter_init(&it, &msg, NW_DNS_ANSWER);
	if (nw_dns_rr_next(&it, &rr, &why) != 1)
		return "ERR:iter";
	st = nw_dns_rdata_str(&msg, &rr, out, sizeof out, &why);
	if (st != NW_OK)
		snprintf(out, sizeof out, "ERR:%s:%s", nw_status_name(st), why ? why : "?");
	return out;
}

#define SHOW(type, ...)                                                                            \
	({                                                                                         \
		static const uint8_t rd_[] = {__VA_ARGS__};                                        \
		show(type, rd_, sizeof rd_);                                                       \
	})
#define NAME_EX 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0

static void test_classic(void)
{
	CHECK_STR(SHOW(NW_DNS_T_A, 198, 18, 0, 1), "198.18.0.1");
	CHECK_STR(SHOW(NW_DNS_T_A, 198, 18, 0), "ERR:malformed:A RDATA is not 4 octets");
	CHECK_STR(SHOW(NW_DNS_T_AAAA, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
		  "2001:db8::1");
	CHECK_STR(SHOW(NW_DNS_T_CNAME, 0xc0, 16), "example.com.");
	CHECK_STR(SHOW(NW_DNS_T_NS, 2, 'n', 's', 0xc0, 16), "ns.example.com.");
	CHECK_STR(SHOW(NW_DNS_T_DNAME, NAME_EX), "example.com.");
	CHECK_STR(SHOW(NW_DNS_T_PTR, 0), ".");
	CHECK_STR(SHOW(NW_DNS_T_MX, 0, 10, 4, 'm', 'a', 'i', 'l', 0xc0, 16),
		  "10 mail.example.com.");
	CHECK_STR(SHOW(NW_DNS_T_MX, 0, 10, 0xc0, 200), "ERR:malformed:compression pointer past "
						       "the end of the message");
	CHECK_STR(
	    SHOW(NW_DNS_T_TXT, 5, 'h', 'e', 'l', 'l', 'o', 4, 'a', ' ', '"', '\\', 2, 0, 0xff),
	    "\"hello\" \"a \\\"\\\\\" \"\\000\\255\"");
	CHECK_STR(SHOW(NW_DNS_T_TXT, 0), "\"\"");
	CHECK_STR(SHOW(NW_DNS_T_TXT, 5, 'a'), "ERR:malformed:RDATA shorter than its type needs");
	CHECK_STR(SHOW(NW_DNS_T_SOA, 2, 'n', 's', 0xc0, 16, 4, 'r', 'o', 'o', 't', 0xc0, 16, 0x78,
		       0x49, 0x3c, 0x01, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10, 0, 0x12, 0x75, 0, 0, 0,
		       0x0e, 0x10),
		  "ns.example.com. root.example.com. 2018065409 7200 3600 1209600 3600");
	CHECK_STR(SHOW(NW_DNS_T_SRV, 0, 10, 0, 60, 0x14, 0x95, 3, 's', 'i', 'p', 0xc0, 16),
		  "10 60 5269 sip.example.com.");
	CHECK_STR(SHOW(NW_DNS_T_NAPTR, 0, 100, 0, 10, 1, 'S', 7, 'S', 'I', 'P', '+', 'D', '2', 'U',
		       0, 4, '_', 's', 'i', 'p', 0xc0, 16),
		  "100 10 \"S\" \"SIP+D2U\" \"\" _sip.example.com.");
	CHECK_STR(SHOW(NW_DNS_T_CAA, 0, 5, 'i', 's', 's', 'u', 'e', 'c', 'a', '.', 'n', 'e', 't'),
		  "0 issue \"ca.net\"");
	CHECK_STR(SHOW(NW_DNS_T_CAA, 128, 0), "ERR:malformed:CAA tag is empty");
	CHECK_STR(SHOW(NW_DNS_T_HINFO, 3, 'P', 'D', 'P', 4, 'U', 'n', 'i', 'x'),
		  "\"PDP\" \"Unix\"");
	CHECK_STR(SHOW(NW_DNS_T_A, 1, 2, 3, 4, 5), "ERR:malformed:A RDATA is not 4 octets");
	CHECK_STR(SHOW(NW_DNS_T_NS, 2, 'n', 's', 0xc0, 16, 9),
		  "ERR:malformed:RDATA longer than its "
		  "fields");
	CHECK_STR(SHOW(NW_DNS_T_NS, 2, 'n', 's'), "ERR:malformed:message ends inside a name");
}

static void test_generic(void)
{
	CHECK_STR(SHOW(65280, 10, 0, 0, 1), "\\# 4 0A000001");
	CHECK_STR(show(65280, NULL, 0), "\\# 0");
	static uint8_t big[40];
	memset(big, 0xab, sizeof big);
	/* 56 hex characters, then a space, as dig +split=56 (the default) does. */
	CHECK_STR(show(99, big, sizeof big),
		  "\\# 40 ABABABABABABABABABABABABABABABABABABABABABABABABABABABAB "
		  "ABABABABABABABABABABABAB");
}

static void test_dnssec(void)
{
	CHECK_STR(SHOW(NW_DNS_T_DS, 0x4d, 0x06, 13, 2, 0xde, 0xad, 0xbe, 0xef),
		  "19718 13 2 DEADBEEF");
	CHECK_STR(SHOW(NW_DNS_T_DS, 0x4d, 0x06, 13, 2), "ERR:malformed:RDATA has no digest");
	CHECK_STR(SHOW(NW_DNS_T_DNSKEY, 1, 1, 3, 13, 0xfb, 0xff, 0xef, 1), "257 3 13 +//vAQ==");
	CHECK_STR(SHOW(NW_DNS_T_RRSIG, 0, 1, 13, 3, 0, 0, 0x0e, 0x10, 0x65, 0x92, 0x00, 0x80, 0x65,
		       0x6a, 0x73, 0x80, 0x30, 0x39, NAME_EX, 1, 2, 3),
		  "A 13 3 3600 20240101000000 20231202000000 12345 example.com. AQID");
	/* window 0: A MX RRSIG NSEC; window 4, 27 octets: TYPE1234 (bit 210) */
	uint8_t nsec[7 + 2 + 6 + 2 + 27] = {4,	  'h',	'o', 's', 't', 0xc0, 16, 0, 6,
					    0x40, 0x01, 0,   0,	  0,   0x03, 4,	 27};
	nsec[sizeof nsec - 1] = 0x20;
	CHECK_STR(show(NW_DNS_T_NSEC, nsec, sizeof nsec),
		  "host.example.com. A MX RRSIG NSEC TYPE1234");
	CHECK_STR(SHOW(NW_DNS_T_NSEC, 0xc0, 16, 0, 0), "ERR:malformed:type bitmap window length "
						       "not 1..32");
	CHECK_STR(SHOW(NW_DNS_T_NSEC, 0xc0, 16, 1, 1, 0x40, 0, 1, 0x40),
		  "ERR:malformed:type bitmap windows out of order");
	CHECK_STR(SHOW(NW_DNS_T_NSEC3, 1, 1, 0, 12, 4, 0xaa, 0xbb, 0xcc, 0xdd, 5, 0, 0, 0, 0, 0, 0,
		       1, 0x40),
		  "1 1 12 AABBCCDD 00000000 A");
	CHECK_STR(SHOW(NW_DNS_T_NSEC3, 1, 0, 0, 0, 0, 2, 0xff, 0xff), "1 0 0 - VVVG");
	CHECK_STR(SHOW(NW_DNS_T_NSEC3PARAM, 1, 0, 0, 0, 0), "1 0 0 -");
	CHECK_STR(SHOW(NW_DNS_T_TLSA, 3, 1, 1, 0x01, 0x02), "3 1 1 0102");
	CHECK_STR(SHOW(NW_DNS_T_SSHFP, 4, 2, 0xff), "4 2 FF");
}

static void test_svcb_opt(void)
{
	CHECK_STR(SHOW(NW_DNS_T_HTTPS, 0, 1, 0, 0, 1, 0, 6, 2, 'h', '3', 2, 'h', '2', 0, 2, 0, 0, 0,
		       3, 0, 2, 0x01, 0xbb, 0, 4, 0, 8, 198, 18, 0, 1, 198, 18, 0, 2),
		  "1 . alpn=\"h3,h2\" no-default-alpn port=443 ipv4hint=198.18.0.1,198.18.0.2");
	CHECK_STR(SHOW(NW_DNS_T_SVCB, 0, 0, NAME_EX), "0 example.com.");
	CHECK_STR(SHOW(NW_DNS_T_SVCB, 0, 1, 0, 0, 0, 0, 4, 0, 1, 0, 3, 0, 1, 0, 2, 1, 'x'),
		  "1 . mandatory=alpn,port alpn=\"x\"");
	CHECK_STR(SHOW(NW_DNS_T_SVCB, 0, 1, 0, 0, 3, 0, 2, 0, 1, 0, 1, 0, 1, 'x'),
		  "ERR:malformed:SVCB keys not in increasing order");
	CHECK_STR(SHOW(NW_DNS_T_SVCB, 0, 1, 0, 0xff, 0xfe, 0, 2, 'a', 0),
		  "1 . key65534=\"a\\000\"");
	CHECK_STR(SHOW(NW_DNS_T_SVCB, 0, 1, 0, 0, 3, 0, 1, 0), "ERR:malformed:SVCB port is not 2 "
							       "octets");

	char buf[256];
	const char *why = NULL;
	static const uint8_t nsid[] = {'n', 's', '1'};
	CHECK_INT(nw_dns_edns_option_str(NW_EDNS_NSID, nsid, 3, buf, sizeof buf, &why), NW_OK);
	CHECK_STR(buf, "NSID: 6e 73 31 (\"ns1\")");
	static const uint8_t ecs[] = {0, 1, 24, 0, 198, 18, 7};
	CHECK_INT(nw_dns_edns_option_str(NW_EDNS_CLIENT_SUBNET, ecs, 7, buf, sizeof buf, &why),
		  NW_OK);
	CHECK_STR(buf, "CLIENT-SUBNET: 198.18.7.0/24/0");
	CHECK_INT(nw_dns_edns_option_str(NW_EDNS_CLIENT_SUBNET, ecs, 6, buf, sizeof buf, &why),
		  NW_MALFORMED);
	static const uint8_t ede[] = {0, 18, 'n', 'o'};
	CHECK_INT(nw_dns_edns_option_str(NW_EDNS_EDE, ede, 4, buf, sizeof buf, &why), NW_OK);
	CHECK_STR(buf, "EDE: 18 (Prohibited): (no)");
	static const uint8_t ck[] = {1, 2, 3, 4, 5, 6, 7, 8};
	CHECK_INT(nw_dns_edns_option_str(NW_EDNS_COOKIE, ck, 8, buf, sizeof buf, &why), NW_OK);
	CHECK_STR(buf, "COOKIE: 0102030405060708");
	CHECK_INT(nw_dns_edns_option_str(NW_EDNS_COOKIE, ck, 5, buf, sizeof buf, &why),
		  NW_MALFORMED);
	CHECK_INT(nw_dns_edns_option_str(65001, ck, 2, buf, sizeof buf, &why), NW_OK);
	CHECK_STR(buf, "OPT=65001: 01 02 (\"..\")");
}

static void test_counts_and_query(void)
{
	uint8_t buf[NW_DNS_TCP_PREFIX + 512], *m = buf + NW_DNS_TCP_PREFIX;
	char err[256];
	struct nw_dns_msg msg;
	const char *why = NULL;
	struct nw_dns_query q = {.id = 0xbeef,
				 .qtype = NW_DNS_T_AAAA,
				 .qclass = NW_DNS_C_IN,
				 .flags = NW_DNS_F_RD | NW_DNS_F_CD};
	CHECK_INT(nw_dns_name_parse("example.com", &q.qname, &why), 0);
	int n = nw_dns_query_build(&q, NW_DNS_UDP, buf, sizeof buf, err, sizeof err);
	CHECK_INT(n, 12 + 13 + 4);
	CHECK_INT(nw_dns_parse(m, (size_t)n, &msg, &why), NW_OK);
	CHECK_INT(msg.h.id, 0xbeef);
	CHECK_INT(msg.h.flags, NW_DNS_F_RD | NW_DNS_F_CD);
	CHECK_INT(msg.qtype, NW_DNS_T_AAAA);
	CHECK(!msg.has_opt);

	q.edns = (struct nw_dns_edns){.enabled = true,
				      .udp_size = 1232,
				      .do_bit = true,
				      .nsid = true,
				      .has_cookie = true,
				      .ecs = true,
				      .ecs_family = AF_INET,
				      .ecs_prefix = 20,
				      .padding = 3};
	memcpy(q.edns.ecs_addr, (uint8_t[]){198, 18, 255, 9}, 4);
	n = nw_dns_query_build(&q, NW_DNS_UDP, buf, sizeof buf, err, sizeof err);
	/* OPT: 11 + NSID 4 + COOKIE 12 + ECS 4+4+3 + PADDING 4+3 */
	CHECK_INT(n, 29 + 11 + 4 + 12 + 11 + 7);
	CHECK_INT(nw_dns_parse(m, (size_t)n, &msg, &why), NW_OK);
	CHECK(msg.has_opt);
	CHECK_INT(msg.udp_size, 1232);
	CHECK_INT(msg.edns_flags, 0x8000);
	CHECK_INT(msg.opt_len, 4 + 12 + 11 + 7);
	/* the ECS address is cut to 20 bits: 198.18.240.0 */
	CHECK_INT(m[29 + 11 + 4 + 12 + 8 + 2], 240);
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	nw_dns_iter_init(&it, &msg, NW_DNS_ADDITIONAL);
	CHECK_INT(nw_dns_rr_next(&it, &rr, &why), 1);
	CHECK_INT(nw_dns_rdata_str(&msg, &rr, out, sizeof out, &why), NW_OK);
	CHECK_STR(out, "NSID: (\"\"); COOKIE: 0000000000000000; CLIENT-SUBNET: "
		       "198.18.240.0/20/0; PADDING: (3 bytes)");
	CHECK_INT(nw_dns_rr_next(&it, &rr, &why), 0);

	/* Counts larger than the message; an extended rcode from OPT. */
	m[6] = 0xff;
	CHECK_INT(nw_dns_parse(m, (size_t)n, &msg, &why), NW_MALFORMED);
	CHECK(strstr(why, "counts") != NULL);
	m[6] = 0;
	m[7] = 1; /* one answer that is not there: the OPT record is read as it */
	m[11] = 0;
	CHECK_INT(nw_dns_parse(m, (size_t)n, &msg, &why), NW_MALFORMED);
	m[7] = 0;
	m[11] = 1;
	m[3] = 0x0f;	  /* rcode 15 */
	m[29 + 5] = 0x01; /* extended rcode high bits 1: BADVERS / 16+15 */
	CHECK_INT(nw_dns_parse(m, (size_t)n, &msg, &why), NW_OK);
	CHECK_INT(msg.rcode, 31);
	CHECK_INT(nw_dns_parse(m, 11, &msg, &why), NW_TRUNCATED);
	CHECK_INT(nw_dns_parse(m, (size_t)n - 1, &msg, &why), NW_TRUNCATED);
	CHECK_INT(nw_dns_query_build(&q, NW_DNS_UDP, buf, 40, err, sizeof err), -1);
}

static void test_tables(void)
{
	char buf[32];
	CHECK_INT(nw_dns_type_parse("aaaa"), 28);
	CHECK_INT(nw_dns_type_parse("TYPE65280"), 65280);
	CHECK_INT(nw_dns_type_parse("65"), 65);
	CHECK_INT(nw_dns_type_parse("bogus"), -1);
	CHECK_INT(nw_dns_type_parse("TYPE65536"), -1);
	CHECK_STR(nw_dns_type_str(65280, buf, sizeof buf), "TYPE65280");
	CHECK_STR(nw_dns_type_str(257, buf, sizeof buf), "CAA");
	CHECK_STR(nw_dns_class_str(3, buf, sizeof buf), "CH");
	CHECK_STR(nw_dns_class_str(42, buf, sizeof buf), "CLASS42");
	CHECK_INT(nw_dns_class_parse("in"), 1);
	CHECK_STR(nw_dns_rcode_str(23, buf, sizeof buf), "BADCOOKIE");
	CHECK_STR(nw_dns_rcode_str(3, buf, sizeof buf), "NXDOMAIN");
	CHECK_STR(nw_dns_rcode_str(4000, buf, sizeof buf), "RCODE4000");
	CHECK_STR(nw_dns_opcode_str(5, buf, sizeof buf), "UPDATE");
	CHECK_STR(nw_dns_edns_option_name(8), "CLIENT-SUBNET");
	CHECK_STR(nw_dns_ede_name(22), "No Reachable Authority");
	CHECK_STR(nw_dns_alg_name(13), "ECDSAP256SHA256");
}

int main(void)
{
	test_classic();
	test_generic();
	test_dnssec();
	test_svcb_opt();
	test_counts_and_query();
	test_tables();
	return nw_test_result("test_dns_rr");
}
