/* test_parse_arp.c: nw_parse_arp (RFC 826): Ethernet/IPv4 requests and replies, other kinds. */
#include "config.h"

#include <arpa/inet.h>

#include "parsetest.h"
#include "wire/pkt.h"
#include "testlib.h"

static enum nw_status pa(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_arp(b, out, why);
}

/* Every shorter copy is truncated: nothing parses before the addresses end. */
static void check_prefixes(const uint8_t *pkt, size_t len)
{
	struct nw_arp a;

	check_prefixes_ok_from(pa, pkt, len, &a, len);
}

/* clang-format off */
static const uint8_t request[] = {
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 198, 18, 0, 1,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 198, 18, 0, 2,
	/* Ethernet padding to 60 bytes */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const uint8_t reply[] = {
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 198, 18, 0, 2,
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 198, 18, 0, 1,
};
/* clang-format on */

static void test_request_reply(void)
{
	static const uint8_t mac1[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
	static const uint8_t mac2[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
	static const uint8_t zero[6] = {0};
	struct nw_arp a;
	size_t left;

	CHECK_INT(parse(pa, request, sizeof(request), &a, &left), NW_OK);
	CHECK_INT(a.htype, 1);
	CHECK_INT(a.ptype, 0x0800);
	CHECK_INT(a.hlen, 6);
	CHECK_INT(a.plen, 4);
	CHECK_INT(a.op, 1);
	CHECK(a.is_eth_ipv4);
	CHECK(memcmp(a.sha, mac1, 6) == 0);
	CHECK(memcmp(a.tha, zero, 6) == 0);
	CHECK_INT(ntohl(a.spa.s_addr), 0xc6120001);
	CHECK_INT(ntohl(a.tpa.s_addr), 0xc6120002);
	CHECK_INT(left, 6); /* the padding */
	check_prefixes(request, 28);

	CHECK_INT(parse(pa, reply, sizeof(reply), &a, &left), NW_OK);
	CHECK_INT(a.op, 2);
	CHECK(memcmp(a.sha, mac2, 6) == 0);
	CHECK(memcmp(a.tha, mac1, 6) == 0);
	CHECK_INT(ntohl(a.spa.s_addr), 0xc6120002);
	CHECK_INT(ntohl(a.tpa.s_addr), 0xc6120001);
	CHECK_INT(left, 0);
}

static void test_wrong_lengths(void)
{
	uint8_t p[sizeof(reply)];
	struct nw_arp a;

	memcpy(p, reply, sizeof(p));
	p[4] = 8; /* hlen */
	CHECK_INT(parse(pa, p, sizeof(p), &a, NULL), NW_MALFORMED);
	CHECK(!a.is_eth_ipv4);
	memcpy(p, reply, sizeof(p));
	p[5] = 16; /* plen */
	CHECK_INT(parse(pa, p, sizeof(p), &a, NULL), NW_MALFORMED);
	/* Malformed is reported even when the addresses are missing. */
	CHECK_INT(parse(pa, p, 8, &a, NULL), NW_MALFORMED);
}

static void test_other_kinds(void)
{
	/* IEEE 802 hardware (6), IPv4: unsupported once its addresses are there. */
	/* clang-format off */
	static const uint8_t ieee802[] = {
		0x00, 0x06, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 198, 18, 0, 1,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 198, 18, 0, 2,
	};
	/* AppleTalk AARP-like: Ethernet hardware, protocol 0x809b, plen 4. */
	static const uint8_t aarp[] = {
		0x00, 0x01, 0x80, 0x9b, 0x06, 0x04, 0x00, 0x01,
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
	};
	/* Large lengths that run past the packet. */
	static const uint8_t big[] = {
		0x00, 0x20, 0x08, 0x00, 0xff, 0xff, 0x00, 0x01, 0x00, 0x00,
	};
	/* clang-format on */
	struct nw_arp a;

	CHECK_INT(parse(pa, ieee802, sizeof(ieee802), &a, NULL), NW_UNSUPPORTED);
	CHECK_INT(a.htype, 6);
	CHECK(!a.is_eth_ipv4);
	check_prefixes(ieee802, sizeof(ieee802));
	CHECK_INT(parse(pa, aarp, sizeof(aarp), &a, NULL), NW_UNSUPPORTED);
	CHECK_INT(a.ptype, 0x809b);
	check_prefixes(aarp, sizeof(aarp));
	CHECK_INT(parse(pa, big, sizeof(big), &a, NULL), NW_TRUNCATED);
}

static void test_decode(void)
{
	/* clang-format off */
	uint8_t f[14 + sizeof(request)] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 0x08, 0x06,
	};
	/* clang-format on */
	struct nw_pkt p;

	memcpy(f + 14, request, sizeof(request));
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, sizeof(f), &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_ARP);
	CHECK(p.arp.is_eth_ipv4);
	CHECK_INT(p.arp.op, 1);
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, 14 + 20, &p), NW_TRUNCATED);
	CHECK_INT(p.layers, NW_HAS_LINK);
	CHECK_INT(p.error_layer, NW_HAS_ARP);
	CHECK(p.error != NULL);
}

int main(void)
{
	test_request_reply();
	test_wrong_lengths();
	test_other_kinds();
	test_decode();
	return nw_test_result("test_parse_arp");
}
