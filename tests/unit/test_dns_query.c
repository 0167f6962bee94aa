/*
 * test_dns_query.c: building queries (common/dns/dns_query.c): the size
 * of each part, the limit of each transport (512 over UDP without EDNS,
 * the advertised EDNS UDP size, 65535 over TCP), a query exactly at the
 * limit and one octet over it, the longest names (253 characters, labels
 * of 63), the TCP length in front, the one-line reasons, and a buffer
 * never written past.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "dns/dns.h"
#include "testlib.h"

/* A buffer for the biggest query the tests build, and octets after it that must stay untouched. */
#define BUFLEN NW_DNS_QUERY_BUFLEN(65535)
#define GUARD  64
static uint8_t buf[BUFLEN + GUARD];
static char err[512];

/* 253 characters: three labels of 63 and one of 61, the longest name (255 octets on the wire). */
static void longest_name(struct nw_dns_name *n)
{
	char s[256];
	memset(s, 'a', 253);
	s[63] = s[127] = s[191] = '.';
	s[253] = '\0';
	CHECK_INT(nw_dns_name_parse(s, n, NULL), 0);
	CHECK_INT(n->len, NW_DNS_MAX_NAME);
}

static struct nw_dns_query query(const char *name)
{
	struct nw_dns_query q = {.id = 0x1234, .qtype = NW_DNS_T_A, .qclass = NW_DNS_C_IN};
	CHECK_INT(nw_dns_name_parse(name, &q.qname, NULL), 0);
	return q;
}

/* Build, and check the length in front and that nothing after outlen was written. */
static int build(const struct nw_dns_query *q, enum nw_dns_transport tr, size_t outlen)
{
	memset(buf, 0xee, sizeof buf);
	err[0] = '\0';
	int n = nw_dns_query_build(q, tr, buf, outlen, err, sizeof err);
	for (size_t i = outlen; i < outlen + GUARD && i < sizeof buf; i++)
		CHECK_INT(buf[i], 0xee);
	if (n >= 0) {
		CHECK_INT(buf[0] << 8 | buf[1], n);
		CHECK_STR(err, "");
	} else {
		CHECK(err[0] != '\0');
		CHECK(strchr(err, '\n') == NULL);
	}
	return n;
}

static void test_sizes(void)
{
	struct nw_dns_query q = query("example.com");
	struct nw_dns_msg m;
	const char *why = NULL;

	CHECK_INT(nw_dns_query_size(&q), 12 + 13 + 4);
	q.edns = (struct nw_dns_edns){.enabled = true, .udp_size = 1232};
	CHECK_INT(nw_dns_query_size(&q), 29 + 11);
	q.edns.padding = 100;
	CHECK_INT(nw_dns_query_size(&q), 29 + 11 + 4 + 100);
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 29 + 11 + 104);
	CHECK_INT(nw_dns_parse(buf + NW_DNS_TCP_PREFIX, 144, &m, &why), NW_OK);
	CHECK_INT(m.opt_len, 104);
	CHECK_INT(m.udp_size, 1232);

	/* Every option with the longest name: the size the buffer macro is made for. */
	longest_name(&q.qname);
	q.edns = (struct nw_dns_edns){.enabled = true,
				      .udp_size = 65535,
				      .do_bit = true,
				      .nsid = true,
				      .has_cookie = true,
				      .ecs = true,
				      .ecs_family = AF_INET6,
				      .ecs_prefix = 128,
				      .padding = 512};
	CHECK_INT(nw_dns_query_size(&q), NW_DNS_QUERY_UNPADDED_MAX + 512);
	CHECK_INT(build(&q, NW_DNS_UDP, NW_DNS_QUERY_BUFLEN(512)), NW_DNS_QUERY_UNPADDED_MAX + 512);
	CHECK_INT(nw_dns_parse(buf + NW_DNS_TCP_PREFIX, NW_DNS_QUERY_UNPADDED_MAX + 512, &m, &why),
		  NW_OK);
	CHECK_INT(m.qname.len, 255);
	/* One octet short of the buffer: refused, and nothing written past it. */
	CHECK_INT(build(&q, NW_DNS_UDP, NW_DNS_QUERY_BUFLEN(512) - 1), -1);
	CHECK_STR(err, "query of 838 octets larger than its 837-octet buffer");
	CHECK_INT(build(&q, NW_DNS_UDP, 1), -1);
	CHECK_INT(build(&q, NW_DNS_UDP, 0), -1);
}

static void test_limits(void)
{
	struct nw_dns_query q = query("example.com");

	CHECK_INT(nw_dns_query_limit(&q, NW_DNS_UDP), 512);
	CHECK_INT(nw_dns_query_limit(&q, NW_DNS_TCP), 65535);
	q.edns = (struct nw_dns_edns){.enabled = true, .udp_size = 1232};
	CHECK_INT(nw_dns_query_limit(&q, NW_DNS_UDP), 1232);
	CHECK_INT(nw_dns_query_limit(&q, NW_DNS_TCP), 65535);
	q.edns.udp_size = 100; /* RFC 6891 6.2.5: counts as 512 */
	CHECK_INT(nw_dns_query_limit(&q, NW_DNS_UDP), 512);

	/* Exactly at the EDNS UDP size, then one octet over. */
	q.edns.udp_size = 512;
	q.edns.padding = (uint16_t)(512 - 29 - 11 - 4);
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 512);
	q.edns.padding++;
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), -1);
	CHECK_STR(err, "query too large: 513 octets, at most 512 over UDP, "
		       "the EDNS UDP payload size it advertises");
	CHECK_INT(build(&q, NW_DNS_TCP, BUFLEN), 513);
	q.edns.udp_size = 513;
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 513);
	q.edns.udp_size = 100;
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), -1);
	CHECK_STR(err, "query too large: 513 octets, at most 512 over UDP "
		       "(an EDNS UDP payload size under 512 counts as 512)");

	/* The longest name and --padding 512 (the tool's cap): over TCP always, over UDP not. */
	longest_name(&q.qname);
	q.edns = (struct nw_dns_edns){.enabled = true, .udp_size = 1232, .padding = 512};
	CHECK_INT(build(&q, NW_DNS_TCP, BUFLEN), 12 + 255 + 4 + 11 + 516);
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 798);
	q.edns.udp_size = 797;
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), -1);
	CHECK_STR(err, "query too large: 798 octets, at most 797 over UDP, "
		       "the EDNS UDP payload size it advertises");

	/* Over TCP: what two octets of length can say. */
	q.edns.padding = 65535;
	CHECK_INT(nw_dns_query_size(&q), 12 + 255 + 4 + 11 + 4 + 65535);
	CHECK_INT(build(&q, NW_DNS_TCP, BUFLEN), -1);
	CHECK_STR(err, "query too large: 65821 octets, at most 65535 over TCP, "
		       "the most its two-octet length can say");
	q.edns.padding = (uint16_t)(65535 - 12 - 255 - 4 - 11 - 4);
	CHECK_INT(build(&q, NW_DNS_TCP, BUFLEN), 65535);

	/* Without EDNS the longest query is 271 octets: it always fits. */
	q.edns = (struct nw_dns_edns){.enabled = false, .padding = 512};
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 12 + 255 + 4);
}

static void test_reasons(void)
{
	struct nw_dns_query q = query("example.com");
	q.edns = (struct nw_dns_edns){.enabled = true,
				      .udp_size = 1232,
				      .ecs = true,
				      .ecs_family = AF_INET,
				      .ecs_prefix = 33};
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), -1);
	CHECK_STR(err, "client subnet prefix longer than the address");
	q.edns.ecs_prefix = 32;
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 29 + 11 + 12);
	/* The ID, the flags the codec sends (QR, AA, TC and RA are not a query's), the counts. */
	q.flags = 0xffff;
	CHECK_INT(build(&q, NW_DNS_UDP, BUFLEN), 29 + 11 + 12);
	const uint8_t *m = buf + NW_DNS_TCP_PREFIX;
	CHECK_INT(m[0] << 8 | m[1], 0x1234);
	CHECK_INT(m[2] << 8 | m[3], NW_DNS_F_RD | NW_DNS_F_CD | NW_DNS_F_AD);
	CHECK_INT(m[5], 1);
	CHECK_INT(m[11], 1);
}

int main(void)
{
	test_sizes();
	test_limits();
	test_reasons();
	return nw_test_result("test_dns_query");
}
