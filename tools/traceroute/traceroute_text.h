/* traceroute_text.h: nw-traceroute's text, as traceroute(8) prints it. */
#ifndef NW_TRACEROUTE_TEXT_H
#define NW_TRACEROUTE_TEXT_H

#include <stdbool.h>

#include "traceroute_out.h"

void traceroute_text_start(const struct traceroute_out *o);
void traceroute_text_hop(const struct traceroute_out *o, const struct nw_trace_hop *h);
void traceroute_text_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut);

#endif
