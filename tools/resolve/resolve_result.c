/*
 * resolve_result.c: the exit status of each outcome of an nw-resolve
 * query, and the check that every record of an answer decodes.
 */
#include "config.h"

#include "cli/cli.h"
#include "resolve_config.h"
#include "resolve_result.h"

int resolve_exit_code(enum resolve_result r)
{
	switch (r) {
	case RES_ANSWER:
		return RESOLVE_EXIT_ANSWER;
	case RES_NXDOMAIN:
		return RESOLVE_EXIT_NXDOMAIN;
	case RES_NODATA:
		return RESOLVE_EXIT_NODATA;
	case RES_RCODE:
		return RESOLVE_EXIT_RCODE;
	case RES_TIMEOUT:
		return RESOLVE_EXIT_TIMEOUT;
	case RES_TOOLARGE:
		return NW_EXIT_USAGE; /* the options made it so: --bufsize, --padding */
	default:
		return RESOLVE_EXIT_MALFORMED;
	}
}

int resolve_check_rdata(const struct nw_dns_msg *m, const char **why)
{
	static char buf[NW_DNS_RDATA_STRLEN];
	for (int s = NW_DNS_ANSWER; s <= NW_DNS_ADDITIONAL; s++) {
		struct nw_dns_iter it;
		struct nw_dns_rr rr;
		nw_dns_iter_init(&it, m, (enum nw_dns_section)s);
		while (nw_dns_rr_next(&it, &rr, why) == 1)
			if (nw_dns_rdata_str(m, &rr, buf, sizeof buf, why) != NW_OK)
				return -1;
	}
	return 0;
}
