/*
 * watch_summary.h: what nw-watch -f --summary says at exit, gathered from
 * the changes as they are printed: the connections that began during the
 * run, the transitions per kind (from -> to, each edge of a change's path,
 * the inferred ones counted apart), and three durations: connect time
 * (SYN_SENT seen to ESTABLISHED), lifetime (first seen to CLOSED) and
 * TIME_WAIT time (entry to end).  The polling backend dates a change by the
 * poll that saw it: each duration is known to within a poll.
 */
#ifndef NW_WATCH_SUMMARY_H
#define NW_WATCH_SUMMARY_H

#include <stdint.h>

#include "watch_diff.h"

struct watch_duration {
	uint64_t n;
	int64_t min_ns, max_ns, sum_ns;
};

struct watch_summary {
	int64_t start_ns;     /* sockets first seen then were there before the run */
	uint64_t connections; /* sockets other than listeners that began during the run */
	uint64_t active;      /* of them, made by connect() */
	uint64_t passive;     /* made by a listener */
	uint64_t closed;      /* connections (any, old ones too) that reached CLOSED */
	uint64_t edges[NW_TCPS_UNKNOWN][NW_TCPS_UNKNOWN];	   /* [from][to] */
	uint64_t inferred_edges[NW_TCPS_UNKNOWN][NW_TCPS_UNKNOWN]; /* of them, on a path with a
								      state inferred */
	struct watch_duration connect, lifetime, time_wait;
};

void watch_summary_init(struct watch_summary *s, int64_t start_ns);
void watch_summary_add(struct watch_summary *s, const struct watch_change *c);
/* Mean of d in nanoseconds (0 when empty). */
int64_t watch_duration_mean(const struct watch_duration *d);

#endif
