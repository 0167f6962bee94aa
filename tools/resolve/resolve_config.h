/*
 * resolve_config.h: nw-resolve's settings as main.c parses them, its exit
 * codes and limits (types only: every file of the tool includes it, it
 * includes none of theirs).
 */
#ifndef NW_RESOLVE_CONFIG_H
#define NW_RESOLVE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"
#include "dns/dns.h"
#include "dns/resolvconf.h"

/* Exit codes (man page EXIT STATUS; 2 and 3 are the shared NW_EXIT_*). */
#define RESOLVE_EXIT_ANSWER    0 /* NOERROR with at least one answer record */
#define RESOLVE_EXIT_TIMEOUT   1 /* no server answered in time */
#define RESOLVE_EXIT_NXDOMAIN  4
#define RESOLVE_EXIT_NODATA    5 /* NOERROR without answer records */
#define RESOLVE_EXIT_RCODE     6 /* SERVFAIL, REFUSED or another error rcode */
#define RESOLVE_EXIT_MALFORMED 7 /* only malformed answers came back */

#define RESOLVE_MAX_QUERIES 64
#define RESOLVE_MAX_SERVERS 8
#define RESOLVE_MAX_TRIES   10	/* --tries */
#define RESOLVE_MAX_PADDING 512 /* --padding */
/* A query with every option, its TCP length in front (nw_dns_query_build). */
#define RESOLVE_QBUF_LEN NW_DNS_QUERY_BUFLEN(RESOLVE_MAX_PADDING)

enum resolve_format { RESOLVE_DIG, RESOLVE_SHORT, RESOLVE_JSON, RESOLVE_QUIET };

struct resolve_question {
	char name[NW_DNS_NAME_STRLEN];	/* as typed (after IDN conversion) */
	char typed[NW_DNS_NAME_STRLEN]; /* as typed when IDN conversion changed it, else "" */
	uint16_t qtype, qclass;
};

struct resolve_config {
	int nq;
	struct resolve_question q[RESOLVE_MAX_QUERIES];
	int nserver_args; /* @server operands, tried in turn; 0: resolv.conf */
	const char *server_args[RESOLVE_MAX_SERVERS];
	uint16_t port;
	int family; /* -4/-6: 0 either */
	bool tcp;   /* --tcp: TCP only */
	bool ignore_tc;
	bool search;	    /* --search: apply the search list and ndots */
	int64_t timeout_ns; /* -W; 0: resolv.conf timeout */
	int tries;	    /* --tries; 0: resolv.conf attempts */
	const char *resolv_conf;
	enum resolve_format format;
	bool wire;		/* --wire: annotated dumps of the query and the answer */
	const char *bulk_file;	/* -f: names to resolve, one per line ("-": stdin) */
	bool unordered;		/* --unordered: -f output as answers come */
	int inflight;		/* --inflight: -f queries in flight at most */
	bool trace;		/* --trace: iterate from the root */
	bool all_servers;	/* --all-servers: with --trace, ask every server of each zone */
	const char *root_hints; /* --root-hints FILE; NULL: the IANA list */
	uint16_t flags;		/* RD/CD/AD for the query */
	struct nw_dns_edns edns;
};

#define RESOLVE_DEFAULTS                                                                           \
	{                                                                                          \
		.port = 53, .resolv_conf = NW_RESOLV_PATH, .format = RESOLVE_DIG, .inflight = 100, \
		.flags = NW_DNS_F_RD, .edns = {.enabled = true, .udp_size = 1232},                 \
	}

#endif
