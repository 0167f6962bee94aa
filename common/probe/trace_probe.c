/*
 * trace_probe.c: the bytes and fields of each traceroute probe, per
 * protocol and flow mode (the table in trace.h), and the way back from a
 * probe seen leaving to its number.  Paris words: RFC 1071 sums with
 * wire/checksum.h's nw_cksum_word_for (Augustin et al., "Avoiding
 * traceroute anomalies with Paris traceroute", IMC 2006).
 */
#include "config.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "probe/trace_internal.h"
#include "wire/checksum.h"

#define UDP_HLEN  8
#define ICMP_HLEN 8
#define TCP_HLEN  20

static const uint8_t fill[8] = {'n', 'e', 't', 'w', 'a', 'l', 'k', '!'};

size_t nw_trace_ip_hlen(const struct nw_trace_config *cfg)
{
	return cfg->dst.family == AF_INET6 ? 40 : 20;
}

size_t nw_trace_l4_hlen(const struct nw_trace_config *cfg)
{
	return cfg->proto == NW_PROBE_TCP ? TCP_HLEN : UDP_HLEN; /* ICMP echo: 8 as UDP */
}

/* traceroute's default sizes: 60 bytes over IPv4, 80 over IPv6; a SYN carries no payload. */
size_t nw_trace_packet_len(const struct nw_trace_config *cfg)
{
	size_t hdrs = nw_trace_ip_hlen(cfg) + nw_trace_l4_hlen(cfg);
	size_t least = hdrs + (cfg->proto == NW_PROBE_TCP ? 0 : 2); /* room for a paris word */

	if (cfg->proto == NW_PROBE_TCP)
		return hdrs;
	if (cfg->packet_len)
		return cfg->packet_len < least ? least : cfg->packet_len;
	return cfg->dst.family == AF_INET6 ? 80 : 60;
}

static bool dublin_v6(const struct nw_trace_config *cfg)
{
	return cfg->flow == NW_FLOW_DUBLIN && cfg->dst.family == AF_INET6;
}

static size_t payload_len(const struct nw_trace *t, uint64_t s)
{
	const struct nw_trace_config *cfg = &t->cfg;

	if (cfg->proto == NW_PROBE_TCP)
		return 0;
	return nw_trace_size(t) - nw_trace_ip_hlen(cfg) - nw_trace_l4_hlen(cfg) +
	       (dublin_v6(cfg) ? (size_t)s : 0);
}

/* The checksum of an 8-byte UDP or ICMP header and the payload in t->payload. */
static uint16_t l4_checksum(const struct nw_trace *t, const uint8_t hdr[8], size_t plen)
{
	const struct nw_trace_config *cfg = &t->cfg;
	uint32_t n = (uint32_t)(8 + plen);
	uint32_t sum = 0;
	uint8_t *d = malloc(n);
	uint16_t c;

	if (!d)
		return 0; /* nw_trace_probe_setup sized the buffer: not reached */
	memcpy(d, hdr, 8);
	memcpy(d + 8, t->payload, plen);
	if (cfg->proto == NW_PROBE_UDP)
		sum = nw_cksum_pseudo(&cfg->src, &cfg->dst, IPPROTO_UDP, n);
	else if (cfg->dst.family == AF_INET6)
		sum = nw_cksum_pseudo(&cfg->src, &cfg->dst, IPPROTO_ICMPV6, n);
	c = nw_inet_checksum(d, n, sum);
	free(d);
	return c;
}

static void udp_header(const struct nw_probe_key *k, size_t plen, uint8_t h[8])
{
	nw_put_be16(h, k->sport);
	nw_put_be16(h + 2, k->dport);
	nw_put_be16(h + 4, (uint16_t)(UDP_HLEN + plen));
	nw_put_be16(h + 6, 0);
}

static void echo_header(const struct nw_trace_config *cfg, uint16_t seq, uint8_t h[8])
{
	h[0] = cfg->dst.family == AF_INET6 ? 128 : 8;
	h[1] = 0;
	nw_put_be16(h + 2, 0);
	nw_put_be16(h + 4, cfg->echo_id);
	nw_put_be16(h + 6, seq);
}

static void fill_payload(struct nw_trace *t, size_t plen)
{
	for (size_t i = 0; i < plen; i++)
		t->payload[i] = fill[i % sizeof(fill)];
}

int nw_trace_probe_setup(struct nw_trace *t, const char **why)
{
	uint8_t h[8];
	size_t plen;

	t->payload_cap = payload_len(t, t->probe_count) + 8;
	t->payload = malloc(t->payload_cap);
	if (!t->payload) {
		*why = "out of memory";
		return -1;
	}
	/* Paris ICMP: every echo gets the checksum of the first with its word 0. */
	plen = payload_len(t, 0);
	fill_payload(t, plen);
	memset(t->payload, 0, 2);
	echo_header(&t->cfg, 1, h);
	t->icmp_flow_cksum = t->cfg.proto == NW_PROBE_ICMP ? l4_checksum(t, h, plen) : 0;
	return 0;
}

static void build_udp(struct nw_trace *t, uint64_t s, struct nw_trace_packet *p)
{
	struct nw_probe_key *k = &p->key;
	uint8_t h[8];

	k->sport = t->cfg.sport;
	k->dport = (uint16_t)(t->cfg.dport + (t->cfg.flow == NW_FLOW_CLASSIC ? s : 0));
	udp_header(k, p->payload_len, h);
	memset(t->payload, 0, 2);
	k->checksum = l4_checksum(t, h, p->payload_len);
	if (t->cfg.flow == NW_FLOW_PARIS) {
		uint16_t want = (uint16_t)(1 + t->cfg.id_base + s);
		nw_put_be16(t->payload, nw_cksum_word_for(k->checksum, 0, want));
		k->checksum = want;
	}
	if (k->checksum == 0)
		k->checksum = 0xffff; /* RFC 768: a computed 0 goes as all ones */
}

static void build_echo(struct nw_trace *t, uint64_t s, struct nw_trace_packet *p)
{
	struct nw_probe_key *k = &p->key;
	uint8_t h[8];

	k->echo_id = t->cfg.echo_id;
	k->echo_seq = (uint16_t)(1 + t->cfg.id_base + s);
	echo_header(&t->cfg, k->echo_seq, h);
	memset(t->payload, 0, 2);
	k->checksum = l4_checksum(t, h, p->payload_len);
	if (t->cfg.flow == NW_FLOW_PARIS) {
		nw_put_be16(t->payload, nw_cksum_word_for(k->checksum, 0, t->icmp_flow_cksum));
		k->checksum = t->icmp_flow_cksum;
	}
}

void nw_trace_build(struct nw_trace *t, uint64_t s, struct nw_trace_packet *p)
{
	const struct nw_trace_config *cfg = &t->cfg;
	struct nw_probe_key *k = &p->key;

	memset(p, 0, sizeof(*p));
	p->id = s;
	p->ttl = cfg->first_ttl + (unsigned)(s / cfg->queries);
	p->query = (unsigned)(s % cfg->queries);
	p->payload = t->payload;
	p->payload_len = payload_len(t, s);
	fill_payload(t, p->payload_len);
	k->proto = cfg->proto;
	k->src = cfg->src;
	k->dst = cfg->dst;
	k->ttl = (uint8_t)p->ttl;
	/* Every probe has its own IPv4 ID: dublin's identifier, and a NAT check for the rest. */
	k->ip_id = cfg->dst.family == AF_INET ? (uint16_t)(1 + cfg->id_base + s) : 0;
	k->ip6_plen = (uint16_t)(nw_trace_l4_hlen(cfg) + p->payload_len);
	p->df = cfg->mtu && cfg->dst.family == AF_INET;
	switch (cfg->proto) {
	case NW_PROBE_UDP:
		build_udp(t, s, p);
		break;
	case NW_PROBE_ICMP:
		build_echo(t, s, p);
		break;
	case NW_PROBE_TCP:
		k->sport = (uint16_t)(cfg->sport + (cfg->flow == NW_FLOW_CLASSIC ? s : 0));
		k->dport = cfg->dport;
		k->tcp_seq =
		    cfg->tcp_seq + (cfg->flow == NW_FLOW_PARIS ? cfg->id_base + (uint32_t)s : 0);
		break;
	}
}

/* The probe number a field shows, counted from base; -1 when out of range. */
static int64_t number_from(const struct nw_trace *t, uint32_t field, uint32_t base, uint32_t mod)
{
	uint32_t s = (field - base) & mod;

	return s < t->probe_count ? (int64_t)s : -1;
}

static int64_t udp_number(const struct nw_trace *t, const struct nw_pkt *pkt)
{
	const struct nw_trace_config *cfg = &t->cfg;

	if (!(pkt->layers & NW_HAS_UDP) || pkt->udp.sport != cfg->sport)
		return -1;
	if (cfg->flow == NW_FLOW_CLASSIC)
		return number_from(t, pkt->udp.dport, cfg->dport, 0xffff);
	if (pkt->udp.dport != cfg->dport)
		return -1;
	if (cfg->flow == NW_FLOW_PARIS)
		return number_from(t, pkt->udp.checksum, 1u + cfg->id_base, 0xffff);
	if (cfg->dst.family == AF_INET)
		return number_from(t, pkt->ip4.id, 1u + cfg->id_base, 0xffff);
	return number_from(t, pkt->ip6.payload_len, (uint32_t)(UDP_HLEN + payload_len(t, 0)),
			   0xffff);
}

static int64_t echo_number(const struct nw_trace *t, const struct nw_pkt *pkt)
{
	if (pkt->layers & NW_HAS_ICMP) {
		if (pkt->icmp.type != 8 || pkt->icmp.id != t->cfg.echo_id)
			return -1;
		return number_from(t, pkt->icmp.seq, 1u + t->cfg.id_base, 0xffff);
	}
	if (pkt->layers & NW_HAS_ICMPV6) {
		if (pkt->icmp6.type != 128 || pkt->icmp6.id != t->cfg.echo_id)
			return -1;
		return number_from(t, pkt->icmp6.seq, 1u + t->cfg.id_base, 0xffff);
	}
	return -1;
}

static int64_t syn_number(const struct nw_trace *t, const struct nw_pkt *pkt)
{
	const struct nw_trace_config *cfg = &t->cfg;

	if (!(pkt->layers & NW_HAS_TCP) || pkt->tcp.flags != NW_TCP_SYN ||
	    pkt->tcp.dport != cfg->dport)
		return -1;
	if (cfg->flow == NW_FLOW_CLASSIC)
		return pkt->tcp.seq == cfg->tcp_seq
			   ? number_from(t, pkt->tcp.sport, cfg->sport, 0xffff)
			   : -1;
	if (pkt->tcp.sport != cfg->sport)
		return -1;
	return number_from(t, pkt->tcp.seq, cfg->tcp_seq + cfg->id_base, 0xffffffff);
}

/*
 * UDP paris: the checksum the probe went with is 1 + id_base + s; the
 * payload's first word set it, the rest is the fill (the kernel computed
 * the checksum over the same bytes: socket mode binds the same port), and
 * the length, which cfg.mtu lowers: the number at each size probes went
 * at, the latest first, that probe s last left at.
 */
static int64_t paris_number_at(struct nw_trace *t, const uint8_t *word, size_t size)
{
	struct nw_probe_key k = {.sport = t->cfg.sport, .dport = t->cfg.dport};
	size_t plen = size - nw_trace_ip_hlen(&t->cfg) - nw_trace_l4_hlen(&t->cfg);
	uint8_t h[8];
	uint16_t c;

	fill_payload(t, plen);
	memcpy(t->payload, word, 2);
	udp_header(&k, plen, h);
	c = l4_checksum(t, h, plen);
	return number_from(t, c ? c : 0xffff, 1u + t->cfg.id_base, 0xffff);
}

static int64_t paris_word_number(struct nw_trace *t, const uint8_t *word)
{
	int64_t s;

	if (!t->cfg.mtu)
		return paris_number_at(t, word, nw_trace_size(t));
	for (unsigned i = t->nsizes; i-- > 0;) {
		s = paris_number_at(t, word, t->sizes[i]);
		if (s >= 0 && nw_trace_mtu_sent_at(t, (uint64_t)s, t->sizes[i]))
			return s;
	}
	return -1;
}

int64_t nw_trace_answer_number(struct nw_trace *t, const struct nw_trace_answer *a)
{
	const struct nw_trace_config *cfg = &t->cfg;

	if (cfg->proto == NW_PROBE_ICMP)
		return number_from(t, a->echo_seq, 1u + cfg->id_base, 0xffff);
	if (cfg->proto != NW_PROBE_UDP)
		return -1; /* a SYN's answers come on no socket of ours */
	if (cfg->flow == NW_FLOW_CLASSIC)
		return number_from(t, a->dport, cfg->dport, 0xffff);
	if (cfg->flow != NW_FLOW_PARIS || a->dport != cfg->dport || !a->data || a->data_len < 2)
		return -1; /* dublin's IPv4 ID and IPv6 length are not given back */
	return paris_word_number(t, a->data);
}

int64_t nw_trace_probe_number(const struct nw_trace *t, const struct nw_pkt *pkt)
{
	struct nw_addr src, dst;

	if (!nw_pkt_ip_addrs(pkt, &src, &dst) || !nw_addr_equal(&src, &t->cfg.src) ||
	    !nw_addr_equal(&dst, &t->cfg.dst))
		return -1;
	switch (t->cfg.proto) {
	case NW_PROBE_UDP:
		return udp_number(t, pkt);
	case NW_PROBE_ICMP:
		return echo_number(t, pkt);
	case NW_PROBE_TCP:
		return syn_number(t, pkt);
	}
	return -1;
}
