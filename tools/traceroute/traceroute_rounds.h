/*
 * traceroute_rounds.h: --rounds and --report, mtr's way: the path probed
 * round after round (one flow, the probe numbers moved on each round), the
 * hops' loss and RTT statistics gathered, drawn as a table that is redrawn
 * in place on a terminal, and printed once at the end otherwise.
 */
#ifndef NW_TRACEROUTE_ROUNDS_H
#define NW_TRACEROUTE_ROUNDS_H

#include <stdbool.h>

#include "base/stats.h"
#include "probe/trace.h"

#define ROUNDS_MAX_ADDRS 4 /* addresses kept per hop (ECMP, a changing path) */

struct rounds_hop {
	unsigned sent, received;
	double last_ms;
	struct nw_stats rtt; /* ms */
	double jitter_sum;   /* |RTT - the one before| summed, ms */
	unsigned jitter_n;
	struct nw_addr addr[ROUNDS_MAX_ADDRS];
	unsigned naddr;
	bool more_addr; /* seen more than ROUNDS_MAX_ADDRS */
};

struct traceroute_rounds {
	unsigned done;		    /* rounds complete */
	unsigned end_ttl;	    /* the furthest end of the path in any round */
	bool reached;		    /* the destination answered in some round */
	unsigned drawn;		    /* lines of the table on the terminal (live redraw) */
	struct rounds_hop hop[256]; /* by TTL */
};

struct traceroute_out;
struct traceroute_config;

/* A hop of the current round, complete. */
void traceroute_rounds_add(struct traceroute_rounds *r, const struct nw_trace_hop *h);
/* The round is over (complete, or cut short): its end of the path, whether it got there. */
void traceroute_rounds_end(struct traceroute_rounds *r, const struct nw_trace *t, bool complete);
/* Wait (TRACEROUTE_NAME_WAIT_NS at most) for the names of the table's addresses. */
void traceroute_rounds_names_wait(struct traceroute_out *o, const struct traceroute_rounds *r);

/* The table (text): redrawn in place when live, else printed. */
void traceroute_rounds_table(struct traceroute_out *o, struct traceroute_rounds *r, bool live);

/* A hop's loss in percent and its mean jitter in ms (0 without samples). */
double traceroute_rounds_loss(const struct rounds_hop *h);
double traceroute_rounds_jitter(const struct rounds_hop *h);

#endif
