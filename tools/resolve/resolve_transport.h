/*
 * resolve_transport.h: one nw-resolve exchange: the query to the servers
 * in turn over UDP (TCP on truncation or with --tcp) until one answers,
 * and the checks that a response is the answer to it.
 */
#ifndef NW_RESOLVE_TRANSPORT_H
#define NW_RESOLVE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/addr.h"
#include "dns/dns.h"
#include "dns/resolvconf.h"
#include "resolve_config.h"
#include "resolve_result.h"

/* Responses seen and thrown away, by reason. */
struct resolve_ignored {
	unsigned wrong_source, wrong_id, wrong_question, not_response, malformed;
};

/* A try that got no answer: dig's ";; communications error to ADDR#PORT: WHY". */
struct resolve_comm_error {
	struct nw_addr server;
	bool tcp;
	const char *why; /* "timed out", "connection refused", ... (static) */
};

#define RESOLVE_MAX_COMM_ERRORS (RESOLVE_MAX_SERVERS * RESOLVE_MAX_TRIES)

/* --trace: a CNAME followed out of an earlier answer (the last answer holds the rest). */
struct resolve_cname {
	struct nw_dns_name owner, target;
	uint32_t ttl;
};

#define RESOLVE_MAX_CNAMES 8

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
	int ncomm; /* the tries of this exchange that got no answer, in order */
	struct resolve_comm_error comm[RESOLVE_MAX_COMM_ERRORS];
	int nchain; /* --trace: CNAMEs met before the last answer, in order */
	struct resolve_cname chain[RESOLVE_MAX_CNAMES];
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

enum resolve_result resolve_classify(const struct nw_dns_msg *m);
socklen_t resolve_sockaddr(const struct nw_addr *a, uint16_t port, struct sockaddr_storage *ss);
bool resolve_same_peer(const struct sockaddr_storage *ss, const struct nw_addr *a, uint16_t port);

#endif
