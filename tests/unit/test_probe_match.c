/*
 * test_probe_match.c: probe/match.h (answers matched back to probes),
 * probe/cookie.h (stateless cookies), base/siphash.h and the checksum
 * arithmetic of wire/checksum.h.  Probes are crafted with libnet (which
 * computes their checksums itself); answers are written here byte by byte
 * around the probe's own bytes, as routers and hosts quote them; the
 * traceroute in tcpdump's mpls-traceroute capture is matched too.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/addr.h"
#include "probe/cookie.h"
#include "probe/match.h"
#include "base/siphash.h"
#include "sys/capture.h"
#include "sys/craft.h"
#include "wire/checksum.h"
#include "wire/pkt.h"
#include "testlib.h"
#include "probe_frames.h"

#define NPROBES	 6
#define ETH_HLEN 14

static struct nw_craft *craft;

/* The hosts: us, the destination, a router on the way, a NAT's public address. */
struct hosts {
	struct nw_addr me, dst, router, public;
};

static struct hosts hosts_of(int family)
{
	struct hosts h;
	if (family == AF_INET) {
		h.me = frame_addr("198.18.0.1");
		h.dst = frame_addr("198.18.200.2");
		h.router = frame_addr("198.18.100.254");
		h.public = frame_addr("198.19.0.77");
	} else {
		h.me = frame_addr("2001:db8::1");
		h.dst = frame_addr("2001:db8:200::2");
		h.router = frame_addr("2001:db8:100::fe");
		h.public = frame_addr("2001:db8:99::77");
	}
	return h;
}

/* ---- probes, crafted by libnet --------------------------------------------- */

struct probe {
	uint8_t ip[MAX_PKT]; /* the IP packet as it left */
	size_t len;
	struct nw_probe_key key;
};

/* The key the sender files: what it put in the packet, read back from its bytes. */
static void key_from_pkt(const struct nw_pkt *p, struct nw_probe_key *k)
{
	memset(k, 0, sizeof(*k));
	if (p->layers & NW_HAS_IPV4) {
		nw_addr_from_v4(&k->src, p->ip4.src);
		nw_addr_from_v4(&k->dst, p->ip4.dst);
		k->ttl = p->ip4.ttl;
		k->ip_id = p->ip4.id;
	} else {
		nw_addr_from_v6(&k->src, &p->ip6.src);
		nw_addr_from_v6(&k->dst, &p->ip6.dst);
		k->ttl = p->ip6.hop_limit;
		k->ip6_plen = p->ip6.payload_len;
	}
	if (p->layers & NW_HAS_UDP) {
		k->proto = NW_PROBE_UDP;
		k->sport = p->udp.sport;
		k->dport = p->udp.dport;
		k->checksum = p->udp.checksum;
	} else if (p->layers & NW_HAS_TCP) {
		k->proto = NW_PROBE_TCP;
		k->sport = p->tcp.sport;
		k->dport = p->tcp.dport;
		k->tcp_seq = p->tcp.seq;
		k->checksum = p->tcp.checksum;
	} else {
		k->proto = NW_PROBE_ICMP;
		k->echo_id = (p->layers & NW_HAS_ICMP) ? p->icmp.id : p->icmp6.id;
		k->echo_seq = (p->layers & NW_HAS_ICMP) ? p->icmp.seq : p->icmp6.seq;
		k->checksum = (p->layers & NW_HAS_ICMP) ? p->icmp.checksum : p->icmp6.checksum;
	}
}

/* Take the frame libnet built (rc from the builder) into pr: its IP packet and its key. */
static bool take_frame(int rc, struct probe *pr)
{
	uint8_t *f = NULL;
	size_t flen = 0;
	struct nw_pkt p;

	if (rc != 0 || nw_craft_frame(craft, &f, &flen) != 0 || flen - ETH_HLEN > MAX_PKT) {
		fprintf(stderr, "craft: %s\n", nw_craft_error(craft));
		CHECK(false);
		free(f);
		return false;
	}
	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, flen, &p), NW_OK);
	pr->len = flen - ETH_HLEN;
	memcpy(pr->ip, f + ETH_HLEN, pr->len);
	key_from_pkt(&p, &pr->key);
	free(f);
	return true;
}

static struct nw_ip_spec ip_spec(const struct hosts *h, uint8_t ttl, uint16_t ip_id)
{
	struct nw_ip_spec ip;
	memset(&ip, 0, sizeof(ip));
	ip.src = h->me;
	ip.dst = h->dst;
	ip.ttl = ttl;
	ip.ip_id = ip_id;
	return ip;
}

static bool craft_udp(const struct hosts *h, uint8_t ttl, uint16_t ip_id, uint16_t sport,
		      uint16_t dport, const uint8_t *pl, size_t len, struct probe *pr)
{
	struct nw_ip_spec ip = ip_spec(h, ttl, ip_id);
	return take_frame(nw_craft_udp(craft, &ip, sport, dport, pl, len), pr);
}

static bool craft_echo(const struct hosts *h, uint8_t ttl, uint16_t id, uint16_t seq,
		       const uint8_t *pl, size_t len, struct probe *pr)
{
	struct nw_ip_spec ip = ip_spec(h, ttl, 0x1234);
	return take_frame(nw_craft_echo(craft, &ip, id, seq, pl, len), pr);
}

static bool craft_syn(const struct hosts *h, uint8_t ttl, uint16_t sport, uint16_t dport,
		      uint32_t seq, struct probe *pr)
{
	struct nw_ip_spec ip = ip_spec(h, ttl, 0x1234);
	struct nw_tcp_spec t = {.sport = sport,
				.dport = dport,
				.seq = seq,
				.flags = NW_TCP_SYN,
				.window = 1024,
				.wscale = -1};
	return take_frame(nw_craft_tcp(craft, &ip, &t, NULL, 0), pr);
}

/*
 * The payload word that gives a UDP datagram (ports, payload with the word
 * first) the checksum want, worked out by the sender before libnet builds
 * it: the checksum with the word 0, then nw_cksum_word_for().
 */
static uint16_t udp_paris_word(const struct hosts *h, uint16_t sport, uint16_t dport,
			       const uint8_t *pl, size_t len, uint16_t want)
{
	uint8_t d[64];
	size_t n = 8 + len;

	memset(d, 0, sizeof(d));
	set16(d, sport);
	set16(d + 2, dport);
	set16(d + 4, (uint16_t)n);
	memcpy(d + 8, pl, len);
	set16(d + 8, 0);
	uint16_t c0 =
	    nw_inet_checksum(d, n, nw_cksum_pseudo(&h->me, &h->dst, IPPROTO_UDP, (uint32_t)n));
	return nw_cksum_word_for(c0, 0, want);
}

/* The same for an echo request whose checksum must stay flow_cksum while seq changes. */
static uint16_t echo_paris_word(const struct hosts *h, uint16_t id, uint16_t seq, const uint8_t *pl,
				size_t len, uint16_t flow_cksum)
{
	int v6 = h->me.family == AF_INET6;
	uint8_t d[64];
	size_t n = 8 + len;
	uint32_t pseudo = v6 ? nw_cksum_pseudo(&h->me, &h->dst, IPPROTO_ICMPV6, (uint32_t)n) : 0;

	memset(d, 0, sizeof(d));
	d[0] = v6 ? 128 : 8;
	set16(d + 4, id);
	set16(d + 6, seq);
	memcpy(d + 8, pl, len);
	set16(d + 8, 0);
	return nw_cksum_word_for(nw_inet_checksum(d, n, pseudo), 0, flow_cksum);
}

static void time_exceeded(struct frame *f, const struct hosts *h, const struct probe *pr,
			  size_t qlen)
{
	uint8_t q[MAX_PKT];
	int v4 = h->me.family == AF_INET;

	memcpy(q, pr->ip, pr->len);
	q[v4 ? 8 : 7] = 1; /* as it arrived at the router that dropped it */
	icmp_error(f, &h->router, &h->me, v4 ? 11 : 3, 0, 0, q, qlen);
}

/* A time exceeded quoting the whole probe, its IP length field saying only 4 bytes follow the
 * header. */
static void time_exceeded_short_len(struct frame *f, const struct hosts *h, const struct probe *pr)
{
	uint8_t q[MAX_PKT];
	int v4 = h->me.family == AF_INET;
	size_t len = v4 ? 20 + 4 : 4; /* IPv4 total length; IPv6 payload length */

	memcpy(q, pr->ip, pr->len);
	q[v4 ? 8 : 7] = 1;
	q[v4 ? 2 : 4] = (uint8_t)(len >> 8);
	q[v4 ? 3 : 5] = (uint8_t)len;
	icmp_error(f, &h->router, &h->me, v4 ? 11 : 3, 0, 0, q, pr->len);
}

static void port_unreachable(struct frame *f, const struct hosts *h, const struct probe *pr,
			     size_t qlen)
{
	int v4 = h->me.family == AF_INET;
	icmp_error(f, &h->dst, &h->me, v4 ? 3 : 1, v4 ? 3 : 4, 0, pr->ip, qlen);
}

/* Decode a raw IP frame and look it up. */
static void lookup(const struct nw_match *m, const struct frame *f, struct nw_answer *a,
		   struct nw_match_result *r)
{
	struct nw_pkt p;
	nw_decode(NW_LINK_RAW, f->b, f->n, &p);
	nw_match_packet(m, &p, a, r);
}

/* Check the frame is ours, from probe id, of this kind and from this host. */
#define CHECK_OURS(m, f, want_id, want_kind, want_from)                                            \
	do {                                                                                       \
		struct nw_answer a_;                                                               \
		struct nw_match_result r_;                                                         \
		lookup(m, f, &a_, &r_);                                                            \
		CHECK(r_.ours);                                                                    \
		if (!r_.ours)                                                                      \
			fprintf(stderr, "  not ours: %s\n", r_.why ? r_.why : "(no reason)");      \
		CHECK_INT(r_.id, want_id);                                                         \
		CHECK_INT(a_.kind, want_kind);                                                     \
		CHECK(nw_addr_equal(&a_.from, want_from));                                         \
		CHECK_INT(r_.rewritten, 0);                                                        \
	} while (0)

/* Check the frame is not ours, for a reason containing want_why. */
#define CHECK_NOT_OURS(m, f, want_why)                                                             \
	do {                                                                                       \
		struct nw_answer a_;                                                               \
		struct nw_match_result r_;                                                         \
		lookup(m, f, &a_, &r_);                                                            \
		CHECK(!r_.ours);                                                                   \
		CHECK(r_.why &&strstr(r_.why, want_why));                                          \
		if (r_.why && !strstr(r_.why, want_why))                                           \
			fprintf(stderr, "  reason: %s\n", r_.why);                                 \
	} while (0)

/* ---- one flow of probes per protocol, mode and family ---------------------- */

static const uint8_t fill[8] = {0xa5, 0x5a, 'n', 'e', 't', 'w', 'l', 'k'};

/* Probe i of a flow in mode: what changes from probe to probe is the mode's identifying field. */
static bool make_probe(enum nw_probe_proto proto, enum nw_flow_mode mode, const struct hosts *h,
		       int i, uint16_t flow_cksum, struct probe *pr)
{
	uint8_t pl[32];
	uint8_t ttl = (uint8_t)(i + 1);

	memcpy(pl, fill, sizeof(fill));
	switch (proto) {
	case NW_PROBE_UDP:
		if (mode == NW_FLOW_CLASSIC)
			return craft_udp(h, ttl, 0x1234, 40000, (uint16_t)(33434 + i), pl, 8, pr);
		if (mode == NW_FLOW_PARIS) {
			uint16_t w = udp_paris_word(h, 40000, 33434, pl, 8, (uint16_t)(0x1000 + i));
			set16(pl, w);
			return craft_udp(h, ttl, 0x1234, 40000, 33434, pl, 8, pr);
		}
		/* dublin: the IPv4 ID, or (IPv6) the payload length */
		memset(pl + 8, 0, sizeof(pl) - 8);
		return craft_udp(h, ttl, (uint16_t)(0x5000 + i), 40000, 33434, pl,
				 h->me.family == AF_INET ? 8 : (size_t)(8 + i), pr);
	case NW_PROBE_ICMP:
		if (mode == NW_FLOW_PARIS)
			set16(pl, echo_paris_word(h, 0x4242, (uint16_t)(i + 1), pl, 8, flow_cksum));
		return craft_echo(h, ttl, 0x4242, (uint16_t)(i + 1), pl, 8, pr);
	case NW_PROBE_TCP:
		if (mode == NW_FLOW_CLASSIC) /* the destination port stays: the source port moves */
			return craft_syn(h, ttl, (uint16_t)(40000 + i), 80, 0x10000000, pr);
		return craft_syn(h, ttl, 40000, 80, 0x10000000u + (uint32_t)i * 7919, pr);
	}
	return false;
}

static bool make_probes(enum nw_probe_proto proto, enum nw_flow_mode mode, const struct hosts *h,
			struct probe *pr, int n)
{
	for (int i = 0; i < n; i++)
		if (!make_probe(proto, mode, h, i, 0, &pr[i]))
			return false;
	return true;
}

static bool mode_takes(enum nw_probe_proto proto, enum nw_flow_mode mode)
{
	return mode != NW_FLOW_DUBLIN || proto == NW_PROBE_UDP;
}

/* The destination's own answers to probe pr (filed as id). */
static void check_destination_answers(const struct nw_match *m, enum nw_flow_mode mode,
				      const struct hosts *h, const struct probe *pr, uint64_t id)
{
	struct frame f;
	const struct nw_probe_key *k = &pr->key;

	switch (k->proto) {
	case NW_PROBE_UDP:
		port_unreachable(&f, h, pr, pr->len);
		CHECK_OURS(m, &f, id, NW_ANSWER_UNREACHABLE, &h->dst);
		udp_answer(&f, k);
		if (mode == NW_FLOW_CLASSIC)
			CHECK_OURS(m, &f, id, NW_ANSWER_UDP, &h->dst);
		else
			CHECK_NOT_OURS(m, &f, "does not show which probe");
		break;
	case NW_PROBE_ICMP:
		echo_reply(&f, &h->dst, &h->me, k->echo_id, k->echo_seq);
		CHECK_OURS(m, &f, id, NW_ANSWER_ECHO_REPLY, &h->dst);
		break;
	case NW_PROBE_TCP:
		tcp_answer(&f, k, NW_TCP_SYN | NW_TCP_ACK, 777, k->tcp_seq + 1);
		CHECK_OURS(m, &f, id, NW_ANSWER_SYN_ACK, &h->dst);
		/* RFC 9293 3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
		tcp_answer(&f, k, NW_TCP_RST | NW_TCP_ACK, 0, k->tcp_seq + 1);
		CHECK_OURS(m, &f, id, NW_ANSWER_RST, &h->dst);
		tcp_answer(&f, k, NW_TCP_RST | NW_TCP_ACK, 0, k->tcp_seq); /* some stacks */
		CHECK_OURS(m, &f, id, NW_ANSWER_RST, &h->dst);
		tcp_answer(&f, k, NW_TCP_SYN | NW_TCP_ACK, 777, k->tcp_seq + 2);
		CHECK_NOT_OURS(m, &f, "");
		tcp_answer(&f, k, NW_TCP_RST, 0, 0);
		CHECK_NOT_OURS(m, &f, "RST without ACK");
		break;
	}
}

/* IPv4: nw_parse_ipv4 cuts the quote at the total length; IPv6: the length field is checked. */
#define IPV4_SHORT_LEN_WHY(fam) ((fam) == AF_INET ? "fewer than 8 bytes" : "length field leaves")

/* Router answers: the whole probe quoted, and (IPv4) only its IP header and 8 bytes. */
static void check_router_answers(const struct nw_match *m, const struct hosts *h,
				 const struct probe *pr, uint64_t id)
{
	struct frame f;
	struct nw_answer a;
	struct nw_match_result r;

	time_exceeded(&f, h, pr, pr->len);
	CHECK_OURS(m, &f, id, NW_ANSWER_TIME_EXCEEDED, &h->router);
	lookup(m, &f, &a, &r);
	CHECK_INT(a.probe.ttl, 1);
	CHECK(a.shows & NW_SHOWS_TTL);
	CHECK_INT(r.sent.ttl, pr->key.ttl);
	if (h->me.family == AF_INET) {
		time_exceeded(&f, h, pr, 28);
		CHECK_OURS(m, &f, id, NW_ANSWER_TIME_EXCEEDED, &h->router);
	}
	/* A quote cut inside the 8 bytes, or inside the IP header, shows no probe. */
	time_exceeded(&f, h, pr, iphlen(h->me.family) + 7);
	CHECK_NOT_OURS(m, &f, "fewer than 8 bytes");
	time_exceeded(&f, h, pr, iphlen(h->me.family) - 1);
	CHECK_NOT_OURS(m, &f, "inside its IP header");
	/* A quote whose length field leaves no room for the 8 bytes it shows is no probe of ours.
	 */
	time_exceeded_short_len(&f, h, pr);
	CHECK_NOT_OURS(m, &f, IPV4_SHORT_LEN_WHY(h->me.family));
}

static void run_flow(enum nw_probe_proto proto, enum nw_flow_mode mode, int family)
{
	struct hosts h = hosts_of(family);
	struct probe pr[NPROBES], first;
	struct nw_match *m = nw_match_new(mode, 64, NULL);
	const char *why = NULL;
	uint16_t flow_cksum = 0;

	if (!m || !make_probe(proto, NW_FLOW_CLASSIC, &h, 0, 0, &first)) {
		CHECK(false);
		nw_match_free(m);
		return;
	}
	flow_cksum = first.key.checksum; /* paris ICMP: every probe keeps the first's checksum */
	for (int i = 0; i < NPROBES; i++) {
		if (!make_probe(proto, mode, &h, i, flow_cksum, &pr[i]))
			break;
		int rc = nw_match_add(m, &pr[i].key, 100 + (uint64_t)i, &why);
		if (!mode_takes(proto, mode)) {
			CHECK_INT(rc, -1);
			CHECK(why && strstr(why, "dublin"));
			nw_match_free(m);
			return;
		}
		CHECK_INT(rc, 0);
		if (rc != 0)
			fprintf(stderr, "  nw_match_add: %s\n", why);
	}
	CHECK_INT(nw_match_count(m), NPROBES);
	for (int i = NPROBES - 1; i >= 0; i--) { /* answers in any order */
		check_router_answers(m, &h, &pr[i], 100 + (uint64_t)i);
		check_destination_answers(m, mode, &h, &pr[i], 100 + (uint64_t)i);
	}
	/* Forgotten probes are not ours any more. */
	CHECK(nw_match_remove(m, &pr[2].key));
	CHECK(!nw_match_remove(m, &pr[2].key));
	struct frame f;
	time_exceeded(&f, &h, &pr[2], pr[2].len);
	CHECK_NOT_OURS(m, &f, "no waiting probe");
	nw_match_free(m);
}

static void test_flows(void)
{
	static const enum nw_probe_proto protos[] = {NW_PROBE_UDP, NW_PROBE_ICMP, NW_PROBE_TCP};
	static const enum nw_flow_mode modes[] = {NW_FLOW_CLASSIC, NW_FLOW_PARIS, NW_FLOW_DUBLIN};
	static const int families[] = {AF_INET, AF_INET6};

	for (size_t p = 0; p < 3; p++)
		for (size_t mo = 0; mo < 3; mo++)
			for (size_t fa = 0; fa < 2; fa++) {
				int before = nw_test_failures;
				run_flow(protos[p], modes[mo], families[fa]);
				if (nw_test_failures != before)
					fprintf(stderr, "  (protocol %d, mode %d, IPv%d)\n",
						protos[p], modes[mo],
						families[fa] == AF_INET ? 4 : 6);
			}
}

/* ---- the identifying fields themselves -------------------------------------- */

/* Paris: the 5-tuple (and ICMP checksum) constant, the identifying field different. */
static void test_paris_fields(int family)
{
	struct hosts h = hosts_of(family);
	struct probe first, pr[NPROBES];

	if (!make_probe(NW_PROBE_ICMP, NW_FLOW_CLASSIC, &h, 0, 0, &first))
		return;
	for (int i = 0; i < NPROBES; i++) {
		const struct nw_probe_key *k = &pr[i].key;
		if (!make_probe(NW_PROBE_UDP, NW_FLOW_PARIS, &h, i, 0, &pr[i]))
			return;
		/* libnet computed the checksum: it is the one chosen, and verifies. */
		CHECK_INT(k->checksum, 0x1000 + i);
		CHECK_INT(ref_l4_checksum(pr[i].ip, pr[i].len, family, 6), k->checksum);
		CHECK_INT(k->sport, 40000);
		CHECK_INT(k->dport, 33434);
		CHECK_INT(k->ip_id, family == AF_INET ? 0x1234 : 0);
		if (!make_probe(NW_PROBE_ICMP, NW_FLOW_PARIS, &h, i, first.key.checksum, &pr[i]))
			return;
		CHECK_INT(k->checksum, first.key.checksum);
		CHECK_INT(ref_l4_checksum(pr[i].ip, pr[i].len, family, 2), k->checksum);
		CHECK_INT(k->echo_seq, i + 1);
		CHECK_INT(k->echo_id, 0x4242);
	}
}

/* The checksum helpers against a checksum worked out in full. */
static void test_checksum_helpers(void)
{
	uint8_t d[40];
	struct hosts h4 = hosts_of(AF_INET), h6 = hosts_of(AF_INET6);

	srand(7);
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof(d); i++)
			d[i] = (uint8_t)rand();
		uint16_t c = nw_inet_checksum(d, sizeof(d), 0);
		CHECK_INT(c, ref_finish(ref_add(0, d, sizeof(d))));
		/* Change 6 bytes (an address and a port, say): update vs recompute. */
		uint8_t before[6], after[6];
		memcpy(before, d + 12, 6);
		for (int i = 0; i < 6; i++)
			after[i] = (uint8_t)rand();
		memcpy(d + 12, after, 6);
		CHECK(nw_cksum_same(nw_cksum_update(c, before, after, 6),
				    ref_finish(ref_add(0, d, sizeof(d)))));
		uint16_t c2 = nw_inet_checksum(d, sizeof(d), 0), w = get16(d + 30);
		uint16_t nw = (uint16_t)rand();
		set16(d + 30, nw);
		CHECK(nw_cksum_same(nw_cksum_update16(c2, w, nw), ref_finish(ref_add(0, d, 40))));
		/* The word that brings the checksum to any value wanted. */
		uint16_t want = (uint16_t)(1 + rand() % 0xfffe);
		set16(d + 30, nw_cksum_word_for(nw_inet_checksum(d, 40, 0), get16(d + 30), want));
		CHECK(nw_cksum_same(ref_finish(ref_add(0, d, 40)), want));
	}
	/* The pseudo-headers, against the bytes laid out by hand. */
	uint8_t ph[40];
	memcpy(ph, &h4.me.u.v4, 4);
	memcpy(ph + 4, &h4.dst.u.v4, 4);
	set16(ph + 8, 17);
	set16(ph + 10, 1234);
	CHECK_INT(nw_inet_checksum(NULL, 0, nw_cksum_pseudo(&h4.me, &h4.dst, 17, 1234)),
		  ref_finish(ref_add(0, ph, 12)));
	memcpy(ph, &h6.me.u.v6, 16);
	memcpy(ph + 16, &h6.dst.u.v6, 16);
	set32(ph + 32, 70000);
	set32(ph + 36, 58);
	CHECK_INT(nw_inet_checksum(NULL, 0, nw_cksum_pseudo(&h6.me, &h6.dst, 58, 70000)),
		  ref_finish(ref_add(0, ph, 40)));
	CHECK(nw_cksum_same(0, 0xffff));
	CHECK(nw_cksum_same(0xffff, 0));
	CHECK(!nw_cksum_same(0, 1));
}

/* ---- NAT, routers that rewrite, other programs ------------------------------ */

/*
 * The quote as a NAT that did not translate it back leaves it: source
 * address (and port, unless port is 0) rewritten, the transport checksum
 * made right for them (fix) or left as it was.
 */
static void nat_quote(const struct probe *pr, const struct nw_addr *public, uint16_t port, bool fix,
		      struct probe *out)
{
	int family = public->family;
	*out = *pr;
	memcpy(out->ip + (family == AF_INET ? 12 : 8), &public->u, alen(family));
	if (port)
		set16(out->ip + iphlen(family), port);
	if (fix)
		fix_l4_checksum(out->ip, out->len, family);
	if (family == AF_INET)
		set16(out->ip + 10, 0); /* the IPv4 header checksum is not looked at */
}

/* Expect rewritten flags want from a time exceeded quoting q. */
static void check_rewritten(const struct nw_match *m, const struct hosts *h, const struct probe *q,
			    size_t qlen, uint64_t want_id, unsigned want)
{
	struct frame f;
	struct nw_answer a;
	struct nw_match_result r;

	time_exceeded(&f, h, q, qlen);
	lookup(m, &f, &a, &r);
	CHECK(r.ours);
	if (!r.ours)
		fprintf(stderr, "  not ours: %s\n", r.why);
	CHECK_INT(r.id, want_id);
	CHECK_INT(r.rewritten, want);
}

static struct nw_match *filed(enum nw_flow_mode mode, struct probe *pr, int n)
{
	struct nw_match *m = nw_match_new(mode, 64, NULL);
	for (int i = 0; m && i < n; i++)
		CHECK_INT(nw_match_add(m, &pr[i].key, 100 + (uint64_t)i, NULL), 0);
	return m;
}

static void test_nat_udp(enum nw_flow_mode mode, int family)
{
	struct hosts h = hosts_of(family);
	struct probe pr[3], q;
	struct frame f;

	if (!make_probes(NW_PROBE_UDP, mode, &h, pr, 3))
		return;
	struct nw_match *m = filed(mode, pr, 3);
	if (!m)
		return;
	/* Address and port rewritten, checksum updated with them: ours, flagged. */
	nat_quote(&pr[1], &h.public, 61000, true, &q);
	check_rewritten(m, &h, &q, q.len, 101, NW_REWRITE_SRC | NW_REWRITE_SPORT);
	if (family == AF_INET)
		check_rewritten(m, &h, &q, 28, 101, NW_REWRITE_SRC | NW_REWRITE_SPORT);
	/* Only the address rewritten. */
	nat_quote(&pr[2], &h.public, 0, true, &q);
	check_rewritten(m, &h, &q, q.len, 102, NW_REWRITE_SRC);
	/* Rewritten, and the checksum not made to agree: nothing shows a NAT did it. */
	nat_quote(&pr[1], &h.public, 61000, false, &q);
	time_exceeded(&f, &h, &q, q.len);
	CHECK_NOT_OURS(m, &f, "");
	/* Ports translated back, checksum left as the NAT made it (trippy's NAT sign). */
	nat_quote(&pr[0], &h.public, 61000, true, &q);
	memcpy(q.ip + (family == AF_INET ? 12 : 8), &h.me.u, alen(family));
	set16(q.ip + iphlen(family), 40000);
	if (mode == NW_FLOW_PARIS) {
		time_exceeded(&f, &h, &q, q.len);
		CHECK_NOT_OURS(m, &f, "UDP checksum");
	} else {
		check_rewritten(m, &h, &q, q.len, 100, NW_REWRITE_CHECKSUM);
	}
	/* Another program on our own address and a port of its own: not a NAT. */
	nat_quote(&pr[1], &h.me, 50000, true, &q);
	time_exceeded(&f, &h, &q, q.len);
	CHECK_NOT_OURS(m, &f, "another program");
	nw_match_free(m);
}

static void test_nat(void)
{
	static const enum nw_flow_mode modes[] = {NW_FLOW_CLASSIC, NW_FLOW_PARIS, NW_FLOW_DUBLIN};

	for (size_t i = 0; i < 3; i++) {
		test_nat_udp(modes[i], AF_INET);
		test_nat_udp(modes[i], AF_INET6);
	}
	for (int v6 = 0; v6 <= 1; v6++) {
		struct hosts h = hosts_of(v6 ? AF_INET6 : AF_INET);
		struct probe pr[2], q;
		struct frame f;
		if (!make_probe(NW_PROBE_TCP, NW_FLOW_PARIS, &h, 0, 0, &pr[0]) ||
		    !make_probe(NW_PROBE_ICMP, NW_FLOW_CLASSIC, &h, 0, 0, &pr[1]))
			return;
		struct nw_match *m = filed(NW_FLOW_CLASSIC, pr, 2);
		/* TCP: the sequence number (in the 8 bytes) shows it is ours. */
		nat_quote(&pr[0], &h.public, 61000, true, &q);
		check_rewritten(m, &h, &q, q.len, 100,
				NW_REWRITE_SRC | NW_REWRITE_SPORT | (v6 ? 0 : 0));
		if (!v6)
			check_rewritten(m, &h, &q, 28, 100, NW_REWRITE_SRC | NW_REWRITE_SPORT);
		set32(q.ip + iphlen(h.me.family) + 4, pr[0].key.tcp_seq + 1);
		fix_l4_checksum(q.ip, q.len, h.me.family);
		time_exceeded(&f, &h, &q, q.len);
		CHECK_NOT_OURS(m, &f, "");
		/* ICMP echo: the source address rewritten (the id was kept). */
		nat_quote(&pr[1], &h.public, 0, true, &q);
		check_rewritten(m, &h, &q, q.len, 101, NW_REWRITE_SRC);
		nw_match_free(m);
	}
}

/* Routers that zero the IPv4 ID in what they quote. */
static void test_ip_id_zeroed(void)
{
	struct hosts h = hosts_of(AF_INET);
	struct probe pr[2], q;
	struct frame f;

	if (!make_probes(NW_PROBE_UDP, NW_FLOW_DUBLIN, &h, pr, 2))
		return;
	struct nw_match *classic = filed(NW_FLOW_CLASSIC, pr, 1);
	struct nw_match *dublin = filed(NW_FLOW_DUBLIN, pr, 2);
	q = pr[0];
	set16(q.ip + 4, 0);
	check_rewritten(classic, &h, &q, q.len, 100, NW_REWRITE_IP_ID);
	time_exceeded(&f, &h, &q, q.len);
	CHECK_NOT_OURS(dublin, &f, "IPv4 ID");
	nw_match_free(classic);
	nw_match_free(dublin);
}

/* Another program's ICMP: pings and traceroutes with their own echo id. */
static void test_other_programs(void)
{
	for (int v6 = 0; v6 <= 1; v6++) {
		struct hosts h = hosts_of(v6 ? AF_INET6 : AF_INET);
		struct probe mine, theirs;
		struct frame f;
		if (!craft_echo(&h, 3, 0x4242, 1, fill, 8, &mine) ||
		    !craft_echo(&h, 3, 0x9999, 1, fill, 8, &theirs))
			return;
		struct nw_match *m = filed(NW_FLOW_CLASSIC, &mine, 1);
		time_exceeded(&f, &h, &theirs, theirs.len);
		CHECK_NOT_OURS(m, &f, "another program");
		echo_reply(&f, &h.dst, &h.me, 0x9999, 1);
		CHECK_NOT_OURS(m, &f, "another program");
		echo_reply(&f, &h.dst, &h.me, 0x4242,
			   2); /* ours, but no such sequence number waits */
		CHECK_NOT_OURS(m, &f, "no waiting probe");
		/* Our id and sequence number, seen on its way to another host. */
		struct hosts elsewhere = h;
		elsewhere.me = h.public;
		echo_reply(&f, &elsewhere.dst, &elsewhere.me, 0x4242, 1);
		CHECK_NOT_OURS(m, &f, "another host");
		/* Our own echo request seen on the capture is not an answer. */
		memcpy(f.b, mine.ip, mine.len);
		f.n = mine.len;
		CHECK_NOT_OURS(m, &f, "echo request");
		/* Neither is a router solicitation or an ICMP redirect. */
		icmp_error(&f, &h.router, &h.me, v6 ? 133 : 5, 0, 0, mine.ip, mine.len);
		CHECK_NOT_OURS(m, &f, "answers no probe");
		/* An unreachable quoting a protocol we never send. */
		theirs.ip[v6 ? 6 : 9] = 47; /* GRE */
		icmp_error(&f, &h.dst, &h.me, v6 ? 1 : 3, 2, 0, theirs.ip, theirs.len);
		CHECK_NOT_OURS(m, &f, "not UDP, TCP or ICMP");
		nw_match_free(m);
	}
}

/* ---- the table: bounded, no duplicates, sane keys ---------------------------- */

static void test_table(void)
{
	struct hosts h = hosts_of(AF_INET);
	const char *why = NULL;
	struct probe pr;
	struct frame f;
	struct nw_match *m = nw_match_new(NW_FLOW_CLASSIC, 10, &why); /* rounded up to 16 */

	CHECK(nw_match_new(NW_FLOW_CLASSIC, 0, &why) == NULL && why);
	CHECK(nw_match_new(NW_FLOW_CLASSIC, ((size_t)1 << 22) + 1, &why) == NULL);
	if (!m || !make_probe(NW_PROBE_UDP, NW_FLOW_CLASSIC, &h, 0, 0, &pr))
		return;
	struct probe first = pr;
	for (int i = 0; i < 20; i++) {
		pr.key.dport = (uint16_t)(33434 + i);
		CHECK_INT(nw_match_add(m, &pr.key, (uint64_t)i, &why), 0);
	}
	CHECK_INT(nw_match_count(m), 16);
	CHECK_INT(nw_match_evicted(m), 4);
	time_exceeded(&f, &h, &first, first.len); /* the first four were forgotten */
	CHECK_NOT_OURS(m, &f, "no waiting probe");
	CHECK_INT(nw_match_add(m, &pr.key, 99, &why), -1); /* the same probe twice */
	CHECK(why && strstr(why, "same identifying"));
	struct nw_probe_key bad = pr.key;
	bad.dst = hosts_of(AF_INET6).dst;
	CHECK_INT(nw_match_add(m, &bad, 99, &why), -1);
	nw_match_free(m);

	m = nw_match_new(NW_FLOW_PARIS, 16, NULL);
	bad = pr.key;
	bad.checksum = 0;
	CHECK_INT(nw_match_add(m, &bad, 1, &why), -1);
	CHECK(why && strstr(why, "checksum"));
	nw_match_free(m);
}

/* ---- cookies --------------------------------------------------------------- */

static void test_siphash(void)
{
	uint8_t key[16], msg[64];

	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	/* The paper's appendix and the reference implementation's vectors. */
	CHECK(nw_siphash24(key, msg, 15) == 0xa129ca6149be45e5ULL);
	CHECK(nw_siphash24(key, NULL, 0) == 0x726fdb47dd0e0e31ULL);
	CHECK(nw_siphash24(key, msg, 8) == 0x93f5f5799a932462ULL);
	CHECK(nw_siphash24(key, msg, 63) == 0x958a324ceb064572ULL);
}

static bool cookie_ok(const struct nw_cookie *c, const struct frame *f)
{
	struct nw_pkt p;
	struct nw_answer a;
	nw_decode(NW_LINK_RAW, f->b, f->n, &p);
	return nw_answer_from_pkt(&p, &a, NULL) == 0 && nw_cookie_check(c, &a, NULL);
}

static void test_cookie_tcp(const struct nw_cookie *c, const struct nw_cookie *other, int family)
{
	struct hosts h = hosts_of(family);
	struct nw_probe_key k = {.proto = NW_PROBE_TCP, .src = h.me, .dst = h.dst, .sport = 45000};
	struct probe pr, q;
	struct frame f;

	for (uint16_t port = 20; port < 30; port++) {
		k.dport = port;
		nw_cookie_stamp(c, &k);
		if (!craft_syn(&h, 64, k.sport, k.dport, k.tcp_seq, &pr))
			return;
		tcp_answer(&f, &k, NW_TCP_SYN | NW_TCP_ACK, 1, k.tcp_seq + 1);
		CHECK(cookie_ok(c, &f));
		CHECK(!cookie_ok(other, &f)); /* another run's key */
		tcp_answer(&f, &k, NW_TCP_RST | NW_TCP_ACK, 0, k.tcp_seq + 1);
		CHECK(cookie_ok(c, &f));
		tcp_answer(&f, &k, NW_TCP_RST | NW_TCP_ACK, 0, k.tcp_seq);
		CHECK(cookie_ok(c, &f));
		/* Forged: a guessed ack, or the right ack from another port or host. */
		tcp_answer(&f, &k, NW_TCP_SYN | NW_TCP_ACK, 1, k.tcp_seq + 2);
		CHECK(!cookie_ok(c, &f));
		struct nw_probe_key moved = k;
		moved.dport = (uint16_t)(port + 100);
		tcp_answer(&f, &moved, NW_TCP_SYN | NW_TCP_ACK, 1, k.tcp_seq + 1);
		CHECK(!cookie_ok(c, &f));
		moved = k;
		moved.dst = h.router;
		tcp_answer(&f, &moved, NW_TCP_SYN | NW_TCP_ACK, 1, k.tcp_seq + 1);
		CHECK(!cookie_ok(c, &f));
		/* An unreachable quoting the SYN: the quoted sequence number checks. */
		port_unreachable(&f, &h, &pr, iphlen(family) + 8);
		CHECK(cookie_ok(c, &f));
		q = pr;
		set32(q.ip + iphlen(family) + 4, k.tcp_seq ^ 0x10);
		port_unreachable(&f, &h, &q, iphlen(family) + 8);
		CHECK(!cookie_ok(c, &f));
	}
}

static void test_cookies(void)
{
	struct nw_cookie c, other;
	const char *why = NULL;

	CHECK_INT(nw_cookie_init(&c, &why), 0);
	CHECK_INT(nw_cookie_init(&other, &why), 0);
	CHECK(memcmp(c.key, other.key, sizeof(c.key)) != 0); /* drawn afresh */
	for (int v6 = 0; v6 <= 1; v6++) {
		struct hosts h = hosts_of(v6 ? AF_INET6 : AF_INET);
		struct frame f;
		test_cookie_tcp(&c, &other, h.me.family);
		/* ICMP echo: id and sequence number. */
		struct nw_probe_key k = {.proto = NW_PROBE_ICMP, .src = h.me, .dst = h.dst};
		nw_cookie_stamp(&c, &k);
		echo_reply(&f, &h.dst, &h.me, k.echo_id, k.echo_seq);
		CHECK(cookie_ok(&c, &f));
		echo_reply(&f, &h.dst, &h.me, k.echo_id, (uint16_t)(k.echo_seq + 1));
		CHECK(!cookie_ok(&c, &f));
		/* UDP: the source port, drawn from the dynamic range. */
		k = (struct nw_probe_key){.proto = NW_PROBE_UDP, .src = h.me, .dst = h.dst};
		k.dport = 53;
		nw_cookie_stamp(&c, &k);
		CHECK(k.sport >= 49152);
		udp_answer(&f, &k);
		CHECK(cookie_ok(&c, &f));
		k.sport = (uint16_t)(k.sport == 65535 ? 49152 : k.sport + 1);
		udp_answer(&f, &k);
		CHECK(!cookie_ok(&c, &f));
	}
	/* Different tuples get different cookies (a constant would pass the above). */
	struct nw_probe_key a = {.proto = NW_PROBE_TCP, .src = frame_addr("198.18.0.1")};
	struct nw_probe_key b = a;
	a.dst = frame_addr("198.18.9.9");
	b.dst = frame_addr("198.18.9.8");
	nw_cookie_stamp(&c, &a);
	nw_cookie_stamp(&c, &b);
	CHECK(a.tcp_seq != b.tcp_seq);
}

/* ---- a real traceroute: tcpdump's mpls-traceroute capture -------------------- */

/*
 * PPP frames (address, control, protocol): IPv4 (0x0021) answers and MPLS
 * (0x0281) probes with one label.  The IP packet inside, or NULL.
 */
static const uint8_t *ppp_ip(const struct nw_cap_pkt *cp, size_t *len)
{
	size_t off;

	if (cp->caplen < 4 + 20)
		return NULL;
	uint16_t proto = get16(cp->data + 2);
	if (proto == 0x0021)
		off = 4;
	else if (proto == 0x0281 && (cp->data[6] & 1)) /* bottom of stack */
		off = 8;
	else
		return NULL;
	*len = cp->caplen - off;
	return cp->data + off;
}

/*
 * The capture (tcpdump -nv): 9 UDP probes 12.4.4.4.42315 > 12.1.1.1.33435-
 * 33443, IP IDs 42316-42324, TTLs 1,1,1,2,2,2,3,3,3; each answered in turn:
 * time exceeded from 10.5.0.1 (three), from 10.4.0.2 (three), port
 * unreachable from 12.1.1.1 (three), every quote with TTL 1.
 */
static void test_capture(void)
{
	static const char *const from[3] = {"10.5.0.1", "10.4.0.2", "12.1.1.1"};
	const char *dir = getenv("NW_PCAPS");
	char path[4096], err[256];
	struct nw_cap_pkt cp;
	int probes = 0, answers = 0;

	if (!dir) {
		printf("test_probe_match: NW_PCAPS unset: the capture check skipped\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/mpls-traceroute.pcap", dir);
	struct nw_cap *cap = nw_cap_open_file(path, NULL, err, sizeof(err));
	struct nw_match *classic = nw_match_new(NW_FLOW_CLASSIC, 16, NULL);
	struct nw_match *dublin = nw_match_new(NW_FLOW_DUBLIN, 16, NULL);
	CHECK(cap && classic && dublin);
	while (cap && classic && dublin && nw_cap_next(cap, &cp, err, sizeof(err)) == 1) {
		size_t len;
		const uint8_t *ip = ppp_ip(&cp, &len);
		struct nw_pkt p;
		struct nw_answer a;
		struct nw_match_result rc, rd;
		if (!ip || nw_decode(NW_LINK_RAW, ip, len, &p) != NW_OK)
			continue;
		if (p.layers & NW_HAS_UDP) {
			struct nw_probe_key k;
			key_from_pkt(&p, &k);
			CHECK_INT(k.ttl, 1 + probes / 3);
			CHECK_INT(nw_match_add(classic, &k, (uint64_t)probes, NULL), 0);
			CHECK_INT(nw_match_add(dublin, &k, (uint64_t)probes, NULL), 0);
			probes++;
			continue;
		}
		nw_match_packet(classic, &p, &a, &rc);
		nw_match_packet(dublin, &p, &a, &rd);
		CHECK(rc.ours && rd.ours);
		CHECK_INT(rc.id, answers); /* each answers the probe just before it */
		CHECK_INT(rd.id, answers);
		CHECK_INT(rc.rewritten, 0);
		CHECK(nw_addr_equal(&a.from, &(struct nw_addr){0}) == false);
		struct nw_addr want = frame_addr(from[answers / 3]);
		CHECK(nw_addr_equal(&a.from, &want));
		CHECK_INT(a.kind, answers < 6 ? NW_ANSWER_TIME_EXCEEDED : NW_ANSWER_UNREACHABLE);
		CHECK_INT(a.probe.ttl, 1);
		answers++;
	}
	CHECK_INT(probes, 9);
	CHECK_INT(answers, 9);
	nw_match_free(classic);
	nw_match_free(dublin);
	if (cap)
		nw_cap_close(cap);
}

int main(void)
{
	char err[256];

	craft = nw_craft_open_build(err, sizeof(err));
	if (!craft) {
		fprintf(stderr, "nw_craft_open_build: %s\n", err);
		return 1;
	}
	test_checksum_helpers();
	test_paris_fields(AF_INET);
	test_paris_fields(AF_INET6);
	test_flows();
	test_nat();
	test_ip_id_zeroed();
	test_other_programs();
	test_table();
	test_siphash();
	test_cookies();
	test_capture();
	nw_craft_close(craft);
	return nw_test_result("test_probe_match");
}
