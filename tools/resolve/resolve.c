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
#include "dns/idn.h"
#include "resolve.h"
#include "base/timeutil.h"

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

void resolve_random(void *p, size_t n)
{
	if (getentropy(p, n) != 0)
		nw_fatal("getentropy: %s", strerror(errno));
}

void resolve_query_init(const struct resolve_config *cfg, struct nw_dns_query *q,
			const struct nw_dns_name *name, uint16_t qtype, uint16_t qclass)
{
	memset(q, 0, sizeof *q);
	q->qname = *name;
	q->qtype = qtype;
	q->qclass = qclass;
	q->flags = cfg->flags;
	q->edns = cfg->edns;
	if (q->edns.has_cookie)
		resolve_random(q->edns.cookie, sizeof q->edns.cookie);
}

enum nw_dns_transport resolve_query_transport(const struct resolve_config *cfg)
{
	return cfg->tcp && !cfg->all_servers ? NW_DNS_TCP : NW_DNS_UDP;
}

/* "a, b or c" */
static void sb_choices(struct nw_sb *sb, const char *const *items, int n)
{
	for (int i = 0; i < n; i++)
		nw_sb_printf(sb, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", items[i]);
}

/* The options that make a query's size, and what would make it fit. */
static void size_hint(const struct resolve_config *cfg, enum nw_dns_transport tr, struct nw_sb *sb)
{
	const char *fixes[3];
	int n = 0;
	bool udp = tr == NW_DNS_UDP && cfg->edns.enabled;

	/* -f and --all-servers ask over UDP whatever --tcp says */
	if (tr == NW_DNS_UDP && !cfg->bulk_file && !cfg->all_servers)
		fixes[n++] = "--tcp";
	if (udp)
		fixes[n++] = "a larger --bufsize";
	if (cfg->edns.enabled && cfg->edns.padding)
		fixes[n++] = "a smaller --padding";
	if (n == 0)
		return;
	nw_sb_puts(sb, " (");
	if (udp)
		nw_sb_printf(sb, "--bufsize %u%s", cfg->edns.udp_size,
			     cfg->edns.padding ? ", " : "");
	if (cfg->edns.enabled && cfg->edns.padding)
		nw_sb_printf(sb, "--padding %u", cfg->edns.padding);
	nw_sb_puts(sb, ": use ");
	sb_choices(sb, fixes, n);
	nw_sb_putc(sb, ')');
}

int resolve_query_build(const struct resolve_config *cfg, const struct nw_dns_query *q,
			enum nw_dns_transport tr, uint8_t *buf, char *err, size_t errlen)
{
	int n = nw_dns_query_build(q, tr, buf, RESOLVE_QBUF_LEN, err, errlen);
	if (n < 0) {
		struct nw_sb sb;
		nw_sb_init(&sb, err + strlen(err), errlen - strlen(err));
		size_hint(cfg, tr, &sb);
	}
	return n;
}

/* Build name's query for the run's transport: 0, or -1 with the reason in err. */
static int check_size(const struct resolve_config *cfg, const char *name, char *err, size_t errlen)
{
	static uint8_t buf[RESOLVE_QBUF_LEN];
	struct nw_dns_query q;
	struct nw_dns_name n;
	const char *why = NULL;

	if (nw_dns_name_parse(name, &n, &why) != 0)
		nw_invalid("name", name, why);
	resolve_query_init(cfg, &q, &n, NW_DNS_T_A, NW_DNS_C_IN);
	return resolve_query_build(cfg, &q, resolve_query_transport(cfg), buf, err, errlen) < 0 ? -1
												: 0;
}

void resolve_check_sizes(const struct resolve_config *cfg)
{
	char err[512];

	if (check_size(cfg, ".", err, sizeof err) != 0)
		nw_usage_error("no name fits: for the root name alone, %s", err);
	for (int i = 0; i < cfg->nq && !cfg->bulk_file; i++)
		if (check_size(cfg, cfg->q[i].name, err, sizeof err) != 0)
			nw_usage_error("%s: %s", cfg->q[i].name, err);
}

/*
 * A name as typed (a NAME operand or a -f line) to the name sent, in out
 * (NW_DNS_NAME_STRLEN octets); exits with a usage error when it is not a
 * name.  Built without libidn2, a converted name gets a warning once: no
 * UTS 46 mapping was done, so an upper-case or compatibility character
 * is sent as it is (a different name).
 */
void resolve_name_arg(const char *typed, char *out)
{
	struct nw_dns_name n;
	const char *why = NULL;

	if (nw_idn_to_ascii(typed, out, NW_DNS_NAME_STRLEN, &why) != 0 ||
	    nw_dns_name_parse(out, &n, &why) != 0)
		nw_invalid("name", typed, why);
#ifndef HAVE_LIBIDN2
	static bool warned;
	if (!warned && strcmp(typed, out) != 0) {
		nw_warn("built without libidn2: '%s' sent as '%s' without the UTS 46 mapping "
			"(type it in lower case and NFC)",
			typed, out);
		warned = true;
	}
#endif
}

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
		return; /* the servers come from the root hints and the referrals */
	if (cfg->server_arg) {
		if (nw_addr_resolve(cfg->server_arg, cfg->family ? cfg->family : AF_UNSPEC, &a,
				    &why) != 0)
			nw_invalid("server", cfg->server_arg, why);
		add_server(t, &a, 0);
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
