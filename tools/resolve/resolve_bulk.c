/*
 * resolve_bulk.c: nw-resolve -f: many names over a few UDP sockets with a
 * bounded window of queries in flight and retransmissions with a doubling
 * wait, both run by the probe engine (probe/engine.h), each send of a
 * name to the next server as the stub fails over, the same answer
 * checks as one query (RFC 5452 9.1), truncated
 * answers asked again over TCP, and one line per name, in input order
 * (or as answers come with --unordered).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "cli/json.h"
#include "cli/output.h"
#include "resolve_bulk.h"
#include "resolve_query.h"
#include "resolve_result.h"
#include "resolve_transport.h"
#include "base/timeutil.h"
#include "probe/engine.h"
#include "sys/loop.h"

#define NSOCKS 4
#define BATCH  64

struct item {
	char *name; /* as read (after IDN conversion) */
	uint16_t qtype;
	char *out;     /* the rendered line; NULL until done */
	int code;      /* exit status of this name */
	int slot;      /* its query's slot while in flight */
	int tc_server; /* the server of its truncated answer */
	bool need_tcp;
	bool printed;
};

/* A query in flight (the engine holds its timing). */
struct slot {
	int item; /* -1: free */
	int sock;
	int start;	/* the server of the first send; send k goes to start + k */
	unsigned sends; /* sends so far: the servers an answer may come from */
	struct nw_dns_query q;
	uint8_t qbuf[RESOLVE_QBUF_LEN]; /* the TCP length, then the query */
	int qlen;
};

struct bulk {
	const struct resolve_config *cfg;
	const struct resolve_transport *t;
	struct item *items;
	size_t n, next, done, printed;
	struct slot *slots;
	int window, free_top, *free_list;
	int fds[2][NSOCKS];	/* per family (IPv4, IPv6), -1 when no server has it */
	int32_t *idmap[NSOCKS]; /* ID -> slot, per socket index (both families) */
	char *line;		/* the line being rendered */
	size_t line_len, line_cap;
	uint8_t *buf; /* one datagram */
	struct resolve_ignored ignored;
	struct nw_dns_msg answer; /* the one being handed to the engine (query_done reads it) */
	int answer_server;	  /* the server it came from */
	int prefer;		  /* the server that answered last: new names go there first */
	uint16_t ids[128]; /* random IDs from the kernel, 128 per call (getentropy: 256 octets) */
	int nids;
	struct sockaddr_storage to[RESOLVE_MAX_SERVERS];
	socklen_t tolen[RESOLVE_MAX_SERVERS];
	size_t timeouts;
	int64_t start_ns;
	struct nw_progress progress;
	char err[512];		 /* why the last query was not sent */
	size_t unsent;		 /* names whose query was too large */
	char first_unsent[1024]; /* the first of them: "NAME: why" */
	struct nw_loop *loop;
	struct nw_timer tick; /* the engine's next action, or the work after answers */
	struct nw_probe *engine;
};

static char rdata[NW_DNS_RDATA_STRLEN];

/* ---- input ------------------------------------------------------------------ */

/* "NAME [TYPE]" per line; blank lines and # comments skipped. */
static void read_names(struct bulk *b, FILE *f)
{
	char line[2048];
	size_t cap = 0;
	while (fgets(line, sizeof line, f)) {
		char *name = strtok(line, " \t\r\n"), *type = strtok(NULL, " \t\r\n");
		if (!name || name[0] == '#')
			continue;
		int qtype = type ? nw_dns_type_parse(type) : b->cfg->q[0].qtype;
		if (qtype < 0)
			nw_invalid("type", type, "not a type name, TYPEnnn or a number");
		if (b->n == cap) {
			cap = cap ? cap * 2 : 1024;
			b->items = realloc(b->items, cap * sizeof *b->items);
			if (!b->items)
				nw_fatal("out of memory");
		}
		char ascii[NW_DNS_NAME_STRLEN];
		resolve_name_arg(name, ascii);
		b->items[b->n++] = (struct item){.name = strdup(ascii), .qtype = (uint16_t)qtype};
		if (!b->items[b->n - 1].name)
			nw_fatal("out of memory");
	}
	if (ferror(f))
		nw_fatal("%s: read error", b->cfg->bulk_file);
}

/* ---- output ----------------------------------------------------------------- */

/* Appends str to the line being rendered (b->line, reused from name to name). */
static void line_add(struct bulk *b, const char *str)
{
	size_t n = strlen(str);
	if (b->line_len + n + 1 > b->line_cap) {
		size_t cap = b->line_cap ? b->line_cap : 256;
		while (b->line_len + n + 1 > cap)
			cap *= 2;
		b->line = realloc(b->line, cap);
		if (!b->line)
			nw_fatal("out of memory");
		b->line_cap = cap;
	}
	memcpy(b->line + b->line_len, str, n + 1);
	b->line_len += n;
}

/* The JSON line, through a memory stream (json.h writes to a FILE). */
static void render_json(struct bulk *b, const struct item *it, const struct nw_dns_msg *m,
			enum resolve_result r, const char *status, const char *error, double rtt_ms,
			int tries)
{
	char *text = NULL, t[16];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct nw_json j;
	struct nw_dns_iter iter;
	struct nw_dns_rr rr;
	const char *why = NULL;

	if (!f)
		nw_fatal("out of memory");
	nw_json_init(&j, f);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "bulk");
	/* The question as a single query's JSON has it (question.type, not qtype). */
	nw_json_begin_object(&j, "question");
	nw_json_str(&j, "name", it->name);
	nw_json_str(&j, "type", nw_dns_type_str(it->qtype, t, sizeof t));
	nw_json_str(&j, "class", "IN");
	nw_json_end_object(&j);
	nw_json_str(&j, "status", status);
	nw_json_int(&j, "exit", resolve_exit_code(r));
	nw_json_int(&j, "tries", tries);
	if (resolve_answered(r))
		nw_json_double(&j, "rtt_ms", rtt_ms, 3);
	else
		nw_json_str(&j, "error", error);
	nw_json_begin_array(&j, "answer");
	if (resolve_answered(r)) {
		nw_dns_iter_init(&iter, m, NW_DNS_ANSWER);
		while (nw_dns_rr_next(&iter, &rr, &why) == 1)
			if (nw_dns_rdata_str(m, &rr, rdata, sizeof rdata, &why) == NW_OK)
				nw_json_str(&j, NULL, rdata);
	}
	nw_json_end_array(&j);
	nw_json_end(&j); /* writes the newline */
	if (fclose(f) != 0 || !text)
		nw_fatal("out of memory");
	line_add(b, text);
	free(text);
}

/* The text line: NAME TYPE STATUS DATA... (--short: the data only), tab-separated. */
static void render_text(struct bulk *b, const struct item *it, const struct nw_dns_msg *m,
			enum resolve_result r, const char *status)
{
	char t[16];
	struct nw_dns_iter iter;
	struct nw_dns_rr rr;
	const char *why = NULL;
	bool first = true;

	if (b->cfg->format != RESOLVE_SHORT) {
		line_add(b, it->name);
		line_add(b, "\t");
		line_add(b, nw_dns_type_str(it->qtype, t, sizeof t));
		line_add(b, "\t");
		line_add(b, status);
		first = false;
	}
	if (resolve_answered(r)) {
		nw_dns_iter_init(&iter, m, NW_DNS_ANSWER);
		while (nw_dns_rr_next(&iter, &rr, &why) == 1) {
			if (nw_dns_rdata_str(m, &rr, rdata, sizeof rdata, &why) != NW_OK)
				continue;
			if (!first)
				line_add(b, "\t");
			line_add(b, rdata);
			first = false;
		}
	}
	line_add(b, "\n");
}

/* One name's line, into b->line (valid until the next render). */
static const char *render(struct bulk *b, const struct item *it, const struct nw_dns_msg *m,
			  enum resolve_result r, const char *error, double rtt_ms, int tries)
{
	char rc[24];
	const char *status = r == RES_TIMEOUT	  ? "TIMEOUT"
			     : r == RES_MALFORMED ? "MALFORMED"
			     : r == RES_TOOLARGE  ? "TOOLARGE"
						  : nw_dns_rcode_str(m->rcode, rc, sizeof rc);
	b->line_len = 0;
	if (b->cfg->format == RESOLVE_JSON)
		render_json(b, it, m, r, status, error, rtt_ms, tries);
	else
		render_text(b, it, m, r, status);
	return b->line;
}

static void emit(const struct bulk *b, const char *line)
{
	if (b->cfg->format != RESOLVE_QUIET)
		fputs(line, stdout);
}

static void print_item(struct bulk *b, struct item *it)
{
	emit(b, it->out);
	free(it->out);
	it->out = NULL;
	it->printed = true;
}

/* In input order: every finished name after the last one printed. */
static void flush_ready(struct bulk *b)
{
	while (b->printed < b->n && b->items[b->printed].out)
		print_item(b, &b->items[b->printed++]);
}

/*
 * A name is done; out is its line.  A line that can go out now (--unordered,
 * or the next one in input order) is printed from the render buffer; only
 * one that must wait for earlier names is copied.
 */
static void finish(struct bulk *b, int idx, const char *out, int code)
{
	struct item *it = &b->items[idx];
	it->code = code;
	b->done++;
	if (b->cfg->unordered || (size_t)idx == b->printed) {
		emit(b, out);
		it->printed = true;
		if (!b->cfg->unordered) {
			b->printed++;
			flush_ready(b);
		}
		return;
	}
	it->out = strdup(out);
	if (!it->out)
		nw_fatal("out of memory");
}

/* ---- the UDP window on the probe engine ----------------------------------------- */

/*
 * A name is a probe of common/probe/engine.h, its id the line's index: the
 * engine decides when each query is sent, sent again and given up; this
 * file sends it and recognises its answer.  A name's budget is the -W
 * schedule of one query over every server: W, 2W, 4W ... for --tries
 * rounds (N servers * W * (2^tries - 1)).  Within it, the query is sent
 * again, to the next server, each time the
 * retransmission timeout of RFC 6298 (from the answers so far, at least
 * RTO_MIN, doubled per send) runs out, at most MAX_SENDS times (the last
 * send waits to the budget's end), so a datagram lost in a burst is sent
 * again in milliseconds while a slow server still gets the whole budget.
 */
#define RTO_MIN	  (50 * NW_NS_PER_MS)
#define MAX_SENDS 8

static int64_t budget_ns(const struct bulk *b)
{
	int64_t w = b->t->timeout_ns, sum = 0;
	for (int i = 0; i < b->t->tries; i++, w *= 2)
		sum += w;
	return sum * b->t->nservers;
}

static void release(struct bulk *b, int si)
{
	struct slot *s = &b->slots[si];
	b->idmap[s->sock][s->q.id] = -1;
	s->item = -1;
	b->free_list[b->free_top++] = si;
}

/* IDs straight from the kernel's random source, one system call per 128. */
static uint16_t next_id(struct bulk *b)
{
	if (b->nids == 0) {
		resolve_random(b->ids, sizeof b->ids);
		b->nids = (int)(sizeof b->ids / sizeof b->ids[0]);
	}
	return b->ids[--b->nids];
}

/* The query for item it with ID id in q, built for tp into buf: its length, or -1 (+b->err). */
static int build(struct bulk *b, const struct item *it, uint16_t id, enum nw_dns_transport tp,
		 struct nw_dns_query *q, uint8_t *buf)
{
	struct nw_dns_name name;
	const char *why = NULL;
	nw_dns_name_parse(it->name, &name, &why); /* checked when the file was read */
	resolve_query_init(b->cfg, q, &name, it->qtype, b->cfg->q[0].qclass);
	q->id = id;
	return resolve_query_build(b->cfg, q, tp, buf, b->err, sizeof b->err);
}

/*
 * A name whose query is too large (a long name with --padding and a
 * small --bufsize): its own line, TOOLARGE and exit status 2, and the
 * run goes on; the first reason is kept for a warning at the end.
 */
static void not_sent(struct bulk *b, int idx)
{
	if (b->unsent++ == 0)
		snprintf(b->first_unsent, sizeof b->first_unsent, "%s: %s", b->items[idx].name,
			 b->err);
	finish(b, idx, render(b, &b->items[idx], NULL, RES_TOOLARGE, b->err, 0, 0),
	       resolve_exit_code(RES_TOOLARGE));
}

/*
 * Item idx's query in a free slot, on the slot's socket with a random ID
 * not in flight there; false (its TOOLARGE line done) when it does not fit.
 * The engine asks for a probe only when one of its slots is free, and ours
 * are freed with its own (on_done), so a slot is always there.
 */
static bool prepare(struct bulk *b, int idx)
{
	int si = b->free_list[--b->free_top];
	struct slot *s = &b->slots[si];
	uint16_t id;
	int sock = si % NSOCKS;

	do /* a random ID not in flight on this socket */
		id = next_id(b);
	while (b->idmap[sock][id] >= 0);
	s->qlen = build(b, &b->items[idx], id, NW_DNS_UDP, &s->q, s->qbuf);
	if (s->qlen < 0) {
		b->free_list[b->free_top++] = si; /* the slot was not used */
		not_sent(b, idx);
		return false;
	}
	s->item = idx;
	s->sock = sock;
	/* as the stub: the first server (the one that answered last), or in turn with rotate */
	s->start = b->t->rotate ? idx % b->t->nservers : b->prefer;
	s->sends = 0;
	b->idmap[sock][id] = si;
	b->items[idx].slot = si;
	return true;
}

/* ops.next_id: the next line whose query fits, in input order. */
static enum nw_probe_gen gen_next(void *ctx, uint64_t *id)
{
	struct bulk *b = ctx;
	while (b->next < b->n) {
		size_t idx = b->next++;
		if (prepare(b, (int)idx)) {
			*id = idx;
			return NW_PROBE_GEN_ID;
		}
	}
	return NW_PROBE_GEN_END;
}

static int family_index(int family)
{
	return family == AF_INET6;
}

/* ops.send: the query's datagram (every attempt the same query, ID included), each
   attempt to the next server. */
static enum nw_probe_send send_query(void *ctx, uint64_t id, unsigned attempt)
{
	struct bulk *b = ctx;
	struct slot *s = &b->slots[b->items[id].slot];
	int srv = (s->start + (int)attempt) % b->t->nservers;
	int fd = b->fds[family_index(b->t->servers[srv].family)][s->sock];

	if (sendto(fd, s->qbuf + NW_DNS_TCP_PREFIX, (size_t)s->qlen, 0,
		   (struct sockaddr *)&b->to[srv], b->tolen[srv]) >= 0) {
		if (s->sends < attempt + 1)
			s->sends = attempt + 1;
		return NW_PROBE_SENT;
	}
	/* A full socket buffer is tried again soon; another failure (no route) is a lost
	   datagram: the retry covers it. */
	return errno == EAGAIN || errno == EWOULDBLOCK ? NW_PROBE_BLOCKED : NW_PROBE_FAILED;
}

/*
 * ops.on_done: a name's query ended.  Answered: b->answer is the answer
 * (receive() set it); a truncated one is asked again over TCP once the
 * window drains.  Timed out: its TIMEOUT line.
 */
static void query_done(void *ctx, const struct nw_probe_result *r)
{
	struct bulk *b = ctx;
	int idx = (int)r->id;
	struct item *it = &b->items[idx];
	const struct nw_dns_msg *m = &b->answer;

	release(b, it->slot);
	if (r->outcome != NW_PROBE_ANSWERED) {
		b->timeouts++;
		finish(b, idx, render(b, it, NULL, RES_TIMEOUT, "no answer", 0, (int)r->attempts),
		       RESOLVE_EXIT_TIMEOUT);
		return;
	}
	if ((m->h.flags & NW_DNS_F_TC) && !b->t->ignore_tc) {
		it->need_tcp = true;
		it->tc_server = b->answer_server;
		b->done++;
		return;
	}
	enum resolve_result res = resolve_classify(m);
	const char *why = NULL;
	if (resolve_check_rdata(m, &why) != 0)
		res = RES_MALFORMED;
	finish(b, idx, render(b, it, m, res, why, nw_ns_to_ms(r->rtt_ns), (int)r->attempts),
	       resolve_exit_code(res));
}

/* Which of the servers sent this (-1: none of them). */
static int server_index(const struct bulk *b, const struct sockaddr_storage *from)
{
	for (int i = 0; i < b->t->nservers; i++)
		if (resolve_same_peer(from, &b->t->servers[i], b->t->port))
			return i;
	return -1;
}

/* Did slot s send its query to server srv (send k went to start + k)? */
static bool sent_to(const struct bulk *b, const struct slot *s, int srv)
{
	int n = b->t->nservers;
	return (unsigned)((srv - s->start + n) % n) < s->sends;
}

static void receive(struct bulk *b, int fd, int k)
{
	for (int i = 0; i < BATCH; i++) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof from;
		ssize_t n =
		    recvfrom(fd, b->buf, 65535, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n < 0)
			return;
		int64_t now = nw_mono_ns();
		int srv = server_index(b, &from);
		if (srv < 0) {
			b->ignored.wrong_source++;
			continue;
		}
		if (n < 2) {
			b->ignored.malformed++;
			continue;
		}
		uint16_t id = (uint16_t)(b->buf[0] << 8 | b->buf[1]);
		int si = b->idmap[k][id];
		if (si < 0) {
			b->ignored.wrong_id++; /* late, duplicate or spoofed */
			continue;
		}
		if (!sent_to(b, &b->slots[si], srv)) {
			b->ignored.wrong_source++; /* a server this query never went to */
			continue;
		}
		if (!resolve_matches(&b->slots[si].q, b->buf, (size_t)n, &b->ignored))
			continue;
		const char *why = NULL;
		nw_dns_parse(b->buf, (size_t)n, &b->answer, &why);
		b->answer_server = b->prefer = srv;
		nw_probe_answered(b->engine, (uint64_t)b->slots[si].item,
				  &(struct nw_probe_answer){.now_ns = now}, NULL);
	}
}

/* stderr is a terminal and stdout is not: "done/total, timed out, rate" on stderr. */
static void show_progress(struct bulk *b, int64_t now)
{
	double secs = nw_ns_to_ms(now - b->start_ns) / 1000;
	nw_progress_show(&b->progress, now, "nw-resolve: %zu/%zu names, %zu timed out, %.0f/s",
			 b->done, b->n, b->timeouts, secs > 0 ? (double)b->done / secs : 0.0);
}

static void tick_at(struct bulk *b, int64_t when_ns)
{
	if (nw_timer_at(b->loop, &b->tick, when_ns) != 0)
		nw_fatal("out of memory");
}

/*
 * After the answers of a round, or at the engine's next action: it resends,
 * gives up and fills the window; then wake when it says (at least once a
 * second, for the progress line), or stop when every name is done (at
 * once when the last names could not be sent).
 */
static void on_tick(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct bulk *b = ctx;
	int64_t now = nw_mono_ns();
	(void)t;
	show_progress(b, now);
	int64_t wake = nw_probe_tick(b->engine, now);
	if (nw_probe_finished(b->engine)) {
		nw_loop_stop(l);
		return;
	}
	tick_at(b, wake < now + NW_NS_PER_S ? wake : now + NW_NS_PER_S);
}

/* Answers on one socket; the tick then runs once, after every ready socket is read. */
static void on_answers(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct bulk *b = ctx;
	(void)l;
	for (int f = 0; f < 2; f++)
		for (int k = 0; k < NSOCKS; k++)
			if (b->fds[f][k] == fd && (revents & POLLIN))
				receive(b, fd, k);
	tick_at(b, nw_mono_ns());
}

static struct nw_probe *new_engine(struct bulk *b)
{
	struct nw_probe_config pc = NW_PROBE_DEFAULTS;
	static const struct nw_probe_ops ops = {
	    .send = send_query, .next_id = gen_next, .on_done = query_done};
	const char *why = NULL;

	pc.window = (uint32_t)b->window;
	pc.retries = MAX_SENDS - 1;
	pc.timeout_ns = 0; /* the RTO */
	pc.rto_initial_ns = pc.rto_min_ns = RTO_MIN;
	pc.budget_ns = budget_ns(b);
	struct nw_probe *e = nw_probe_new(&pc, &ops, b, &why);
	if (!e)
		nw_fatal("probe engine: %s", why);
	return e;
}

static void udp_window(struct bulk *b)
{
	b->start_ns = nw_mono_ns();
	if (isatty(STDOUT_FILENO))
		b->progress.tty = -1; /* the lines themselves show the progress */
	if (b->n == 0)
		return;
	b->engine = new_engine(b);
	b->loop = nw_loop_new();
	if (!b->loop)
		nw_fatal("out of memory");
	for (int f = 0; f < 2; f++)
		for (int k = 0; k < NSOCKS; k++)
			if (b->fds[f][k] >= 0 &&
			    nw_loop_add_fd(b->loop, b->fds[f][k], POLLIN, on_answers, b) < 0)
				nw_fatal("out of memory");
	nw_timer_init(&b->tick, on_tick, b);
	tick_at(b, b->start_ns);
	if (nw_loop_run(b->loop, 0) < 0)
		nw_fatal_errno("poll");
	nw_loop_free(b->loop);
	nw_probe_free(b->engine);
	b->loop = NULL;
	b->engine = NULL;
}

/* ---- TCP for the truncated ones ------------------------------------------------ */

static void tcp_retries(struct bulk *b, struct resolve_exchange *x)
{
	struct resolve_transport tcp = *b->t;
	tcp.tcp_only = true;
	tcp.nservers = 1;
	for (size_t i = 0; i < b->n; i++) {
		struct item *it = &b->items[i];
		const char *why = NULL;
		if (!it->need_tcp)
			continue;
		tcp.servers[0] = b->t->servers[it->tc_server]; /* the server that truncated it */
		b->done--; /* counted when the TC answer came; finish() counts it again */
		x->qlen = build(b, it, next_id(b), NW_DNS_TCP, &x->query, x->qbuf);
		if (x->qlen < 0) { /* it fitted UDP, so it fits TCP: never seen */
			not_sent(b, (int)i);
			continue;
		}
		resolve_exchange(&tcp, 0, x);
		if (resolve_answered(x->result) && resolve_check_rdata(&x->msg, &why) != 0) {
			x->result = RES_MALFORMED;
			x->error = why;
		}
		finish(b, (int)i, render(b, it, &x->msg, x->result, x->error, x->rtt_ms, 1),
		       resolve_exit_code(x->result));
	}
}

/* ---- run ---------------------------------------------------------------------------- */

/* NSOCKS sockets of family, unless they are open. */
static void open_family(struct bulk *b, int family)
{
	int *fds = b->fds[family_index(family)];
	if (fds[0] >= 0)
		return;
	for (int k = 0; k < NSOCKS; k++) {
		fds[k] = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fds[k] < 0)
			nw_fatal("socket: %s", strerror(errno));
		int size = 4 << 20; /* room for a window of answers */
		(void)setsockopt(fds[k], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	}
}

static void open_sockets(struct bulk *b)
{
	for (int f = 0; f < 2; f++)
		for (int k = 0; k < NSOCKS; k++)
			b->fds[f][k] = -1;
	for (int i = 0; i < b->t->nservers; i++) {
		b->tolen[i] = resolve_sockaddr(&b->t->servers[i], b->t->port, &b->to[i]);
		open_family(b, b->t->servers[i].family);
	}
	for (int k = 0; k < NSOCKS; k++) {
		b->idmap[k] = malloc(65536 * sizeof *b->idmap[k]);
		if (!b->idmap[k])
			nw_fatal("out of memory");
		for (int i = 0; i < 65536; i++)
			b->idmap[k][i] = -1;
	}
}

int resolve_bulk(const struct resolve_config *cfg, const struct resolve_transport *t,
		 struct resolve_exchange *x)
{
	struct bulk b = {.cfg = cfg, .t = t, .window = cfg->inflight, .buf = x->resp};
	FILE *f = strcmp(cfg->bulk_file, "-") == 0 ? stdin : fopen(cfg->bulk_file, "r");
	int status = 0;

	if (!f)
		nw_fatal("%s: %s", cfg->bulk_file, strerror(errno));
	read_names(&b, f);
	if (f != stdin)
		fclose(f);
	nw_cli_drop_privileges(NW_PRIV_DNS); /* the names are read: only DNS from here */
	b.slots = calloc((size_t)b.window, sizeof *b.slots);
	b.free_list = calloc((size_t)b.window, sizeof *b.free_list);
	if (!b.slots || !b.free_list)
		nw_fatal("out of memory");
	for (int i = b.window - 1; i >= 0; i--) {
		b.slots[i].item = -1;
		b.free_list[b.free_top++] = i;
	}
	open_sockets(&b);
	udp_window(&b);
	tcp_retries(&b, x);
	nw_progress_clear(&b.progress);
	flush_ready(&b);
	for (size_t i = 0; i < b.n; i++) {
		if (status == 0)
			status = b.items[i].code;
		free(b.items[i].name);
	}
	if (b.unsent && cfg->format != RESOLVE_QUIET)
		nw_warn("%zu name%s not sent (query too large), the first %s", b.unsent,
			b.unsent == 1 ? "" : "s", b.first_unsent);
	unsigned ign = b.ignored.wrong_source + b.ignored.wrong_id + b.ignored.wrong_question +
		       b.ignored.not_response + b.ignored.malformed;
	if (ign && cfg->format != RESOLVE_QUIET)
		nw_warn("ignored %u responses: wrong source %u, wrong id %u, wrong question %u, "
			"not a response %u, malformed %u",
			ign, b.ignored.wrong_source, b.ignored.wrong_id, b.ignored.wrong_question,
			b.ignored.not_response, b.ignored.malformed);
	for (int k = 0; k < NSOCKS; k++) {
		for (int fam = 0; fam < 2; fam++)
			if (b.fds[fam][k] >= 0)
				close(b.fds[fam][k]);
		free(b.idmap[k]);
	}
	free(b.line);
	free(b.items);
	free(b.slots);
	free(b.free_list);
	return status;
}
