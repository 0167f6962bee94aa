/*
 * resolve_output.h: nw-resolve's output: dig's sections, +short, JSON.
 */
#ifndef NW_RESOLVE_OUTPUT_H
#define NW_RESOLVE_OUTPUT_H

#include "dns/dns.h"
#include "resolve_config.h"
#include "resolve_transport.h"

void resolve_print(const struct resolve_config *cfg, const struct resolve_question *q,
		   const struct resolve_exchange *x);
/* One record line, dig's columns. */
void resolve_print_rr(const struct nw_dns_msg *m, const struct nw_dns_rr *rr);

#endif
