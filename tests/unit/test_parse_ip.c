/* test_parse_ip.c: nw_parse_ipv4 (RFC 791) and nw_parse_ipv6 (RFC 8200) with its ext chain. */
#include "config.h"

#include <arpa/inet.h>

#include "parsetest.h"
#include "wire/pkt.h"
#include "testlib.h"

static enum nw_status p4(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_ipv4(b, out, why);
}

static enum nw_status p6(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_ipv6(b, out, why);
}

/*
 * Every prefix of a valid packet: truncated while the header is cut, then OK
 * with the payload narrowed to what is there (flagged truncated while shorter
 * than the header says).
 */
static void check_prefixes4(const uint8_t *pkt, size_t len)
{
	for (size_t n = 0; n < len; n++) {
		struct nw_ipv4 ip;
		size_t left;
		enum nw_status st = parse(p4, pkt, n, &ip, &left);
		size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
		size_t total = ((size_t)pkt[2] << 8) | pkt[3];
		if (n < ihl) {
			CHECK_INT(st, NW_TRUNCATED);
			continue;
		}
		CHECK_INT(st, NW_OK);
		CHECK_INT(ip.truncated_payload, n < total);
		CHECK_INT(left, (n < total ? n : total) - ihl);
	}
}

static void check_prefixes6(const uint8_t *pkt, size_t len, size_t hdrs)
{
	for (size_t n = 0; n < len; n++) {
		struct nw_ipv6 ip;
		size_t left;
		enum nw_status st = parse(p6, pkt, n, &ip, &left);
		size_t total = 40 + (((size_t)pkt[4] << 8) | pkt[5]);
		if (n < hdrs) {
			CHECK_INT(st, NW_TRUNCATED);
			continue;
		}
		CHECK_INT(st, NW_OK);
		CHECK_INT(ip.truncated_payload, n < total);
		CHECK_INT(left, (n < total ? n : total) - hdrs);
	}
}

/* ---- IPv4 ---------------------------------------------------------------- */

/* 198.18.0.1 -> 198.18.0.2 UDP, 12 bytes of payload, then Ethernet padding. */
/* clang-format off */
static const uint8_t v4_udp[] = {
	0x45, 0x00, 0x00, 0x20, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x11, 0x92, 0x5f,
	198, 18, 0, 1, 198, 18, 0, 2,
	0x9c, 0x40, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* clang-format on */

static void test_ipv4(void)
{
	struct nw_ipv4 ip;
	size_t left;

	CHECK_INT(parse(p4, v4_udp, sizeof(v4_udp), &ip, &left), NW_OK);
	CHECK_INT(ip.ihl, 20);
	CHECK_INT(ip.tos, 0);
	CHECK_INT(ip.total_len, 32);
	CHECK_INT(ip.id, 0x1c46);
	CHECK(ip.df);
	CHECK(!ip.mf);
	CHECK_INT(ip.frag_offset, 0);
	CHECK_INT(ip.ttl, 64);
	CHECK_INT(ip.proto, 17);
	CHECK_INT(ip.checksum, 0x925f);
	CHECK_INT(ntohl(ip.src.s_addr), 0xc6120001);
	CHECK_INT(ntohl(ip.dst.s_addr), 0xc6120002);
	CHECK(ip.options == NULL);
	CHECK_INT(ip.options_len, 0);
	CHECK(!ip.truncated_payload);
	CHECK_INT(left, 12); /* padding dropped */
	/* The stored checksum is right: the sum over the header verifies to 0. */
	CHECK_INT(nw_inet_checksum(v4_udp, 20, 0), 0);
	check_prefixes4(v4_udp, sizeof(v4_udp));
}

static void test_ipv4_options_frag(void)
{
	/* IHL 6 with a router-alert option, MF and offset 185 (1480 bytes). */
	/* clang-format off */
	static const uint8_t p[] = {
		0x46, 0xb8, 0x00, 0x1c, 0x12, 0x34, 0x20, 0xb9, 0x01, 0x02, 0x00, 0x00,
		198, 18, 1, 1, 198, 19, 255, 254, 0x94, 0x04, 0x00, 0x00,
		0x01, 0x02, 0x03, 0x04,
	};
	/* clang-format on */
	struct nw_ipv4 ip;
	size_t left;

	CHECK_INT(parse(p4, p, sizeof(p), &ip, &left), NW_OK);
	CHECK_INT(ip.ihl, 24);
	CHECK_INT(ip.tos, 0xb8);
	CHECK(!ip.df);
	CHECK(ip.mf);
	CHECK_INT(ip.frag_offset, 185);
	CHECK_INT(ip.ttl, 1);
	CHECK_INT(ip.proto, 2);
	CHECK_INT(ip.options_len, 4);
	CHECK(ip.options != NULL);
	CHECK_INT(left, 4);
	check_prefixes4(p, sizeof(p));
}

static void test_ipv4_lengths(void)
{
	uint8_t p[sizeof(v4_udp)];
	struct nw_ipv4 ip;
	size_t left;

	/* Total length beyond the capture: header OK, payload flagged. */
	memcpy(p, v4_udp, sizeof(p));
	p[2] = 0x05, p[3] = 0xdc; /* 1500 */
	CHECK_INT(parse(p4, p, sizeof(p), &ip, &left), NW_OK);
	CHECK(ip.truncated_payload);
	CHECK_INT(left, sizeof(p) - 20);

	/* Total length 0 (TSO): whatever was captured. */
	p[2] = 0, p[3] = 0;
	CHECK_INT(parse(p4, p, sizeof(p), &ip, &left), NW_OK);
	CHECK(!ip.truncated_payload);
	CHECK_INT(ip.total_len, 0);
	CHECK_INT(left, sizeof(p) - 20);

	/* Total length shorter than the header. */
	p[3] = 19;
	CHECK_INT(parse(p4, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	/* Total length exactly the header: empty payload. */
	p[3] = 20;
	CHECK_INT(parse(p4, p, sizeof(p), &ip, &left), NW_OK);
	CHECK_INT(left, 0);
}

static void test_ipv4_malformed(void)
{
	uint8_t p[sizeof(v4_udp)];
	struct nw_ipv4 ip;

	memcpy(p, v4_udp, sizeof(p));
	p[0] = 0x65; /* version 6 */
	CHECK_INT(parse(p4, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	CHECK_INT(parse(p4, p, 1, &ip, NULL), NW_MALFORMED);
	p[0] = 0x44; /* IHL 16 bytes */
	CHECK_INT(parse(p4, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	p[0] = 0x40;
	CHECK_INT(parse(p4, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	p[0] = 0x4f; /* IHL 60, more than the packet */
	CHECK_INT(parse(p4, p, sizeof(p), &ip, NULL), NW_TRUNCATED);
	p[0] = 0x4f, p[2] = 0x00, p[3] = 0x3c;
	CHECK_INT(parse(p4, p, sizeof(p), &ip, NULL), NW_TRUNCATED);
}

/* ---- IPv6 ---------------------------------------------------------------- */

/* clang-format off */
#define V6_ADDRS                                                                    \
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,              \
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02

/* 2001:db8::1 -> 2001:db8::2 UDP, traffic class 0x2a, flow 0x12345, padded. */
static const uint8_t v6_udp[] = {
	0x62, 0xa1, 0x23, 0x45, 0x00, 0x08, 17, 64, V6_ADDRS,
	0x9c, 0x40, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};
/* clang-format on */

static void test_ipv6(void)
{
	static const uint8_t a1[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	static const uint8_t a2[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
	struct nw_ipv6 ip;
	size_t left;

	CHECK_INT(parse(p6, v6_udp, sizeof(v6_udp), &ip, &left), NW_OK);
	CHECK_INT(ip.tclass, 0x2a);
	CHECK_INT(ip.flow, 0x12345);
	CHECK_INT(ip.payload_len, 8);
	CHECK_INT(ip.next_header, 17);
	CHECK_INT(ip.hop_limit, 64);
	CHECK(memcmp(&ip.src, a1, 16) == 0);
	CHECK(memcmp(&ip.dst, a2, 16) == 0);
	CHECK_INT(ip.ext_count, 0);
	CHECK_INT(ip.proto, 17);
	CHECK(!ip.is_fragment);
	CHECK(!ip.truncated_payload);
	CHECK_INT(left, 8);
	check_prefixes6(v6_udp, sizeof(v6_udp), 40);

	/* Bad version. */
	uint8_t p[sizeof(v6_udp)];
	memcpy(p, v6_udp, sizeof(p));
	p[0] = 0x42;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	/* Payload longer than captured. */
	memcpy(p, v6_udp, sizeof(p));
	p[4] = 0x05;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, &left), NW_OK);
	CHECK(ip.truncated_payload);
	CHECK_INT(left, sizeof(p) - 40);
	/* Payload length 0 and no hop-by-hop header: not a jumbogram. */
	p[4] = 0, p[5] = 0;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
}

/* HBH, routing, fragment (first, more), destination options, AH, then TCP. */
/* clang-format off */
static const uint8_t v6_chain[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x54, 0, 64, V6_ADDRS,
	/* hop-by-hop: next 43, len 0, PadN(4) */
	43, 0, 0x01, 0x04, 0, 0, 0, 0,
	/* routing: next 44, len 2 (24 bytes), type 4 (SRH), segments left 0 */
	44, 2, 4, 0, 0, 0, 0, 0,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	/* fragment: next 60, offset 0, M=1, id 0xdeadbeef */
	60, 0, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef,
	/* destination options: next 51, len 0, PadN(4) */
	51, 0, 0x01, 0x04, 0, 0, 0, 0,
	/* AH: next 6, payload len 4 -> (4 + 2) * 4 = 24 bytes */
	6, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	/* 12 bytes of TCP (cut; this is about the chain) */
	0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
};
/* clang-format on */

static void test_ipv6_chain(void)
{
	struct nw_ipv6 ip;
	size_t left;

	CHECK_INT(parse(p6, v6_chain, sizeof(v6_chain), &ip, &left), NW_OK);
	CHECK_INT(ip.next_header, 0);
	CHECK_INT(ip.ext_count, 5);
	CHECK_INT(ip.ext_types[0], 0);
	CHECK_INT(ip.ext_types[1], 43);
	CHECK_INT(ip.ext_types[2], 44);
	CHECK_INT(ip.ext_types[3], 60);
	CHECK_INT(ip.ext_types[4], 51);
	CHECK_INT(ip.proto, 6);
	CHECK(ip.is_fragment);
	CHECK_INT(ip.frag_offset, 0);
	CHECK(ip.frag_more);
	CHECK_INT(ip.frag_id, 0xdeadbeef);
	CHECK(!ip.truncated_payload);
	CHECK_INT(left, 12);
	check_prefixes6(v6_chain, sizeof(v6_chain), sizeof(v6_chain) - 12);

	/* Extension headers longer than the payload length says. */
	uint8_t p[sizeof(v6_chain)];
	memcpy(p, v6_chain, sizeof(p));
	p[5] = 40;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	/* Hop-by-hop anywhere but first. */
	memcpy(p, v6_chain, sizeof(p));
	p[40] = 0;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
}

static void test_ipv6_fragment(void)
{
	/* A non-first fragment of UDP: offset 100 (800 bytes), last. */
	/* clang-format off */
	static const uint8_t p[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 44, 64, V6_ADDRS,
		17, 0, 0x03, 0x20, 0x00, 0x00, 0x30, 0x39,
		0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11,
	};
	/* clang-format on */
	struct nw_ipv6 ip;
	size_t left;
	struct nw_pkt pkt;

	CHECK_INT(parse(p6, p, sizeof(p), &ip, &left), NW_OK);
	CHECK(ip.is_fragment);
	CHECK_INT(ip.frag_offset, 100);
	CHECK(!ip.frag_more);
	CHECK_INT(ip.frag_id, 12345);
	CHECK_INT(ip.proto, 17);
	CHECK_INT(ip.ext_count, 1);
	CHECK_INT(left, 8); /* the fragment data */
	check_prefixes6(p, sizeof(p), 48);

	/* nw_decode does not take fragment data for a UDP header. */
	CHECK_INT(nw_decode(NW_LINK_IPV6, p, sizeof(p), &pkt), NW_OK);
	CHECK_INT(pkt.layers, NW_HAS_LINK | NW_HAS_IPV6);
	CHECK_INT(pkt.ip6.proto, 17);
}

/* n destination-options headers, then "no next header". */
static size_t build_dstopts(uint8_t *p, size_t cap, int n)
{
	static const uint8_t hdr[] = {0x60, 0, 0, 0, 0, 0, 60, 64, V6_ADDRS};
	size_t len = sizeof(hdr) + (size_t)n * 8;

	if (len > cap)
		abort();
	memcpy(p, hdr, sizeof(hdr));
	p[4] = (uint8_t)((n * 8) >> 8);
	p[5] = (uint8_t)(n * 8);
	for (int i = 0; i < n; i++) {
		uint8_t *e = p + sizeof(hdr) + i * 8;
		memset(e, 0, 8);
		e[0] = i == n - 1 ? 59 : 60;
		e[2] = 0x01, e[3] = 0x04;
	}
	return len;
}

static void test_ipv6_limits(void)
{
	uint8_t p[40 + 8 * (NW_IPV6_MAX_EXT + 1)];
	struct nw_ipv6 ip;
	size_t left, len;

	len = build_dstopts(p, sizeof(p), NW_IPV6_MAX_EXT);
	CHECK_INT(parse(p6, p, len, &ip, &left), NW_OK);
	CHECK_INT(ip.ext_count, NW_IPV6_MAX_EXT);
	CHECK_INT(ip.proto, 59);
	CHECK_INT(left, 0);
	len = build_dstopts(p, sizeof(p), NW_IPV6_MAX_EXT + 1);
	CHECK_INT(parse(p6, p, len, &ip, NULL), NW_UNSUPPORTED);
}

static void test_ipv6_jumbo(void)
{
	/* Payload length 0, hop-by-hop with Jumbo Payload 65536, ICMPv6 follows. */
	/* clang-format off */
	static const uint8_t jumbo[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 64, V6_ADDRS,
		58, 0, 0xc2, 0x04, 0x00, 0x01, 0x00, 0x00,
		0x80, 0x00, 0x12, 0x34, 0x11, 0xe0, 0xc9, 0x1e,
	};
	/* clang-format on */
	uint8_t p[sizeof(jumbo)];
	struct nw_ipv6 ip;
	size_t left;

	CHECK_INT(parse(p6, jumbo, sizeof(jumbo), &ip, &left), NW_OK);
	CHECK_INT(ip.payload_len, 0);
	CHECK_INT(ip.proto, 58);
	CHECK_INT(ip.ext_count, 1);
	CHECK(ip.truncated_payload); /* 65536 bytes claimed, 16 captured */
	CHECK_INT(left, 8);
	check_prefixes_ok_from(p6, jumbo, sizeof(jumbo), &ip, 48);

	/* The option replaced by PadN: a jumbogram without its option. */
	memcpy(p, jumbo, sizeof(p));
	p[42] = 0x01;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	/* A jumbo length below 65536. */
	memcpy(p, jumbo, sizeof(p));
	p[45] = 0x00, p[46] = 0xff;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	/* The option with a wrong length, and one that runs past its header. */
	memcpy(p, jumbo, sizeof(p));
	p[43] = 0x02;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
	p[43] = 0x09;
	CHECK_INT(parse(p6, p, sizeof(p), &ip, NULL), NW_MALFORMED);
}

static void test_ipv6_end_of_chain(void)
{
	/* Mobility (135) ends the chain like an upper layer. */
	/* clang-format off */
	static const uint8_t mob[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 135, 64, V6_ADDRS,
		59, 0, 5, 0, 0, 0, 0, 0,
	};
	/* clang-format on */
	struct nw_ipv6 ip;
	size_t left;
	struct nw_pkt pkt;

	CHECK_INT(parse(p6, mob, sizeof(mob), &ip, &left), NW_OK);
	CHECK_INT(ip.proto, 135);
	CHECK_INT(ip.ext_count, 0);
	CHECK_INT(left, 8);
	/* Protocols not decoded above IP still decode OK. */
	CHECK_INT(nw_decode(NW_LINK_RAW, mob, sizeof(mob), &pkt), NW_OK);
	CHECK_INT(pkt.layers, NW_HAS_LINK | NW_HAS_IPV6);
}

static void test_decode_ip(void)
{
	struct nw_pkt pkt;
	uint8_t p[sizeof(v4_udp)];

	/* A non-first IPv4 fragment: no UDP layer. */
	memcpy(p, v4_udp, sizeof(p));
	p[6] = 0x00, p[7] = 0xb9;
	CHECK_INT(nw_decode(NW_LINK_RAW, p, sizeof(p), &pkt), NW_OK);
	CHECK_INT(pkt.layers, NW_HAS_LINK | NW_HAS_IPV4);
	CHECK_INT(pkt.ip4.frag_offset, 185);

	/* A bad IPv4 header: the link layer stays, the error names IPv4. */
	memcpy(p, v4_udp, sizeof(p));
	p[0] = 0x43;
	CHECK_INT(nw_decode(NW_LINK_IPV4, p, sizeof(p), &pkt), NW_MALFORMED);
	CHECK_INT(pkt.layers, NW_HAS_LINK);
	CHECK_INT(pkt.error_layer, NW_HAS_IPV4);
	CHECK(pkt.error != NULL);

	/* An IPv6 packet on the IPv4 link type. */
	CHECK_INT(nw_decode(NW_LINK_IPV4, v6_udp, sizeof(v6_udp), &pkt), NW_MALFORMED);
	CHECK_INT(pkt.error_layer, NW_HAS_IPV4);
}

int main(void)
{
	test_ipv4();
	test_ipv4_options_frag();
	test_ipv4_lengths();
	test_ipv4_malformed();
	test_ipv6();
	test_ipv6_chain();
	test_ipv6_fragment();
	test_ipv6_limits();
	test_ipv6_jumbo();
	test_ipv6_end_of_chain();
	test_decode_ip();
	return nw_test_result("test_parse_ip");
}
