/*
 * cwnd.c: the probes' congestion window (slow start, congestion avoidance,
 * halving once per window on loss).
 */
#include "config.h"

#include "probe/cwnd.h"

void nw_cwnd_init(struct nw_cwnd *c, uint32_t initial, uint32_t min, uint32_t max)
{
	c->min = min ? min : 1;
	c->max = max > c->min ? max : c->min;
	if (initial < c->min)
		initial = c->min;
	c->cwnd = initial > c->max ? c->max : initial;
	c->ssthresh = c->max;
	c->decreased_at = INT64_MIN;
	c->decreases = 0;
}

void nw_cwnd_answered(struct nw_cwnd *c)
{
	c->cwnd += c->cwnd < c->ssthresh ? 1 : 1 / c->cwnd;
	if (c->cwnd > c->max)
		c->cwnd = c->max;
}

bool nw_cwnd_loss(struct nw_cwnd *c, int64_t first_sent, int64_t now)
{
	if (first_sent < c->decreased_at)
		return false; /* sent under the old window: that loss is counted */
	c->ssthresh = c->cwnd / 2 > c->min ? c->cwnd / 2 : c->min;
	c->cwnd = c->ssthresh;
	c->decreased_at = now;
	c->decreases++;
	return true;
}

uint32_t nw_cwnd_room(const struct nw_cwnd *c)
{
	return (uint32_t)c->cwnd;
}
