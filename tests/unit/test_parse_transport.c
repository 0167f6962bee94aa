/*
 * test_parse_transport.c: nw_parse_udp (RFC 768), nw_parse_tcp (RFC 9293)
 * with its options, nw_inet_checksum (RFC 1071), and nw_decode up to them.
 */
#include "config.h"

#include <arpa/inet.h>

#include "parsetest.h"
#include "wire/pkt.h"
#include "testlib.h"

static enum nw_status pu(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_udp(b, out, why);
}

static enum nw_status pt(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_tcp(b, out, why);
}

/* ---- checksum ------------------------------------------------------------ */

static void test_checksum(void)
{
	/* The example of RFC 1071 section 3: the sum is 0xddf2. */
	static const uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	static const uint8_t odd[] = {0x00, 0x01, 0xf2, 0x03, 0xf4};
	static const uint8_t ones[] = {0xff, 0xff, 0xff, 0xff};

	CHECK_INT(nw_inet_checksum(rfc, sizeof(rfc), 0), 0x220d);
	/* An odd length pads the last byte with zero: 0x0001 + 0xf203 + 0xf400. */
	CHECK_INT(nw_inet_checksum(odd, sizeof(odd), 0),
		  (uint16_t) ~(0x0001 + 0xf203 + 0xf400 - 0xffff));
	CHECK_INT(nw_inet_checksum(rfc, 0, 0), 0xffff);
	CHECK_INT(nw_inet_checksum(NULL, 0, 0), 0xffff);
	CHECK_INT(nw_inet_checksum(ones, sizeof(ones), 0), 0);
	/* A partial sum given as initial counts like data in front. */
	CHECK_INT(nw_inet_checksum(rfc + 4, 4, 0x0001 + 0xf203), 0x220d);
	CHECK_INT(nw_inet_checksum(rfc, 0, 0xddf2), 0x220d);
	/* Large initial values fold too. */
	CHECK_INT(nw_inet_checksum(rfc, 0, 0xffffffffu), (uint16_t)~0xffff);
	CHECK_INT(nw_inet_checksum(rfc, 0, 0x0001ddf1u), 0x220d);
}

/* ---- UDP ----------------------------------------------------------------- */

/* 40000 -> 53, length 12, then 2 bytes that are not UDP's. */
/* clang-format off */
static const uint8_t udp[] = {
	0x9c, 0x40, 0x00, 0x35, 0x00, 0x0c, 0xab, 0xcd, 'd', 'n', 's', '?', 0, 0,
};
/* clang-format on */

static void test_udp(void)
{
	struct nw_udp u;
	size_t left;
	uint8_t p[sizeof(udp)];

	CHECK_INT(parse(pu, udp, sizeof(udp), &u, &left), NW_OK);
	CHECK_INT(u.sport, 40000);
	CHECK_INT(u.dport, 53);
	CHECK_INT(u.len, 12);
	CHECK_INT(u.checksum, 0xabcd);
	CHECK_INT(u.payload_len, 4);
	CHECK_INT(left, 4);
	for (size_t n = 0; n < sizeof(udp); n++) {
		enum nw_status st = parse(pu, udp, n, &u, &left);
		CHECK_INT(st, n < 8 ? NW_TRUNCATED : NW_OK);
		if (st == NW_OK) {
			CHECK_INT(u.payload_len, n - 8 < 4 ? n - 8 : 4);
			CHECK_INT(left, u.payload_len);
		}
	}

	memcpy(p, udp, sizeof(p));
	p[5] = 4;
	CHECK_INT(parse(pu, p, sizeof(p), &u, NULL), NW_MALFORMED);
	p[5] = 7;
	CHECK_INT(parse(pu, p, sizeof(p), &u, NULL), NW_MALFORMED);
	p[5] = 0;
	CHECK_INT(parse(pu, p, sizeof(p), &u, NULL), NW_MALFORMED);
	p[5] = 8;
	CHECK_INT(parse(pu, p, sizeof(p), &u, &left), NW_OK);
	CHECK_INT(u.payload_len, 0);
	CHECK_INT(left, 0);
	p[4] = 0x05; /* more than captured */
	CHECK_INT(parse(pu, p, sizeof(p), &u, NULL), NW_OK);
	CHECK_INT(u.payload_len, sizeof(p) - 8);
}

/* ---- TCP ----------------------------------------------------------------- */

/* A SYN as Linux sends it: MSS, SACK-permitted, timestamps, NOP, wscale; ECN setup + AE. */
/* clang-format off */
static const uint8_t syn[] = {
	0x9c, 0x40, 0x01, 0xbb, 0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x00,
	0xa1, 0xc2, 0xfa, 0xf0, 0x12, 0x34, 0x00, 0x00,
	0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x01, 0xe2, 0x40,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};
/* clang-format on */

/* Every prefix: truncated until the options end, then an ever longer payload. */
static void check_prefixes(const uint8_t *pkt, size_t len)
{
	size_t doff = (size_t)(pkt[12] >> 4) * 4;

	for (size_t n = 0; n < len; n++) {
		struct nw_tcp t;
		size_t left;
		enum nw_status st = parse(pt, pkt, n, &t, &left);
		CHECK_INT(st, n < doff ? NW_TRUNCATED : NW_OK);
		if (st == NW_OK) {
			CHECK_INT(t.payload_len, n - doff);
			CHECK_INT(left, n - doff);
		}
	}
}

static void test_tcp_syn(void)
{
	struct nw_tcp t;
	size_t left;

	CHECK_INT(parse(pt, syn, sizeof(syn), &t, &left), NW_OK);
	CHECK_INT(t.sport, 40000);
	CHECK_INT(t.dport, 443);
	CHECK_INT(t.seq, 0x11223344);
	CHECK_INT(t.ack, 0);
	CHECK_INT(t.doff, 40);
	CHECK_INT(t.flags, NW_TCP_SYN | NW_TCP_ECE | NW_TCP_CWR | NW_TCP_AE);
	CHECK_INT(t.window, 64240);
	CHECK_INT(t.checksum, 0x1234);
	CHECK_INT(t.urgent, 0);
	CHECK(t.has_mss);
	CHECK_INT(t.mss, 1460);
	CHECK(t.sack_permitted);
	CHECK(t.has_ts);
	CHECK_INT(t.ts_val, 123456);
	CHECK_INT(t.ts_ecr, 0);
	CHECK(t.has_wscale);
	CHECK_INT(t.wscale, 7);
	CHECK_INT(t.sack_count, 0);
	CHECK(!t.has_tfo);
	CHECK(!t.has_mptcp);
	CHECK_INT(t.unknown_options, 0);
	CHECK_INT(t.payload_len, 0);
	CHECK_INT(left, 0);
	check_prefixes(syn, sizeof(syn));
}

static void test_tcp_sack_payload(void)
{
	/* ACK|PSH with two SACK blocks and 5 bytes of data. */
	/* clang-format off */
	static const uint8_t p[] = {
		0x01, 0xbb, 0x9c, 0x40, 0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33, 0x45,
		0xa0, 0x18, 0x01, 0xf5, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x01, 0x05, 0x12, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x20, 0x00,
		0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x40, 0x00,
		'h', 'e', 'l', 'l', 'o',
	};
	/* clang-format on */
	uint8_t q[sizeof(p)];
	struct nw_tcp t;
	size_t left;

	CHECK_INT(parse(pt, p, sizeof(p), &t, &left), NW_OK);
	CHECK_INT(t.flags, NW_TCP_ACK | NW_TCP_PSH);
	CHECK_INT(t.ack, 0x11223345);
	CHECK_INT(t.window, 501);
	CHECK_INT(t.sack_count, 2);
	CHECK_INT(t.sack[0].left, 0x1000);
	CHECK_INT(t.sack[0].right, 0x2000);
	CHECK_INT(t.sack[1].left, 0x3000);
	CHECK_INT(t.sack[1].right, 0x4000);
	CHECK_INT(t.payload_len, 5);
	CHECK(t.payload != NULL && left == 5);
	check_prefixes(p, sizeof(p));

	memcpy(q, p, sizeof(q));
	q[12] = 0xa1, q[13] = 0xff;
	CHECK_INT(parse(pt, q, sizeof(q), &t, NULL), NW_OK);
	CHECK_INT(t.flags, 0x1ff);
	/* SACK lengths that are not 2 + 8n. */
	memcpy(q, p, sizeof(q));
	q[23] = 0x11;
	CHECK_INT(parse(pt, q, sizeof(q), &t, NULL), NW_MALFORMED);
	q[23] = 0x02;
	CHECK_INT(parse(pt, q, sizeof(q), &t, NULL), NW_MALFORMED);
}

/* A 20-byte header followed by the given options (a multiple of 4 bytes). */
static size_t with_options(uint8_t *p, const uint8_t *opts, size_t optlen)
{
	memcpy(p, syn, 20);
	p[12] = (uint8_t)(((20 + optlen) / 4) << 4);
	memcpy(p + 20, opts, optlen);
	return 20 + optlen;
}

static enum nw_status parse_opts(const uint8_t *opts, size_t optlen, struct nw_tcp *t)
{
	uint8_t p[60];
	size_t len;

	if (optlen > 40 || optlen % 4)
		abort();
	len = with_options(p, opts, optlen);
	return parse(pt, p, len, t, NULL);
}

static void test_tcp_tfo_mptcp(void)
{
	static const uint8_t tfo[] = {34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1};
	static const uint8_t tfo_req[] = {34, 2, 1, 1};
	static const uint8_t exp[] = {254, 12, 0xf9, 0x89, 9, 8, 7, 6, 5, 4, 3, 2};
	static const uint8_t exp_req[] = {254, 4, 0xf9, 0x89};
	static const uint8_t exp_other[] = {254, 4, 0x12, 0x34};
	static const uint8_t mptcp[] = {30, 12, 0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t md5[] = {19, 18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
	static const uint8_t after_eol[] = {2, 4, 5, 0xb4, 0, 5, 0, 0};
	static const uint8_t cookie[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct nw_tcp t;

	CHECK_INT(parse_opts(tfo, sizeof(tfo), &t), NW_OK);
	CHECK(t.has_tfo);
	CHECK_INT(t.tfo_cookie_len, 8);
	CHECK(memcmp(t.tfo_cookie, cookie, 8) == 0);
	CHECK_INT(parse_opts(tfo_req, sizeof(tfo_req), &t), NW_OK);
	CHECK(t.has_tfo);
	CHECK_INT(t.tfo_cookie_len, 0);
	CHECK_INT(parse_opts(exp, sizeof(exp), &t), NW_OK);
	CHECK(t.has_tfo);
	CHECK_INT(t.tfo_cookie_len, 8);
	CHECK_INT(t.tfo_cookie[0], 9);
	CHECK_INT(parse_opts(exp_req, sizeof(exp_req), &t), NW_OK);
	CHECK(t.has_tfo);
	CHECK_INT(t.tfo_cookie_len, 0);
	CHECK_INT(parse_opts(exp_other, sizeof(exp_other), &t), NW_OK);
	CHECK(!t.has_tfo);
	CHECK_INT(t.unknown_options, 1);
	CHECK_INT(parse_opts(mptcp, sizeof(mptcp), &t), NW_OK);
	CHECK(t.has_mptcp);
	CHECK_INT(t.unknown_options, 0);
	CHECK_INT(parse_opts(md5, sizeof(md5), &t), NW_OK);
	CHECK_INT(t.unknown_options, 1);
	/* Nothing after EOL is looked at. */
	CHECK_INT(parse_opts(after_eol, sizeof(after_eol), &t), NW_OK);
	CHECK(t.has_mss);
	CHECK_INT(t.unknown_options, 0);
}

static void test_tcp_malformed(void)
{
	static const struct {
		uint8_t opts[12];
		size_t len;
	} bad[] = {
	    {{2, 0, 1, 1}, 4},		     /* option length 0 */
	    {{2, 1, 1, 1}, 4},		     /* option length 1 */
	    {{8, 10, 0, 0}, 4},		     /* runs past the header */
	    {{1, 1, 1, 2}, 4},		     /* no room for the length byte */
	    {{2, 3, 5, 1}, 4},		     /* MSS of 3 bytes */
	    {{3, 4, 7, 0}, 4},		     /* window scale of 4 */
	    {{4, 3, 0, 0}, 4},		     /* SACK-permitted of 3 */
	    {{8, 8, 0, 0, 0, 1, 0, 0}, 8},   /* timestamps of 8 */
	    {{5, 2, 1, 1}, 4},		     /* SACK without a block */
	    {{34, 4, 1, 2}, 4},		     /* TFO cookie of 2 bytes */
	    {{254, 6, 0xf9, 0x89, 1, 2}, 8}, /* experimental TFO, cookie 2 */
	};
	uint8_t p[sizeof(syn)];
	struct nw_tcp t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(parse_opts(bad[i].opts, bad[i].len, &t), NW_MALFORMED);

	memcpy(p, syn, sizeof(p));
	p[12] = 0x40; /* data offset 16 */
	CHECK_INT(parse(pt, p, sizeof(p), &t, NULL), NW_MALFORMED);
	p[12] = 0x00;
	CHECK_INT(parse(pt, p, sizeof(p), &t, NULL), NW_MALFORMED);
	p[12] = 0xf0; /* 60 bytes: more than there are */
	CHECK_INT(parse(pt, p, sizeof(p), &t, NULL), NW_TRUNCATED);
}

/* ---- nw_decode ----------------------------------------------------------- */

#define ETH_HDR(type_hi, type_lo)                                                                  \
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, type_hi, type_lo

static void test_decode_tcp(void)
{
	/* VLAN 100, IPv4 198.18.0.1 -> 198.18.0.2, the SYN, 6 bytes of padding. */
	/* clang-format off */
	uint8_t f[18 + 20 + sizeof(syn) + 6] = {
		ETH_HDR(0x81, 0x00), 0x00, 0x64, 0x08, 0x00,
		0x45, 0x00, 0x00, 20 + sizeof(syn), 0x00, 0x00, 0x40, 0x00, 0x40, 6, 0, 0,
		198, 18, 0, 1, 198, 18, 0, 2,
	};
	/* clang-format on */
	struct nw_pkt p;
	uint16_t sum;

	memcpy(f + 38, syn, sizeof(syn));
	sum = nw_inet_checksum(f + 18, 20, 0);
	f[28] = (uint8_t)(sum >> 8), f[29] = (uint8_t)sum;

	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, sizeof(f), &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4 | NW_HAS_TCP);
	CHECK(p.error == NULL);
	CHECK_INT(p.link.vlan_count, 1);
	CHECK_INT(p.ip4.checksum, sum);
	CHECK_INT(nw_inet_checksum(f + 18, 20, 0), 0);
	CHECK_INT(p.tcp.mss, 1460);
	CHECK_INT(p.tcp.payload_len, 0); /* the padding is not TCP data */

	/* Every prefix of the frame decodes to a consistent, shorter result. */
	for (size_t n = 0; n < sizeof(f); n++) {
		uint8_t *copy = malloc(n ? n : 1);
		if (!copy)
			abort();
		memcpy(copy, f, n);
		enum nw_status st = nw_decode(NW_LINK_ETHERNET, copy, n, &p);
		free(copy);
		if (n < 18) {
			CHECK_INT(st, NW_TRUNCATED);
			CHECK_INT(p.layers, 0);
		} else if (n < 38) {
			CHECK_INT(st, NW_TRUNCATED);
			CHECK_INT(p.layers, NW_HAS_LINK);
			CHECK_INT(p.error_layer, NW_HAS_IPV4);
		} else if (n < 38 + sizeof(syn)) {
			CHECK_INT(st, NW_TRUNCATED);
			CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4);
			CHECK_INT(p.error_layer, NW_HAS_TCP);
			CHECK(p.ip4.truncated_payload);
		} else {
			CHECK_INT(st, NW_OK);
			CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4 | NW_HAS_TCP);
		}
		CHECK(st == NW_OK || p.error != NULL);
	}

	/* A bad TCP option: IP stays decoded, the error names TCP. */
	f[38 + 21] = 0;
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, sizeof(f), &p), NW_MALFORMED);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4);
	CHECK_INT(p.error_layer, NW_HAS_TCP);
}

static void test_decode_udp6(void)
{
	/* SLL2, IPv6 2001:db8::1 -> 2001:db8::2, UDP with a checksum over the pseudo-header. */
	/* clang-format off */
	uint8_t f[20 + 40 + 12] = {
		0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 0, 0,
		0x60, 0, 0, 0, 0, 12, 17, 64,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	};
	/* clang-format on */
	struct nw_pkt p;
	uint32_t pseudo = 0;
	uint16_t sum;

	memcpy(f + 60, udp, 12);
	f[66] = 0, f[67] = 0;
	/* RFC 8200 8.1 pseudo-header: addresses, length, next header. */
	for (size_t i = 28; i < 60; i += 2)
		pseudo += (uint32_t)(f[i] << 8 | f[i + 1]);
	pseudo += 12 + 17;
	sum = nw_inet_checksum(f + 60, 12, pseudo);
	f[66] = (uint8_t)(sum >> 8), f[67] = (uint8_t)sum;
	CHECK_INT(nw_inet_checksum(f + 60, 12, pseudo), 0);

	CHECK_INT(nw_decode(NW_LINK_SLL2, f, sizeof(f), &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV6 | NW_HAS_UDP);
	CHECK_INT(p.link.sll_ifindex, 2);
	CHECK_INT(p.udp.dport, 53);
	CHECK_INT(p.udp.checksum, sum);
	CHECK_INT(p.udp.payload_len, 4);
	CHECK(memcmp(p.udp.payload, "dns?", 4) == 0);

	/* UDP length 4. */
	f[65] = 4;
	CHECK_INT(nw_decode(NW_LINK_SLL2, f, sizeof(f), &p), NW_MALFORMED);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV6);
	CHECK_INT(p.error_layer, NW_HAS_UDP);
}

int main(void)
{
	test_checksum();
	test_udp();
	test_tcp_syn();
	test_tcp_sack_payload();
	test_tcp_tfo_mptcp();
	test_tcp_malformed();
	test_decode_tcp();
	test_decode_udp6();
	return nw_test_result("test_parse_transport");
}
