/*
 * trace_mtu.c: the traceroute model's path MTU (trace.h, cfg.mtu): the
 * size probes go at, a Fragmentation Needed (RFC 1191) or Packet Too Big
 * (RFC 8201) that lowers it and sends the refused probe again, and the hop
 * where the path MTU fell.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe/trace_internal.h"

#define ICMP_UNREACH_NEEDFRAG_CODE 4

int nw_trace_mtu_setup(struct nw_trace *t, const char **why)
{
	if (!t->cfg.mtu)
		return 0;
	t->size = nw_trace_packet_len(&t->cfg);
	t->pmtu_seen = (uint32_t)t->size;
	t->sent_len = calloc((size_t)t->probe_count, sizeof(*t->sent_len));
	t->resends = calloc((size_t)t->probe_count, sizeof(*t->resends));
	if (!t->sent_len || !t->resends) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

void nw_trace_mtu_free(struct nw_trace *t)
{
	free(t->sent_len);
	free(t->resends);
}

size_t nw_trace_size(const struct nw_trace *t)
{
	return t->cfg.mtu ? t->size : nw_trace_packet_len(&t->cfg);
}

void nw_trace_mtu_sent(struct nw_trace *t, uint64_t s)
{
	if (!t->cfg.mtu)
		return;
	t->sent_len[s] = (uint16_t)t->size;
	if (t->nsizes && t->sizes[t->nsizes - 1] == t->size)
		return;
	if (t->nsizes == NW_TRACE_MTU_SIZES) { /* sizes only fall: the oldest go first */
		memmove(t->sizes, t->sizes + 1, sizeof(t->sizes) - sizeof(t->sizes[0]));
		t->nsizes--;
	}
	t->sizes[t->nsizes++] = (uint16_t)t->size;
}

bool nw_trace_mtu_sent_at(const struct nw_trace *t, uint64_t s, size_t size)
{
	return !t->cfg.mtu || t->sent_len[s] == size;
}

static bool too_big(const struct nw_trace *t, const struct nw_trace_reply *a)
{
	if (t->cfg.dst.family == AF_INET6)
		return a->kind == NW_ANSWER_TOO_BIG;
	return a->kind == NW_ANSWER_UNREACHABLE && a->icmp_code == ICMP_UNREACH_NEEDFRAG_CODE;
}

/* RFC 1191 section 7: the next plateau below a size a router refused without saying its MTU. */
static size_t plateau_below(size_t sent)
{
	static const size_t plateaus[] = {32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296};

	for (size_t i = 0; i < sizeof(plateaus) / sizeof(plateaus[0]); i++)
		if (plateaus[i] < sent)
			return plateaus[i];
	return 68;
}

/* An MTU as the size to try: never below the family's minimum. */
static size_t at_least(const struct nw_trace *t, size_t mtu)
{
	size_t least = t->cfg.dst.family == AF_INET6 ? 1280 : 68; /* RFC 8200, RFC 791 */

	return mtu < least ? least : mtu;
}

/* The MTU the answer names, as the size to try. */
static size_t named_mtu(const struct nw_trace *t, const struct nw_trace_reply *a, size_t sent)
{
	return at_least(t, a->mtu ? a->mtu : plateau_below(sent));
}

bool nw_trace_mtu_refused(struct nw_trace *t, uint64_t s)
{
	const struct nw_trace_reply *a = t->pending;
	struct nw_trace_hop *h;
	size_t sent, said, next;

	if (!t->cfg.mtu || !a || t->stopped || !too_big(t, a) ||
	    t->resends[s] >= NW_TRACE_MTU_RESENDS)
		return false;
	sent = t->sent_len[s];
	said = named_mtu(t, a, sent);
	/* An MTU not below the size sent answers an earlier, larger send: try the size of now. */
	next = said < t->size ? said : t->size;
	if (next >= sent || nw_probe_add(t->engine, s) != NW_PROBE_ADDED)
		return false; /* nothing smaller to try: an unreachable as any other */
	if (t->pending_key)
		nw_match_remove(t->match, t->pending_key); /* filed again when sent again */
	h = &t->hops[t->replies[s].ttl - t->cfg.first_ttl];
	if (said < sent && (!h->pmtu || said < h->pmtu)) {
		h->pmtu = (uint32_t)said;
		h->pmtu_from = a->from;
	}
	t->size = next;
	t->resends[s]++;
	t->stats.mtu_resends++;
	return true;
}

bool nw_trace_local_mtu(struct nw_trace *t, uint32_t mtu)
{
	size_t next;

	if (!t->cfg.mtu || !mtu)
		return false;
	next = at_least(t, mtu);
	if (next >= t->size)
		return false;
	t->size = next;
	if (next < t->pmtu_seen)
		t->pmtu_seen =
		    (uint32_t)next; /* the path's MTU is no larger than the first link's */
	return true;
}

void nw_trace_mtu_hop(struct nw_trace *t, struct nw_trace_hop *h)
{
	if (!t->cfg.mtu)
		return;
	if (h->pmtu && h->pmtu < t->pmtu_seen) {
		t->pmtu_seen = h->pmtu;
		return;
	}
	h->pmtu = 0; /* refused at a size an earlier hop had refused already */
	h->pmtu_from = (struct nw_addr){0};
}

uint32_t nw_trace_mtu_path(const struct nw_trace *t)
{
	return t->cfg.mtu ? t->pmtu_seen : 0;
}
