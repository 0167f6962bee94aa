/*
 * bucket.c: the token bucket as a theoretical send time (GCRA) in fixed
 * point, 1/256 ns per unit.
 */
#include "config.h"

#include "probe/bucket.h"

#define FRAC	 8 /* bits of a nanosecond */
#define NS_PER_S 1000000000.0

static uint32_t default_depth(double rate)
{
	double d = rate * (double)NW_BUCKET_DEPTH_NS / NS_PER_S;
	if (d < 2)
		return 2; /* room for a wakeup up to one period late */
	return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d + (d > (uint32_t)d);
}

void nw_bucket_set_rate(struct nw_bucket *b, double rate, uint32_t depth)
{
	b->rate = rate > 0 ? rate : 0;
	b->period = 0;
	if (b->rate > 0) {
		double p = NS_PER_S * (1 << FRAC) / (b->rate < 0.001 ? 0.001 : b->rate);
		b->period = p < 1 ? 1 : (int64_t)p + (p > (int64_t)p); /* up: never faster */
	}
	b->depth = depth ? depth : default_depth(b->rate);
	b->batch = b->depth / 4 ? b->depth / 4 : 1;
}

void nw_bucket_init(struct nw_bucket *b, double rate, uint32_t depth)
{
	b->next = 0;
	b->epoch = 0;
	b->started = false;
	nw_bucket_set_rate(b, rate, depth);
}

/* now in units since the epoch (the epoch is the first time seen). */
static int64_t units(struct nw_bucket *b, int64_t now)
{
	if (!b->started) {
		b->started = true;
		b->epoch = now;
	}
	if (now < b->epoch)
		now = b->epoch;
	return (now - b->epoch) << FRAC;
}

/* depth periods, in units, at most 2^62 */
static int64_t span(const struct nw_bucket *b, uint32_t sends)
{
	int64_t s;
	if (__builtin_mul_overflow(b->period, (int64_t)sends, &s) || s > (INT64_C(1) << 62))
		return INT64_C(1) << 62;
	return s;
}

bool nw_bucket_ready(struct nw_bucket *b, int64_t now)
{
	int64_t u = units(b, now);
	if (b->period == 0)
		return true;
	/* At most depth sends of credit: a full bucket's first send is depth - 1 periods
	 * past, and a wakeup late by less than the clock's nanosecond loses nothing. */
	int64_t oldest = u - span(b, b->depth - 1) - ((1 << FRAC) - 1);
	if (b->next < oldest)
		b->next = oldest;
	return b->next <= u;
}

void nw_bucket_spend(struct nw_bucket *b)
{
	b->next += b->period;
}

int64_t nw_bucket_next(const struct nw_bucket *b, int64_t now)
{
	if (b->period == 0 || !b->started)
		return now;
	int64_t due = b->next + span(b, b->batch - 1);
	int64_t ns = b->epoch + (due >> FRAC) + ((due & ((1 << FRAC) - 1)) != 0);
	return ns > now ? ns : now;
}
