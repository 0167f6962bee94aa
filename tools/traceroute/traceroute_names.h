/* traceroute_names.h: the names nw-traceroute's text and JSON share. */
#ifndef NW_TRACEROUTE_NAMES_H
#define NW_TRACEROUTE_NAMES_H

#include <stddef.h>

#include "probe/trace.h"

/* The names of the method and flow mode ("udp", "paris"...). */
const char *traceroute_method_name(enum nw_probe_proto p);
const char *traceroute_flow_name(enum nw_flow_mode f);
/* traceroute's "!H", "!N", "!F-1400"... for an answer; "" for none. */
const char *traceroute_annotation(const struct nw_trace_reply *r, char *buf, size_t len);

#endif
