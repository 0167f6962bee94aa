/*
 * parse_internal.h: helpers shared by the packet parsers (parse_*.c) and
 * nw_decode(); not part of the library's public interface.
 */
#ifndef NW_PARSE_INTERNAL_H
#define NW_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "wire/pkt.h"

/* Report a failure: set *why (when the caller asked for it) and return st. */
static inline enum nw_status nw_fail(const char **why, enum nw_status st, const char *msg)
{
	if (why)
		*why = msg;
	return st;
}

/*
 * Narrow the cursor to the next n bytes (or to what is left, when fewer were
 * captured).  Returns false when fewer than n bytes are left.
 */
static inline bool nw_buf_limit(struct nw_buf *b, size_t n)
{
	if (!nw_buf_has(b, n))
		return false;
	b->len = b->pos + n;
	return true;
}

/* IP protocol numbers the parsers care about. */
#define NW_IPPROTO_HOPOPTS  0
#define NW_IPPROTO_ICMP	    1
#define NW_IPPROTO_TCP	    6
#define NW_IPPROTO_UDP	    17
#define NW_IPPROTO_ROUTING  43
#define NW_IPPROTO_FRAGMENT 44
#define NW_IPPROTO_ESP	    50
#define NW_IPPROTO_AH	    51
#define NW_IPPROTO_ICMPV6   58
#define NW_IPPROTO_NONE	    59
#define NW_IPPROTO_DSTOPTS  60
#define NW_IPPROTO_MOBILITY 135

/*
 * parse_ipv6.c: walk the extension header chain that starts with
 * out->next_header at the cursor, filling ext_count, ext_types, proto and the
 * fragment fields.  When jumbo is not NULL, a Jumbo Payload option in the
 * hop-by-hop header stores its length there (0 when absent).  The cursor
 * ends after the last extension header, or after a non-first fragment's
 * header, where fragment data begins.  At most NW_IPV6_MAX_EXT headers.
 */
enum nw_status nw_ipv6_walk_ext(struct nw_buf *b, struct nw_ipv6 *out, uint32_t *jumbo,
				const char **why);

/*
 * parse_quoted.c: the start of the datagram quoted in an ICMP (family
 * AF_INET) or ICMPv6 (AF_INET6) error.  Reads from a copy of the cursor and
 * never fails: what is cut short is left unset (q->present, q->has_ports).
 */
void nw_parse_quoted(const struct nw_buf *b, int family, struct nw_quoted *q);

#endif /* NW_PARSE_INTERNAL_H */
