/* traceroute_paths.h: --paths N: flows, TTLs across them, the distinct paths; text or JSON. */
#ifndef NW_TRACEROUTE_PATHS_H
#define NW_TRACEROUTE_PATHS_H

#include <stdbool.h>

#include "traceroute_out.h"

struct nw_trace_run;
struct nw_trace_paths_ttl;
void traceroute_paths_start(const struct traceroute_out *o, const struct nw_trace_run *run);
/* TTL tt is summed up: printed now, or (names) once its names are in. */
void traceroute_paths_ttl(struct traceroute_out *o, const struct nw_trace_paths_ttl *tt);
/* Returns whether every flow reached the destination. */
bool traceroute_paths_end(struct traceroute_out *o, const struct nw_trace_paths *ps, bool cut);

#endif
