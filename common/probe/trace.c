/*
 * trace.c: the traceroute model on the probe engine: the generator of
 * probe numbers in TTL order, the engine's send and on_done, what a
 * captured packet is (our probe leaving, an answer, a stray), and the end
 * of the path.  See trace.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe/trace_internal.h"

static unsigned ttl_of(const struct nw_trace *t, uint64_t s)
{
	return t->cfg.first_ttl + (unsigned)(s / t->cfg.queries);
}

/* Probes up to the end of the path as known now. */
static uint64_t probes_to_end(const struct nw_trace *t)
{
	return (uint64_t)(t->end_ttl - t->cfg.first_ttl + 1) * t->cfg.queries;
}

static enum nw_probe_gen next_probe(void *ctx, uint64_t *id)
{
	struct nw_trace *t = ctx;

	if (t->stopped || t->next_probe >= probes_to_end(t))
		return NW_PROBE_GEN_END;
	*id = t->next_probe++;
	return NW_PROBE_GEN_ID;
}

static enum nw_probe_send send_probe(void *ctx, uint64_t id, unsigned attempt)
{
	struct nw_trace *t = ctx;
	struct nw_trace_packet p;
	const char *why;
	int rc;

	(void)attempt; /* no retries: every probe is sent once */
	nw_trace_build(t, id, &p);
	if (nw_match_add(t->match, &p.key, id, &why) != 0) {
		t->stats.send_errors++;
		return NW_PROBE_FAILED;
	}
	t->replies[id].sent_ns = 0;
	rc = t->ops.send(t->ctx, &p);
	if (rc > 0) {
		nw_match_remove(t->match, &p.key);
		return NW_PROBE_BLOCKED;
	}
	if (rc < 0) {
		t->stats.send_errors++;
		return NW_PROBE_FAILED;
	}
	t->stats.sent++;
	nw_trace_mtu_sent(t, id);
	return NW_PROBE_SENT;
}

/* Hand complete hops to on_hop in TTL order, up to the end of the path. */
static void emit_hops(struct nw_trace *t)
{
	while (!t->stopped && t->next_hop <= t->end_ttl) {
		struct nw_trace_hop *h = &t->hops[t->next_hop - t->cfg.first_ttl];
		if (h->ended < h->queries)
			return;
		t->next_hop++;
		nw_trace_mtu_hop(t, h);
		if (t->ops.on_hop)
			t->ops.on_hop(t->ctx, h);
	}
}

/* An answer other than time exceeded came at ttl: the path ends there. */
static void end_path(struct nw_trace *t, unsigned ttl, bool from_dst)
{
	uint64_t s, from;

	if (ttl > t->end_ttl || (ttl == t->end_ttl && t->reached))
		return;
	if (ttl < t->end_ttl)
		t->reached = false;
	t->end_ttl = ttl;
	t->reached = t->reached || from_dst;
	from = probes_to_end(t);
	for (s = from; s < t->next_probe; s++)
		if (t->replies[s].status == NW_TRACE_WAITING)
			nw_probe_cancel(t->engine, s);
}

static void record_answer(struct nw_trace *t, struct nw_trace_reply *r,
			  const struct nw_probe_result *res)
{
	unsigned ttl = r->ttl, query = r->query;
	int64_t sent = r->sent_ns;

	*r = *t->pending;
	r->ttl = ttl;
	r->query = query;
	r->sent_ns = sent;
	r->status = NW_TRACE_REPLY;
	r->rtt_ns = res->rtt_ns;
	r->clock = res->clock;
	if (res->clock == NW_PROBE_CLOCK_WIRE)
		t->wire_rtts++;
	else if (res->clock == NW_PROBE_CLOCK_MONO)
		t->mono_rtts++;
}

static void probe_done(void *ctx, const struct nw_probe_result *res)
{
	struct nw_trace *t = ctx;
	struct nw_trace_reply *r = &t->replies[res->id];
	struct nw_trace_hop *h = &t->hops[r->ttl - t->cfg.first_ttl];

	if (res->outcome == NW_PROBE_ANSWERED && nw_trace_mtu_refused(t, res->id))
		return; /* sent again, smaller */
	r->sent_ns = res->first_sent_ns;
	h->ended++;
	switch (res->outcome) {
	case NW_PROBE_ANSWERED:
		record_answer(t, r, res);
		h->answered++;
		t->stats.answered++;
		if (r->kind != NW_ANSWER_TIME_EXCEEDED)
			end_path(t, r->ttl, nw_addr_equal(&r->from, &t->cfg.dst));
		break;
	case NW_PROBE_TIMED_OUT:
		r->status = NW_TRACE_TIMEOUT;
		t->stats.timed_out++;
		break;
	case NW_PROBE_CANCELLED:
		r->status = NW_TRACE_CANCELLED;
		t->stats.cancelled++;
		break;
	}
	emit_hops(t);
}

static const char *check_config(const struct nw_trace_config *c)
{
	if (c->proto != NW_PROBE_UDP && c->proto != NW_PROBE_ICMP && c->proto != NW_PROBE_TCP)
		return "unknown probe protocol";
	if (c->flow != NW_FLOW_CLASSIC && c->flow != NW_FLOW_PARIS && c->flow != NW_FLOW_DUBLIN)
		return "unknown flow mode";
	if (c->flow == NW_FLOW_DUBLIN && c->proto != NW_PROBE_UDP)
		return "dublin flow control is for UDP probes only";
	if ((c->src.family != AF_INET && c->src.family != AF_INET6) ||
	    c->src.family != c->dst.family)
		return "source and destination must be both IPv4 or both IPv6";
	if (c->first_ttl < 1 || c->max_ttl > 255 || c->first_ttl > c->max_ttl)
		return "TTLs must be 1 <= first <= max <= 255";
	if (c->queries < 1 || c->queries > NW_TRACE_MAX_QUERIES)
		return "queries per hop must be 1..10";
	if (c->in_flight < 1 || c->in_flight > 255 * NW_TRACE_MAX_QUERIES)
		return "probes in flight must be 1..2550";
	if (c->wait_ns <= 0)
		return "the wait must be positive";
	if (c->rate < 0)
		return "the rate must not be negative";
	if (1u + c->id_base + (c->max_ttl - c->first_ttl + 1u) * c->queries > 65535u)
		return "the probe numbers from id_base on must stay below 65536";
	if (c->packet_len > NW_TRACE_MAX_PACKET)
		return "packet length too large (at most 9000)";
	if (c->mtu && c->proto == NW_PROBE_TCP)
		return "path MTU discovery needs UDP or ICMP probes (a SYN carries no data)";
	if (c->mtu && c->flow == NW_FLOW_DUBLIN && c->dst.family == AF_INET6)
		return "path MTU discovery cannot use dublin over IPv6 (the length is the probe's "
		       "number)";
	return NULL;
}

static int make_parts(struct nw_trace *t, const char **why)
{
	static const struct nw_probe_ops ops = {
	    .send = send_probe, .next_id = next_probe, .on_done = probe_done};
	struct nw_probe_config ec = NW_PROBE_DEFAULTS;
	unsigned i;

	t->hops = calloc(t->hop_count, sizeof(*t->hops));
	t->replies = calloc((size_t)t->probe_count, sizeof(*t->replies));
	if (!t->hops || !t->replies) {
		*why = "out of memory";
		return -1;
	}
	for (i = 0; i < t->hop_count; i++) {
		t->hops[i].ttl = t->cfg.first_ttl + i;
		t->hops[i].queries = t->cfg.queries;
		t->hops[i].replies = &t->replies[(size_t)i * t->cfg.queries];
	}
	for (uint64_t s = 0; s < t->probe_count; s++) {
		t->replies[s].ttl = ttl_of(t, s);
		t->replies[s].query = (unsigned)(s % t->cfg.queries);
	}
	if (nw_trace_mtu_setup(t, why) != 0 || nw_trace_probe_setup(t, why) != 0)
		return -1;
	/* probes sent again smaller are filed again: room for them */
	t->match = nw_match_new(t->cfg.flow, (size_t)t->probe_count * (t->cfg.mtu ? 4 : 1), why);
	if (!t->match)
		return -1;
	ec.window = t->cfg.in_flight;
	ec.rate = t->cfg.rate;
	ec.burst = t->cfg.rate > 0 ? 1 : 0; /* -z spaces every send */
	ec.timeout_ns = t->cfg.wait_ns;
	/* every end of a probe is remembered: with cfg.mtu a refusal ends one too */
	ec.remember = (uint32_t)t->probe_count * (t->cfg.mtu ? 1 + NW_TRACE_MTU_RESENDS : 1);
	t->engine = nw_probe_new(&ec, &ops, t, why);
	return t->engine ? 0 : -1;
}

struct nw_trace *nw_trace_new(const struct nw_trace_config *cfg, const struct nw_trace_ops *ops,
			      void *ctx, const char **why)
{
	struct nw_trace *t;

	*why = check_config(cfg);
	if (*why)
		return NULL;
	if (!ops || !ops->send) {
		*why = "no send callback";
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		*why = "out of memory";
		return NULL;
	}
	t->cfg = *cfg;
	t->ops = *ops;
	t->ctx = ctx;
	t->hop_count = cfg->max_ttl - cfg->first_ttl + 1;
	t->probe_count = (uint64_t)t->hop_count * cfg->queries;
	t->end_ttl = cfg->max_ttl;
	t->next_hop = cfg->first_ttl;
	if (make_parts(t, why) != 0) {
		nw_trace_free(t);
		return NULL;
	}
	return t;
}

void nw_trace_free(struct nw_trace *t)
{
	if (!t)
		return;
	nw_probe_free(t->engine);
	nw_match_free(t->match);
	nw_trace_mtu_free(t);
	free(t->payload);
	free(t->replies);
	free(t->hops);
	free(t);
}

int64_t nw_trace_tick(struct nw_trace *t, int64_t now)
{
	return nw_probe_tick(t->engine, now);
}

static void pending_from(struct nw_trace_reply *r, const struct nw_answer *a,
			 const struct nw_match_result *m, const struct nw_pkt *pkt)
{
	memset(r, 0, sizeof(*r));
	r->from = a->from;
	r->kind = a->kind;
	r->icmp_type = a->icmp_type;
	r->icmp_code = a->icmp_code;
	r->mtu = a->mtu;
	r->reply_ttl = a->from_ttl;
	r->quoted = a->quoted;
	r->quoted_ttl = a->quoted && (a->shows & NW_SHOWS_TTL) ? a->probe.ttl : 0;
	r->rewritten = m->rewritten;
	r->sent = m->sent;
	if (a->quoted)
		r->quote = a->probe;
	if (pkt->layers & NW_HAS_ICMPEXT) {
		const struct nw_icmpext *x = &pkt->icmpext;
		unsigned n = x->nlabels < 4 ? (unsigned)x->nlabels : 4;
		memcpy(r->mpls, x->labels, n * sizeof(r->mpls[0]));
		r->mpls_count = n;
		n = x->nifinfo < NW_TRACE_MAX_IFINFO ? (unsigned)x->nifinfo : NW_TRACE_MAX_IFINFO;
		memcpy(r->ifinfo, x->ifinfo, n * sizeof(r->ifinfo[0]));
		r->ifinfo_count = n;
	}
}

/* Hand pending, the answer to probe id (filed under key; NULL: none), to the engine. */
static enum nw_trace_feed answer_probe(struct nw_trace *t, const struct nw_trace_reply *pending,
				       const struct nw_probe_key *key, uint64_t id,
				       struct nw_probe_answer *pa, const char **why)
{
	enum nw_probe_match rc;

	t->pending = pending;
	t->pending_key = key;
	rc = nw_probe_answered(t->engine, id, pa, NULL);
	t->pending = NULL;
	t->pending_key = NULL;
	switch (rc) {
	case NW_PROBE_OURS:
		return NW_TRACE_FEED_OURS;
	case NW_PROBE_LATE:
	case NW_PROBE_DUPLICATE:
		t->stats.late++;
		*why = "an answer to a probe that had ended";
		return NW_TRACE_FEED_LATE;
	case NW_PROBE_UNKNOWN:
		break;
	}
	t->stats.strays++;
	*why = "no such probe sent";
	return NW_TRACE_FEED_STRAY;
}

enum nw_trace_feed nw_trace_feed(struct nw_trace *t, const struct nw_pkt *pkt, int64_t now,
				 int64_t wire_ns, const char **why)
{
	struct nw_trace_reply pending;
	struct nw_answer a;
	struct nw_match_result m;
	struct nw_probe_answer pa = {.now_ns = now, .wire_answer_ns = wire_ns};
	int64_t s = nw_trace_probe_number(t, pkt);

	if (s >= 0) {
		if (wire_ns)
			nw_probe_wire_sent(t->engine, (uint64_t)s, wire_ns);
		return NW_TRACE_FEED_SENT;
	}
	nw_match_packet(t->match, pkt, &a, &m);
	if (!m.ours) {
		t->stats.strays++;
		*why = m.why;
		return NW_TRACE_FEED_STRAY;
	}
	pending_from(&pending, &a, &m, pkt);
	return answer_probe(t, &pending, &m.sent, m.id, &pa, why);
}

/* What an ICMP type is an answer of, as probe/answer.c reads it from a packet. */
static enum nw_answer_kind kind_of(int family, uint8_t type)
{
	static const enum nw_answer_kind v4[13] = {[0] = NW_ANSWER_ECHO_REPLY,
						   [3] = NW_ANSWER_UNREACHABLE,
						   [11] = NW_ANSWER_TIME_EXCEEDED,
						   [12] = NW_ANSWER_PARAM_PROBLEM};
	static const enum nw_answer_kind v6[5] = {[1] = NW_ANSWER_UNREACHABLE,
						  [2] = NW_ANSWER_TOO_BIG,
						  [3] = NW_ANSWER_TIME_EXCEEDED,
						  [4] = NW_ANSWER_PARAM_PROBLEM};

	if (family == AF_INET6)
		return type == 129 ? NW_ANSWER_ECHO_REPLY : type < 5 ? v6[type] : 0;
	return type < 13 ? v4[type] : 0;
}

enum nw_trace_feed nw_trace_feed_answer(struct nw_trace *t, const struct nw_trace_answer *a,
					int64_t now, const char **why)
{
	struct nw_trace_reply pending;
	struct nw_trace_packet p;
	struct nw_probe_answer pa = {.now_ns = now};
	enum nw_answer_kind kind = kind_of(t->cfg.dst.family, a->icmp_type);
	int64_t s = nw_trace_answer_number(t, a);

	if (s < 0 || !kind) {
		t->stats.strays++;
		*why = s < 0 ? "no probe of ours has those fields"
			     : "an ICMP message that answers no "
			       "probe";
		return NW_TRACE_FEED_STRAY;
	}
	memset(&pending, 0, sizeof(pending));
	pending.from = a->from;
	pending.kind = kind;
	pending.icmp_type = a->icmp_type;
	pending.icmp_code = a->icmp_code;
	pending.mtu = a->mtu;
	pending.reply_ttl = a->reply_ttl;
	pending.quoted = kind != NW_ANSWER_ECHO_REPLY;
	nw_trace_build(t, (uint64_t)s, &p); /* the probe as sent: the reply's .sent */
	pending.sent = p.key;
	return answer_probe(t, &pending, &pending.sent, (uint64_t)s, &pa, why);
}

bool nw_trace_done(const struct nw_trace *t)
{
	return t->stopped || t->next_hop > t->end_ttl;
}

void nw_trace_stop(struct nw_trace *t)
{
	t->stopped = true;
	nw_probe_stop(t->engine);
}
