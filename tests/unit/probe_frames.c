/*
 * probe_frames.c: packets written byte by byte for the probe tests: an
 * independent checksum (not wire/checksum.c's), and the answers routers and
 * hosts send back (ICMP errors quoting a probe, echo replies, TCP and UDP
 * answers), as raw IP packets.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "probe_frames.h"
#include "sys/trace_run.h"

size_t alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

size_t iphlen(int family)
{
	return family == AF_INET ? 20 : 40;
}

/*
 * The one's complement sum, worked out apart from wire/checksum.c: bytes
 * added at their weight, the total reduced modulo 0xffff at the end.
 */
uint64_t ref_add(uint64_t acc, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc += (i % 2 == 0) ? (uint64_t)p[i] << 8 : p[i];
	return acc;
}

uint16_t ref_finish(uint64_t acc)
{
	uint64_t r = acc % 0xffff;
	if (r == 0 && acc != 0)
		r = 0xffff;
	return (uint16_t)~r;
}

uint8_t proto_of(const uint8_t *ip, int family)
{
	return family == AF_INET ? ip[9] : ip[6];
}

/* The transport checksum of a whole IP packet (no extension headers), pseudo-header and all. */
uint16_t ref_l4_checksum(const uint8_t *ip, size_t len, int family, size_t cksum_at)
{
	size_t h = iphlen(family), l4 = len - h;
	uint8_t proto = proto_of(ip, family);
	uint8_t copy[MAX_PKT];
	uint64_t acc = 0;

	memcpy(copy, ip + h, l4);
	copy[cksum_at] = copy[cksum_at + 1] = 0;
	if (proto != IPPROTO_ICMP) {
		acc = ref_add(acc, ip + (family == AF_INET ? 12 : 8), 2 * alen(family));
		acc += proto + l4;
	}
	return ref_finish(ref_add(acc, copy, l4));
}

size_t cksum_offset(uint8_t proto)
{
	return proto == IPPROTO_UDP ? 6 : proto == IPPROTO_TCP ? 16 : 2;
}

uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

void set16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void set32(uint8_t *p, uint32_t v)
{
	set16(p, (uint16_t)(v >> 16));
	set16(p + 2, (uint16_t)v);
}

/* Write the right transport checksum into a whole IP packet. */
void fix_l4_checksum(uint8_t *ip, size_t len, int family)
{
	size_t at = cksum_offset(proto_of(ip, family));
	set16(ip + iphlen(family) + at, ref_l4_checksum(ip, len, family, at));
}

/* An IP header from 'from' to 'to' for l4len bytes of proto; the IPv4 header checksum set. */
void put_ip(struct frame *f, const struct nw_addr *from, const struct nw_addr *to, uint8_t proto,
	    size_t l4len)
{
	uint8_t *p = f->b;
	if (from->family == AF_INET) {
		memset(p, 0, 20);
		p[0] = 0x45;
		set16(p + 2, (uint16_t)(20 + l4len));
		set16(p + 4, 0x7777);
		p[8] = 250;
		p[9] = proto;
		memcpy(p + 12, &from->u.v4, 4);
		memcpy(p + 16, &to->u.v4, 4);
		set16(p + 10, ref_finish(ref_add(0, p, 20)));
		f->n = 20;
		return;
	}
	memset(p, 0, 40);
	p[0] = 0x60;
	set16(p + 4, (uint16_t)l4len);
	p[6] = proto;
	p[7] = 250;
	memcpy(p + 8, &from->u.v6, 16);
	memcpy(p + 24, &to->u.v6, 16);
	f->n = 40;
}

/* Finish a packet whose transport bytes (l4 of them) follow the IP header. */
void finish(struct frame *f, int family, size_t l4)
{
	f->n += l4;
	fix_l4_checksum(f->b, f->n, family);
}

/* An ICMP or ICMPv6 error from 'from' to us quoting the first qlen bytes of q. */
void icmp_error(struct frame *f, const struct nw_addr *from, const struct nw_addr *to, uint8_t type,
		uint8_t code, uint32_t rest, const uint8_t *q, size_t qlen)
{
	int family = from->family;
	put_ip(f, from, to, family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6, 8 + qlen);
	uint8_t *m = f->b + f->n;
	memset(m, 0, 8);
	m[0] = type;
	m[1] = code;
	set32(m + 4, rest);
	memcpy(m + 8, q, qlen);
	finish(f, family, 8 + qlen);
}

void echo_reply(struct frame *f, const struct nw_addr *from, const struct nw_addr *to, uint16_t id,
		uint16_t seq)
{
	int v4 = from->family == AF_INET;
	put_ip(f, from, to, v4 ? IPPROTO_ICMP : IPPROTO_ICMPV6, 16);
	uint8_t *m = f->b + f->n;
	memset(m, 0, 16);
	m[0] = v4 ? 0 : 129;
	set16(m + 4, id);
	set16(m + 6, seq);
	memcpy(m + 8, "netwalk!", 8);
	finish(f, from->family, 16);
}

/* A TCP answer from the probe's destination: flags, seq and ack as given. */
void tcp_answer(struct frame *f, const struct nw_probe_key *k, uint8_t flags, uint32_t seq,
		uint32_t ack)
{
	put_ip(f, &k->dst, &k->src, IPPROTO_TCP, 20);
	uint8_t *t = f->b + f->n;
	memset(t, 0, 20);
	set16(t, k->dport);
	set16(t + 2, k->sport);
	set32(t + 4, seq);
	set32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = flags;
	set16(t + 14, 65535);
	finish(f, k->src.family, 20);
}

void udp_answer(struct frame *f, const struct nw_probe_key *k)
{
	put_ip(f, &k->dst, &k->src, IPPROTO_UDP, 12);
	uint8_t *u = f->b + f->n;
	set16(u, k->dport);
	set16(u + 2, k->sport);
	set16(u + 4, 12);
	memcpy(u + 8, "pong", 4);
	finish(f, k->src.family, 12);
}

struct nw_addr frame_addr(const char *s)
{
	struct nw_addr a;

	if (nw_addr_parse(s, AF_UNSPEC, &a, NULL) != 0)
		abort();
	return a;
}

bool frame_of_probe(struct nw_craft *c, const struct nw_trace_packet *p, struct frame *out)
{
	uint8_t *fr = NULL;
	size_t len = 0;
	bool ok = nw_trace_craft(c, p) == 0 && nw_craft_frame(c, &fr, &len) == 0 && len >= 14 &&
		  len - 14 <= MAX_PKT;

	if (ok) {
		out->n = len - 14; /* past the Ethernet header */
		memcpy(out->b, fr + 14, out->n);
	}
	free(fr);
	return ok;
}

bool frame_queue_put(struct frame_queue *fq, int64_t at, const struct frame *f, bool leaving)
{
	if (fq->n == FRAME_QUEUE_MAX)
		return false;
	fq->q[fq->n].at = at;
	fq->q[fq->n].f = *f;
	fq->q[fq->n].leaving = leaving;
	fq->n++;
	return true;
}

bool frame_queue_take(struct frame_queue *fq, int64_t now, struct frame_delivery *d)
{
	for (unsigned i = 0; i < fq->n; i++) {
		if (fq->q[i].at > now)
			continue;
		*d = fq->q[i];
		fq->q[i] = fq->q[--fq->n];
		return true;
	}
	return false;
}

int64_t frame_queue_next(const struct frame_queue *fq, int64_t wake)
{
	for (unsigned i = 0; i < fq->n; i++)
		if (fq->q[i].at < wake)
			wake = fq->q[i].at;
	return wake;
}
