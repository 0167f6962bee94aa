/* trace_hop.c: the traceroute model's hops as they stand, how each lost what it lost, totals. */
#include "config.h"

#include "probe/trace_internal.h"

const struct nw_trace_hop *nw_trace_hop(const struct nw_trace *t, unsigned ttl)
{
	if (ttl < t->cfg.first_ttl || ttl > t->cfg.max_ttl)
		return NULL;
	return &t->hops[ttl - t->cfg.first_ttl];
}

/*
 * A router that answers some probes and not others, while every probe to
 * a later hop was answered, is limiting its ICMP rate: the probes it did
 * not answer went on (the later hops saw theirs).  Loss that carries on to
 * every later hop is on the path.
 */
enum nw_trace_loss nw_trace_hop_loss(const struct nw_trace *t, unsigned ttl)
{
	const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
	unsigned later;

	if (!h || h->answered == h->queries)
		return NW_TRACE_LOSS_NONE;
	if (h->answered == 0)
		return NW_TRACE_LOSS_SILENT;
	for (later = ttl + 1; later <= t->end_ttl; later++) {
		const struct nw_trace_hop *l = nw_trace_hop(t, later);
		if (l->answered == l->queries)
			return NW_TRACE_LOSS_RATE_LIMIT;
	}
	return NW_TRACE_LOSS_FORWARD;
}

const char *nw_trace_loss_name(enum nw_trace_loss l)
{
	switch (l) {
	case NW_TRACE_LOSS_NONE:
		return "none";
	case NW_TRACE_LOSS_SILENT:
		return "silent";
	case NW_TRACE_LOSS_RATE_LIMIT:
		return "rate-limit";
	case NW_TRACE_LOSS_FORWARD:
		return "forward";
	}
	return "?";
}

void nw_trace_stats(const struct nw_trace *t, struct nw_trace_stats *st)
{
	*st = t->stats;
	/* Answers beyond the end (the destination answering a later TTL first) are not the path's.
	 */
	st->answered = st->timed_out = 0;
	for (unsigned ttl = t->cfg.first_ttl; ttl <= t->end_ttl; ttl++) {
		const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
		st->answered += h->answered;
		for (unsigned q = 0; q < h->queries; q++)
			st->timed_out += h->replies[q].status == NW_TRACE_TIMEOUT;
	}
	st->end_ttl = t->end_ttl;
	st->reached = t->reached;
	if (t->mono_rtts)
		st->clock = NW_PROBE_CLOCK_MONO;
	else if (t->wire_rtts)
		st->clock = NW_PROBE_CLOCK_WIRE;
	else
		st->clock = NW_PROBE_CLOCK_NONE;
	st->pmtu = nw_trace_mtu_path(t);
}

unsigned nw_trace_return_hops(uint8_t reply_ttl)
{
	unsigned initial = reply_ttl <= 64 ? 64 : reply_ttl <= 128 ? 128 : 255;

	return reply_ttl ? initial - reply_ttl + 1 : 0;
}
