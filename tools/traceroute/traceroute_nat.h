/* traceroute_nat.h: where the path rewrote the probes (NAT), for the text and the JSON. */
#ifndef NW_TRACEROUTE_NAT_H
#define NW_TRACEROUTE_NAT_H

#include <stddef.h>

#include "probe/trace.h"

#define TRACEROUTE_MAX_REWRITES 8

/* A change first seen in hop ttl's quotes: made after hop after_ttl (0: no clean hop before). */
struct traceroute_rewrite {
	unsigned ttl, after_ttl;
	unsigned what; /* NW_REWRITE_* */
	struct nw_probe_key sent, quote;
};

/*
 * The note of one reply, in hop order: "" when its quote is clean; the
 * change in full the first time it is seen ("[NAT after hop 2: source
 * 198.18.0.1 -> 198.18.200.1, port 40000 -> 1024]"), then "[NAT]"; a
 * change of the IPv4 ID alone is "rewritten", not NAT.
 */
const char *traceroute_nat_note(const struct nw_trace_reply *r, char *buf, size_t len);
/* Hop h has been shown: a clean quote in it moves "after hop" on. */
void traceroute_nat_hop_done(const struct nw_trace_hop *h);
/* Every change described so far, in hop order. */
const struct traceroute_rewrite *traceroute_rewrites(unsigned *n);
/* "NAT" or "rewritten" for NW_REWRITE_* bits; the JSON name of one bit ("source", ...). */
const char *traceroute_rewrite_tag(unsigned what);
const char *traceroute_rewrite_field(unsigned bit);

#endif
