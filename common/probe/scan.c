/*
 * scan.c: nw-scan's model on the probe engine: the range of probe numbers,
 * the generator, the engine's send and on_done, results, position and
 * stats.  See probe/scan.h; scan_syn.c reads packets, scan_reason.c names
 * outcomes and reads connect() errors.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe/scan_internal.h"

void nw_scan_target(const struct nw_scan *s, uint64_t j, struct nw_addr *addr, uint16_t *port)
{
	uint64_t ai, pi;

	nw_scan_order_at(&s->order, j, &ai, &pi);
	nw_addrset_at(s->cfg.targets, ai, addr);
	*port = nw_portset_at(s->cfg.ports, (uint32_t)pi);
}

bool nw_scan_key(const struct nw_scan *s, uint64_t j, unsigned attempt, struct nw_probe_key *k)
{
	const struct nw_addr *src;

	memset(k, 0, sizeof(*k));
	k->proto = NW_PROBE_TCP;
	nw_scan_target(s, j, &k->dst, &k->dport);
	src = k->dst.family == AF_INET ? &s->cfg.src4 : &s->cfg.src6;
	if (src->family != k->dst.family)
		return s->cfg.method == NW_SCAN_CONNECT; /* the kernel picks it */
	k->src = *src;
	k->ttl = s->cfg.ttl;
	if (s->cfg.method == NW_SCAN_SYN) {
		k->sport = nw_cookie_port_of_attempt(&s->cookie, k, attempt);
		nw_cookie_stamp(&s->cookie, k);
	}
	return true;
}

int64_t nw_scan_number(const struct nw_scan *s, const struct nw_addr *addr, uint16_t port)
{
	uint64_t ai, j;
	uint32_t pi;

	if (nw_addrset_index(s->cfg.targets, addr, &ai) != 0 ||
	    nw_portset_index(s->cfg.ports, port, &pi) != 0)
		return -1;
	j = nw_scan_order_index(&s->order, ai, pi);
	if (j < s->begin || j >= s->end || j > INT64_MAX)
		return -1;
	return (int64_t)j;
}

static enum nw_probe_gen next_probe(void *ctx, uint64_t *id)
{
	struct nw_scan *s = ctx;

	if (s->stopped || s->draining || s->pos.next >= s->end)
		return NW_PROBE_GEN_END;
	*id = s->pos.next;
	if (nw_scan_pos_begin(&s->pos) != 0)
		return NW_PROBE_GEN_LATER; /* out of memory: wait for the position to move */
	s->stats.begun++;
	return NW_PROBE_GEN_ID;
}

static enum nw_probe_send send_probe(void *ctx, uint64_t id, unsigned attempt)
{
	struct nw_scan *s = ctx;
	struct nw_scan_probe p = {.j = id, .attempt = attempt};
	int rc;

	if (!nw_scan_key(s, id, attempt, &p.key)) {
		s->stats.send_errors++;
		return NW_PROBE_FAILED; /* no source address of that family */
	}
	rc = s->ops.send(s->ctx, &p);
	if (rc > 0)
		return NW_PROBE_BLOCKED;
	if (rc < 0) {
		s->stats.send_errors++;
		return NW_PROBE_FAILED;
	}
	s->stats.sent++;
	s->stats.retries += attempt > 0;
	if (!s->first_send_ns)
		s->first_send_ns = s->now;
	s->last_send_ns = s->now;
	return NW_PROBE_SENT;
}

static void count(struct nw_scan *s, const struct nw_scan_result *r)
{
	s->stats.decided++;
	s->stats.answered += r->reason != NW_SCAN_NO_RESPONSE;
	if (r->state == NW_SCAN_OPEN)
		s->stats.open++;
	else if (r->state == NW_SCAN_CLOSED)
		s->stats.closed++;
	else
		s->stats.filtered++;
}

static void probe_done(void *ctx, const struct nw_probe_result *res)
{
	struct nw_scan *s = ctx;
	struct nw_scan_result r;

	if (res->outcome == NW_PROBE_CANCELLED)
		return; /* stopped: not decided, the position stays below it */
	nw_scan_rate_learn(s, res);
	nw_scan_retries_learn(s, res);
	if (res->outcome == NW_PROBE_ANSWERED && s->pending) {
		r = *s->pending;
		r.rtt_ns = res->rtt_ns;
		r.clock = res->clock;
	} else {
		memset(&r, 0, sizeof(r));
		r.state = NW_SCAN_FILTERED; /* a SYN is always answered: silence is a filter */
		r.reason = NW_SCAN_NO_RESPONSE;
	}
	r.j = res->id;
	nw_scan_target(s, res->id, &r.addr, &r.port);
	r.retries = res->attempts ? res->attempts - 1 : 0;
	count(s, &r);
	nw_scan_pos_decide(&s->pos, res->id);
	if (s->ops.on_result)
		s->ops.on_result(s->ctx, &r);
}

enum nw_scan_feed nw_scan_answer(struct nw_scan *s, uint64_t j, const struct nw_scan_result *v,
				 const struct nw_probe_answer *pa, const char **why)
{
	enum nw_probe_match rc;

	if (j >= s->pos.next) {
		s->stats.strays++;
		*why = "an answer to a probe not sent yet";
		return NW_SCAN_FEED_STRAY;
	}
	s->pending = v;
	rc = nw_probe_answered(s->engine, j, pa, NULL);
	s->pending = NULL;
	switch (rc) {
	case NW_PROBE_OURS:
		return NW_SCAN_FEED_RESULT;
	case NW_PROBE_DUPLICATE:
		s->stats.duplicates++;
		*why = "a duplicate answer to a probe answered already";
		return NW_SCAN_FEED_DUPLICATE;
	case NW_PROBE_LATE:
		break;
	case NW_PROBE_UNKNOWN:
		if (!nw_scan_pos_decided(&s->pos, j)) {
			s->stats.strays++; /* begun, then cancelled by a stop */
			*why = "an answer to a probe cancelled";
			return NW_SCAN_FEED_STRAY;
		}
		break; /* decided and forgotten by the engine: late or a duplicate */
	}
	s->stats.late++;
	*why = "a late answer to a probe decided already";
	return NW_SCAN_FEED_LATE;
}

static const char *check_config(const struct nw_scan_config *c)
{
	if (!c->targets || !c->ports)
		return "no targets or no ports";
	if (c->method != NW_SCAN_SYN && c->method != NW_SCAN_CONNECT)
		return "unknown scan method";
	if (c->rate < 0 || c->max_rate < 0)
		return "the rate must not be negative";
	if (c->window < 1 || c->window > (1u << 24))
		return "the window must be 1..16777216 probes";
	if (c->retries > 1000 || c->retries_max > 1000)
		return "retries must be 0..1000";
	if (c->retries_max && c->retries_max < c->retries)
		return "retries_max must be at least retries";
	if (c->timeout_ns < 0 || c->rto_initial_ns <= 0 || c->rto_min_ns <= 0)
		return "the timeouts must be positive";
	if (c->method == NW_SCAN_SYN && c->src4.family != AF_INET && c->src6.family != AF_INET6)
		return "a SYN scan needs a source address";
	if (c->method == NW_SCAN_SYN && c->ttl == 0)
		return "the TTL must be 1..255";
	if (c->sport_span && (uint32_t)c->sport_base + c->sport_span > 65536)
		return "the source ports run past 65535";
	return NULL;
}

static int make_parts(struct nw_scan *s, const char **why)
{
	static const struct nw_probe_ops ops = {
	    .send = send_probe, .next_id = next_probe, .on_done = probe_done};
	struct nw_probe_config ec = NW_PROBE_DEFAULTS;
	const struct nw_scan_config *c = &s->cfg;
	char err[160];

	if (nw_scan_order_init(&s->order, nw_addrset_count(c->targets), nw_portset_count(c->ports),
			       c->seed, err, sizeof(err)) != 0) {
		*why = "the scan is too large: more than 2^64-1 probes";
		return -1;
	}
	nw_shard_range(&c->shard, s->order.total, &s->begin, &s->end);
	if (c->start > s->begin)
		s->begin = c->start < s->end ? c->start : s->end;
	if (nw_scan_pos_init(&s->pos, s->begin) != 0) {
		*why = "out of memory";
		return -1;
	}
	memcpy(s->cookie.key, c->key, sizeof(s->cookie.key));
	s->cookie.port_base = c->sport_base;
	s->cookie.port_span = c->sport_span;
	ec.window = c->window;
	ec.rate = nw_scan_rate_start(s);
	ec.burst = c->burst;
	ec.retries = c->retries;
	ec.timeout_ns = c->timeout_ns;
	ec.rto_initial_ns = c->rto_initial_ns;
	ec.rto_min_ns = c->rto_min_ns;
	ec.adaptive = false; /* the rate adapts instead (scan_rate.c says why) */
	ec.remember = c->window < (1u << 22) ? c->window * 4 : c->window;
	s->engine = nw_probe_new(&ec, &ops, s, why);
	return s->engine ? 0 : -1;
}

struct nw_scan *nw_scan_new(const struct nw_scan_config *cfg, const struct nw_scan_ops *ops,
			    void *ctx, const char **why)
{
	struct nw_scan *s;

	*why = check_config(cfg);
	if (*why)
		return NULL;
	if (!ops || !ops->send) {
		*why = "no send callback";
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		*why = "out of memory";
		return NULL;
	}
	s->cfg = *cfg;
	s->ops = *ops;
	s->ctx = ctx;
	if (make_parts(s, why) != 0) {
		nw_scan_free(s);
		return NULL;
	}
	s->stats.total = s->end - s->begin;
	s->stats.retries_allowed = s->cfg.retries;
	return s;
}

void nw_scan_free(struct nw_scan *s)
{
	if (!s)
		return;
	nw_probe_free(s->engine);
	nw_scan_pos_free(&s->pos);
	free(s);
}

int64_t nw_scan_tick(struct nw_scan *s, int64_t now)
{
	if (now > s->now)
		s->now = now;
	return nw_probe_tick(s->engine, now);
}

bool nw_scan_done(const struct nw_scan *s)
{
	if (nw_probe_finished(s->engine))
		return true;
	/* Every probe begun and ended: the generator would say it has no more at its next
	 * turn, but the rate may put that turn off (1/16 s after a one-port scan's answer). */
	return (s->pos.next >= s->end || s->draining) && nw_probe_idle(s->engine);
}

void nw_scan_drain(struct nw_scan *s)
{
	s->draining = true;
}

void nw_scan_stop(struct nw_scan *s)
{
	s->stopped = true;
	nw_probe_stop(s->engine);
}

uint64_t nw_scan_position(const struct nw_scan *s)
{
	return s->pos.base;
}

void nw_scan_range(const struct nw_scan *s, uint64_t *begin, uint64_t *end)
{
	*begin = s->begin;
	*end = s->end;
}

void nw_scan_stats(const struct nw_scan *s, int64_t now, struct nw_scan_stats *st)
{
	struct nw_probe_stats es;
	int64_t span = s->last_send_ns - s->first_send_ns;

	nw_probe_stats(s->engine, now, &es);
	*st = s->stats;
	st->rate_now_pps = es.rate_pps;
	st->rate_limit_pps = es.rate_limit_pps;
	st->cwnd = s->cfg.adaptive ? s->cwnd.cwnd : 0;
	st->srtt_ns = es.srtt_ns;
	st->rate_pps = span > 0 ? (double)(st->sent - 1) * 1e9 / (double)span : 0;
	st->position = s->pos.base;
}
