/*
 * dns_query.c: building a DNS query (RFC 1035 section 4.1) with its OPT
 * record and options (EDNS0 RFC 6891; NSID RFC 5001, client subnet
 * RFC 7871, cookie RFC 7873, padding RFC 7830), held to the size its
 * transport can carry: over UDP 512 octets (RFC 1035 section 4.2.1) or
 * the larger EDNS UDP payload size the query advertises, over TCP what
 * the two-octet length of RFC 7766 section 8 can say.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "base/errbuf.h"
#include "dns/dns.h"

/*
 * A write cursor that counts every octet put but stores only those that
 * fit: after a whole query, len is the size it needs even when that is
 * more than cap.
 */
struct wbuf {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct wbuf *w, const void *src, size_t n)
{
	if (w->len <= w->cap && n <= w->cap - w->len)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	put(w, b, 2);
}

static void put32(struct wbuf *w, uint32_t v)
{
	put16(w, (uint16_t)(v >> 16));
	put16(w, (uint16_t)v);
}

/* Rewrite two octets already put at off (when they were stored). */
static void patch16(struct wbuf *w, size_t off, size_t v)
{
	if (off + 2 <= w->cap && off + 2 <= w->len) {
		w->p[off] = (uint8_t)(v >> 8);
		w->p[off + 1] = (uint8_t)v;
	}
}

/* RFC 7871 6: family, source prefix, scope 0, the address cut to the prefix. */
static void put_ecs(struct wbuf *w, const struct nw_dns_edns *e)
{
	size_t octets = ((size_t)e->ecs_prefix + 7) / 8;
	uint8_t addr[16] = {0};
	memcpy(addr, e->ecs_addr, octets);
	if (e->ecs_prefix % 8)
		addr[octets - 1] &= (uint8_t)(0xff << (8 - e->ecs_prefix % 8));
	put16(w, NW_EDNS_CLIENT_SUBNET);
	put16(w, (uint16_t)(4 + octets));
	put16(w, e->ecs_family == AF_INET6 ? 2 : 1);
	uint8_t pfx[2] = {e->ecs_prefix, 0};
	put(w, pfx, 2);
	put(w, addr, octets);
}

static void put_padding(struct wbuf *w, uint16_t n)
{
	static const uint8_t zeros[512];
	put16(w, NW_EDNS_PADDING);
	put16(w, n);
	for (size_t left = n; left; left -= left > sizeof zeros ? sizeof zeros : left)
		put(w, zeros, left > sizeof zeros ? sizeof zeros : left);
}

static void put_opt(struct wbuf *w, const struct nw_dns_edns *e)
{
	uint8_t root = 0;
	size_t rdlen_at;

	put(w, &root, 1);
	put16(w, NW_DNS_T_OPT);
	put16(w, e->udp_size);
	put32(w, e->do_bit ? 0x8000 : 0);
	rdlen_at = w->len;
	put16(w, 0);
	if (e->nsid) {
		put16(w, NW_EDNS_NSID);
		put16(w, 0);
	}
	if (e->has_cookie) {
		put16(w, NW_EDNS_COOKIE);
		put16(w, 8);
		put(w, e->cookie, 8);
	}
	if (e->ecs)
		put_ecs(w, e);
	if (e->padding)
		put_padding(w, e->padding);
	patch16(w, rdlen_at, w->len - rdlen_at - 2);
}

static void put_query(struct wbuf *w, const struct nw_dns_query *q)
{
	const struct nw_dns_edns *e = &q->edns;
	put16(w, q->id);
	put16(w, q->flags & (NW_DNS_F_RD | NW_DNS_F_CD | NW_DNS_F_AD));
	put16(w, 1);
	put16(w, 0);
	put16(w, 0);
	put16(w, e->enabled ? 1 : 0);
	put(w, q->qname.wire, q->qname.len);
	put16(w, q->qtype);
	put16(w, q->qclass);
	if (e->enabled)
		put_opt(w, e);
}

size_t nw_dns_query_size(const struct nw_dns_query *q)
{
	struct wbuf w = {NULL, 0, 0};
	put_query(&w, q);
	return w.len;
}

size_t nw_dns_query_limit(const struct nw_dns_query *q, enum nw_dns_transport tr)
{
	if (tr == NW_DNS_TCP)
		return NW_DNS_TCP_MAX;
	if (q->edns.enabled && q->edns.udp_size >= NW_DNS_UDP_MAX)
		return q->edns.udp_size;
	return NW_DNS_UDP_MAX; /* RFC 6891 6.2.5: a smaller UDP size counts as 512 */
}

/* What the limit of nw_dns_query_limit is, for the reason a query did not fit. */
static const char *limit_name(const struct nw_dns_query *q, enum nw_dns_transport tr)
{
	if (tr == NW_DNS_TCP)
		return "over TCP, the most its two-octet length can say";
	if (q->edns.enabled && q->edns.udp_size >= NW_DNS_UDP_MAX)
		return "over UDP, the EDNS UDP payload size it advertises";
	return q->edns.enabled ? "over UDP (an EDNS UDP payload size under 512 counts as 512)"
			       : "over UDP without EDNS (RFC 1035)";
}

int nw_dns_query_build(const struct nw_dns_query *q, enum nw_dns_transport tr, uint8_t *out,
		       size_t outlen, char *err, size_t errlen)
{
	const struct nw_dns_edns *e = &q->edns;
	size_t limit = nw_dns_query_limit(q, tr);

	nw_err_clear(err, errlen);
	if (e->enabled && e->ecs && e->ecs_prefix > (e->ecs_family == AF_INET6 ? 128 : 32))
		return nw_err_set(err, errlen, "client subnet prefix longer than the address");
	if (outlen < NW_DNS_TCP_PREFIX)
		return nw_err_set(err, errlen, "no room for the query");
	struct wbuf w = {out + NW_DNS_TCP_PREFIX, 0, outlen - NW_DNS_TCP_PREFIX};
	put_query(&w, q);
	if (w.len > limit)
		return nw_err_set(err, errlen, "query too large: %zu octets, at most %zu %s", w.len,
				  limit, limit_name(q, tr));
	if (w.len > w.cap)
		return nw_err_set(err, errlen,
				  "query of %zu octets larger than its %zu-octet buffer", w.len,
				  w.cap);
	out[0] = (uint8_t)(w.len >> 8);
	out[1] = (uint8_t)w.len;
	return (int)w.len;
}
