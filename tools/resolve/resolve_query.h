/*
 * resolve_query.h: building nw-resolve's queries, shared by the one-query
 * path, --trace and -f: a name as typed to the name sent, the query with
 * the run's flags and EDNS options, its wire form with a reason when the
 * options make it too large, and the check of every size before sending.
 */
#ifndef NW_RESOLVE_QUERY_H
#define NW_RESOLVE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "dns/dns.h"
#include "resolve_config.h"

/* n random octets (getentropy), for IDs and cookies. */
void resolve_random(void *p, size_t n);
/*
 * The query for name, type and class with the run's flags and EDNS
 * options (a fresh client cookie with --cookie); the caller sets the ID.
 */
void resolve_query_init(const struct resolve_config *cfg, struct nw_dns_query *q,
			const struct nw_dns_name *name, uint16_t qtype, uint16_t qclass);
/* What the run's queries are built for: TCP with --tcp (but --all-servers asks over UDP). */
enum nw_dns_transport resolve_query_transport(const struct resolve_config *cfg);
/*
 * Build q for tr in buf (RESOLVE_QBUF_LEN octets) with nw_dns_query_build:
 * the query's length, or -1 with its reason in err, followed by the
 * options behind the size and what to change ("(--bufsize 512,
 * --padding 500: use --tcp, a larger --bufsize or a smaller --padding)").
 */
int resolve_query_build(const struct resolve_config *cfg, const struct nw_dns_query *q,
			enum nw_dns_transport tr, uint8_t *buf, char *err, size_t errlen);
/*
 * Before anything is sent: a usage error (exit 2) when the options leave
 * no room for any name (the root name's query is too large), or when a
 * NAME operand's query is too large.
 */
void resolve_check_sizes(const struct resolve_config *cfg);
void resolve_name_arg(const char *typed, char *out);

#endif
