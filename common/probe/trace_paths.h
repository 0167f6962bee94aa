/*
 * trace_paths.h: several traceroute flows at once and the paths they took
 * (nw-traceroute --paths N), I/O-free.  Each flow is a model of its own
 * (probe/trace.h) with its own 5-tuple (a source port; ICMP: an echo id),
 * so a load balancer that hashes flows sends each one way and different
 * flows may go different ways.  The flows run side by side: one tick and
 * one feed for all (a packet goes to each flow in turn until one owns it),
 * each with its own window of probes in flight.
 *
 * Once every flow is past a TTL (its hop complete, or its path ended
 * before it) and past the next one too, the TTL is summed up: every
 * address that answered there, the flows that saw it, and how many
 * distinct addresses those flows came from at the TTL before and went to
 * at the TTL after.  An address whose flows go on to two or more
 * addresses is where they split (the start of an ECMP diamond); one that
 * flows reach from two or more addresses is where they merge again.
 */
#ifndef NW_PROBE_TRACE_PATHS_H
#define NW_PROBE_TRACE_PATHS_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/trace.h"

#define NW_TRACE_MAX_FLOWS 32 /* flows are bits of a uint32_t */

struct nw_trace_paths;

/* One address at one TTL. */
struct nw_trace_paths_addr {
	struct nw_addr addr;
	uint32_t flows;		  /* the flows that had an answer from it (bit f: flow f) */
	unsigned answers;	  /* answers from it, all flows */
	int64_t min_rtt_ns;	  /* the fastest of them */
	enum nw_answer_kind kind; /* of its first answer */
	unsigned prev;		  /* distinct addresses its flows had at the TTL before */
	unsigned next; /* ... and at the TTL after: 2 or more, a split; prev 2 or more, a merge */
};

/* One TTL across the flows. */
struct nw_trace_paths_ttl {
	unsigned ttl;
	uint32_t flows;	 /* the flows whose path reaches this TTL */
	uint32_t silent; /* of those, the flows that had no answer here */
	unsigned naddrs;
	const struct nw_trace_paths_addr *addrs; /* in the order flows first saw them */
};

struct nw_trace_paths_ops {
	/* Send flow's probe p: as nw_trace_ops.send. */
	int (*send)(void *ctx, unsigned flow, const struct nw_trace_packet *p);
	/* Flow's hop h is complete (nw_trace_ops.on_hop); may be NULL. */
	void (*on_hop)(void *ctx, unsigned flow, const struct nw_trace_hop *h);
	/* TTL summed up (nw_trace_paths_ttl), in TTL order; may be NULL. */
	void (*on_ttl)(void *ctx, const struct nw_trace_paths_ttl *tt);
};

/*
 * n flows (1..NW_TRACE_MAX_FLOWS), flows[f] the settings of flow f: every
 * one the same TTL range, each its own source port or echo id.  NULL with
 * *why (static) on a bad setting or out of memory.
 */
struct nw_trace_paths *nw_trace_paths_new(const struct nw_trace_config *flows, unsigned n,
					  const struct nw_trace_paths_ops *ops, void *ctx,
					  const char **why);
void nw_trace_paths_free(struct nw_trace_paths *ps);

/* Tick every flow; the earliest time any wants to be called again. */
int64_t nw_trace_paths_tick(struct nw_trace_paths *ps, int64_t now);
/* The packet to each flow until one owns it; STRAY when none does. */
enum nw_trace_feed nw_trace_paths_feed(struct nw_trace_paths *ps, const struct nw_pkt *pkt,
				       int64_t now, int64_t wire_ns, const char **why);
/* An answer the socket of flow tied to a probe (nw_trace_feed_answer); STRAY counted here too. */
enum nw_trace_feed nw_trace_paths_feed_answer(struct nw_trace_paths *ps, unsigned flow,
					      const struct nw_trace_answer *a, int64_t now,
					      const char **why);
/* Every flow done (nw_trace_done) and every TTL handed to on_ttl. */
/* Flow's socket refused a probe as larger than the interface's MTU (nw_trace_local_mtu). */
bool nw_trace_paths_local_mtu(struct nw_trace_paths *ps, unsigned flow, uint32_t mtu);
bool nw_trace_paths_done(const struct nw_trace_paths *ps);
/* Stop every flow; the TTLs every flow had completed are still summed up. */
void nw_trace_paths_stop(struct nw_trace_paths *ps);

unsigned nw_trace_paths_count(const struct nw_trace_paths *ps);
const struct nw_trace *nw_trace_paths_flow(const struct nw_trace_paths *ps, unsigned flow);
/* TTL ttl summed up; NULL before on_ttl had it (or beyond the longest path). */
const struct nw_trace_paths_ttl *nw_trace_paths_ttl(const struct nw_trace_paths *ps, unsigned ttl);
/* The last TTL summed up (first_ttl - 1: none yet). */
unsigned nw_trace_paths_last_ttl(const struct nw_trace_paths *ps);
/* Flow's address at ttl: its first answer there; NULL for none. */
const struct nw_addr *nw_trace_paths_flow_addr(const struct nw_trace_paths *ps, unsigned flow,
					       unsigned ttl);
/*
 * The distinct paths over the TTLs summed up: flows whose addresses
 * (nw_trace_paths_flow_addr) are the same at every TTL share a path.
 * groups[i] gets the flows of path i, paths in the order of their lowest
 * flow; returns how many (at most max are written).
 */
unsigned nw_trace_paths_distinct(const struct nw_trace_paths *ps, uint32_t *groups, unsigned max);
/* Packets no flow owned. */
uint64_t nw_trace_paths_strays(const struct nw_trace_paths *ps);

#endif /* NW_PROBE_TRACE_PATHS_H */
