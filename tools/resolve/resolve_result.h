/*
 * resolve_result.h: what became of one nw-resolve query, the exit status
 * each outcome gives, and the check that an answer's records decode.
 */
#ifndef NW_RESOLVE_RESULT_H
#define NW_RESOLVE_RESULT_H

#include <stdbool.h>

#include "dns/dns.h"

enum resolve_result {
	RES_ANSWER,
	RES_NXDOMAIN,
	RES_NODATA,
	RES_RCODE,
	RES_TIMEOUT,
	RES_MALFORMED,
	RES_TOOLARGE, /* the query did not fit its transport: never sent */
};

/* Did an answer come (anything but a timeout, a malformed answer or an unsent query)? */
static inline bool resolve_answered(enum resolve_result r)
{
	return r != RES_TIMEOUT && r != RES_MALFORMED && r != RES_TOOLARGE;
}

int resolve_exit_code(enum resolve_result r);
/* 0, or -1 (+why) when a record's RDATA does not decode for its type. */
int resolve_check_rdata(const struct nw_dns_msg *m, const char **why);

#endif
