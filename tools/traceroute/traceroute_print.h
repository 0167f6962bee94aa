/* traceroute_print.h: hops printed in TTL order, each once its routers' names are in. */
#ifndef NW_TRACEROUTE_PRINT_H
#define NW_TRACEROUTE_PRINT_H

#include <stdbool.h>

#include "traceroute_out.h"

/*
 * Hop h is complete: print it, and the hops before it that waited, as soon
 * as their names are in (at once with -n).  At the end, print what still
 * waits, each name waited for at most TRACEROUTE_NAME_WAIT_NS in all.
 */
void traceroute_hop_done(struct traceroute_out *o, const struct nw_trace *t,
			 const struct nw_trace_hop *h);
/*
 * A cut run (cut) also prints the hops begun after the last complete one,
 * up to the last that had an answer, as they stand (a probe not answered
 * yet is a "*").
 */
void traceroute_hops_flush(struct traceroute_out *o, const struct nw_trace *t, bool cut);

#endif
