/*
 * scan_rate.c: the scan's adaptive rate.  A congestion window of probes
 * per loss-feedback time (probe/cwnd.h: slow start, one more per window of
 * answers, halved when a probe sent again is answered), paced as cwnd /
 * wait through the engine's token bucket, up to the rate the user gave.
 * The wait is the time a send has to be answered before it is sent again
 * (the engine's RTO, or the fixed timeout): a loss shows only then, so
 * that is the loop's delay.  Paced
 * per round trip instead, the window would grow for several round trips
 * before the first loss could show, and overshoot a policer by as much.
 *
 * Why not the engine's own window of probes in flight: in a scan most
 * probes may go unanswered (filtered ports), and each of them stays in
 * flight for its wait and its retries, several RTOs, while an answered one
 * stays one RTT.  A window of probes in flight then fills with silent
 * probes and the rate falls far below what the path carries; a window per
 * wait, paced, counts only what the path says (answers and losses).
 */
#include "config.h"

#include "probe/scan_internal.h"

#define CWND_MAX (1u << 30)

static double ceiling(const struct nw_scan_config *c)
{
	if (c->rate > 0 && c->max_rate > 0)
		return c->rate < c->max_rate ? c->rate : c->max_rate;
	return c->rate > 0 ? c->rate : c->max_rate;
}

static double pace(const struct nw_scan *s)
{
	int64_t wait = s->cfg.timeout_ns ? s->cfg.timeout_ns
		       : s->engine	 ? nw_probe_rto_ns(s->engine)
					 : s->cfg.rto_initial_ns; /* before the engine is made */
	double r = s->cwnd.cwnd * 1e9 / (double)wait;

	return s->ceiling > 0 && r > s->ceiling ? s->ceiling : r;
}

double nw_scan_rate_start(struct nw_scan *s)
{
	const struct nw_scan_config *c = &s->cfg;

	s->ceiling = ceiling(c);
	if (!c->adaptive)
		return s->ceiling;
	nw_cwnd_init(&s->cwnd, c->cwnd_initial ? c->cwnd_initial : c->window, 1, CWND_MAX);
	return pace(s);
}

void nw_scan_rate_learn(struct nw_scan *s, const struct nw_probe_result *res)
{
	if (!s->cfg.adaptive || res->outcome != NW_PROBE_ANSWERED)
		return;
	if (res->attempts > 1) {
		if (nw_cwnd_loss(&s->cwnd, res->first_sent_ns, s->now))
			s->stats.loss_events++;
	} else {
		nw_cwnd_answered(&s->cwnd);
	}
	nw_probe_set_rate(s->engine, pace(s), s->cfg.burst);
}
