/*
 * resolve.c: nw-resolve's core: the servers and settings (resolv.conf or
 * @server), one exchange per question (with the search list when asked),
 * the checks on what came back, the output and the exit status.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "resolve.h"
#include "resolve_bulk.h"
#include "resolve_output.h"
#include "resolve_query.h"
#include "resolve_result.h"
#include "resolve_trace.h"
#include "resolve_transport.h"
#include "base/timeutil.h"

static void add_server(struct resolve_transport *t, const struct nw_addr *a, int family)
{
	if ((family == 0 || a->family == family) && t->nservers < RESOLVE_MAX_SERVERS)
		t->servers[t->nservers++] = *a;
}

static void setup_transport(const struct resolve_config *cfg, const struct nw_resolvconf *rc,
			    struct resolve_transport *t)
{
	const char *why;
	struct nw_addr a;

	memset(t, 0, sizeof *t);
	t->port = cfg->port;
	t->tcp_only = cfg->tcp;
	t->ignore_tc = cfg->ignore_tc;
	t->rotate = rc->rotate;
	t->timeout_ns = cfg->timeout_ns ? cfg->timeout_ns : rc->timeout * NW_NS_PER_S;
	t->tries = cfg->tries ? cfg->tries : rc->attempts;
	if (cfg->trace)
		return;		 /* the servers come from the root hints and the referrals */
	if (cfg->nserver_args) { /* as dig: several @SERVER are tried in turn */
		for (int i = 0; i < cfg->nserver_args; i++) {
			const char *arg = cfg->server_args[i];
			if (nw_addr_resolve(arg, cfg->family ? cfg->family : AF_UNSPEC, &a, &why) !=
			    0)
				nw_invalid("server", arg, why);
			add_server(t, &a, 0);
		}
		return;
	}
	for (int i = 0; i < rc->nservers; i++)
		add_server(t, &rc->servers[i], cfg->family);
	if (t->nservers == 0 && rc->nservers == 0) { /* resolv.conf(5): the local host */
		nw_addr_parse("127.0.0.1", AF_INET, &a, &why);
		add_server(t, &a, cfg->family);
		nw_addr_parse("::1", AF_INET6, &a, &why);
		add_server(t, &a, cfg->family);
	}
	if (t->nservers == 0)
		nw_fatal("no %s name server in %s", cfg->family == AF_INET6 ? "IPv6" : "IPv4",
			 cfg->resolv_conf);
}

/* Every record's RDATA must decode: a response that fails is a malformed answer. */
static void check_rdata(struct resolve_exchange *x)
{
	const char *why = NULL;
	if (resolve_check_rdata(&x->msg, &why) != 0) {
		snprintf(x->malformed_why, sizeof x->malformed_why, "%s", why ? why : "malformed");
		x->error = x->malformed_why;
		x->result = RES_MALFORMED;
	}
}

/*
 * One question, one name: build, exchange, check.  False, and x left as
 * it was, when the query does not fit: resolve_check_sizes() made sure
 * the name as typed fits, so only a name the search list made longer
 * can fail, and it is skipped as the C library skips one over 255 octets.
 */
static bool ask(const struct resolve_config *cfg, const struct resolve_transport *t,
		const struct nw_dns_name *qname, const struct resolve_question *q, int first,
		struct resolve_exchange *x)
{
	struct nw_dns_query query;
	uint8_t buf[RESOLVE_QBUF_LEN];
	char err[512];

	resolve_query_init(cfg, &query, qname, q->qtype, q->qclass);
	resolve_random(&query.id, sizeof query.id);
	int n =
	    resolve_query_build(cfg, &query, resolve_query_transport(cfg), buf, err, sizeof err);
	if (n < 0)
		return false;
	x->query = query;
	memcpy(x->qbuf, buf, NW_DNS_TCP_PREFIX + (size_t)n);
	x->qlen = n;
	x->tried[x->ntried++] = *qname;
	memset(&x->ignored, 0, sizeof x->ignored);
	x->over_tcp = x->truncated_udp = false;
	resolve_exchange(t, first, x);
	if (resolve_answered(x->result))
		check_rdata(x);
	return true;
}

/* The names to try for q: itself, or with the search list (resolv.conf ndots rule). */
static int candidates(const struct resolve_config *cfg, const struct nw_resolvconf *rc,
		      const char *name, struct nw_dns_name *out, int max)
{
	const char *why;
	struct nw_dns_name n, suffix;
	int count = 0, dots = 0;
	size_t len = strlen(name);
	bool absolute = len > 0 && name[len - 1] == '.' && (len < 2 || name[len - 2] != '\\');

	if (nw_dns_name_parse(name, &n, &why) != 0)
		nw_invalid("name", name, why);
	if (!cfg->search || absolute || rc->nsearch == 0) {
		out[0] = n;
		return 1;
	}
	for (const char *p = name; *p; p++)
		dots += *p == '.';
	if (dots >= rc->ndots)
		out[count++] = n;
	for (int i = 0; i < rc->nsearch && count < max - 1; i++) {
		struct nw_dns_name c = n;
		if (nw_dns_name_parse(rc->search[i], &suffix, &why) == 0 &&
		    nw_dns_name_concat(&c, &suffix) == 0)
			out[count++] = c;
	}
	if (dots < rc->ndots)
		out[count++] = n;
	return count;
}

/* The end of a run: output flushed (a write error is a runtime error), memory freed. */
static void finish_run(struct resolve_exchange *x)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		nw_fatal("error writing to standard output");
	free(x->resp);
	free(x->bad);
	free(x);
}

int resolve_run(const struct resolve_config *cfg)
{
	struct nw_resolvconf rc;
	struct resolve_transport t;
	struct resolve_exchange *x = calloc(1, sizeof *x);
	int status = 0, first = 0;

	if (!x || !(x->resp = malloc(65536)) || !(x->bad = malloc(65536)))
		nw_fatal("out of memory");
	nw_resolvconf_defaults(&rc);
	if (nw_resolvconf_load(cfg->resolv_conf, &rc) != 0 && errno != ENOENT)
		nw_warn("%s: %s", cfg->resolv_conf, strerror(errno));
	setup_transport(cfg, &rc, &t);
	if (cfg->trace) {
		status = resolve_trace(cfg, &t, x);
		finish_run(x);
		return status;
	}
	if (cfg->bulk_file) {
		status = resolve_bulk(cfg, &t, x);
		finish_run(x);
		return status;
	}

	nw_cli_drop_privileges(NW_PRIV_DNS); /* the files are read: only DNS from here */
	for (int i = 0; i < cfg->nq; i++) {
		struct nw_dns_name names[NW_RESOLV_MAXSEARCH + 2];
		int n = candidates(cfg, &rc, cfg->q[i].name, names, NW_RESOLV_MAXSEARCH + 2);
		x->ntried = 0;
		for (int k = 0; k < n; k++) {
			if (!ask(cfg, &t, &names[k], &cfg->q[i], first, x))
				continue;
			bool servfail =
			    x->result == RES_RCODE && x->msg.rcode == NW_DNS_RCODE_SERVFAIL;
			if (x->result != RES_NXDOMAIN && x->result != RES_NODATA && !servfail)
				break; /* an answer or a hard error ends the search, as in the C
					  library */
		}
		if (t.rotate)
			first = (first + 1) % t.nservers;
		resolve_print(cfg, &cfg->q[i], x);
		int code = resolve_exit_code(x->result);
		if (status == 0)
			status = code;
	}
	finish_run(x);
	return status;
}
