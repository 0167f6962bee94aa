/*
 * trace_run.h: the traceroute model (probe/trace.h) on real sockets.  Open
 * (route to the destination, source address and port, a raw IP socket for
 * the probes, a capture on the outgoing interface), then, once the tool has
 * dropped its privileges, run it in one sys/loop until the path is done, a
 * signal ends it, or the deadline passes.  RTTs come from the capture's
 * timestamps of the probe leaving and the answer arriving.
 */
#ifndef NW_SYS_TRACE_RUN_H
#define NW_SYS_TRACE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/trace.h"
#include "sys/craft.h"

struct nw_trace_run_config {
	struct nw_trace_config trace; /* src, sport, echo_id, tcp_seq: filled by the opener
					 when left 0 / unspecified */
	const char *ifname;	      /* the interface to capture on; NULL: the route's */
	int64_t deadline_ns;	      /* the whole run's bound (monotonic); 0: none */
};

struct nw_trace_run;

/* What the runner tells the tool as the trace goes. */
struct nw_trace_run_ops {
	void (*on_hop)(void *ctx, const struct nw_trace_hop *h); /* complete, in TTL order */
};

/*
 * Open everything a trace needs (CAP_NET_RAW is raised around the opens
 * by craft and capture themselves).  NULL with err on failure.
 */
struct nw_trace_run *nw_trace_run_open(const struct nw_trace_run_config *cfg, char *err,
				       size_t errlen);
/* The trace's settings as opened (source address and port filled in). */
const struct nw_trace_config *nw_trace_run_config(const struct nw_trace_run *r);
const char *nw_trace_run_ifname(const struct nw_trace_run *r);
/* The capture clock the RTTs come from, for the user. */
const char *nw_trace_run_clock_name(const struct nw_trace_run *r);

/*
 * Run to the end.  0: the path is done; 1: cut short (a signal, the
 * deadline); -1 with err: a runtime failure.
 */
int nw_trace_run(struct nw_trace_run *r, const struct nw_trace_run_ops *ops, void *ctx, char *err,
		 size_t errlen);
const struct nw_trace *nw_trace_run_trace(const struct nw_trace_run *r);

/*
 * Rounds (--rounds): after a run, move the probe numbers on (id_base) so
 * the next nw_trace_run's probes are told apart from this one's, and wait
 * until the monotonic until_ns (answers that come meanwhile are late ones).
 * nw_trace_run_pause returns 0 at until_ns, 1 cut short (a signal, the
 * deadline), -1 on a failure.  The trace of the last run stays readable
 * until the next run.
 */
void nw_trace_run_next_round(struct nw_trace_run *r);
int nw_trace_run_pause(struct nw_trace_run *r, int64_t until_ns);
void nw_trace_run_close(struct nw_trace_run *r);

/* Build probe p in c (raw or build-only): the packet nw_trace hands out, as it goes on the wire. */
int nw_trace_craft(struct nw_craft *c, const struct nw_trace_packet *p);

#endif
