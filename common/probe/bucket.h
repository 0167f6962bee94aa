/*
 * bucket.h: a token bucket for sends per second, smooth from a fraction of
 * a send per second to line rate.
 *
 * Kept as the theoretical time of the next send (GCRA, the ATM cell-rate
 * form of a token bucket) in 1/256 ns since the first call, so a period of
 * 67.2 ns (14.88 Mpps) loses nothing to rounding and 417 days fit.  A send
 * is due when that time has come; each send moves it one period on.  When
 * sends stop (nothing to send, or a late wakeup) credit builds up to depth
 * sends at most: in any span of time t at most depth + t * rate sends go
 * out (after a pause, depth at one instant, then one per period), and a
 * wakeup late by less than depth - 1 periods loses no rate.  The default
 * depth is 4 ms of sends and at least 2, so a caller whose poll() rounds
 * up to the millisecond keeps the rate; depth 1 is strict pacing, where
 * every late wakeup is lost.
 *
 * The wakeup (nw_bucket_next) is when a quarter of the bucket is due, so a
 * caller at a high rate sends a batch per wakeup (about 1 ms of sends with
 * the default depth) instead of waking once per packet.
 */
#ifndef NW_PROBE_BUCKET_H
#define NW_PROBE_BUCKET_H

#include <stdbool.h>
#include <stdint.h>

/* The default depth: this much time of sends (at least 2). */
#define NW_BUCKET_DEPTH_NS (4 * INT64_C(1000000))

struct nw_bucket {
	int64_t period; /* 1/256 ns per send; 0: no limit */
	int64_t next;	/* 1/256 ns after epoch: when the next send is due */
	int64_t epoch;	/* ns, the first time seen */
	uint32_t depth; /* sends that may go at one instant */
	uint32_t batch; /* sends worth one wakeup */
	bool started;
	double rate;
};

/* rate: sends per second (0: no limit; at least 0.001 otherwise); depth 0: the default. */
void nw_bucket_init(struct nw_bucket *b, double rate, uint32_t depth);
/* A new rate (and depth), keeping the time of the next send. */
void nw_bucket_set_rate(struct nw_bucket *b, double rate, uint32_t depth);
/* Whether a send is due at now (ns, never going back). */
bool nw_bucket_ready(struct nw_bucket *b, int64_t now);
/* One send made (after nw_bucket_ready said so). */
void nw_bucket_spend(struct nw_bucket *b);
/* When to wake up for the next batch of sends: now or later. */
int64_t nw_bucket_next(const struct nw_bucket *b, int64_t now);

#endif
