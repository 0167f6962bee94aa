/* traceroute_json.h: nw-traceroute's JSON Lines (--json). */
#ifndef NW_TRACEROUTE_JSON_H
#define NW_TRACEROUTE_JSON_H

#include <stdbool.h>

#include "traceroute_out.h"

void traceroute_json_start(const struct traceroute_out *o);
void traceroute_json_hop(const struct traceroute_out *o, const struct nw_trace *t,
			 const struct nw_trace_hop *h);
void traceroute_json_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut);
/* --rounds: one "hop_stats" object per hop. */
void traceroute_json_rounds(const struct traceroute_out *o, const struct traceroute_rounds *r);

/* The summary's complete, hops, sent, answered, timed_out, late, strays. */
struct nw_json;
void traceroute_json_totals(struct nw_json *j, const struct nw_trace_stats *st, bool cut);

#endif
