/* watch_summary.c: nw-watch -f --summary's counts and durations, a change at a time. */
#include "config.h"

#include <string.h>

#include "watch_summary.h"

void watch_summary_init(struct watch_summary *s, int64_t start_ns)
{
	memset(s, 0, sizeof *s);
	s->start_ns = start_ns;
}

static void duration_add(struct watch_duration *d, int64_t ns)
{
	if (d->n == 0 || ns < d->min_ns)
		d->min_ns = ns;
	if (d->n == 0 || ns > d->max_ns)
		d->max_ns = ns;
	d->sum_ns += ns;
	d->n++;
}

int64_t watch_duration_mean(const struct watch_duration *d)
{
	return d->n ? d->sum_ns / (int64_t)d->n : 0;
}

/* Every edge of the path from -> via... -> to. */
static void count_edges(struct watch_summary *s, const struct watch_change *c)
{
	enum nw_tcps prev = c->from;

	for (int i = 0; i <= c->nvia; i++) {
		enum nw_tcps next = i < c->nvia ? c->via[i] : c->to;
		if (prev != NW_TCPS_UNKNOWN) {
			s->edges[prev][next]++;
			if (c->nvia)
				s->inferred_edges[prev][next]++;
		}
		prev = next;
	}
}

static bool path_has(const struct watch_change *c, enum nw_tcps st)
{
	if (c->to == st)
		return true;
	for (int i = 0; i < c->nvia; i++)
		if (c->via[i] == st)
			return true;
	return false;
}

void watch_summary_add(struct watch_summary *s, const struct watch_change *c)
{
	const struct watch_sock *w = c->sock;
	bool listener = c->from == NW_TCPS_LISTEN || c->to == NW_TCPS_LISTEN;
	bool began = w->seen_ns > s->start_ns; /* not in the first snapshot */

	count_edges(s, c);
	if (listener)
		return;
	if (c->from == NW_TCPS_CLOSED || c->from == NW_TCPS_UNKNOWN) {
		s->connections++;
		c->passive ? s->passive++ : s->active++;
	}
	/* SYN_SENT seen by a poll: the socket began then (SYN_SENT is its first state). */
	if (c->from == NW_TCPS_SYN_SENT && began && path_has(c, NW_TCPS_ESTABLISHED))
		duration_add(&s->connect, c->when_ns - w->seen_ns);
	if (c->to != NW_TCPS_CLOSED)
		return;
	s->closed++;
	if (began)
		duration_add(&s->lifetime, c->when_ns - w->seen_ns);
	if (c->from == NW_TCPS_TIME_WAIT && w->time_wait_ns)
		duration_add(&s->time_wait, c->when_ns - w->time_wait_ns);
}
