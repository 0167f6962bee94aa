/*
 * rto.c: RFC 6298 retransmission timeout (SRTT, RTTVAR, bounds, backoff).
 */
#include "config.h"

#include "probe/rto.h"

static int64_t clamp(const struct nw_rto *r, int64_t v)
{
	if (v < r->min)
		return r->min;
	return v > r->max ? r->max : v;
}

void nw_rto_init(struct nw_rto *r, int64_t initial, int64_t min, int64_t max)
{
	r->srtt = 0;
	r->rttvar = 0;
	r->samples = 0;
	r->min = min;
	r->max = max;
	r->rto = clamp(r, initial);
}

void nw_rto_sample(struct nw_rto *r, int64_t rtt)
{
	if (rtt < 0)
		rtt = 0;
	if (r->samples++ == 0) { /* 2.2 */
		r->srtt = rtt;
		r->rttvar = rtt / 2;
	} else { /* 2.3: RTTVAR first, with the old SRTT */
		int64_t d = r->srtt > rtt ? r->srtt - rtt : rtt - r->srtt;
		r->rttvar = (3 * r->rttvar + d) / 4;
		r->srtt = (7 * r->srtt + rtt) / 8;
	}
	int64_t var = 4 * r->rttvar; /* K * RTTVAR; our clock's granularity G is 1 ns */
	r->rto = clamp(r, r->srtt + (var > 1 ? var : 1));
}

int64_t nw_rto_backoff(const struct nw_rto *r, unsigned n)
{
	int64_t w = r->rto;
	for (unsigned i = 0; i < n && w < r->max; i++)
		w = w > r->max / 2 ? r->max : 2 * w;
	return clamp(r, w);
}
