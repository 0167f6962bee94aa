/*
 * resolve_trace.c: nw-resolve --trace: iterative resolution from the root,
 * as a recursive resolver does it (RFC 1034 section 5.3.3): ask a server
 * of the closest known zone without recursion, follow the referral with
 * its glue, resolve name servers that have no glue, follow CNAMEs, and
 * print every step (server, round-trip time, what it said).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "dns/roothints.h"
#include "cli/cli_priv.h"
#include "cli/output.h"
#include "resolve_output.h"
#include "resolve_query.h"
#include "resolve_result.h"
#include "resolve_trace.h"
#include "resolve_transport.h"
#include "base/timeutil.h"
#include "sys/loop.h"

#define MAX_NS	   16
#define MAX_STEPS  40 /* referrals and restarts for one name, all depths */
#define MAX_DEPTH  4  /* nested lookups of name servers without glue */
#define MAX_CNAMES RESOLVE_MAX_CNAMES

struct ns {
	struct nw_dns_name name;
	struct nw_addr addr;
};

struct zone {
	struct nw_dns_name name;
	int n;
	struct ns ns[MAX_NS];
};

struct trace {
	const struct resolve_config *cfg;
	const struct resolve_transport *t;
	struct resolve_exchange *x;
	struct zone root;
	int steps;
	char err[512]; /* why a query was not sent (x->error points here) */
};

static void add_ns(struct zone *z, const struct nw_dns_name *name, const struct nw_addr *a,
		   int family)
{
	if (z->n < MAX_NS && (family == 0 || a->family == family))
		z->ns[z->n++] = (struct ns){*name, *a};
}

/* The root servers: those of --root-hints (or NW_ROOT_HINTS), or the IANA list built in. */
static void load_root(struct trace *tr)
{
	const char *path = tr->cfg->root_hints, *why = NULL;
	struct nw_roothints h;
	char err[256];

	if (path && nw_roothints_load(path, tr->cfg->family, &h, err, sizeof err) != 0)
		nw_fatal("%s: %s", path, err);
	if (!path &&
	    nw_roothints_parse((const uint8_t *)nw_roothints_iana, strlen(nw_roothints_iana),
			       tr->cfg->family, &h, &why) != NW_OK)
		nw_fatal("built-in root hints: %s", why);
	for (int i = 0; i < h.n; i++)
		add_ns(&tr->root, &h.hint[i].name, &h.hint[i].addr, 0);
	if (tr->root.n == 0)
		nw_fatal("%s: no root server address%s", path ? path : "built-in root hints",
			 tr->cfg->family ? " of that family" : "");
}

static void step_line(const struct trace *tr, const struct zone *z, const struct ns *s,
		      const char *what, int depth)
{
	char zone[NW_DNS_NAME_STRLEN], name[NW_DNS_NAME_STRLEN], addr[NW_ADDRSTRLEN];
	const struct resolve_exchange *x = tr->x;
	if (tr->cfg->format != RESOLVE_DIG)
		return;
	nw_dns_name_str(&z->name, zone, sizeof zone);
	nw_dns_name_str(&s->name, name, sizeof name);
	nw_addr_ntop(&s->addr, addr, sizeof addr);
	printf(";; %*s%s %s (%s#%u) for zone %s", depth * 2, "", what, name, addr, x->port, zone);
	if (x->result != RES_TIMEOUT && x->result != RES_MALFORMED)
		printf(" in %.3f ms, %zu octets%s", x->rtt_ms, x->rlen,
		       x->truncated_udp ? " (truncated over UDP, then TCP)" : "");
	printf("\n");
}

/* A walk's query (no recursion, a fresh ID) for tp in buf: its length, or -1 (+tr->err). */
static int walk_query(struct trace *tr, const struct nw_dns_name *qname, uint16_t qtype,
		      enum nw_dns_transport tp, struct nw_dns_query *q, uint8_t *buf)
{
	resolve_query_init(tr->cfg, q, qname, qtype, NW_DNS_C_IN);
	q->flags &= (uint16_t)~NW_DNS_F_RD;
	resolve_random(&q->id, sizeof q->id);
	return resolve_query_build(tr->cfg, q, tp, buf, tr->err, sizeof tr->err);
}

/*
 * A name met on the walk (a CNAME target, a name server without glue)
 * whose query is too large (the NAME operands were checked before the
 * walk): said in a step line, and the walk for it ends there.
 */
static bool not_sent(struct trace *tr, const struct nw_dns_name *qname, int depth)
{
	char name[NW_DNS_NAME_STRLEN];
	tr->x->result = RES_TOOLARGE;
	tr->x->error = tr->err;
	nw_dns_name_str(qname, name, sizeof name);
	if (tr->cfg->format == RESOLVE_DIG)
		printf(";; %*snot asked for %s: %s\n", depth * 2, "", name, tr->err);
	return false;
}

/* Ask the servers of z in turn until one gives an answer that decodes. */
static bool ask_zone(struct trace *tr, const struct zone *z, const struct nw_dns_name *qname,
		     uint16_t qtype, int depth, const char *what)
{
	struct resolve_exchange *x = tr->x;
	for (int i = 0; i < z->n; i++) {
		struct resolve_transport one = *tr->t;
		const char *why = NULL;
		one.nservers = 1;
		one.servers[0] = z->ns[i].addr;
		x->qlen = walk_query(tr, qname, qtype, resolve_query_transport(tr->cfg), &x->query,
				     x->qbuf);
		if (x->qlen < 0)
			return not_sent(tr, qname, depth);
		memset(&x->ignored, 0, sizeof x->ignored);
		x->over_tcp = x->truncated_udp = false;
		resolve_exchange(&one, 0, x);
		if (x->result != RES_TIMEOUT && resolve_check_rdata(&x->msg, &why) != 0)
			x->result = RES_MALFORMED;
		bool refused = x->result == RES_RCODE && (x->msg.rcode == NW_DNS_RCODE_REFUSED ||
							  x->msg.rcode == NW_DNS_RCODE_SERVFAIL ||
							  x->msg.rcode == 9 /* NOTAUTH */);
		step_line(tr, z, &z->ns[i],
			  x->result == RES_TIMEOUT     ? "no answer from"
			  : x->result == RES_MALFORMED ? "malformed answer from"
			  : refused		       ? "lame answer (error rcode) from"
						       : what,
			  depth);
		if (x->result != RES_TIMEOUT && x->result != RES_MALFORMED &&
		    (!refused || i == z->n - 1))
			return true;
	}
	return false;
}

/* ---- --all-servers: every server of the zone at once ----------------------- */

struct reply {
	int fd;
	struct nw_dns_query q;
	uint8_t qbuf[RESOLVE_QBUF_LEN]; /* the TCP length, then the query */
	int qlen;
	uint8_t *resp;
	size_t rlen;
	bool done;
	double rtt_ms;
	struct nw_dns_msg msg;
	char sig[4096]; /* what it said, comparable across servers */
};

/*
 * rcode, what kind of answer, then the sorted data: of the answer; of the
 * NS records of a referral; of the SOA of a NODATA or NXDOMAIN.
 */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The type of authority records that tells what an answer without data is, and its name. */
static uint16_t authority_kind(const struct nw_dns_msg *m, const char **kind)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	bool ns = false, soa = false;

	nw_dns_iter_init(&it, m, NW_DNS_AUTHORITY);
	while (nw_dns_rr_next(&it, &rr, &why) == 1) {
		ns = ns || rr.type == NW_DNS_T_NS;
		soa = soa || rr.type == NW_DNS_T_SOA;
	}
	if (m->rcode != NW_DNS_RCODE_NOERROR) {
		*kind = ""; /* NXDOMAIN, SERVFAIL... say it alone */
		return NW_DNS_T_SOA;
	}
	if (ns && !soa) {
		*kind = " referral";
		return NW_DNS_T_NS;
	}
	*kind = " nodata"; /* the name is there, not this type */
	return NW_DNS_T_SOA;
}

static void signature(struct reply *r)
{
	static char text[NW_DNS_RDATA_STRLEN];
	char *items[64], rc[24];
	int n = 0;
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL, *kind = "";
	enum nw_dns_section sec = r->msg.h.ancount ? NW_DNS_ANSWER : NW_DNS_AUTHORITY;
	uint16_t want = sec == NW_DNS_AUTHORITY ? authority_kind(&r->msg, &kind) : 0;
	struct nw_sb sb;

	nw_dns_iter_init(&it, &r->msg, sec);
	while (nw_dns_rr_next(&it, &rr, &why) == 1 && n < 64) {
		if (sec == NW_DNS_AUTHORITY && rr.type != want)
			continue;
		if (nw_dns_rdata_str(&r->msg, &rr, text, sizeof text, &why) == NW_OK)
			items[n++] = strdup(text);
	}
	qsort(items, (size_t)n, sizeof items[0], cmp_str);
	nw_sb_init(&sb, r->sig, sizeof r->sig);
	nw_sb_printf(&sb, "%s%s", nw_dns_rcode_str(r->msg.rcode, rc, sizeof rc), kind);
	for (int i = 0; i < n; i++) {
		nw_sb_printf(&sb, " %.200s", items[i]);
		free(items[i]);
	}
}

static void send_all(const struct trace *tr, const struct zone *z, struct reply *r)
{
	for (int i = 0; i < z->n; i++) {
		struct sockaddr_storage to;
		socklen_t tolen = resolve_sockaddr(&z->ns[i].addr, tr->t->port, &to);
		if (!r[i].done)
			(void)sendto(r[i].fd, r[i].qbuf + NW_DNS_TCP_PREFIX, (size_t)r[i].qlen, 0,
				     (struct sockaddr *)&to, tolen);
	}
}

/* One datagram on r->fd: kept if it is the answer (source, ID, question). */
static void take(const struct trace *tr, const struct ns *s, struct reply *r, int64_t sent)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof from;
	struct resolve_ignored ign = {0};
	const char *why = NULL;
	ssize_t n = recvfrom(r->fd, r->resp, 65535, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
	if (n < 0 || !resolve_same_peer(&from, &s->addr, tr->t->port) ||
	    !resolve_matches(&r->q, r->resp, (size_t)n, &ign))
		return;
	r->rlen = (size_t)n;
	r->done = true;
	r->rtt_ms = nw_ns_to_ms(nw_mono_ns() - sent);
	nw_dns_parse(r->resp, r->rlen, &r->msg, &why);
	signature(r);
}

/* The servers of one zone asked at once, in the loop. */
struct ask_all {
	const struct trace *tr;
	const struct zone *z;
	struct reply *r;
	int watch[MAX_NS];
	int left;     /* servers that have not answered */
	int64_t sent; /* this round's send time */
};

/* A datagram from one server: once it has answered, its socket leaves the loop. */
static void on_reply(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct ask_all *a = ctx;
	for (int i = 0; i < a->z->n; i++) {
		if (a->r[i].fd != fd || a->r[i].done || !(revents & POLLIN))
			continue;
		take(a->tr, &a->z->ns[i], &a->r[i], a->sent);
		if (a->r[i].done) {
			nw_loop_set_events(l, a->watch[i], 0);
			a->left--;
		}
	}
	if (a->left == 0)
		nw_loop_stop(l);
}

static void wait_all(const struct trace *tr, const struct zone *z, struct reply *r)
{
	struct ask_all a = {.tr = tr, .z = z, .r = r, .left = z->n};
	struct nw_loop *l = nw_loop_new();
	int64_t w = tr->t->timeout_ns;

	if (!l)
		nw_fatal("out of memory");
	for (int i = 0; i < z->n; i++) {
		a.watch[i] = nw_loop_add_fd(l, r[i].fd, POLLIN, on_reply, &a);
		if (a.watch[i] < 0)
			nw_fatal("out of memory");
	}
	for (int attempt = 0; attempt < tr->t->tries && a.left > 0; attempt++, w *= 2) {
		a.sent = nw_mono_ns();
		send_all(tr, z, r);
		if (nw_loop_run(l, a.sent + w) < 0)
			nw_fatal_errno("poll");
	}
	nw_loop_free(l);
}

/* NS records in the authority section for a zone strictly under zone. */
static bool deeper_referral(const struct nw_dns_msg *m, const struct nw_dns_name *zone)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	nw_dns_iter_init(&it, m, NW_DNS_AUTHORITY);
	while (nw_dns_rr_next(&it, &rr, &why) == 1)
		if (rr.type == NW_DNS_T_NS && nw_dns_name_under(&rr.name, zone) &&
		    !nw_dns_name_equal(&rr.name, zone))
			return true;
	return false;
}

/* What the servers of one zone said, side by side: lame ones and disagreements flagged. */
static void compare(const struct trace *tr, const struct zone *z, const struct reply *r, int depth)
{
	char name[NW_DNS_NAME_STRLEN], addr[NW_ADDRSTRLEN];
	int ref = -1;
	for (int i = 0; i < z->n && ref < 0; i++)
		if (r[i].done && r[i].msg.rcode == NW_DNS_RCODE_NOERROR)
			ref = i;
	for (int i = 0; i < z->n; i++) {
		nw_dns_name_str(&z->ns[i].name, name, sizeof name);
		nw_addr_ntop(&z->ns[i].addr, addr, sizeof addr);
		printf(";; %*s  %s (%s) ", depth * 2, "", name, addr);
		if (!r[i].done) {
			printf("NO ANSWER\n");
			continue;
		}
		bool aa = r[i].msg.h.flags & NW_DNS_F_AA;
		bool referral = deeper_referral(&r[i].msg, &z->name);
		printf("%.3f ms: %s%s", r[i].rtt_ms, r[i].sig, aa ? " (aa)" : "");
		if (r[i].msg.rcode == NW_DNS_RCODE_REFUSED ||
		    r[i].msg.rcode == NW_DNS_RCODE_SERVFAIL || r[i].msg.rcode == 9 /* NOTAUTH */ ||
		    (!aa && !referral && z->name.len > 1))
			printf("  LAME");
		else if (ref >= 0 && strcmp(r[i].sig, r[ref].sig) != 0)
			printf("  DISAGREES");
		printf("\n");
	}
	(void)tr;
}

/* Ask every server of z in parallel; the first good answer goes on into tr->x. */
static bool ask_zone_all(struct trace *tr, const struct zone *z, const struct nw_dns_name *qname,
			 uint16_t qtype, int depth)
{
	struct reply r[MAX_NS];
	struct resolve_exchange *x = tr->x;
	bool ok = false;
	const char *why = NULL;
	char zone[NW_DNS_NAME_STRLEN];

	memset(r, 0, sizeof r);
	for (int i = 0; i < z->n; i++) /* over UDP, one ID each; all the same size */
		if ((r[i].qlen = walk_query(tr, qname, qtype, NW_DNS_UDP, &r[i].q, r[i].qbuf)) < 0)
			return not_sent(tr, qname, depth);
	for (int i = 0; i < z->n; i++) {
		r[i].fd = socket(z->ns[i].addr.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		r[i].resp = malloc(65536);
		if (r[i].fd < 0 || !r[i].resp)
			nw_fatal("socket: %s", strerror(errno));
	}
	wait_all(tr, z, r);
	nw_dns_name_str(&z->name, zone, sizeof zone);
	if (tr->cfg->format == RESOLVE_DIG)
		printf(";; %*sasked %s %d %s of zone %s:\n", depth * 2, "",
		       z->n == 1 ? "the" : "all", z->n,
		       nw_plural((unsigned long long)z->n, "server", "servers"), zone);
	if (tr->cfg->format == RESOLVE_DIG)
		compare(tr, z, r, depth);
	for (int i = 0; i < z->n && !ok; i++) {
		if (!r[i].done || resolve_check_rdata(&r[i].msg, &why) != 0 ||
		    r[i].msg.rcode == NW_DNS_RCODE_REFUSED)
			continue;
		memcpy(x->resp, r[i].resp, r[i].rlen);
		x->rlen = r[i].rlen;
		x->query = r[i].q;
		x->server = z->ns[i].addr;
		x->port = tr->t->port;
		x->rtt_ms = r[i].rtt_ms;
		x->over_tcp = x->truncated_udp = false;
		nw_dns_parse(x->resp, x->rlen, &x->msg, &why);
		x->result = resolve_classify(&x->msg);
		ok = true;
		if ((x->msg.h.flags & NW_DNS_F_TC) && !tr->t->ignore_tc) {
			/* The walk needs the whole answer: this server again, over TCP. */
			struct resolve_transport one = *tr->t;
			one.nservers = 1;
			one.servers[0] = z->ns[i].addr;
			one.tcp_only = true;
			memcpy(x->qbuf, r[i].qbuf, NW_DNS_TCP_PREFIX + (size_t)r[i].qlen);
			x->qlen = r[i].qlen;
			resolve_exchange(&one, 0, x);
			ok = x->result != RES_TIMEOUT && x->result != RES_MALFORMED;
		}
	}
	if (!ok)
		x->result = RES_TIMEOUT;
	for (int i = 0; i < z->n; i++) {
		close(r[i].fd);
		free(r[i].resp);
	}
	return ok;
}

/* Print the records of a section that the step used. */
static void show(const struct trace *tr, enum nw_dns_section s, uint16_t only_type)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	if (tr->cfg->format != RESOLVE_DIG)
		return;
	nw_dns_iter_init(&it, &tr->x->msg, s);
	while (nw_dns_rr_next(&it, &rr, &why) == 1)
		if (rr.type != NW_DNS_T_OPT && (!only_type || rr.type == only_type))
			resolve_print_rr(&tr->x->msg, &rr);
}

static int resolve_ns_addr(struct trace *tr, const struct nw_dns_name *name, struct zone *into,
			   int depth);

/* The address an A or AAAA record holds. */
static bool rr_addr(const struct nw_dns_msg *m, const struct nw_dns_rr *rr, struct nw_addr *a)
{
	memset(a, 0, sizeof *a);
	if (rr->type == NW_DNS_T_A && rr->rdlen == 4) {
		a->family = AF_INET;
		memcpy(&a->u.v4, m->data + rr->rdata_off, 4);
		return true;
	}
	if (rr->type == NW_DNS_T_AAAA && rr->rdlen == 16) {
		a->family = AF_INET6;
		memcpy(&a->u.v6, m->data + rr->rdata_off, 16);
		return true;
	}
	return false;
}

/*
 * A referral: the NS records in the authority section for a zone under
 * the current one and above qname, with glue from the additional section.
 */
static bool referral(struct trace *tr, const struct zone *cur, const struct nw_dns_name *qname,
		     struct zone *next, int depth)
{
	const struct nw_dns_msg *m = &tr->x->msg;
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	struct nw_dns_name targets[MAX_NS];
	int nt = 0;

	memset(next, 0, sizeof *next);
	nw_dns_iter_init(&it, m, NW_DNS_AUTHORITY);
	while (nw_dns_rr_next(&it, &rr, &why) == 1) {
		if (rr.type != NW_DNS_T_NS || !nw_dns_name_under(qname, &rr.name) ||
		    !nw_dns_name_under(&rr.name, &cur->name) ||
		    nw_dns_name_equal(&rr.name, &cur->name))
			continue;
		struct nw_buf b;
		nw_buf_init(&b, m->data, m->len);
		b.pos = rr.rdata_off;
		if (nt < MAX_NS && nw_dns_name_read(&b, &targets[nt], &why) == NW_OK) {
			next->name = rr.name;
			nt++;
		}
	}
	if (nt == 0)
		return false;
	nw_dns_iter_init(&it, m, NW_DNS_ADDITIONAL);
	while (nw_dns_rr_next(&it, &rr, &why) == 1) {
		struct nw_addr a;
		if (!rr_addr(m, &rr, &a))
			continue;
		for (int k = 0; k < nt; k++)
			if (nw_dns_name_equal(&rr.name, &targets[k]))
				add_ns(next, &rr.name, &a, tr->cfg->family);
	}
	show(tr, NW_DNS_AUTHORITY, NW_DNS_T_NS);
	/* No glue (out of bailiwick): look the name servers up, from the root. */
	for (int k = 0; k < nt && next->n == 0; k++)
		resolve_ns_addr(tr, &targets[k], next, depth + 1);
	return next->n > 0;
}

/* The first CNAME for qname in the answer section, if any: its target and TTL. */
static bool cname_of(const struct nw_dns_msg *m, const struct nw_dns_name *qname,
		     struct resolve_cname *c)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	nw_dns_iter_init(&it, m, NW_DNS_ANSWER);
	while (nw_dns_rr_next(&it, &rr, &why) == 1) {
		if (rr.type == NW_DNS_T_CNAME && nw_dns_name_equal(&rr.name, qname)) {
			struct nw_buf b;
			nw_buf_init(&b, m->data, m->len);
			b.pos = rr.rdata_off;
			c->owner = *qname;
			c->ttl = rr.ttl;
			return nw_dns_name_read(&b, &c->target, &why) == NW_OK;
		}
	}
	return false;
}

/*
 * The CNAMEs of this answer lead out of it: keep them for the final
 * output (the walk of the top name only: a name server's lookup is not
 * the answer), and say which name is asked next.
 */
static void restart_at_target(struct trace *tr, const struct resolve_cname *c, int n,
			      uint16_t qtype, int depth)
{
	struct resolve_exchange *x = tr->x;
	char name[NW_DNS_NAME_STRLEN], t[16];
	for (int i = 0; i < n && depth == 0 && x->nchain < RESOLVE_MAX_CNAMES; i++)
		x->chain[x->nchain++] = c[i];
	show(tr, NW_DNS_ANSWER, NW_DNS_T_CNAME);
	if (tr->cfg->format != RESOLVE_DIG)
		return;
	nw_dns_name_str(&c[n - 1].target, name, sizeof name);
	printf(";; %*sCNAME: now asking for %s %s, from the root\n", depth * 2, "", name,
	       nw_dns_type_str(qtype, t, sizeof t));
}

static bool has_answer(const struct nw_dns_msg *m, const struct nw_dns_name *qname, uint16_t qtype)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	nw_dns_iter_init(&it, m, NW_DNS_ANSWER);
	while (nw_dns_rr_next(&it, &rr, &why) == 1)
		if (nw_dns_name_equal(&rr.name, qname) &&
		    (rr.type == qtype || qtype == NW_DNS_T_ANY))
			return true;
	return false;
}

/*
 * Resolve qname/qtype from the root.  Returns the result; the last answer
 * stays in tr->x.  *final_name is where the CNAME chain ended.
 */
static enum resolve_result iterate(struct trace *tr, struct nw_dns_name qname, uint16_t qtype,
				   int depth)
{
	struct zone cur = tr->root, next;
	int cnames = 0;

	while (tr->steps++ < MAX_STEPS) {
		bool got = tr->cfg->all_servers ? ask_zone_all(tr, &cur, &qname, qtype, depth)
						: ask_zone(tr, &cur, &qname, qtype, depth, "asked");
		if (!got)
			return tr->x->result; /* every server of the zone failed */
		struct nw_dns_msg *m = &tr->x->msg;
		struct resolve_cname chain[MAX_CNAMES];
		int followed = 0;
		if (m->rcode != NW_DNS_RCODE_NOERROR)
			return resolve_classify(m);
		while (!has_answer(m, &qname, qtype) && cname_of(m, &qname, &chain[followed])) {
			if (++cnames > MAX_CNAMES)
				return RES_RCODE;
			qname = chain[followed++].target;
		}
		if (has_answer(m, &qname, qtype)) {
			show(tr, NW_DNS_ANSWER, 0);
			return RES_ANSWER;
		}
		if (followed) { /* the chain leaves this answer: follow it from the root */
			restart_at_target(tr, chain, followed, qtype, depth);
			cur = tr->root;
			continue;
		}
		if (m->h.flags & NW_DNS_F_AA)
			return RES_NODATA;
		if (!referral(tr, &cur, &qname, &next, depth)) {
			if (tr->x->result == RES_TOOLARGE) /* a name server's name, said so */
				return RES_TOOLARGE;
			if (tr->cfg->format == RESOLVE_DIG)
				printf(";; %*sno referral and no answer (lame server)\n", depth * 2,
				       "");
			return RES_RCODE;
		}
		cur = next;
	}
	if (tr->cfg->format == RESOLVE_DIG)
		printf(";; %*stoo many steps\n", depth * 2, "");
	return RES_RCODE;
}

/* Addresses of a name server without glue, by a nested iteration. */
static int resolve_ns_addr(struct trace *tr, const struct nw_dns_name *name, struct zone *into,
			   int depth)
{
	char s[NW_DNS_NAME_STRLEN];
	if (depth > MAX_DEPTH)
		return -1;
	nw_dns_name_str(name, s, sizeof s);
	if (tr->cfg->format == RESOLVE_DIG)
		printf(";; %*slooking up name server %s (no glue)\n", depth * 2, "", s);
	uint16_t qtype = tr->cfg->family == AF_INET6 ? NW_DNS_T_AAAA : NW_DNS_T_A;
	if (iterate(tr, *name, qtype, depth) != RES_ANSWER)
		return -1;
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	nw_dns_iter_init(&it, &tr->x->msg, NW_DNS_ANSWER);
	while (nw_dns_rr_next(&it, &rr, &why) == 1) {
		struct nw_addr a;
		if (rr_addr(&tr->x->msg, &rr, &a))
			add_ns(into, name, &a, 0);
	}
	return into->n > 0 ? 0 : -1;
}

int resolve_trace(const struct resolve_config *cfg, const struct resolve_transport *t,
		  struct resolve_exchange *x)
{
	struct trace tr = {.cfg = cfg, .t = t, .x = x};
	int status = 0;

	nw_dns_name_parse(".", &tr.root.name, NULL);
	load_root(&tr);
	nw_cli_drop_privileges(NW_PRIV_DNS); /* the root hints are read: only DNS from here */
	if (cfg->format == RESOLVE_DIG)
		printf(";; root servers: %s (%d %s)\n",
		       cfg->root_hints ? cfg->root_hints : "built-in IANA list", tr.root.n,
		       nw_plural((unsigned long long)tr.root.n, "address", "addresses"));
	for (int i = 0; i < cfg->nq; i++) {
		struct nw_dns_name qname;
		const char *why = NULL;
		if (nw_dns_name_parse(cfg->q[i].name, &qname, &why) != 0)
			nw_invalid("name", cfg->q[i].name, why);
		tr.steps = 0;
		x->ntried = 1;
		x->tried[0] = qname;
		x->nchain = 0;
		enum resolve_result r = iterate(&tr, qname, cfg->q[i].qtype, 0);
		if (r == RES_NODATA && x->nchain) /* as the stub: the CNAMEs are the answer */
			r = RES_ANSWER;
		x->result = r;
		x->query.qname = qname; /* the question as asked, not the chain's last name */
		x->query.qtype = cfg->q[i].qtype;
		x->query.qclass = cfg->q[i].qclass;
		if (cfg->format == RESOLVE_DIG) {
			char rc[24];
			printf(";; result: %s\n\n",
			       r == RES_TIMEOUT	    ? "no server answered"
			       : r == RES_MALFORMED ? "malformed answer"
			       : r == RES_TOOLARGE  ? "query too large"
			       : r == RES_ANSWER    ? "answer"
			       : r == RES_NODATA    ? "no data"
						 : nw_dns_rcode_str(x->msg.rcode, rc, sizeof rc));
		} else if (cfg->format != RESOLVE_QUIET) {
			x->ncomm = 0; /* the walk's own lines said which servers failed */
			resolve_print(cfg, &cfg->q[i], x);
		}
		int code = resolve_exit_code(r);
		if (status == 0)
			status = code;
	}
	return status;
}
