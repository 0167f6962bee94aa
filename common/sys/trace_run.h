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
#include "probe/trace_paths.h"
#include "sys/craft.h"

/*
 * How probes go and answers come back.  raw: a raw IP socket and a capture
 * (CAP_NET_RAW); socket: UDP and ping sockets, the kernel's error queue,
 * no privilege (sys/trace_sock.h; UDP paris and classic, ICMP); auto: raw
 * when this process may open a raw socket, else socket.
 */
enum nw_trace_mode { NW_TRACE_MODE_AUTO, NW_TRACE_MODE_RAW, NW_TRACE_MODE_SOCKET };

struct nw_trace_run_config {
	struct nw_trace_config trace; /* src, sport, echo_id, tcp_seq: filled by the opener
					 when left 0 / unspecified */
	const char *ifname;	      /* the interface to capture on; NULL: the route's */
	int64_t deadline_ns;	      /* the whole run's bound (monotonic); 0: none */
	enum nw_trace_mode mode;
	unsigned flows; /* flows side by side (probe/trace_paths.h); 0: one.
			   Each its own source port (ICMP: echo_id + flow); the
			   rate is shared */
};

struct nw_trace_run;

/* What the runner tells the tool as the trace goes. */
struct nw_trace_run_ops {
	void (*on_hop)(void *ctx, const struct nw_trace_hop *h);	/* flow 0's, in TTL order */
	void (*on_ttl)(void *ctx, const struct nw_trace_paths_ttl *tt); /* every flow's */
};

/*
 * Open everything a trace needs (CAP_NET_RAW is raised around the opens
 * by craft and capture themselves; socket mode needs none).  NULL with err
 * on failure: a method socket mode cannot do, without the privilege raw
 * mode needs, names the capability.
 */
struct nw_trace_run *nw_trace_run_open(const struct nw_trace_run_config *cfg, char *err,
				       size_t errlen);
/* The trace's settings as opened (source address and port filled in): flow 0's. */
const struct nw_trace_config *nw_trace_run_config(const struct nw_trace_run *r);
/* Flow f's (0 .. flows - 1). */
const struct nw_trace_config *nw_trace_run_flow_config(const struct nw_trace_run *r, unsigned f);
const char *nw_trace_run_ifname(const struct nw_trace_run *r);
/* The clock the RTTs come from, for the user. */
const char *nw_trace_run_clock_name(const struct nw_trace_run *r);
/* The mode opened (raw or socket, never auto), and its name. */
enum nw_trace_mode nw_trace_run_mode(const struct nw_trace_run *r);
const char *nw_trace_run_mode_name(const struct nw_trace_run *r);

/*
 * Run to the end.  0: the path is done; 1: cut short (a signal, the
 * deadline); -1 with err: a runtime failure.
 */
int nw_trace_run(struct nw_trace_run *r, const struct nw_trace_run_ops *ops, void *ctx, char *err,
		 size_t errlen);
/* Flow 0's trace, and every flow's (valid after nw_trace_run, until close). */
const struct nw_trace *nw_trace_run_trace(const struct nw_trace_run *r);
const struct nw_trace_paths *nw_trace_run_paths(const struct nw_trace_run *r);

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
