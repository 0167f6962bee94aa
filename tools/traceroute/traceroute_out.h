/*
 * traceroute_out.h: what nw-traceroute's printers (text as traceroute,
 * JSON Lines, --rounds, --paths) know about the run.  Types only: each
 * printer's functions are in its own file's header.
 */
#ifndef NW_TRACEROUTE_OUT_H
#define NW_TRACEROUTE_OUT_H

#include <stdint.h>

#include "probe/trace.h"
#include "sys/names.h"
#include "traceroute_config.h"

struct nw_trace_paths;
struct traceroute_rounds;

/* What the output needs to know about the run. */
struct traceroute_out {
	const struct traceroute_config *cfg;
	const struct nw_trace_config *trace; /* as opened: source address and port filled in */
	const char *ifname;
	const char *clock;		    /* the RTTs' clock's name */
	const char *mode;		    /* "raw" or "socket" (sys/trace_run.h) */
	struct nw_names *names;		    /* reverse names; NULL with -n */
	unsigned pending_first;		    /* TTL of the first hop complete but not printed yet */
	unsigned pending;		    /* how many such hops, from pending_first on */
	unsigned next_ttl;		    /* the TTL after the last hop complete; 0: none yet */
	unsigned cut_from;		    /* a cut run: the first hop printed as it stood; 0 */
	const struct nw_trace_paths *paths; /* --paths: the flows' TTLs (pending ones printed) */
	struct traceroute_rounds *rounds;   /* --rounds, --report; NULL otherwise */
	unsigned round;			    /* the round going on (1..); 0 without rounds */
};

/* The longest the end of a run waits for the names still missing, in all. */
#define TRACEROUTE_NAME_WAIT_NS (2 * INT64_C(1000000000))

#endif
