/*
 * test_parse_icmp.c: nw_parse_icmp (RFC 792) and nw_parse_icmpv6 (RFC 4443,
 * neighbor discovery of RFC 4861), with the datagrams quoted in errors.
 */
#include "config.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "parsetest.h"
#include "wire/pkt.h"
#include "testlib.h"

static enum nw_status p4(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_icmp(b, out, why);
}

static enum nw_status p6(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_icmpv6(b, out, why);
}

/* What a quoted datagram cut to n bytes can have: never more than is there. */
static void check_quoted_prefix(const struct nw_quoted *q, size_t n, size_t hdr, size_t iphdr)
{
	if (q->present)
		CHECK(n >= hdr + iphdr);
	if (q->has_ports)
		CHECK(q->present && n >= hdr + iphdr + 4);
	if (q->has_icmp_echo || q->has_checksum)
		CHECK(n >= hdr + iphdr + 8);
	if (q->l4_len)
		CHECK(q->present && q->l4_len <= n - hdr - iphdr);
}

/* ---- ICMP ---------------------------------------------------------------- */

#define V4_ADDRS 198, 18, 0, 1, 198, 18, 0, 2

/* clang-format off */
static const uint8_t echo[] = {
	0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x01,
	'n', 'e', 't', 'w', 'a', 'l', 'k', '!',
};
/* clang-format on */

static void test_echo(void)
{
	uint8_t p[sizeof(echo)];
	struct nw_icmp ic;
	size_t left;
	uint16_t sum;

	/* Fill in a real checksum, then check it verifies to 0. */
	memcpy(p, echo, sizeof(p));
	sum = nw_inet_checksum(p, sizeof(p), 0);
	p[2] = (uint8_t)(sum >> 8), p[3] = (uint8_t)sum;
	CHECK_INT(nw_inet_checksum(p, sizeof(p), 0), 0);

	CHECK_INT(parse(p4, p, sizeof(p), &ic, &left), NW_OK);
	CHECK_INT(ic.type, 8);
	CHECK_INT(ic.code, 0);
	CHECK_INT(ic.checksum, sum);
	CHECK_INT(ic.id, 0x1234);
	CHECK_INT(ic.seq, 1);
	CHECK(!ic.quoted.present);
	CHECK_INT(left, 8);
	check_prefixes_ok_from(p4, p, sizeof(p), &ic, 8);

	p[0] = 0; /* reply */
	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK_INT(ic.id, 0x1234);
	p[0] = 13; /* timestamp */
	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK_INT(ic.seq, 1);
	p[0] = 9; /* router advertisement: no id/seq */
	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK_INT(ic.id, 0);
}

/* Time exceeded quoting a UDP probe 198.18.0.1:40000 -> 198.18.0.2:33434. */
/* clang-format off */
static const uint8_t ttl_udp[] = {
	11, 0, 0xf4, 0xff, 0, 0, 0, 0,
	0x45, 0x00, 0x00, 0x24, 0xab, 0xcd, 0x00, 0x00, 0x01, 17, 0x00, 0x00, V4_ADDRS,
	0x9c, 0x40, 0x82, 0x9a, 0x00, 0x10, 0x12, 0x34,
};
/* clang-format on */

static void test_time_exceeded(void)
{
	struct nw_icmp ic;
	size_t left;

	CHECK_INT(parse(p4, ttl_udp, sizeof(ttl_udp), &ic, &left), NW_OK);
	CHECK_INT(ic.type, 11);
	CHECK_INT(ic.checksum, 0xf4ff);
	CHECK(ic.quoted.present);
	CHECK_INT(ic.quoted.family, AF_INET);
	CHECK_INT(ic.quoted.proto, 17);
	CHECK_INT(ic.quoted.ttl, 1);
	CHECK_INT(ntohl(ic.quoted.src.v4.s_addr), 0xc6120001);
	CHECK_INT(ntohl(ic.quoted.dst.v4.s_addr), 0xc6120002);
	CHECK(ic.quoted.has_ports);
	CHECK_INT(ic.quoted.sport, 40000);
	CHECK_INT(ic.quoted.dport, 33434);
	CHECK(!ic.quoted.has_icmp_echo);
	CHECK_INT(ic.quoted.ip_id, 0xabcd);
	CHECK_INT(ic.quoted.ip_len, 0x24);
	CHECK_INT(ic.quoted.l4_len, 8);
	CHECK_INT(ic.quoted.l4_declared, 0x24 - 20);
	CHECK(ic.quoted.has_checksum);
	CHECK_INT(ic.quoted.checksum, 0x1234);
	CHECK_INT(left, 28); /* the cursor is at the quoted datagram */

	/* Every prefix: the ICMP header alone is enough; the quote is partial. */
	for (size_t n = 0; n < sizeof(ttl_udp); n++) {
		enum nw_status st = parse(p4, ttl_udp, n, &ic, NULL);
		CHECK_INT(st, n < 8 ? NW_TRUNCATED : NW_OK);
		check_quoted_prefix(&ic.quoted, n, 8, 20);
		CHECK_INT(ic.quoted.present, n >= 28);
		CHECK_INT(ic.quoted.has_ports, n >= 32);
		CHECK_INT(ic.quoted.has_checksum, n >= 36);
		CHECK_INT(ic.quoted.l4_len, n >= 28 ? n - 28 : 0);
	}
}

static void test_frag_needed(void)
{
	/* Unreachable, fragmentation needed, MTU 1400, quoting TCP with its seq. */
	/* clang-format off */
	static const uint8_t p[] = {
		3, 4, 0x12, 0x34, 0x00, 0x00, 0x05, 0x78,
		0x45, 0x00, 0x05, 0xdc, 0x00, 0x01, 0x40, 0x00, 0x40, 6, 0x00, 0x00, V4_ADDRS,
		0x9c, 0x40, 0x01, 0xbb, 0x01, 0x02, 0x03, 0x04,
	};
	/* clang-format on */
	struct nw_icmp ic;

	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK_INT(ic.type, 3);
	CHECK_INT(ic.code, 4);
	CHECK_INT(ic.next_mtu, 1400);
	CHECK(ic.quoted.present);
	CHECK_INT(ic.quoted.proto, 6);
	CHECK(ic.quoted.has_ports);
	CHECK_INT(ic.quoted.sport, 40000);
	CHECK_INT(ic.quoted.dport, 443);
	CHECK_INT(ic.quoted.tcp_seq, 0x01020304);
	CHECK_INT(ic.quoted.l4_len, 8);
	CHECK(!ic.quoted.has_checksum); /* TCP's is at 16: not in the 8 bytes */
	/* Only the ports quoted: no sequence number. */
	CHECK_INT(parse(p4, p, sizeof(p) - 4, &ic, NULL), NW_OK);
	CHECK(ic.quoted.has_ports);
	CHECK_INT(ic.quoted.tcp_seq, 0);

	/* Port unreachable (code 3) has no MTU. */
	uint8_t q[sizeof(p)];
	memcpy(q, p, sizeof(q));
	q[1] = 3;
	CHECK_INT(parse(p4, q, sizeof(q), &ic, NULL), NW_OK);
	CHECK_INT(ic.next_mtu, 0);
	CHECK(ic.quoted.has_ports);
}

static void test_redirect_echo_quote(void)
{
	/* Redirect to 198.18.0.254, quoting an ICMP echo request. */
	/* clang-format off */
	static const uint8_t p[] = {
		5, 1, 0x00, 0x00, 198, 18, 0, 254,
		0x45, 0x00, 0x00, 0x54, 0x00, 0x02, 0x00, 0x00, 0x40, 1, 0x00, 0x00, V4_ADDRS,
		0x08, 0x00, 0xab, 0xcd, 0x0b, 0xad, 0x00, 0x07,
	};
	/* clang-format on */
	struct nw_icmp ic;

	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK_INT(ic.gateway, 0xc61200fe);
	CHECK(ic.quoted.present);
	CHECK_INT(ic.quoted.proto, 1);
	CHECK(ic.quoted.has_icmp_echo);
	CHECK_INT(ic.quoted.echo_id, 0x0bad);
	CHECK_INT(ic.quoted.echo_seq, 7);
	CHECK(ic.quoted.has_checksum);
	CHECK_INT(ic.quoted.checksum, 0xabcd);
	for (size_t n = 0; n < sizeof(p); n++) {
		CHECK_INT(parse(p4, p, n, &ic, NULL), n < 8 ? NW_TRUNCATED : NW_OK);
		check_quoted_prefix(&ic.quoted, n, 8, 20);
	}
}

static void test_quoted_odd(void)
{
	uint8_t p[sizeof(ttl_udp)];
	struct nw_icmp ic;

	/* A quoted non-first fragment has no ports. */
	memcpy(p, ttl_udp, sizeof(p));
	p[8 + 6] = 0x00, p[8 + 7] = 0x10;
	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK(ic.quoted.present);
	CHECK(!ic.quoted.has_ports);
	/* A quoted header that is not IPv4: nothing quoted, ICMP still fine. */
	memcpy(p, ttl_udp, sizeof(p));
	p[8] = 0x65;
	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK(!ic.quoted.present);
	CHECK(!ic.quoted.has_ports);
	/* A quoted IPv4 header with options (IHL 24) pushes the ports out. */
	memcpy(p, ttl_udp, sizeof(p));
	p[8] = 0x46;
	CHECK_INT(parse(p4, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK(ic.quoted.present);
	CHECK(ic.quoted.has_ports);
	CHECK_INT(ic.quoted.sport, 0x0010); /* the bytes after 24 */
	CHECK_INT(parse(p4, p, 8 + 24 + 3, &ic, NULL), NW_OK);
	CHECK(!ic.quoted.has_ports);
}

/* ---- ICMPv6 -------------------------------------------------------------- */

#define V6_A1 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01
#define V6_A2 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02

static const uint8_t a1[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t a2[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
static const uint8_t mac1[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
static const uint8_t mac2[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};

static void test_echo6(void)
{
	static const uint8_t p[] = {128, 0, 0x9a, 0xbc, 0x43, 0x21, 0x00, 0x05, 1, 2, 3, 4};
	struct nw_icmpv6 ic;
	size_t left;

	CHECK_INT(parse(p6, p, sizeof(p), &ic, &left), NW_OK);
	CHECK_INT(ic.type, 128);
	CHECK_INT(ic.checksum, 0x9abc);
	CHECK_INT(ic.id, 0x4321);
	CHECK_INT(ic.seq, 5);
	CHECK_INT(left, 4);
	check_prefixes_ok_from(p6, p, sizeof(p), &ic, 8);

	/* A router advertisement: type, code, checksum only. */
	static const uint8_t ra[] = {134, 0, 0x11, 0x22, 64, 0, 0x07, 0x08};
	CHECK_INT(parse(p6, ra, sizeof(ra), &ic, &left), NW_OK);
	CHECK_INT(ic.type, 134);
	CHECK_INT(ic.checksum, 0x1122);
	CHECK_INT(left, 4);
	CHECK_INT(parse(p6, ra, 3, &ic, NULL), NW_TRUNCATED);
}

/* Packet too big, MTU 1280, quoting UDP behind a first fragment header. */
/* clang-format off */
static const uint8_t ptb[] = {
	2, 0, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x05, 0xb0, 44, 63, V6_A1, V6_A2,
	17, 0, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2a,
	0x9c, 0x40, 0x00, 0x35, 0x05, 0xa8, 0x00, 0x00,
};
/* clang-format on */

static void test_packet_too_big(void)
{
	struct nw_icmpv6 ic;
	size_t left;

	CHECK_INT(parse(p6, ptb, sizeof(ptb), &ic, &left), NW_OK);
	CHECK_INT(ic.type, 2);
	CHECK_INT(ic.mtu, 1280);
	CHECK(ic.quoted.present);
	CHECK_INT(ic.quoted.family, AF_INET6);
	CHECK_INT(ic.quoted.proto, 17);
	CHECK_INT(ic.quoted.ttl, 63);
	CHECK(memcmp(&ic.quoted.src.v6, a1, 16) == 0);
	CHECK(memcmp(&ic.quoted.dst.v6, a2, 16) == 0);
	CHECK(ic.quoted.has_ports);
	CHECK_INT(ic.quoted.sport, 40000);
	CHECK_INT(ic.quoted.dport, 53);
	CHECK_INT(ic.quoted.ip_len, 0x05b0);
	CHECK_INT(ic.quoted.l4_len, 8);		      /* after the fragment header */
	CHECK_INT(ic.quoted.l4_declared, 0x05b0 - 8); /* the payload length less that header */
	CHECK(ic.quoted.has_checksum);
	CHECK_INT(ic.quoted.checksum, 0);
	CHECK_INT(left, sizeof(ptb) - 8);
	for (size_t n = 0; n < sizeof(ptb); n++) {
		CHECK_INT(parse(p6, ptb, n, &ic, NULL), n < 8 ? NW_TRUNCATED : NW_OK);
		CHECK_INT(ic.quoted.present, n >= 48);
		CHECK_INT(ic.quoted.has_ports, n >= 60);
	}

	/* The same quoted as a non-first fragment: no ports. */
	uint8_t p[sizeof(ptb)];
	memcpy(p, ptb, sizeof(p));
	p[50] = 0x01, p[51] = 0x00;
	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK(ic.quoted.present);
	CHECK_INT(ic.quoted.proto, 17);
	CHECK(!ic.quoted.has_ports);
}

static void test_time_exceeded6(void)
{
	/* Hop limit exceeded, quoting an echo request behind destination options. */
	/* clang-format off */
	static const uint8_t p[] = {
		3, 0, 0x00, 0x00, 0, 0, 0, 0,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 60, 1, V6_A1, V6_A2,
		58, 0, 0x01, 0x04, 0, 0, 0, 0,
		128, 0, 0x00, 0x00, 0x43, 0x21, 0x00, 0x09,
	};
	/* clang-format on */
	struct nw_icmpv6 ic;

	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK(ic.quoted.present);
	CHECK_INT(ic.quoted.proto, 58);
	CHECK_INT(ic.quoted.ttl, 1);
	CHECK(ic.quoted.has_icmp_echo);
	CHECK_INT(ic.quoted.echo_id, 0x4321);
	CHECK_INT(ic.quoted.echo_seq, 9);
	for (size_t n = 0; n < sizeof(p); n++) {
		CHECK_INT(parse(p6, p, n, &ic, NULL), n < 8 ? NW_TRUNCATED : NW_OK);
		check_quoted_prefix(&ic.quoted, n, 8, 40);
		CHECK_INT(ic.quoted.has_icmp_echo, n == sizeof(p));
	}
	/* A quoted header that is not IPv6. */
	uint8_t q[sizeof(p)];
	memcpy(q, p, sizeof(q));
	q[8] = 0x45;
	CHECK_INT(parse(p6, q, sizeof(q), &ic, NULL), NW_OK);
	CHECK(!ic.quoted.present);
}

/* Neighbor solicitation for 2001:db8::2 from 02:00:5e:10:00:01, with a nonce. */
/* clang-format off */
static const uint8_t ns[] = {
	135, 0, 0x00, 0x00, 0, 0, 0, 0, V6_A2,
	14, 1, 1, 2, 3, 4, 5, 6,
	1, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
};
/* clang-format on */

static void test_ns(void)
{
	struct nw_icmpv6 ic;
	size_t left;

	CHECK_INT(parse(p6, ns, sizeof(ns), &ic, &left), NW_OK);
	CHECK_INT(ic.type, 135);
	CHECK(memcmp(&ic.target, a2, 16) == 0);
	CHECK(ic.has_src_lladdr);
	CHECK(memcmp(ic.src_lladdr, mac1, 6) == 0);
	CHECK(!ic.has_tgt_lladdr);
	CHECK(!ic.nd_router && !ic.nd_solicited && !ic.nd_override);
	CHECK_INT(left, 0);
	for (size_t n = 0; n < sizeof(ns); n++) {
		enum nw_status st = parse(p6, ns, n, &ic, NULL);
		/* OK only where an option ends. */
		CHECK_INT(st, (n == 24 || n == 32) ? NW_OK : NW_TRUNCATED);
		CHECK(!ic.has_src_lladdr);
	}

	/* Option length 0 (RFC 4861 4.6: must be discarded). */
	uint8_t p[sizeof(ns)];
	memcpy(p, ns, sizeof(p));
	p[25] = 0;
	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_MALFORMED);
	memcpy(p, ns, sizeof(p));
	p[33] = 0;
	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_MALFORMED);
	/* An option longer than the message. */
	memcpy(p, ns, sizeof(p));
	p[33] = 2;
	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_TRUNCATED);
}

static void test_na(void)
{
	/* Solicited, override, router; target link-layer address. */
	/* clang-format off */
	static const uint8_t na[] = {
		136, 0, 0x00, 0x00, 0xe0, 0, 0, 0, V6_A2,
		2, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x02,
	};
	/* clang-format on */
	uint8_t p[sizeof(na)];
	struct nw_icmpv6 ic;

	CHECK_INT(parse(p6, na, sizeof(na), &ic, NULL), NW_OK);
	CHECK_INT(ic.type, 136);
	CHECK(ic.nd_router);
	CHECK(ic.nd_solicited);
	CHECK(ic.nd_override);
	CHECK(memcmp(&ic.target, a2, 16) == 0);
	CHECK(ic.has_tgt_lladdr);
	CHECK(memcmp(ic.tgt_lladdr, mac2, 6) == 0);
	CHECK(!ic.has_src_lladdr);
	for (size_t n = 0; n < sizeof(na); n++)
		CHECK_INT(parse(p6, na, n, &ic, NULL), n == 24 ? NW_OK : NW_TRUNCATED);

	memcpy(p, na, sizeof(p));
	p[4] = 0x40; /* solicited only */
	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_OK);
	CHECK(!ic.nd_router && ic.nd_solicited && !ic.nd_override);
	p[25] = 0;
	CHECK_INT(parse(p6, p, sizeof(p), &ic, NULL), NW_MALFORMED);
}

/* The full stack through nw_decode: Ethernet, IPv6, ICMPv6 NS. */
static void test_decode_icmp(void)
{
	/* clang-format off */
	uint8_t f[14 + 40 + sizeof(ns)] = {
		0x33, 0x33, 0xff, 0x00, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 0x86, 0xdd,
		0x60, 0x00, 0x00, 0x00, 0x00, sizeof(ns), 58, 255, V6_A1,
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0x00, 0x00, 0x02,
	};
	uint8_t g[14 + sizeof(ttl_udp) + 20] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x08, 0x00,
		0x45, 0x00, 0x00, 20 + sizeof(ttl_udp), 0, 0, 0, 0, 64, 1, 0, 0,
		198, 18, 0, 254, 198, 18, 0, 1,
	};
	/* clang-format on */
	struct nw_pkt p;

	memcpy(f + 54, ns, sizeof(ns));
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, sizeof(f), &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV6 | NW_HAS_ICMPV6);
	CHECK_INT(p.icmp6.type, 135);
	CHECK(p.icmp6.has_src_lladdr);
	f[54 + 25] = 0;
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, sizeof(f), &p), NW_MALFORMED);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV6);
	CHECK_INT(p.error_layer, NW_HAS_ICMPV6);

	memcpy(g + 34, ttl_udp, sizeof(ttl_udp));
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, g, sizeof(g), &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4 | NW_HAS_ICMP);
	CHECK_INT(p.icmp.type, 11);
	CHECK_INT(p.icmp.quoted.dport, 33434);
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, g, 14 + 20 + 4, &p), NW_TRUNCATED);
	CHECK_INT(p.error_layer, NW_HAS_ICMP);
	CHECK(p.ip4.truncated_payload);
}

int main(void)
{
	test_echo();
	test_time_exceeded();
	test_frag_needed();
	test_redirect_echo_quote();
	test_quoted_odd();
	test_echo6();
	test_packet_too_big();
	test_time_exceeded6();
	test_ns();
	test_na();
	test_decode_icmp();
	return nw_test_result("test_parse_icmp");
}
