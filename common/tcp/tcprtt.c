/*
 * tcprtt.c: data RTT samples with Karn's rule (RFC 6298 3): data segment
 * to the ACK that covers it, retransmitted segments skipped.
 */
#include "config.h"

#include <string.h>

#include "tcp/tcprtt.h"

/* Sequence-space comparisons (RFC 9293 3.4, modulo 2^32). */
static bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static void drop(struct nw_tcprtt *r, unsigned i)
{
	memmove(&r->pending[i], &r->pending[i + 1], (r->npending - i - 1) * sizeof(r->pending[0]));
	r->npending--;
}

void nw_tcprtt_sent(struct nw_tcprtt *r, uint32_t seq, uint32_t len, int64_t ts)
{
	if (len == 0 || r->npending == NW_TCP_RTT_PENDING)
		return;
	/* Only segments beyond the ones timed already (in order). */
	if (r->npending && !seq_lt(r->pending[r->npending - 1].end, seq + len))
		return;
	r->pending[r->npending].end = seq + len;
	r->pending[r->npending].ts = ts;
	r->npending++;
}

void nw_tcprtt_retransmitted(struct nw_tcprtt *r, uint32_t seq, uint32_t len)
{
	(void)seq;
	(void)len;
	/* The next cumulative ACK may answer the copy: time nothing sent so far. */
	r->npending = 0;
}

int64_t nw_tcprtt_acked(struct nw_tcprtt *r, uint32_t ack, int64_t ts)
{
	int64_t sent = -1;

	while (r->npending && !seq_lt(ack, r->pending[0].end)) {
		sent = r->pending[0].ts;
		drop(r, 0);
	}
	if (sent < 0 || ts < sent)
		return -1;
	int64_t ns = ts - sent;
	if (!r->samples || ns < r->min_ns)
		r->min_ns = ns;
	if (!r->samples || ns > r->max_ns)
		r->max_ns = ns;
	r->sum_ns += ns;
	r->samples++;
	return ns;
}
