/*
 * engine.c: the probe scheduler: a fixed table of slots found by the
 * caller's id, a heap of their deadlines, queues of probes waiting for a
 * send, a remembered ring of ended ids, and the bucket, RTO and congestion
 * window that pace them (see engine.h for the model).
 */
#include "config.h"

#include <stdlib.h>

#include "probe/bucket.h"
#include "probe/cwnd.h"
#include "probe/dheap.h"
#include "probe/engine.h"
#include "probe/idmap.h"
#include "probe/rto.h"

#define NONE	    UINT32_MAX
#define MAX_WINDOW  (UINT32_C(1) << 24)
#define MAX_RETRIES 1000
#define METER_NS    INT64_C(1000000000) /* rate_pps is measured over this */

enum slot_state {
	SLOT_FREE,
	SLOT_QUEUED,  /* begun, waiting for its first send */
	SLOT_WAITING, /* sent, waiting for an answer until its deadline */
	SLOT_RETRY,   /* its wait ran out, waiting for its next send */
};

struct slot {
	uint64_t id;
	int64_t first_sent, last_sent;
	int64_t wire_sent; /* capture time of the last send; 0: not given */
	int64_t give_up;   /* first_sent + budget; NW_PROBE_NEVER: no budget */
	uint32_t prev, next;
	uint16_t attempts; /* sends tried */
	uint16_t tx;	   /* of those, sent (not NW_PROBE_FAILED) */
	uint8_t state;
};

/* An ended probe, kept to tell a late or duplicate answer. */
struct tomb {
	uint64_t id;
	int64_t first_sent, last_sent, wire_sent;
	uint16_t attempts, tx;
	uint8_t outcome;
	bool answered; /* an answer came (on time or late): the next is a duplicate */
	bool used;
};

struct queue {
	uint32_t head, tail;
};

struct nw_probe {
	struct nw_probe_config cfg;
	struct nw_probe_ops ops;
	void *ctx;
	struct slot *slots;
	uint32_t free_head;
	struct nw_dheap timers; /* slots with a deadline */
	struct queue retry_q;	/* SLOT_RETRY, oldest first */
	struct queue new_q;	/* SLOT_QUEUED, in order of adding */
	struct tomb *tombs;	/* a ring of cfg.remember */
	uint32_t tomb_next;
	struct nw_idmap ids; /* id -> slot, or window + tomb */
	struct nw_bucket bucket;
	struct nw_rto rto;
	struct nw_cwnd cwnd;
	bool gen_ended, gen_later, stopped;
	int64_t now, blocked_until;
	int64_t meter_start; /* rate meter: the current second's start */
	uint64_t meter_cur, meter_prev;
	struct nw_probe_stats st;
};

/* ---- queues of slots (doubly linked through the slots) -------------------------------- */

static void queue_push(struct nw_probe *e, struct queue *q, uint32_t i)
{
	struct slot *s = &e->slots[i];
	s->prev = q->tail;
	s->next = NONE;
	if (q->tail == NONE)
		q->head = i;
	else
		e->slots[q->tail].next = i;
	q->tail = i;
}

static void queue_remove(struct nw_probe *e, struct queue *q, uint32_t i)
{
	struct slot *s = &e->slots[i];
	if (s->prev == NONE)
		q->head = s->next;
	else
		e->slots[s->prev].next = s->next;
	if (s->next == NONE)
		q->tail = s->prev;
	else
		e->slots[s->next].prev = s->prev;
	s->prev = s->next = NONE;
}

/* The queue slot i is in, by its state; NULL when none. */
static struct queue *queue_of(struct nw_probe *e, uint32_t i)
{
	switch (e->slots[i].state) {
	case SLOT_QUEUED:
		return &e->new_q;
	case SLOT_RETRY:
		return &e->retry_q;
	default:
		return NULL;
	}
}

/* ---- slots ---------------------------------------------------------------------------- */

static uint32_t slot_alloc(struct nw_probe *e, uint64_t id)
{
	uint32_t i = e->free_head;
	struct slot *s = &e->slots[i];
	e->free_head = s->next;
	*s = (struct slot){
	    .id = id, .state = SLOT_QUEUED, .give_up = NW_PROBE_NEVER, .prev = NONE, .next = NONE};
	nw_idmap_set(&e->ids, id, i);
	e->st.started++;
	if (++e->st.slots_used > e->st.slots_peak)
		e->st.slots_peak = e->st.slots_used;
	return i;
}

static void slot_free(struct nw_probe *e, uint32_t i)
{
	struct slot *s = &e->slots[i];
	struct queue *q = queue_of(e, i);
	if (q)
		queue_remove(e, q, i);
	nw_dheap_remove(&e->timers, i);
	if (s->attempts)
		e->st.in_flight--;
	e->st.slots_used--;
	s->state = SLOT_FREE;
	s->next = e->free_head;
	e->free_head = i;
}

/* ---- remembered ids ------------------------------------------------------------------- */

static void tomb_forget(struct nw_probe *e, uint32_t t)
{
	struct tomb *tb = &e->tombs[t];
	if (tb->used)
		nw_idmap_del(&e->ids, tb->id);
	tb->used = false;
}

/* Slot i's probe ended: its id now points at the oldest tomb, reused. */
static void tomb_keep(struct nw_probe *e, uint32_t i, enum nw_probe_outcome o)
{
	const struct slot *s = &e->slots[i];
	uint32_t t = e->tomb_next;
	e->tomb_next = (t + 1) % e->cfg.remember;
	tomb_forget(e, t);
	e->tombs[t] = (struct tomb){.id = s->id,
				    .first_sent = s->first_sent,
				    .last_sent = s->last_sent,
				    .wire_sent = s->wire_sent,
				    .attempts = s->attempts,
				    .tx = s->tx,
				    .outcome = (uint8_t)o,
				    .answered = o == NW_PROBE_ANSWERED,
				    .used = true};
	nw_idmap_set(&e->ids, s->id, e->cfg.window + t);
}

/* ---- measuring ------------------------------------------------------------------------ */

/* RTT on the wire when both capture times are known and in order, else on the monotonic clock. */
static void measure(const struct nw_probe_answer *a, int64_t last_sent, int64_t noted_wire,
		    struct nw_probe_result *r)
{
	int64_t ws = a->wire_sent_ns ? a->wire_sent_ns : noted_wire;
	if (ws && a->wire_answer_ns && a->wire_answer_ns >= ws) {
		r->rtt_ns = a->wire_answer_ns - ws;
		r->clock = NW_PROBE_CLOCK_WIRE;
		return;
	}
	r->rtt_ns = a->now_ns > last_sent ? a->now_ns - last_sent : 0;
	r->clock = NW_PROBE_CLOCK_MONO;
}

/* Sliding one-second window: this second's sends plus the last one's, pro rata. */
static void meter_roll(struct nw_probe *e, int64_t now)
{
	int64_t gone = now - e->meter_start;
	if (gone < METER_NS)
		return;
	e->meter_prev = gone < 2 * METER_NS ? e->meter_cur : 0;
	e->meter_cur = 0;
	e->meter_start = now - gone % METER_NS;
}

static double meter_rate(const struct nw_probe *e, int64_t now)
{
	int64_t gone = now - e->meter_start;
	uint64_t cur = e->meter_cur, prev = e->meter_prev;
	if (gone >= 2 * METER_NS)
		return 0;
	if (gone >= METER_NS) {
		prev = cur;
		cur = 0;
		gone -= METER_NS;
	}
	return (double)prev * (double)(METER_NS - gone) / (double)METER_NS + (double)cur;
}

/* ---- ending probes -------------------------------------------------------------------- */

static struct nw_probe_result result_of(const struct slot *s, enum nw_probe_outcome o)
{
	return (struct nw_probe_result){.id = s->id,
					.outcome = o,
					.attempts = s->attempts,
					.ambiguous = s->tx > 1,
					.clock = NW_PROBE_CLOCK_NONE,
					.first_sent_ns = s->first_sent};
}

/* Free slot i and report r; the engine is consistent before on_done runs. */
static void end_probe(struct nw_probe *e, uint32_t i, const struct nw_probe_result *r)
{
	if (r->outcome == NW_PROBE_ANSWERED)
		e->st.answered++;
	else if (r->outcome == NW_PROBE_TIMED_OUT)
		e->st.lost++;
	else
		e->st.cancelled++;
	if (e->cfg.remember && r->attempts)
		tomb_keep(e, i, r->outcome); /* a probe never sent has no answer to wait for */
	else
		nw_idmap_del(&e->ids, e->slots[i].id);
	slot_free(e, i);
	e->ops.on_done(e->ctx, r);
}

static void end_quietly(struct nw_probe *e, uint32_t i, enum nw_probe_outcome o)
{
	struct nw_probe_result r = result_of(&e->slots[i], o);
	end_probe(e, i, &r);
}

/* ---- timers --------------------------------------------------------------------------- */

static int64_t add_sat(int64_t a, int64_t b)
{
	int64_t s;
	return __builtin_add_overflow(a, b, &s) ? NW_PROBE_NEVER : s;
}

static bool last_attempt(const struct nw_probe *e, const struct slot *s)
{
	return s->attempts > e->cfg.retries;
}

/* When the wait after slot s's latest send (at now) runs out. */
static int64_t wait_deadline(const struct nw_probe *e, const struct slot *s, int64_t now)
{
	int64_t wait = e->cfg.timeout_ns ? e->cfg.timeout_ns
					 : nw_rto_backoff(&e->rto, (unsigned)s->attempts - 1);
	int64_t d = add_sat(now, wait);
	if (s->give_up != NW_PROBE_NEVER && (last_attempt(e, s) || d > s->give_up))
		d = s->give_up; /* a budget: the last send waits for all of it */
	return d;
}

/* Slot i's deadline came: send it again, or end it. */
static void expire_one(struct nw_probe *e, uint32_t i, int64_t now)
{
	struct slot *s = &e->slots[i];
	nw_dheap_remove(&e->timers, i);
	if (s->state == SLOT_WAITING && !last_attempt(e, s) && now < s->give_up) {
		s->state = SLOT_RETRY;
		queue_push(e, &e->retry_q, i);
		if (s->give_up != NW_PROBE_NEVER)
			nw_dheap_set(&e->timers, i, s->give_up);
		return;
	}
	end_quietly(e, i, NW_PROBE_TIMED_OUT);
}

static void expire(struct nw_probe *e, int64_t now)
{
	uint32_t i;
	while (nw_dheap_top(&e->timers, &i) && e->timers.when[i] <= now)
		expire_one(e, i, now);
}

/* ---- sending -------------------------------------------------------------------------- */

static bool room_for_new(const struct nw_probe *e)
{
	uint32_t room = e->cfg.adaptive ? nw_cwnd_room(&e->cwnd) : e->cfg.window;
	return e->st.in_flight < room;
}

static bool generator_open(const struct nw_probe *e)
{
	return e->ops.next_id && !e->gen_ended && !e->gen_later;
}

/* Whether a send could go now if the bucket allowed it. */
static bool has_work(const struct nw_probe *e)
{
	if (e->stopped)
		return false;
	if (e->retry_q.head != NONE)
		return true;
	if (!room_for_new(e))
		return false;
	return e->new_q.head != NONE || (generator_open(e) && e->free_head != NONE);
}

/* The generator's next id in a new queued slot; NONE when it has none now. */
static uint32_t pull(struct nw_probe *e)
{
	for (uint32_t tries = 0; tries <= e->cfg.window; tries++) {
		uint64_t id;
		enum nw_probe_gen g = e->ops.next_id(e->ctx, &id);
		if (g != NW_PROBE_GEN_ID) {
			e->gen_ended = g == NW_PROBE_GEN_END;
			e->gen_later = g == NW_PROBE_GEN_LATER;
			return NONE;
		}
		uint32_t v;
		if (nw_idmap_get(&e->ids, id, &v)) {
			if (v < e->cfg.window) {
				e->st.rejected++; /* in flight: never two slots for one id */
				continue;
			}
			tomb_forget(e, v - e->cfg.window); /* the id is used again */
		}
		uint32_t i = slot_alloc(e, id);
		queue_push(e, &e->new_q, i);
		return i;
	}
	return NONE; /* a generator repeating ids in flight: try again next tick */
}

/* The slot to send next: a retry, an added probe, then the generator's. */
static uint32_t pick(struct nw_probe *e)
{
	if (e->retry_q.head != NONE)
		return e->retry_q.head;
	if (e->new_q.head != NONE)
		return e->new_q.head;
	return pull(e);
}

static void note_send(struct nw_probe *e, struct slot *s, enum nw_probe_send r, int64_t now)
{
	if (s->attempts == 0) {
		s->first_sent = now;
		e->st.in_flight++;
		if (e->cfg.budget_ns)
			s->give_up = add_sat(now, e->cfg.budget_ns);
	}
	s->attempts++;
	s->last_sent = now;
	s->wire_sent = 0;
	if (r == NW_PROBE_FAILED) {
		e->st.send_errors++;
		return;
	}
	s->tx++;
	e->st.sent++;
	if (s->attempts > 1)
		e->st.retries++;
	meter_roll(e, now);
	e->meter_cur++;
}

/* Send slot i; false when the send would block. */
static bool transmit(struct nw_probe *e, uint32_t i, int64_t now)
{
	struct slot *s = &e->slots[i];
	enum nw_probe_send r = e->ops.send(e->ctx, s->id, s->attempts);
	if (r == NW_PROBE_BLOCKED) {
		e->st.blocked++;
		e->blocked_until = add_sat(now, e->cfg.blocked_wait_ns);
		return false;
	}
	queue_remove(e, queue_of(e, i), i);
	nw_bucket_spend(&e->bucket);
	note_send(e, s, r, now);
	s->state = SLOT_WAITING;
	nw_dheap_set(&e->timers, i, wait_deadline(e, s, now));
	return true;
}

static void send_due(struct nw_probe *e, int64_t now)
{
	while (now >= e->blocked_until && has_work(e) && nw_bucket_ready(&e->bucket, now)) {
		uint32_t i = pick(e);
		if (i == NONE || !transmit(e, i, now))
			break;
	}
}

/* ---- the public entry points ---------------------------------------------------------- */

static const char *check_config(const struct nw_probe_config *c, const struct nw_probe_ops *ops)
{
	if (!ops || !ops->send || !ops->on_done)
		return "the send and on_done callbacks are required";
	if (c->window < 1 || c->window > MAX_WINDOW)
		return "window must be 1 to 16777216 probes";
	if (c->remember > MAX_WINDOW)
		return "remember must be at most 16777216 ids";
	if (!(c->rate == 0 || c->rate >= 0.001))
		return "rate must be 0 (no limit) or at least 0.001 per second";
	if (c->retries > MAX_RETRIES)
		return "retries must be at most 1000";
	if (c->timeout_ns < 0 || c->budget_ns < 0 || c->blocked_wait_ns < 0)
		return "times must not be negative";
	if (c->rto_min_ns < 1 || c->rto_max_ns < c->rto_min_ns || c->rto_initial_ns < 1)
		return "the RTO bounds must be 0 < min <= max, and the initial RTO positive";
	return NULL;
}

static bool alloc_tables(struct nw_probe *e)
{
	uint32_t n = e->cfg.window;
	e->slots = calloc(n, sizeof *e->slots);
	e->tombs = calloc(e->cfg.remember, sizeof *e->tombs);
	if (!e->slots || !e->tombs || nw_dheap_init(&e->timers, n) != 0)
		return false;
	if (nw_idmap_init(&e->ids, n + e->cfg.remember) != 0)
		return false;
	for (uint32_t i = 0; i < n; i++)
		e->slots[i].next = i + 1 < n ? i + 1 : NONE;
	return true;
}

struct nw_probe *nw_probe_new(const struct nw_probe_config *cfg, const struct nw_probe_ops *ops,
			      void *ctx, const char **why)
{
	*why = check_config(cfg, ops);
	if (*why)
		return NULL;
	struct nw_probe *e = calloc(1, sizeof *e);
	if (!e) {
		*why = "out of memory";
		return NULL;
	}
	e->cfg = *cfg;
	if (!e->cfg.remember)
		e->cfg.remember = e->cfg.window;
	e->ops = *ops;
	e->ctx = ctx;
	e->retry_q = e->new_q = (struct queue){NONE, NONE};
	e->free_head = 0;
	if (!alloc_tables(e)) {
		nw_probe_free(e);
		*why = "out of memory";
		return NULL;
	}
	nw_bucket_init(&e->bucket, cfg->rate, cfg->burst);
	nw_rto_init(&e->rto, cfg->rto_initial_ns, cfg->rto_min_ns, cfg->rto_max_ns);
	nw_cwnd_init(&e->cwnd, cfg->cwnd_initial ? cfg->cwnd_initial : cfg->window, cfg->cwnd_min,
		     cfg->window);
	e->now = INT64_MIN;
	return e;
}

void nw_probe_free(struct nw_probe *e)
{
	if (!e)
		return;
	free(e->slots);
	free(e->tombs);
	nw_dheap_free(&e->timers);
	nw_idmap_free(&e->ids);
	free(e);
}

/* The engine's clock never goes back; the first time seen starts the rate meter. */
static int64_t advance(struct nw_probe *e, int64_t now)
{
	if (e->now == INT64_MIN)
		e->meter_start = now;
	if (now < e->now)
		now = e->now;
	e->now = now;
	return now;
}

static int64_t next_deadline(const struct nw_probe *e, int64_t now)
{
	int64_t d = NW_PROBE_NEVER;
	uint32_t i;
	if (nw_dheap_top(&e->timers, &i))
		d = e->timers.when[i];
	if (has_work(e)) {
		int64_t w =
		    e->blocked_until > now ? e->blocked_until : nw_bucket_next(&e->bucket, now);
		if (w < d)
			d = w;
	}
	return d > now ? d : now;
}

int64_t nw_probe_tick(struct nw_probe *e, int64_t now)
{
	now = advance(e, now);
	e->gen_later = false;
	expire(e, now);
	send_due(e, now);
	return next_deadline(e, now);
}

/* An answer for an ended probe: late or duplicate, measured from its last send. */
static enum nw_probe_match answered_tomb(struct nw_probe *e, uint32_t t,
					 const struct nw_probe_answer *a,
					 struct nw_probe_result *out)
{
	struct tomb *tb = &e->tombs[t];
	struct nw_probe_result r = {.id = tb->id,
				    .outcome = tb->outcome,
				    .attempts = tb->attempts,
				    .ambiguous = tb->tx > 1,
				    .first_sent_ns = tb->first_sent};
	enum nw_probe_match m = tb->answered ? NW_PROBE_DUPLICATE : NW_PROBE_LATE;
	measure(a, tb->last_sent, tb->wire_sent, &r);
	if (m == NW_PROBE_LATE) {
		e->st.late++;
		if (tb->tx == 1) /* sent once: a true RTT, longer than the RTO */
			nw_rto_sample(&e->rto, r.rtt_ns);
	} else {
		e->st.duplicates++;
	}
	tb->answered = true;
	if (out)
		*out = r;
	return m;
}

/* Karn's rule feeds the RTO; the congestion window grows, or halves on a loss seen. */
static void learn(struct nw_probe *e, const struct slot *s, const struct nw_probe_result *r,
		  int64_t now)
{
	if (s->tx == 1)
		nw_rto_sample(&e->rto, r->rtt_ns);
	if (!e->cfg.adaptive)
		return;
	if (s->tx > 1) {
		if (nw_cwnd_loss(&e->cwnd, s->first_sent, now))
			e->st.loss_events++;
	} else {
		nw_cwnd_answered(&e->cwnd);
	}
}

enum nw_probe_match nw_probe_answered(struct nw_probe *e, uint64_t id,
				      const struct nw_probe_answer *a, struct nw_probe_result *out)
{
	struct nw_probe_answer clock = {.now_ns = e->now == INT64_MIN ? 0 : e->now};
	uint32_t v;
	if (!a)
		a = &clock;
	int64_t now = advance(e, a->now_ns);
	if (!nw_idmap_get(&e->ids, id, &v) ||
	    (v < e->cfg.window && e->slots[v].state == SLOT_QUEUED)) {
		e->st.unknown++;
		return NW_PROBE_UNKNOWN;
	}
	if (v >= e->cfg.window)
		return answered_tomb(e, v - e->cfg.window, a, out);
	struct slot *s = &e->slots[v];
	struct nw_probe_result r = result_of(s, NW_PROBE_ANSWERED);
	measure(a, s->last_sent, s->wire_sent, &r);
	learn(e, s, &r, now);
	if (out)
		*out = r;
	end_probe(e, v, &r);
	return NW_PROBE_OURS;
}

int nw_probe_wire_sent(struct nw_probe *e, uint64_t id, int64_t wire_ns)
{
	uint32_t v;
	if (!nw_idmap_get(&e->ids, id, &v) || v >= e->cfg.window || e->slots[v].attempts == 0)
		return -1;
	e->slots[v].wire_sent = wire_ns;
	return 0;
}

enum nw_probe_add_status nw_probe_add(struct nw_probe *e, uint64_t id)
{
	uint32_t v;
	if (e->stopped)
		return NW_PROBE_STOPPED;
	bool known = nw_idmap_get(&e->ids, id, &v);
	if (known && v < e->cfg.window)
		return NW_PROBE_IN_USE;
	if (e->free_head == NONE)
		return NW_PROBE_FULL;
	if (known)
		tomb_forget(e, v - e->cfg.window);
	queue_push(e, &e->new_q, slot_alloc(e, id));
	return NW_PROBE_ADDED;
}

bool nw_probe_cancel(struct nw_probe *e, uint64_t id)
{
	uint32_t v;
	if (!nw_idmap_get(&e->ids, id, &v) || v >= e->cfg.window)
		return false;
	end_quietly(e, v, NW_PROBE_CANCELLED);
	return true;
}

void nw_probe_stop(struct nw_probe *e)
{
	e->stopped = true;
	for (uint32_t i = 0; i < e->cfg.window; i++)
		if (e->slots[i].state != SLOT_FREE)
			end_quietly(e, i, NW_PROBE_CANCELLED);
}

bool nw_probe_idle(const struct nw_probe *e)
{
	return e->st.slots_used == 0;
}

bool nw_probe_finished(const struct nw_probe *e)
{
	if (e->stopped)
		return true;
	return e->st.slots_used == 0 && (!e->ops.next_id || e->gen_ended);
}

void nw_probe_set_rate(struct nw_probe *e, double rate, uint32_t burst)
{
	nw_bucket_set_rate(&e->bucket, rate, burst);
}

void nw_probe_set_retries(struct nw_probe *e, unsigned retries)
{
	e->cfg.retries = retries > MAX_RETRIES ? MAX_RETRIES : retries;
}

void nw_probe_stats(const struct nw_probe *e, int64_t now, struct nw_probe_stats *st)
{
	*st = e->st;
	st->rate_pps = e->now == INT64_MIN ? 0 : meter_rate(e, now > e->now ? now : e->now);
	st->rate_limit_pps = e->bucket.rate;
	st->cwnd = e->cfg.adaptive ? e->cwnd.cwnd : e->cfg.window;
	st->srtt_ns = e->rto.srtt;
	st->rttvar_ns = e->rto.rttvar;
	st->rto_ns = e->rto.rto;
	st->rtt_samples = e->rto.samples;
}

int64_t nw_probe_rto_ns(const struct nw_probe *e)
{
	return e->rto.rto;
}

const char *nw_probe_outcome_name(enum nw_probe_outcome o)
{
	switch (o) {
	case NW_PROBE_ANSWERED:
		return "answered";
	case NW_PROBE_TIMED_OUT:
		return "timed out";
	case NW_PROBE_CANCELLED:
		return "cancelled";
	}
	return "?";
}

const char *nw_probe_clock_name(enum nw_probe_clock c)
{
	switch (c) {
	case NW_PROBE_CLOCK_WIRE:
		return "wire";
	case NW_PROBE_CLOCK_MONO:
		return "user";
	case NW_PROBE_CLOCK_NONE:
		break;
	}
	return "none";
}
