/* watch_stats.h: what nw-watch -f counts, for its first and last lines (types only). */
#ifndef NW_WATCH_STATS_H
#define NW_WATCH_STATS_H

#include <stddef.h>
#include <stdint.h>

struct watch_stats {
	const char *backend;	 /* "poll" */
	size_t sockets_at_start; /* in the first snapshot */
	uint64_t changes;	 /* lines printed */
	uint64_t inferred;	 /* states put between two a poll saw */
	uint64_t unseen;	 /* sockets a destroy message named, never in a snapshot */
	uint64_t polls;
	uint64_t destroyed;	  /* destroy messages */
	unsigned overruns;	  /* destroy messages the kernel dropped (ENOBUFS) */
	int64_t start_ns, end_ns; /* monotonic */
};

#endif
