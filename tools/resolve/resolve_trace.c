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
#include <poll.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "resolve.h"
#include "base/timeutil.h"

#define MAX_NS	   16
#define MAX_STEPS  40 /* referrals and restarts for one name, all depths */
#define MAX_DEPTH  4  /* nested lookups of name servers without glue */
#define MAX_CNAMES 8

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
};

/* The IANA root hints (https://www.iana.org/domains/root/servers). */
/* clang-format off */
static const char *const builtin_hints[][3] = {
	{"a.root-servers.net", "198.41.0.4", "2001:503:ba3e::2:30"},
	{"b.root-servers.net", "170.247.170.2", "2801:1b8:10::b"},
	{"c.root-servers.net", "192.33.4.12", "2001:500:2::c"},
	{"d.root-servers.net", "199.7.91.13", "2001:500:2d::d"},
	{"e.root-servers.net", "192.203.230.10", "2001:500:a8::e"},
	{"f.root-servers.net", "192.5.5.241", "2001:500:2f::f"},
	{"g.root-servers.net", "192.112.36.4", "2001:500:12::d0d"},
	{"h.root-servers.net", "198.97.190.53", "2001:500:1::53"},
	{"i.root-servers.net", "192.36.148.17", "2001:7fe::53"},
	{"j.root-servers.net", "192.58.128.30", "2001:503:c27::2:30"},
	{"k.root-servers.net", "193.0.14.129", "2001:7fd::1"},
	{"l.root-servers.net", "199.7.83.42", "2001:500:9f::42"},
	{"m.root-servers.net", "202.12.27.33", "2001:dc3::35"},
};
/* clang-format on */

static void add_ns(struct zone *z, const struct nw_dns_name *name, const struct nw_addr *a,
		   int family)
{
	if (z->n < MAX_NS && (family == 0 || a->family == family))
		z->ns[z->n++] = (struct ns){*name, *a};
}

static void builtin_root(struct trace *tr)
{
	const char *why;
	for (size_t i = 0; i < sizeof builtin_hints / sizeof builtin_hints[0]; i++) {
		struct nw_dns_name n;
		struct nw_addr a;
		nw_dns_name_parse(builtin_hints[i][0], &n, &why);
		for (int k = 1; k <= 2; k++)
			if (nw_addr_parse(builtin_hints[i][k], AF_UNSPEC, &a, &why) == 0)
				add_ns(&tr->root, &n, &a, tr->cfg->family);
	}
}

/* A root hints file (named.root format): "NAME TTL [IN] A|AAAA ADDR" lines count. */
static void file_root(struct trace *tr, const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");
	if (!f)
		nw_fatal("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		char *w[5];
		int n = 0;
		const char *why;
		if (line[0] == ';' || line[0] == '#')
			continue;
		for (char *tok = strtok(line, " \t\r\n"); tok && n < 5;
		     tok = strtok(NULL, " \t\r\n"))
			w[n++] = tok;
		if (n >= 4 && strcasecmp(w[n - 2], "A") != 0 && strcasecmp(w[n - 2], "AAAA") != 0)
			continue;
		if (n < 4)
			continue;
		struct nw_dns_name name;
		struct nw_addr a;
		if (nw_dns_name_parse(w[0], &name, &why) == 0 &&
		    nw_addr_parse(w[n - 1], AF_UNSPEC, &a, &why) == 0)
			add_ns(&tr->root, &name, &a, tr->cfg->family);
	}
	fclose(f);
	if (tr->root.n == 0)
		nw_fatal("%s: no root server address%s", path,
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
		memset(&x->query, 0, sizeof x->query);
		resolve_random(&x->query.id, sizeof x->query.id);
		x->query.qname = *qname;
		x->query.qtype = qtype;
		x->query.qclass = NW_DNS_C_IN;
		x->query.flags = (uint16_t)(tr->cfg->flags & ~NW_DNS_F_RD);
		x->query.edns = tr->cfg->edns;
		x->qlen = nw_dns_query_encode(&x->query, x->qbuf, sizeof x->qbuf, &why);
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
	uint8_t qbuf[512];
	int qlen;
	uint8_t *resp;
	size_t rlen;
	bool done;
	double rtt_ms;
	struct nw_dns_msg msg;
	char sig[4096]; /* what it said, comparable across servers */
};

/* rcode, then the sorted data of the answer (or the NS names of a referral). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void signature(struct reply *r)
{
	static char text[NW_DNS_RDATA_STRLEN];
	char *items[64], rc[24];
	int n = 0;
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	enum nw_dns_section sec = r->msg.h.ancount ? NW_DNS_ANSWER : NW_DNS_AUTHORITY;
	struct nw_sb sb;

	nw_dns_iter_init(&it, &r->msg, sec);
	while (nw_dns_rr_next(&it, &rr, &why) == 1 && n < 64) {
		if (sec == NW_DNS_AUTHORITY && rr.type != NW_DNS_T_NS)
			continue;
		if (nw_dns_rdata_str(&r->msg, &rr, text, sizeof text, &why) == NW_OK)
			items[n++] = strdup(text);
	}
	qsort(items, (size_t)n, sizeof items[0], cmp_str);
	nw_sb_init(&sb, r->sig, sizeof r->sig);
	nw_sb_printf(&sb, "%s%s", nw_dns_rcode_str(r->msg.rcode, rc, sizeof rc),
		     sec == NW_DNS_AUTHORITY ? " referral" : "");
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
			(void)sendto(r[i].fd, r[i].qbuf, (size_t)r[i].qlen, 0,
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

static void wait_all(const struct trace *tr, const struct zone *z, struct reply *r)
{
	int64_t w = tr->t->timeout_ns;
	for (int attempt = 0; attempt < tr->t->tries; attempt++, w *= 2) {
		int64_t sent = nw_mono_ns(), deadline = sent + w;
		int left = 0;
		send_all(tr, z, r);
		for (;;) {
			struct pollfd pfd[MAX_NS];
			left = 0;
			for (int i = 0; i < z->n; i++) {
				pfd[i] = (struct pollfd){r[i].done ? -1 : r[i].fd, POLLIN, 0};
				left += !r[i].done;
			}
			int64_t now = nw_mono_ns();
			if (left == 0 || now >= deadline)
				break;
			if (poll(pfd, (nfds_t)z->n, nw_poll_timeout_ms(deadline, now)) < 0 &&
			    errno != EINTR)
				nw_fatal("poll: %s", strerror(errno));
			for (int i = 0; i < z->n; i++)
				if (pfd[i].revents & POLLIN)
					take(tr, &z->ns[i], &r[i], sent);
		}
		if (left == 0)
			return;
	}
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
	for (int i = 0; i < z->n; i++) {
		r[i].fd = socket(z->ns[i].addr.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		r[i].resp = malloc(65536);
		if (r[i].fd < 0 || !r[i].resp)
			nw_fatal("socket: %s", strerror(errno));
		resolve_random(&r[i].q.id, sizeof r[i].q.id);
		r[i].q.qname = *qname;
		r[i].q.qtype = qtype;
		r[i].q.qclass = NW_DNS_C_IN;
		r[i].q.flags = (uint16_t)(tr->cfg->flags & ~NW_DNS_F_RD);
		r[i].q.edns = tr->cfg->edns;
		r[i].qlen = nw_dns_query_encode(&r[i].q, r[i].qbuf, sizeof r[i].qbuf, &why);
	}
	wait_all(tr, z, r);
	nw_dns_name_str(&z->name, zone, sizeof zone);
	if (tr->cfg->format == RESOLVE_DIG)
		printf(";; %*sasked all %d servers of zone %s:\n", depth * 2, "", z->n, zone);
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
			memcpy(x->qbuf, r[i].qbuf, (size_t)r[i].qlen);
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

/* The first CNAME for qname in the answer section, if any. */
static bool cname_of(const struct nw_dns_msg *m, const struct nw_dns_name *qname,
		     struct nw_dns_name *target)
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
			return nw_dns_name_read(&b, target, &why) == NW_OK;
		}
	}
	return false;
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
		struct nw_dns_name target;
		if (m->rcode != NW_DNS_RCODE_NOERROR)
			return resolve_classify(m);
		bool followed = false;
		while (!has_answer(m, &qname, qtype) && cname_of(m, &qname, &target)) {
			if (++cnames > MAX_CNAMES)
				return RES_RCODE;
			qname = target;
			followed = true;
		}
		if (has_answer(m, &qname, qtype)) {
			show(tr, NW_DNS_ANSWER, 0);
			return RES_ANSWER;
		}
		if (followed) { /* the chain leaves the zone: follow it from the root */
			show(tr, NW_DNS_ANSWER, NW_DNS_T_CNAME);
			cur = tr->root;
			continue;
		}
		if (m->h.flags & NW_DNS_F_AA)
			return RES_NODATA;
		if (!referral(tr, &cur, &qname, &next, depth)) {
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
	if (cfg->root_hints)
		file_root(&tr, cfg->root_hints);
	else
		builtin_root(&tr);
	if (tr.root.n == 0)
		nw_fatal("no root server address of that family");
	nw_cli_drop_privileges(NW_PRIV_DNS); /* the root hints are read: only DNS from here */
	if (cfg->format == RESOLVE_DIG)
		printf(";; root servers: %s (%d addresses)\n",
		       cfg->root_hints ? cfg->root_hints : "built-in IANA list", tr.root.n);
	for (int i = 0; i < cfg->nq; i++) {
		struct nw_dns_name qname;
		const char *why = NULL;
		if (nw_dns_name_parse(cfg->q[i].name, &qname, &why) != 0)
			nw_invalid("name", cfg->q[i].name, why);
		tr.steps = 0;
		x->ntried = 1;
		x->tried[0] = qname;
		enum resolve_result r = iterate(&tr, qname, cfg->q[i].qtype, 0);
		x->result = r;
		if (cfg->format == RESOLVE_DIG) {
			char rc[24];
			printf(";; result: %s\n\n",
			       r == RES_TIMEOUT	    ? "no server answered"
			       : r == RES_MALFORMED ? "malformed answer"
			       : r == RES_ANSWER    ? "answer"
			       : r == RES_NODATA    ? "no data"
						 : nw_dns_rcode_str(x->msg.rcode, rc, sizeof rc));
		} else if (cfg->format != RESOLVE_QUIET) {
			resolve_print(cfg, &cfg->q[i], x);
		}
		int code = resolve_exit_code(r);
		if (status == 0)
			status = code;
	}
	return status;
}
