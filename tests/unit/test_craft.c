/*
 * test_craft.c: every packet kind craft.c builds, decoded back with
 * nw_decode(): each field compared and each checksum verified with
 * nw_inet_checksum() (pseudo-header included).  Build-only libnet context,
 * so no privileges are needed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/addr.h"
#include "sys/capture.h"
#include "sys/craft.h"
#include "wire/pkt.h"
#include "testlib.h"

static const uint8_t mac_a[6] = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
static const uint8_t mac_b[6] = {0x02, 0x00, 0x5e, 0xa0, 0xb0, 0xc0};
static const uint8_t payload[] = "netwalk crafted payload 0123456789";

static struct in_addr v4(const char *s)
{
	struct in_addr a;
	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	return a;
}

static struct in6_addr v6(const char *s)
{
	struct in6_addr a;
	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static void spec_v4(struct nw_ip_spec *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->src.family = AF_INET;
	ip->src.u.v4 = v4("198.18.0.1");
	ip->dst.family = AF_INET;
	ip->dst.u.v4 = v4("198.19.255.254");
	ip->ttl = 17;
	ip->ip_id = 0xbeef;
	memcpy(ip->eth_src, mac_a, 6);
	memcpy(ip->eth_dst, mac_b, 6);
}

static void spec_v6(struct nw_ip_spec *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->src.family = AF_INET6;
	ip->src.u.v6 = v6("2001:db8::1");
	ip->dst.family = AF_INET6;
	ip->dst.u.v6 = v6("2001:db8:ffff::abcd:2");
	ip->ttl = 0; /* default hop limit: 64 */
	memcpy(ip->eth_src, mac_a, 6);
	memcpy(ip->eth_dst, mac_b, 6);
}

/* Pseudo-header partial sum (big-endian words), computed independently of craft.c. */
static uint32_t pseudo(const uint8_t *src, const uint8_t *dst, size_t alen, uint8_t proto,
		       size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i < alen; i += 2)
		s +=
		    (uint32_t)((src[i] << 8) | src[i + 1]) + (uint32_t)((dst[i] << 8) | dst[i + 1]);
	return s + (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + proto;
}

/* Build with the just-called builder's result rc, hand out the frame, decode it. */
static bool get_frame(struct nw_craft *c, int rc, uint8_t **f, size_t *flen, struct nw_pkt *p)
{
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "craft error: %s\n", nw_craft_error(c));
		return false;
	}
	rc = nw_craft_frame(c, f, flen);
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "nw_craft_frame: %s\n", nw_craft_error(c));
		return false;
	}
	memset(p, 0, sizeof(*p));
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, *f, *flen, p), NW_OK);
	if (p->status != NW_OK)
		fprintf(stderr, "decode: %s (%s)\n", nw_status_name(p->status),
			p->error ? p->error : "?");
	CHECK(p->layers & NW_HAS_LINK);
	CHECK(p->link.has_macs);
	return true;
}

/* The L3 header and transport checks shared by every IP packet; returns the L4 offset. */
static size_t check_ip(const struct nw_pkt *p, const uint8_t *f, size_t flen,
		       const struct nw_ip_spec *ip, uint8_t proto, uint8_t want_hlim, size_t l4len)
{
	CHECK(memcmp(p->link.src, ip->eth_src, 6) == 0);
	CHECK(memcmp(p->link.dst, ip->eth_dst, 6) == 0);
	if (ip->src.family == AF_INET) {
		CHECK_INT(p->link.ethertype, NW_ETHERTYPE_IPV4);
		CHECK(p->layers & NW_HAS_IPV4);
		CHECK_INT(p->ip4.ihl, 20);
		CHECK_INT(p->ip4.total_len, 20 + l4len);
		CHECK_INT(p->ip4.id, ip->ip_id);
		CHECK_INT(p->ip4.ttl, want_hlim);
		CHECK_INT(p->ip4.proto, proto);
		CHECK(!p->ip4.df && !p->ip4.mf);
		CHECK_INT(p->ip4.frag_offset, 0);
		CHECK(p->ip4.src.s_addr == ip->src.u.v4.s_addr);
		CHECK(p->ip4.dst.s_addr == ip->dst.u.v4.s_addr);
		CHECK_INT(flen, 14 + 20 + l4len);
		/* IPv4 header checksum: the sum over the header is zero. */
		CHECK_INT(nw_inet_checksum(f + 14, 20, 0), 0);
		if (proto != 1) {
			uint32_t ps = pseudo((const uint8_t *)&ip->src.u.v4,
					     (const uint8_t *)&ip->dst.u.v4, 4, proto, l4len);
			CHECK_INT(nw_inet_checksum(f + 34, l4len, ps), 0);
		} else {
			CHECK_INT(nw_inet_checksum(f + 34, l4len, 0), 0);
		}
		return 34;
	}
	CHECK_INT(p->link.ethertype, NW_ETHERTYPE_IPV6);
	CHECK(p->layers & NW_HAS_IPV6);
	CHECK_INT(p->ip6.payload_len, l4len);
	CHECK_INT(p->ip6.next_header, proto);
	CHECK_INT(p->ip6.proto, proto);
	CHECK_INT(p->ip6.hop_limit, want_hlim);
	CHECK_INT(p->ip6.ext_count, 0);
	CHECK_INT(p->ip6.tclass, 0);
	CHECK_INT(p->ip6.flow, 0);
	CHECK(memcmp(&p->ip6.src, &ip->src.u.v6, 16) == 0);
	CHECK(memcmp(&p->ip6.dst, &ip->dst.u.v6, 16) == 0);
	CHECK_INT(flen, 14 + 40 + l4len);
	/* Every IPv6 upper layer (ICMPv6 too) has the pseudo-header in its checksum. */
	uint32_t ps = pseudo(ip->src.u.v6.s6_addr, ip->dst.u.v6.s6_addr, 16, proto, l4len);
	CHECK_INT(nw_inet_checksum(f + 54, l4len, ps), 0);
	return 54;
}

static void test_arp(struct nw_craft *c)
{
	struct nw_arp_spec s;
	struct nw_pkt p;
	uint8_t *f = NULL;
	size_t flen = 0;

	for (int op = 1; op <= 2; op++) {
		memset(&s, 0, sizeof(s));
		s.op = (uint16_t)op;
		memcpy(s.eth_src, mac_a, 6);
		if (op == 1)
			memset(s.eth_dst, 0xff, 6);
		else
			memcpy(s.eth_dst, mac_b, 6);
		memcpy(s.sha, mac_a, 6);
		if (op == 2)
			memcpy(s.tha, mac_b, 6);
		s.spa = v4("198.18.0.1");
		s.tpa = v4("198.18.0.2");
		if (!get_frame(c, nw_craft_arp(c, &s), &f, &flen, &p))
			continue;
		CHECK_INT(flen, 14 + 28);
		CHECK(memcmp(p.link.src, s.eth_src, 6) == 0);
		CHECK(memcmp(p.link.dst, s.eth_dst, 6) == 0);
		CHECK_INT(p.link.ethertype, NW_ETHERTYPE_ARP);
		CHECK(p.layers & NW_HAS_ARP);
		CHECK(p.arp.is_eth_ipv4);
		CHECK_INT(p.arp.htype, 1);
		CHECK_INT(p.arp.ptype, 0x0800);
		CHECK_INT(p.arp.hlen, 6);
		CHECK_INT(p.arp.plen, 4);
		CHECK_INT(p.arp.op, op);
		CHECK(memcmp(p.arp.sha, s.sha, 6) == 0);
		CHECK(memcmp(p.arp.tha, s.tha, 6) == 0);
		CHECK(p.arp.spa.s_addr == s.spa.s_addr);
		CHECK(p.arp.tpa.s_addr == s.tpa.s_addr);
		free(f);
	}
}

static void test_echo(struct nw_craft *c, bool six)
{
	struct nw_ip_spec ip;
	struct nw_pkt p;
	uint8_t *f = NULL;
	size_t flen = 0, off;
	size_t plen = sizeof(payload) - 1;

	if (six)
		spec_v6(&ip);
	else
		spec_v4(&ip);
	if (!get_frame(c, nw_craft_echo(c, &ip, 0x1234, 0xfedc, payload, plen), &f, &flen, &p))
		return;
	off = check_ip(&p, f, flen, &ip, six ? 58 : 1, six ? 64 : 17, 8 + plen);
	if (six) {
		CHECK(p.layers & NW_HAS_ICMPV6);
		CHECK_INT(p.icmp6.type, 128);
		CHECK_INT(p.icmp6.code, 0);
		CHECK_INT(p.icmp6.id, 0x1234);
		CHECK_INT(p.icmp6.seq, 0xfedc);
		CHECK_INT(p.icmp6.checksum, (f[off + 2] << 8) | f[off + 3]);
	} else {
		CHECK(p.layers & NW_HAS_ICMP);
		CHECK_INT(p.icmp.type, 8);
		CHECK_INT(p.icmp.code, 0);
		CHECK_INT(p.icmp.id, 0x1234);
		CHECK_INT(p.icmp.seq, 0xfedc);
		CHECK_INT(p.icmp.checksum, (f[off + 2] << 8) | f[off + 3]);
	}
	CHECK(memcmp(f + off + 8, payload, plen) == 0);
	free(f);

	/* An empty payload as well. */
	if (!get_frame(c, nw_craft_echo(c, &ip, 1, 2, NULL, 0), &f, &flen, &p))
		return;
	check_ip(&p, f, flen, &ip, six ? 58 : 1, six ? 64 : 17, 8);
	free(f);
}

static void test_udp(struct nw_craft *c, bool six)
{
	struct nw_ip_spec ip;
	struct nw_pkt p;
	uint8_t *f = NULL;
	size_t flen = 0, plen = sizeof(payload) - 1;

	if (six)
		spec_v6(&ip);
	else
		spec_v4(&ip);
	ip.ttl = 3;
	for (int odd = 0; odd < 2; odd++) {
		size_t n = plen - (size_t)odd; /* odd and even lengths (checksum padding) */
		if (!get_frame(c, nw_craft_udp(c, &ip, 40000, 53, payload, n), &f, &flen, &p))
			return;
		size_t off = check_ip(&p, f, flen, &ip, 17, 3, 8 + n);
		CHECK(p.layers & NW_HAS_UDP);
		CHECK_INT(p.udp.sport, 40000);
		CHECK_INT(p.udp.dport, 53);
		CHECK_INT(p.udp.len, 8 + n);
		CHECK(p.udp.checksum != 0);
		CHECK_INT(p.udp.checksum, (f[off + 6] << 8) | f[off + 7]);
		CHECK_INT(p.udp.payload_len, n);
		CHECK(p.udp.payload == f + off + 8);
		CHECK(p.udp.payload && memcmp(p.udp.payload, payload, n) == 0);
		free(f);
	}
}

static void check_tcp(const struct nw_pkt *p, const struct nw_tcp_spec *t, size_t optlen,
		      const uint8_t *pl, size_t plen)
{
	CHECK(p->layers & NW_HAS_TCP);
	CHECK_INT(p->tcp.sport, t->sport);
	CHECK_INT(p->tcp.dport, t->dport);
	CHECK_INT(p->tcp.seq, t->seq);
	CHECK_INT(p->tcp.ack, t->ack);
	CHECK_INT(p->tcp.flags, t->flags);
	CHECK_INT(p->tcp.window, t->window);
	CHECK_INT(p->tcp.doff, 20 + optlen);
	CHECK_INT(p->tcp.urgent, 0);
	CHECK_INT(p->tcp.has_mss, t->mss != 0);
	if (t->mss)
		CHECK_INT(p->tcp.mss, t->mss);
	CHECK_INT(p->tcp.has_wscale, t->wscale >= 0);
	if (t->wscale >= 0)
		CHECK_INT(p->tcp.wscale, t->wscale);
	CHECK_INT(p->tcp.sack_permitted, t->sack_permitted);
	CHECK_INT(p->tcp.has_ts, t->has_ts);
	if (t->has_ts) {
		CHECK_INT(p->tcp.ts_val, t->ts_val);
		CHECK_INT(p->tcp.ts_ecr, t->ts_ecr);
	}
	CHECK_INT(p->tcp.sack_count, t->sack_count);
	for (int i = 0; i < t->sack_count && i < p->tcp.sack_count; i++) {
		CHECK_INT(p->tcp.sack[i].left, t->sack_left[i]);
		CHECK_INT(p->tcp.sack[i].right, t->sack_right[i]);
	}
	CHECK_INT(p->tcp.has_tfo, t->has_tfo);
	if (t->has_tfo) {
		CHECK_INT(p->tcp.tfo_cookie_len, t->tfo_cookie_len);
		CHECK(memcmp(p->tcp.tfo_cookie, t->tfo_cookie, t->tfo_cookie_len) == 0);
	}
	CHECK(!p->tcp.has_mptcp);
	CHECK_INT(p->tcp.unknown_options, 0);
	CHECK_INT(p->tcp.payload_len, plen);
	if (plen)
		CHECK(p->tcp.payload && memcmp(p->tcp.payload, pl, plen) == 0);
}

static void tcp_case(struct nw_craft *c, bool six, const struct nw_tcp_spec *t, size_t optlen,
		     const uint8_t *pl, size_t plen)
{
	struct nw_ip_spec ip;
	struct nw_pkt p;
	uint8_t *f = NULL;
	size_t flen = 0;

	if (six)
		spec_v6(&ip);
	else
		spec_v4(&ip);
	if (!get_frame(c, nw_craft_tcp(c, &ip, t, pl, plen), &f, &flen, &p))
		return;
	size_t off = check_ip(&p, f, flen, &ip, 6, six ? 64 : 17, 20 + optlen + plen);
	CHECK_INT(p.tcp.checksum, (f[off + 16] << 8) | f[off + 17]);
	check_tcp(&p, t, optlen, pl, plen);
	/* Options are padded to 4 bytes with NOPs and an EOL. */
	CHECK_INT((f[off + 12] >> 4) * 4, 20 + optlen);
	free(f);
}

static void test_tcp(struct nw_craft *c, bool six)
{
	struct nw_tcp_spec t;

	/* A bare segment: no options, payload. */
	memset(&t, 0, sizeof(t));
	t.sport = 33000;
	t.dport = 80;
	t.seq = 0x01020304;
	t.ack = 0xa0b0c0d0;
	t.flags = NW_TCP_ACK | NW_TCP_PSH;
	t.window = 501;
	t.wscale = -1;
	tcp_case(c, six, &t, 0, payload, sizeof(payload) - 1);
	tcp_case(c, six, &t, 0, payload, 7); /* odd length */

	/* A SYN with MSS, SACK-permitted, timestamps, window scale and a TFO cookie. */
	memset(&t, 0, sizeof(t));
	t.sport = 45678;
	t.dport = 443;
	t.seq = 0xfffffff0;
	t.flags = NW_TCP_SYN | NW_TCP_ECE | NW_TCP_CWR;
	t.window = 64240;
	t.mss = 1460;
	t.wscale = 7;
	t.sack_permitted = true;
	t.has_ts = true;
	t.ts_val = 0x11223344;
	t.ts_ecr = 0;
	t.has_tfo = true;
	t.tfo_cookie_len = 8;
	memcpy(t.tfo_cookie, "\x5c\x1f\xa7\xf9\xae\x91\x00\x7f", 8);
	/* 4 + 4 + 12 + 4 + 10 = 34, padded to 36 */
	tcp_case(c, six, &t, 36, payload, 5);

	/* A TFO cookie request (empty cookie) with MSS only. */
	memset(&t, 0, sizeof(t));
	t.sport = 1;
	t.dport = 2;
	t.flags = NW_TCP_SYN;
	t.window = 1024;
	t.mss = 536;
	t.wscale = -1;
	t.has_tfo = true;
	t.tfo_cookie_len = 0;
	tcp_case(c, six, &t, 8, NULL, 0);

	/* Three SACK blocks with timestamps (12 + 28 = 40 bytes). */
	memset(&t, 0, sizeof(t));
	t.sport = 22;
	t.dport = 50022;
	t.seq = 7;
	t.ack = 1000;
	t.flags = NW_TCP_ACK;
	t.window = 65535;
	t.wscale = -1;
	t.has_ts = true;
	t.ts_val = 0xdeadbeef;
	t.ts_ecr = 0x0badcafe;
	t.sack_count = 3;
	for (int i = 0; i < 3; i++) {
		t.sack_left[i] = 2000u + 1000u * (unsigned)i;
		t.sack_right[i] = 2500u + 1000u * (unsigned)i;
	}
	tcp_case(c, six, &t, 40, NULL, 0);

	/* Four SACK blocks without timestamps (4 + 32 = 36 bytes). */
	t.has_ts = false;
	t.sack_count = 4;
	t.sack_left[3] = 0xfffffff0u;
	t.sack_right[3] = 0x10u;
	tcp_case(c, six, &t, 36, payload, 3);

	/* AccECN: the AE bit, which libnet_build_tcp() cannot set. */
	memset(&t, 0, sizeof(t));
	t.sport = 5000;
	t.dport = 6000;
	t.seq = 42;
	t.flags = NW_TCP_SYN | NW_TCP_ECE | NW_TCP_CWR | NW_TCP_AE;
	t.window = 29200;
	t.mss = 1400;
	t.wscale = 0;
	t.sack_permitted = true;
	tcp_case(c, six, &t, 12, NULL, 0);
	t.flags = NW_TCP_ACK | NW_TCP_AE | NW_TCP_FIN | NW_TCP_URG | NW_TCP_RST;
	t.ack = 43;
	tcp_case(c, six, &t, 12, payload, 9);

	/* Options that cannot fit are refused with a reason. */
	struct nw_ip_spec ip;
	if (six)
		spec_v6(&ip);
	else
		spec_v4(&ip);
	memset(&t, 0, sizeof(t));
	t.wscale = -1;
	t.mss = 1460;
	t.has_ts = true;
	t.sack_count = 4;
	CHECK_INT(nw_craft_tcp(c, &ip, &t, NULL, 0), -1);
	CHECK(strstr(nw_craft_error(c), "40 bytes") != NULL);
}

static void test_ndp(struct nw_craft *c)
{
	struct nw_ip_spec ip;
	struct nw_pkt p;
	struct in6_addr target = v6("2001:db8::42:1:2:3"), group;
	uint8_t gmac[6], *f = NULL;
	size_t flen = 0, off;

	nw_solicited_node(&target, &group, gmac);
	CHECK(memcmp(&group,
		     &(struct in6_addr){
			 {{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x02, 0x00, 0x03}}},
		     16) == 0);
	CHECK(memcmp(gmac, "\x33\x33\xff\x02\x00\x03", 6) == 0);

	/* Solicitation with a source link-layer option. */
	spec_v6(&ip);
	ip.ttl = 1; /* ignored: ND is always hop limit 255 */
	ip.dst.u.v6 = group;
	memcpy(ip.eth_dst, gmac, 6);
	if (get_frame(c, nw_craft_ndp_ns(c, &ip, &target), &f, &flen, &p)) {
		off = check_ip(&p, f, flen, &ip, 58, 255, 24 + 8);
		CHECK(p.layers & NW_HAS_ICMPV6);
		CHECK_INT(p.icmp6.type, 135);
		CHECK_INT(p.icmp6.code, 0);
		CHECK(memcmp(&p.icmp6.target, &target, 16) == 0);
		CHECK(p.icmp6.has_src_lladdr);
		CHECK(!p.icmp6.has_tgt_lladdr);
		CHECK(memcmp(p.icmp6.src_lladdr, mac_a, 6) == 0);
		CHECK(memcmp(f + off + 24, "\x01\x01", 2) == 0); /* type 1, length 1 (8 bytes) */
		CHECK_INT(p.icmp6.checksum, (f[off + 2] << 8) | f[off + 3]);
		free(f);
	}

	/* DAD: source ::, no source link-layer option. */
	memset(&ip.src.u.v6, 0, 16);
	if (get_frame(c, nw_craft_ndp_ns(c, &ip, &target), &f, &flen, &p)) {
		check_ip(&p, f, flen, &ip, 58, 255, 24);
		CHECK_INT(p.icmp6.type, 135);
		CHECK(memcmp(&p.icmp6.target, &target, 16) == 0);
		CHECK(!p.icmp6.has_src_lladdr);
		CHECK(!p.icmp6.has_tgt_lladdr);
		free(f);
	}

	/* Advertisements, every flag combination. */
	for (int fl = 0; fl < 8; fl++) {
		bool r = fl & 1, s = fl & 2, o = fl & 4;
		spec_v6(&ip);
		ip.src.u.v6 = target;
		if (!get_frame(c, nw_craft_ndp_na(c, &ip, &target, r, s, o), &f, &flen, &p))
			continue;
		off = check_ip(&p, f, flen, &ip, 58, 255, 24 + 8);
		CHECK_INT(p.icmp6.type, 136);
		CHECK_INT(p.icmp6.code, 0);
		CHECK_INT(p.icmp6.nd_router, r);
		CHECK_INT(p.icmp6.nd_solicited, s);
		CHECK_INT(p.icmp6.nd_override, o);
		CHECK_INT(f[off + 4], (r ? 0x80 : 0) | (s ? 0x40 : 0) | (o ? 0x20 : 0));
		CHECK(memcmp(&p.icmp6.target, &target, 16) == 0);
		CHECK(p.icmp6.has_tgt_lladdr);
		CHECK(!p.icmp6.has_src_lladdr);
		CHECK(memcmp(p.icmp6.tgt_lladdr, mac_a, 6) == 0);
		free(f);
	}

	/* ND over IPv4 is refused. */
	spec_v4(&ip);
	CHECK_INT(nw_craft_ndp_ns(c, &ip, &target), -1);
	CHECK(strstr(nw_craft_error(c), "IPv6") != NULL);
}

static void test_errors(struct nw_craft *c)
{
	struct nw_ip_spec ip;
	char err[256] = "";

	spec_v4(&ip);
	ip.dst.family = AF_INET6;
	CHECK_INT(nw_craft_udp(c, &ip, 1, 2, NULL, 0), -1);
	CHECK(strchr(nw_craft_error(c), '\n') == NULL);
	CHECK(strlen(nw_craft_error(c)) > 0);
	memset(&ip, 0, sizeof(ip));
	CHECK_INT(nw_craft_echo(c, &ip, 1, 2, NULL, 0), -1);

	/* A link context on an interface that does not exist: one line. */
	CHECK(nw_craft_open_link("nw-no-such0", err, sizeof(err)) == NULL);
	CHECK(strlen(err) > 0);
	CHECK(strchr(err, '\n') == NULL);
	fprintf(stderr, "(expected) %s\n", err);

	/* A build-only context has no interface MAC. */
	uint8_t mac[6];
	CHECK_INT(nw_craft_hwaddr(c, mac), -1);
	CHECK(strchr(nw_craft_error(c), '\n') == NULL);
}

/* As root: a crafted UDP datagram written on loopback is seen by a capture there. */
static void test_send_lo(void)
{
	char err[512] = "", filter[64];
	struct nw_craft *c;
	struct nw_cap *cap;
	struct nw_ip_spec ip;
	uint8_t mac[6];
	uint16_t port;
	int got = 0;

	if (geteuid() != 0) {
		fprintf(stderr, "not root: send on loopback skipped\n");
		return;
	}
	c = nw_craft_open_link("lo", err, sizeof(err));
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "nw_craft_open_link: %s\n", err);
		return;
	}
	CHECK_INT(nw_craft_hwaddr(c, mac), 0);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	port = (uint16_t)(40000 + rand() % 20000);
	snprintf(filter, sizeof(filter), "udp and dst port %u", port);
	cap = nw_cap_open_live("lo", filter, 2048, err, sizeof(err));
	CHECK(cap != NULL);
	if (!cap) {
		fprintf(stderr, "nw_cap_open_live: %s\n", err);
		nw_craft_close(c);
		return;
	}
	memset(&ip, 0, sizeof(ip));
	ip.src.family = ip.dst.family = AF_INET;
	ip.src.u.v4 = ip.dst.u.v4 = v4("127.0.0.1");
	CHECK_INT(nw_craft_udp(c, &ip, 40000, port, payload, 9), 0);
	/* A build replaces what was built before: the frame is one datagram. */
	CHECK_INT(nw_craft_send(c), 14 + 20 + 8 + 9);
	for (int tries = 0; tries < 20 && !got; tries++) {
		struct pollfd pfd = {.fd = nw_cap_fd(cap), .events = POLLIN};
		struct nw_cap_pkt cp;
		struct nw_pkt p;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		while (nw_cap_next(cap, &cp, err, sizeof(err)) == 1) {
			CHECK_INT(nw_decode(nw_cap_linktype(cap), cp.data, cp.caplen, &p), NW_OK);
			CHECK_INT(p.udp.dport, port);
			CHECK_INT(p.udp.payload_len, 9);
			CHECK(p.udp.payload && memcmp(p.udp.payload, payload, 9) == 0);
			got++;
		}
	}
	CHECK(got >= 1);
	nw_cap_close(cap);
	nw_craft_close(c);
}

int main(void)
{
	char err[256];
	struct nw_craft *c = nw_craft_open_build(err, sizeof(err));

	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "nw_craft_open_build: %s\n", err);
		return nw_test_result("test_craft");
	}
	test_arp(c);
	test_echo(c, false);
	test_echo(c, true);
	test_udp(c, false);
	test_udp(c, true);
	test_tcp(c, false);
	test_tcp(c, true);
	test_ndp(c);
	test_errors(c);
	nw_craft_close(c);
	test_send_lo();
	return nw_test_result("test_craft");
}
