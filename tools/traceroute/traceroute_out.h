/* traceroute_out.h: what nw-traceroute prints, as text (traceroute's lines) or JSON Lines. */
#ifndef NW_TRACEROUTE_OUT_H
#define NW_TRACEROUTE_OUT_H

#include "probe/trace.h"
#include "sys/names.h"
#include "traceroute.h"
#include "traceroute_rounds.h"

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

/*
 * Hop h is complete: print it, and the hops before it that waited, as soon
 * as their names are in (at once with -n).  At the end, print what still
 * waits, each name waited for at most TRACEROUTE_NAME_WAIT_NS in all.
 */
#define TRACEROUTE_NAME_WAIT_NS (2 * INT64_C(1000000000))
void traceroute_hop_done(struct traceroute_out *o, const struct nw_trace *t,
			 const struct nw_trace_hop *h);
/*
 * A cut run (cut) also prints the hops begun after the last complete one,
 * up to the last that had an answer, as they stand (a probe not answered
 * yet is a "*").
 */
void traceroute_hops_flush(struct traceroute_out *o, const struct nw_trace *t, bool cut);
/*
 * a's name is in, or will not come (no child, or it is gone): false asks
 * for it.
 */
bool traceroute_name_ready(const struct traceroute_out *o, const struct nw_addr *a);
/* a's name, or NULL (none, not known, or -n). */
const char *traceroute_host_name(const struct traceroute_out *o, const struct nw_addr *a);

void traceroute_text_start(const struct traceroute_out *o);
void traceroute_text_hop(const struct traceroute_out *o, const struct nw_trace_hop *h);
void traceroute_text_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut);

void traceroute_json_start(const struct traceroute_out *o);
void traceroute_json_hop(const struct traceroute_out *o, const struct nw_trace *t,
			 const struct nw_trace_hop *h);
void traceroute_json_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut);
/* --rounds: one "hop_stats" object per hop. */
void traceroute_json_rounds(const struct traceroute_out *o, const struct traceroute_rounds *r);

/* The summary's complete, hops, sent, answered, timed_out, late, strays. */
struct nw_json;
void traceroute_json_totals(struct nw_json *j, const struct nw_trace_stats *st, bool cut);

/* --paths N (traceroute_paths.c): flows, TTLs across them, the distinct paths; text or JSON. */
struct nw_trace_run;
struct nw_trace_paths;
struct nw_trace_paths_ttl;
void traceroute_paths_start(const struct traceroute_out *o, const struct nw_trace_run *run);
/* TTL tt is summed up: printed now, or (names) once its names are in. */
void traceroute_paths_ttl(struct traceroute_out *o, const struct nw_trace_paths_ttl *tt);
/* Returns whether every flow reached the destination. */
bool traceroute_paths_end(struct traceroute_out *o, const struct nw_trace_paths *ps, bool cut);

/* Shared by both: names of the method and flow mode, the annotation of an answer. */
const char *traceroute_method_name(enum nw_probe_proto p);
const char *traceroute_flow_name(enum nw_flow_mode f);
/* traceroute's "!H", "!N", "!F-1400"... for an answer; "" for none. */
const char *traceroute_annotation(const struct nw_trace_reply *r, char *buf, size_t len);

#endif
