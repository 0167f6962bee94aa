/*
 * resolve.h: nw-resolve's settings, its exit codes and its core entry
 * point, and what the tool's files share: one query's outcome.
 *
 * main.c parses the command line into struct resolve_config; resolve_run()
 * sends each query (resolve_transport.c), and prints the outcome
 * (resolve_output.c).
 */
#ifndef NW_RESOLVE_H
#define NW_RESOLVE_H

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
	const char *server_arg; /* @server as typed; NULL: resolv.conf */
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

int resolve_run(const struct resolve_config *cfg);

/* ---- internals shared by the tool's files ------------------------------- */

/* Responses seen and thrown away, by reason. */
struct resolve_ignored {
	unsigned wrong_source, wrong_id, wrong_question, not_response, malformed;
};

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

/* One exchange: what was asked, where, and what came back. */
struct resolve_exchange {
	struct nw_dns_query query;
	uint8_t qbuf[RESOLVE_QBUF_LEN]; /* the TCP length, then the query */
	int qlen;			/* octets of the query, the length not counted */
	struct nw_addr server;
	uint16_t port;
	bool over_tcp;
	bool truncated_udp; /* a TC answer came first and TCP was used */
	uint8_t *resp;	    /* 65535 octets */
	size_t rlen;
	struct nw_dns_msg msg;
	double rtt_ms;
	struct resolve_ignored ignored;
	enum resolve_result result;
	const char *error; /* why, for timeout and malformed */
	char malformed_why[128];
	uint8_t *bad; /* the last answer with our ID that did not decode (65535 octets) */
	size_t bad_len;
	int ntried; /* names asked for this question, search list included */
	struct nw_dns_name tried[NW_RESOLV_MAXSEARCH + 2];
};

/* Transport settings shared by every exchange of a run. */
struct resolve_transport {
	int nservers;
	struct nw_addr servers[RESOLVE_MAX_SERVERS];
	uint16_t port;
	bool tcp_only, ignore_tc, rotate;
	int64_t timeout_ns;
	int tries;
};

/* Send x->qbuf to the servers in turn until one answers; fills x. */
void resolve_exchange(const struct resolve_transport *t, int first_server,
		      struct resolve_exchange *x);
/* Is this response an answer to our query (ID, QR, question)? Counts the reason when not. */
bool resolve_matches(const struct nw_dns_query *q, const uint8_t *p, size_t n,
		     struct resolve_ignored *ign);

void resolve_print(const struct resolve_config *cfg, const struct resolve_question *q,
		   const struct resolve_exchange *x);
int resolve_exit_code(enum resolve_result r);

/* Shared by the one-query path and -f. */
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
enum resolve_result resolve_classify(const struct nw_dns_msg *m);
/* 0, or -1 (+why) when a record's RDATA does not decode for its type. */
int resolve_check_rdata(const struct nw_dns_msg *m, const char **why);
#include <sys/socket.h>
socklen_t resolve_sockaddr(const struct nw_addr *a, uint16_t port, struct sockaddr_storage *ss);
bool resolve_same_peer(const struct sockaddr_storage *ss, const struct nw_addr *a, uint16_t port);
/* One record line, dig's columns. */
void resolve_print_rr(const struct nw_dns_msg *m, const struct nw_dns_rr *rr);
/* --trace: every question from the root; returns the exit status. */
int resolve_trace(const struct resolve_config *cfg, const struct resolve_transport *t,
		  struct resolve_exchange *x);
/* -f: resolve every name of cfg->bulk_file; returns the exit status. */
int resolve_bulk(const struct resolve_config *cfg, const struct resolve_transport *t,
		 struct resolve_exchange *x);

#endif
