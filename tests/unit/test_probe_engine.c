/*
 * test_probe_engine.c: the probe engine (common/probe/engine.c) and its
 * parts (idmap, dheap, bucket, rto, cwnd) under a fake clock and a fake
 * network with loss, delay, jitter (reordering), duplicates, refused and
 * failed sends: rate and burst, window, timeouts, retries, RTO and its
 * backoff, Karn's rule, the congestion window, late and duplicate answers,
 * wire and user clocks, unique ids, generators, cancel and stop, a million
 * probes in fixed memory, and a random stress where every id ends once.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>

#include "probe/bucket.h"
#include "probe/cwnd.h"
#include "probe/dheap.h"
#include "probe/engine.h"
#include "probe/idmap.h"
#include "probe/rto.h"
#include "testlib.h"

/* glibc tells how much the heap holds: the million-probe run must not change it. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#include <malloc.h>
#define HEAP_IN_USE() mallinfo2().uordblks
#endif

#define US	   INT64_C(1000)
#define MS	   INT64_C(1000000)
#define SEC	   INT64_C(1000000000)
#define WIRE_EPOCH (INT64_C(1700000000) * SEC) /* capture clock: realtime, far from ours */
#define QMAX	   (1 << 17)		       /* answers on their way, at most */

static uint64_t rng_state = 0x9e3779b97f4a7c15;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * UINT64_C(0x2545f4914f6cdd1d);
}

static bool chance(int pct)
{
	return pct > 0 && (int)(rnd() % 100) < pct;
}

/* ---- the fake world: a clock, a network, a generator, and what happened --------------- */

struct delivery {
	int64_t at;
	uint64_t id;
	int64_t wire_sent, wire_answer;
};

/* One probe id as the fake network saw it. */
struct rec {
	int64_t first_send, done_at;
	uint16_t sends;	       /* sends the network took */
	uint16_t next_attempt; /* the attempt number the engine must ask for next */
	uint8_t ended;	       /* on_done calls */
	uint8_t outcome;
	bool open; /* begun and not ended */
};

struct world {
	struct nw_probe *e;
	int64_t now;
	/* the network */
	int64_t rtt, jitter;
	int loss_pct, dup_pct;
	bool silent, lose_first, wire;
	bool any_clock;	   /* the test gives capture times itself */
	int64_t wire_skew; /* wire RTT = user RTT - 2 * wire_skew */
	int block_every, fail_every;
	/* the caller's loop */
	int64_t late_wake; /* it wakes this long after the deadline */
	/* the generator: ids map(0) .. map(count - 1) */
	uint64_t next, count, later_at;
	uint64_t (*map)(uint64_t n);
	uint64_t gen_calls;
	uint64_t ticks; /* the caller's wakeups */
	/* on the way */
	struct delivery *q; /* a heap by time, QMAX at most */
	size_t nq;
	/* what happened */
	struct rec *rec;
	uint64_t nrec;
	uint64_t calls, sends, retry_sends, blocked, failed;
	uint64_t outcomes[3], matches[4];
	uint32_t open, open_peak;
	int64_t *times; /* every send's time, when wanted */
	uint64_t ntimes, maxtimes;
	int64_t *id_times; /* sends of one id (watch_id) */
	struct {
		uint64_t id;
		unsigned attempt;
	} log[64]; /* the first sends, in order */
	unsigned nlog;
	int64_t blocked_at, min_after_block; /* the shortest wait after a refused send */
	uint64_t watch_id, nid_times;
	int cancel_pct;	  /* the stress cancels at random */
	bool cancel_next; /* on_done cancels the next id and adds one (add_next) */
	uint64_t add_next;
	uint64_t stop_after; /* on_done stops the engine after this many ended */
	int64_t min_late_rtt;
};

static struct rec *rec_of(struct world *w, uint64_t id)
{
	if (id >= w->nrec) {
		CHECK(id < w->nrec);
		return &w->rec[0];
	}
	return &w->rec[id];
}

static void qpush(struct world *w, struct delivery d)
{
	if (w->nq == QMAX) {
		CHECK(w->nq < QMAX);
		return;
	}
	size_t at = w->nq++;
	while (at > 0 && w->q[(at - 1) / 2].at > d.at) {
		w->q[at] = w->q[(at - 1) / 2];
		at = (at - 1) / 2;
	}
	w->q[at] = d;
}

static struct delivery qpop(struct world *w)
{
	struct delivery top = w->q[0], last = w->q[--w->nq];
	size_t at = 0;
	for (;;) {
		size_t c = 2 * at + 1;
		if (c >= w->nq)
			break;
		if (c + 1 < w->nq && w->q[c + 1].at < w->q[c].at)
			c++;
		if (last.at <= w->q[c].at)
			break;
		w->q[at] = w->q[c];
		at = c;
	}
	if (w->nq)
		w->q[at] = last;
	return top;
}

static void answer_later(struct world *w, uint64_t id)
{
	int64_t at = w->now + w->rtt + (w->jitter ? (int64_t)(rnd() % (uint64_t)w->jitter) : 0);
	struct delivery d = {.at = at,
			     .id = id,
			     .wire_sent = WIRE_EPOCH + w->now + w->wire_skew,
			     .wire_answer = WIRE_EPOCH + at - w->wire_skew};
	qpush(w, d);
	if (chance(w->dup_pct)) {
		d.at += 1 + (int64_t)(rnd() % (uint64_t)(w->rtt + 1));
		qpush(w, d);
	}
}

static enum nw_probe_send fake_send(void *ctx, uint64_t id, unsigned attempt)
{
	struct world *w = ctx;
	struct rec *r = rec_of(w, id);
	w->calls++;
	if (w->blocked_at) {
		int64_t gap = w->now - w->blocked_at;
		if (w->min_after_block == 0 || gap < w->min_after_block)
			w->min_after_block = gap;
		w->blocked_at = 0;
	}
	if (w->block_every && w->calls % (uint64_t)w->block_every == 0) {
		w->blocked++;
		w->blocked_at = w->now;
		return NW_PROBE_BLOCKED;
	}
	CHECK_INT(attempt, r->next_attempt); /* attempts in order, none skipped or repeated */
	r->next_attempt = (uint16_t)(attempt + 1);
	if (attempt == 0) {
		CHECK(!r->open); /* never two of one id in flight */
		r->open = true;
		r->first_send = w->now;
		if (++w->open > w->open_peak)
			w->open_peak = w->open;
	}
	if (w->fail_every && w->calls % (uint64_t)w->fail_every == 0) {
		w->failed++;
		return NW_PROBE_FAILED;
	}
	w->sends++;
	w->retry_sends += attempt > 0;
	if (w->nlog < 64) {
		w->log[w->nlog].id = id;
		w->log[w->nlog++].attempt = attempt;
	}
	r->sends++;
	if (w->times && w->ntimes < w->maxtimes)
		w->times[w->ntimes++] = w->now;
	if (w->id_times && id == w->watch_id)
		w->id_times[w->nid_times++] = w->now;
	if (w->silent || (w->lose_first && attempt == 0) || chance(w->loss_pct))
		return NW_PROBE_SENT;
	answer_later(w, id);
	return NW_PROBE_SENT;
}

static enum nw_probe_gen fake_next(void *ctx, uint64_t *id)
{
	struct world *w = ctx;
	w->gen_calls++;
	if (w->next >= w->count)
		return NW_PROBE_GEN_END;
	if (w->later_at && w->next >= w->later_at)
		return NW_PROBE_GEN_LATER;
	uint64_t n = w->next++;
	*id = w->map ? w->map(n) : n;
	return NW_PROBE_GEN_ID;
}

static void fake_done(void *ctx, const struct nw_probe_result *res)
{
	struct world *w = ctx;
	struct rec *r = rec_of(w, res->id);
	r->ended++;
	CHECK_INT(r->ended, 1); /* exactly once */
	r->outcome = (uint8_t)res->outcome;
	r->done_at = w->now;
	if (r->open)
		w->open--;
	r->open = false;
	r->next_attempt = 0; /* the id may begin again */
	w->outcomes[res->outcome]++;
	if (w->cancel_next && res->outcome == NW_PROBE_ANSWERED && res->id + 1 < w->count) {
		nw_probe_cancel(w->e, res->id + 1); /* from inside on_done */
		if (w->add_next < w->nrec)
			CHECK_INT(nw_probe_add(w->e, w->add_next++), NW_PROBE_ADDED);
	}
	if (w->stop_after && w->outcomes[0] + w->outcomes[1] + w->outcomes[2] == w->stop_after)
		nw_probe_stop(w->e);
	if (res->outcome != NW_PROBE_ANSWERED)
		CHECK_INT(res->clock, NW_PROBE_CLOCK_NONE);
	else if (!w->any_clock)
		CHECK_INT(res->clock, w->wire ? NW_PROBE_CLOCK_WIRE : NW_PROBE_CLOCK_MONO);
}

static const struct nw_probe_ops fake_ops = {fake_send, fake_next, fake_done};

/* The defaults with the four settings most tests change. */
static struct nw_probe_config config(uint32_t window, double rate, unsigned retries,
				     int64_t timeout_ns)
{
	struct nw_probe_config c = NW_PROBE_DEFAULTS;
	c.window = window;
	c.rate = rate;
	c.retries = retries;
	c.timeout_ns = timeout_ns;
	return c;
}

static void world_init(struct world *w, uint64_t count, const struct nw_probe_config *cfg)
{
	const char *why = NULL;
	memset(w, 0, sizeof *w);
	w->count = count;
	w->nrec = count ? count : 1;
	w->rec = calloc(w->nrec, sizeof *w->rec);
	w->q = calloc(QMAX, sizeof *w->q);
	w->rtt = 10 * MS;
	w->now = 1000 * SEC; /* the monotonic clock starts far from 0 */
	w->e = nw_probe_new(cfg, &fake_ops, w, &why);
	CHECK(w->rec && w->q && w->e);
	if (!w->e)
		fprintf(stderr, "nw_probe_new: %s\n", why);
}

static void world_free(struct world *w)
{
	nw_probe_free(w->e);
	free(w->rec);
	free(w->q);
	free(w->times);
	free(w->id_times);
}

static void want_times(struct world *w, uint64_t n)
{
	w->times = calloc(n, sizeof *w->times);
	w->maxtimes = n;
}

static void deliver_due(struct world *w)
{
	while (w->nq && w->q[0].at <= w->now) {
		struct delivery d = qpop(w);
		struct nw_probe_answer a = {.now_ns = w->now};
		struct nw_probe_result r;
		if (w->wire) {
			a.wire_sent_ns = d.wire_sent;
			a.wire_answer_ns = d.wire_answer;
		}
		enum nw_probe_match m = nw_probe_answered(w->e, d.id, &a, &r);
		w->matches[m]++;
		if (m == NW_PROBE_LATE && (w->min_late_rtt == 0 || r.rtt_ns < w->min_late_rtt))
			w->min_late_rtt = r.rtt_ns;
		if (w->cancel_pct && chance(w->cancel_pct))
			nw_probe_cancel(w->e, rnd() % w->nrec);
	}
}

/* The caller's loop: tick, sleep until the deadline or the next answer, deliver. */
static void run(struct world *w, int64_t until)
{
	unsigned spins = 0;
	for (;;) {
		int64_t wake = nw_probe_tick(w->e, w->now);
		w->ticks++;
		CHECK(wake >= w->now);
		if (nw_probe_finished(w->e) && w->nq == 0)
			return;
		int64_t t = wake == NW_PROBE_NEVER ? wake : wake + w->late_wake;
		if (w->nq && w->q[0].at < t)
			t = w->q[0].at;
		if (t > until)
			return;
		if (t <= w->now && ++spins > 1000) {
			CHECK(!"the engine asks to be called at once, again and again");
			return;
		}
		if (t > w->now) {
			spins = 0;
			w->now = t;
		}
		deliver_due(w);
	}
}

static struct nw_probe_stats stats(struct world *w)
{
	struct nw_probe_stats st;
	nw_probe_stats(w->e, w->now, &st);
	return st;
}

/* Every id 0..count-1 ended exactly once, and the counters agree with the network's. */
static void check_all_ended(struct world *w)
{
	struct nw_probe_stats st = stats(w);
	uint64_t bad = 0;
	for (uint64_t i = 0; i < w->count; i++)
		bad += w->rec[i].ended != 1;
	CHECK_INT(bad, 0);
	CHECK_INT(st.started, w->count);
	CHECK_INT(st.answered + st.lost + st.cancelled, w->count);
	CHECK_INT(st.answered, w->outcomes[NW_PROBE_ANSWERED]);
	CHECK_INT(st.lost, w->outcomes[NW_PROBE_TIMED_OUT]);
	CHECK_INT(st.sent, w->sends);
	CHECK_INT(st.retries, w->retry_sends);
	CHECK_INT(st.blocked, w->blocked);
	CHECK_INT(st.send_errors, w->failed);
	CHECK_INT(st.in_flight, 0);
	CHECK_INT(st.slots_used, 0);
	CHECK(nw_probe_finished(w->e));
}

/* ---- the parts ------------------------------------------------------------------------ */

static void test_idmap(void)
{
	enum { N = 2000 };
	static uint32_t ref[N]; /* id i*7919 -> ref[i], or NW_IDMAP_EMPTY */
	struct nw_idmap m;
	CHECK_INT(nw_idmap_init(&m, N), 0);
	for (int i = 0; i < N; i++)
		ref[i] = NW_IDMAP_EMPTY;
	for (int step = 0; step < 200000; step++) {
		uint32_t i = (uint32_t)(rnd() % N), v;
		uint64_t id = (uint64_t)i * 7919 << 20; /* ids that collide in low bits */
		if (rnd() % 3) {
			nw_idmap_set(&m, id, i + 1);
			ref[i] = i + 1;
		} else {
			CHECK_INT(nw_idmap_del(&m, id), ref[i] != NW_IDMAP_EMPTY);
			ref[i] = NW_IDMAP_EMPTY;
		}
		uint32_t j = (uint32_t)(rnd() % N);
		bool found = nw_idmap_get(&m, (uint64_t)j * 7919 << 20, &v);
		CHECK_INT(found, ref[j] != NW_IDMAP_EMPTY);
		if (found)
			CHECK_INT(v, ref[j]);
	}
	int bad = 0;
	for (uint32_t i = 0; i < N; i++) {
		uint32_t v = NW_IDMAP_EMPTY;
		bool found = nw_idmap_get(&m, (uint64_t)i * 7919 << 20, &v);
		bad += found != (ref[i] != NW_IDMAP_EMPTY) || (found && v != ref[i]);
	}
	CHECK_INT(bad, 0);
	nw_idmap_free(&m);
}

static void test_dheap(void)
{
	enum { N = 300 };
	static int64_t ref[N]; /* -1: not in */
	struct nw_dheap h;
	CHECK_INT(nw_dheap_init(&h, N), 0);
	for (int i = 0; i < N; i++)
		ref[i] = -1;
	for (int step = 0; step < 100000; step++) {
		uint32_t i = (uint32_t)(rnd() % N), top;
		if (rnd() % 4) {
			ref[i] = (int64_t)(rnd() % 1000);
			nw_dheap_set(&h, i, ref[i]);
		} else {
			ref[i] = -1;
			nw_dheap_remove(&h, i);
		}
		int64_t want = -1;
		for (int k = 0; k < N; k++)
			if (ref[k] >= 0 && (want < 0 || ref[k] < want))
				want = ref[k];
		bool any = nw_dheap_top(&h, &top);
		CHECK_INT(any, want >= 0);
		if (any)
			CHECK_INT(h.when[top], want);
	}
	nw_dheap_free(&h);
}

static void test_rto_unit(void)
{
	struct nw_rto r;
	nw_rto_init(&r, 1 * SEC, 200 * MS, 60 * SEC);
	CHECK_INT(r.rto, 1 * SEC); /* 2.1 */
	nw_rto_sample(&r, 100 * MS);
	CHECK_INT(r.srtt, 100 * MS); /* 2.2 */
	CHECK_INT(r.rttvar, 50 * MS);
	CHECK_INT(r.rto, 300 * MS);
	nw_rto_sample(&r, 200 * MS); /* 2.3: rttvar = 3/4 * 50 + 1/4 * 100 */
	CHECK_INT(r.rttvar, 62500 * US);
	CHECK_INT(r.srtt, 112500 * US);
	CHECK_INT(r.rto, 362500 * US);
	for (int i = 0; i < 100; i++)
		nw_rto_sample(&r, 10 * MS);
	CHECK_INT(r.rto, 200 * MS); /* 2.4: the minimum */
	CHECK_INT(nw_rto_backoff(&r, 1), 400 * MS);
	CHECK_INT(nw_rto_backoff(&r, 3), 1600 * MS);
	CHECK_INT(nw_rto_backoff(&r, 40), 60 * SEC); /* 2.5: the maximum */
	nw_rto_init(&r, 1 * SEC, 1 * MS, 60 * SEC);
	for (int i = 0; i < 200; i++)
		nw_rto_sample(&r, 150 * SEC);
	CHECK_INT(r.rto, 60 * SEC);
}

static void test_cwnd_unit(void)
{
	struct nw_cwnd c;
	nw_cwnd_init(&c, 2, 1, 100);
	for (int i = 0; i < 10; i++)
		nw_cwnd_answered(&c);
	CHECK_INT(nw_cwnd_room(&c), 12); /* slow start: one per answer */
	CHECK(nw_cwnd_loss(&c, 5 * MS, 10 * MS));
	CHECK_INT(nw_cwnd_room(&c), 6);
	/* More losses of probes sent before the halving: the same loss, no new halving. */
	CHECK(!nw_cwnd_loss(&c, 9 * MS, 11 * MS));
	CHECK(!nw_cwnd_loss(&c, 1 * MS, 12 * MS));
	CHECK_INT(nw_cwnd_room(&c), 6);
	CHECK_INT(c.decreases, 1);
	/* Congestion avoidance: one more per window of answers. */
	for (int i = 0; i < 6; i++)
		nw_cwnd_answered(&c);
	CHECK_INT(nw_cwnd_room(&c), 6);
	nw_cwnd_answered(&c);
	CHECK_INT(nw_cwnd_room(&c), 7);
	CHECK(nw_cwnd_loss(&c, 11 * MS, 20 * MS)); /* sent after: a new loss */
	CHECK_INT(nw_cwnd_room(&c), 3);
	for (int i = 0; i < 5; i++)
		nw_cwnd_loss(&c, 100 * MS + i, 100 * MS + i);
	CHECK_INT(nw_cwnd_room(&c), 1); /* the floor */
}

/* ---- rate ----------------------------------------------------------------------------- */

/* The most sends in any span of time t beyond rate * t, over all spans: the burst. */
static double max_burst(const int64_t *t, uint64_t n, double rate)
{
	double lowest = 0, worst = 0;
	for (uint64_t j = 0; j < n; j++) {
		double v = (double)j - rate * (double)(t[j] - t[0]) / (double)SEC;
		if (j == 0 || v < lowest)
			lowest = v;
		if (v - lowest + 1 > worst)
			worst = v - lowest + 1;
	}
	return worst;
}

/* Sends never ahead of the rate: by each send's time, at most 1 + t * rate (one token at start). */
static bool never_ahead(const int64_t *t, uint64_t n, double rate)
{
	for (uint64_t j = 0; j < n; j++)
		if ((double)(j + 1) > 1 + rate * (double)(t[j] - t[0]) / (double)SEC + 1e-6) {
			fprintf(stderr, "rate %.3f: send %" PRIu64 " is ahead\n", rate, j);
			return false;
		}
	return true;
}

/* N probes at rate with the default burst; the loop wakes late_wake after each deadline. */
static void rate_case(double rate, uint64_t n, int64_t late_wake, uint32_t want_burst,
		      uint32_t burst)
{
	struct world w;
	struct nw_probe_config cfg = NW_PROBE_DEFAULTS;
	cfg.window = rate > 1e6 ? 65536 : 4096; /* never the limit: rate * RTT fits */
	cfg.rate = rate;
	cfg.burst = burst;
	cfg.timeout_ns = 50 * MS;
	world_init(&w, n, &cfg);
	want_times(&w, n);
	w.rtt = 1 * MS;
	w.late_wake = late_wake;
	run(&w, w.now + 100000 * SEC);
	check_all_ended(&w);
	CHECK_INT(w.ntimes, n);
	int64_t took = w.times[n - 1] - w.times[0];
	int64_t ideal = (int64_t)((double)(n - 1) / rate * (double)SEC);
	/* N probes take N/R, within one wakeup (a batch, or the caller's lateness). */
	int64_t slack =
	    late_wake + (int64_t)((double)want_burst / rate * (double)SEC) + (int64_t)n / 256;
	if (took < ideal - slack || took > ideal + slack)
		fprintf(stderr, "rate %.3f: %" PRId64 " ns for %" PRIu64 ", want %" PRId64 "\n",
			rate, took, n, ideal);
	CHECK(took >= ideal - slack && took <= ideal + slack);
	/* One at a time and on time: one period apart, to 1/256 ns per period. */
	if (late_wake == 0 && want_burst == 1)
		CHECK(took >= ideal - 1 && took <= ideal + 1 + (int64_t)n / 256);
	CHECK(never_ahead(w.times, n, rate));
	/* Never more than the bucket at once. */
	double b = max_burst(w.times, n, rate), ns = rate / (double)SEC; /* the clock's 1 ns */
	if (b > want_burst + ns + 1e-6)
		fprintf(stderr, "rate %.3f: a burst of %.2f, bucket %u\n", rate, b, want_burst);
	CHECK(b <= want_burst + ns + 1e-6);
	/* Batches: at a high rate one wakeup sends about a millisecond of probes. */
	if (rate >= 1e6 && burst == 0)
		CHECK(w.ticks < 3 * (uint64_t)(took / MS) + 10);
	world_free(&w);
}

/* After a pause, no more than the bucket goes at once, then the rate again. */
static void test_pause(void)
{
	struct world w;
	struct nw_probe_config cfg = config(1000, 1000, 0, 0);
	cfg.burst = 10;
	cfg.timeout_ns = 10 * MS;
	world_init(&w, 200, &cfg);
	want_times(&w, 200);
	w.later_at = 50;
	run(&w, w.now + 10 * SEC);
	CHECK_INT(w.ntimes, 50);
	w.now += 5 * SEC; /* the generator had nothing for 5 s */
	w.later_at = 0;
	run(&w, w.now + 10 * SEC);
	CHECK_INT(w.ntimes, 200);
	int64_t resumed = w.times[50];
	int at_once = 0;
	for (uint64_t i = 50; i < 200; i++)
		at_once += w.times[i] == resumed;
	CHECK_INT(at_once, 10);
	CHECK_INT(w.times[199] - resumed, (199 - 50 - 9) * MS);
	world_free(&w);
}

static void test_rate(void)
{
	/* Slow: exactly one period apart, the first at once. */
	struct world w;
	struct nw_probe_config cfg = config(64, 1, 0, 100 * MS);
	world_init(&w, 5, &cfg);
	want_times(&w, 5);
	int64_t t0 = w.now;
	run(&w, w.now + 100 * SEC);
	for (uint64_t i = 0; i < 5; i++)
		CHECK_INT(w.times[i] - t0, (int64_t)i * SEC);
	world_free(&w);

	rate_case(0.5, 6, 0, 1, 0);		 /* a fraction of a probe per second */
	rate_case(100, 1000, 0, 1, 0);		 /* smooth: one per wakeup */
	rate_case(1000, 3000, 700 * US, 4, 0);	 /* a caller waking late keeps the rate */
	rate_case(100, 500, 3 * MS, 2, 0);	 /* (the default bucket holds at least 2) */
	rate_case(1e6, 200000, 0, 4000, 0);	 /* batches of about 1 ms */
	rate_case(14.88e6, 300000, 0, 59520, 0); /* line rate, 67.2 ns apart on average */
	rate_case(14.88e6, 300000, 0, 1, 1);	 /* and with no batching, 67.2 ns apart */

	/* Retries pay for their sends too, and go before new probes. */
	cfg.rate = 100;
	cfg.window = 64;
	cfg.retries = 3;
	cfg.timeout_ns = 20 * MS;
	world_init(&w, 50, &cfg);
	want_times(&w, 200);
	w.silent = true;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	CHECK_INT(w.ntimes, 200);
	CHECK(never_ahead(w.times, 200, 100));
	CHECK(w.times[199] - w.times[0] >= 199 * 10 * MS);
	world_free(&w);

	cfg.rate = 10;
	cfg.retries = 1;
	cfg.timeout_ns = 50 * MS;
	world_init(&w, 3, &cfg);
	w.next = w.count; /* the ids are added, not generated */
	for (uint64_t id = 0; id < 3; id++)
		CHECK_INT(nw_probe_add(w.e, id), NW_PROBE_ADDED);
	w.lose_first = true;
	run(&w, w.now + 100 * SEC);
	/* 0 at 0 ms; its retry, due since 50 ms, at 100 ms before 1; then 1, its retry, 2 ... */
	CHECK_INT(w.nlog, 6);
	CHECK_INT(w.log[1].id, 0);
	CHECK_INT(w.log[1].attempt, 1);
	CHECK_INT(w.log[2].id, 1);
	CHECK_INT(w.log[3].id, 1);
	CHECK_INT(w.log[3].attempt, 1);
	world_free(&w);

	/* Measured rate, and a rate change on the way. */
	cfg = config(1024, 2000, 0, 10 * MS);
	world_init(&w, 100000, &cfg);
	run(&w, w.now + 3 * SEC);
	struct nw_probe_stats st = stats(&w);
	CHECK(st.rate_pps > 1980 && st.rate_pps < 2020);
	CHECK(st.rate_limit_pps == 2000);
	nw_probe_set_rate(w.e, 500, 0);
	uint64_t before = w.sends;
	run(&w, w.now + 4 * SEC);
	CHECK(w.sends - before >= 1995 && w.sends - before <= 2005);
	st = stats(&w);
	CHECK(st.rate_pps > 490 && st.rate_pps < 510);
	world_free(&w);
}

/* ---- window, timeouts, retries -------------------------------------------------------- */

static void test_window(void)
{
	struct world w;
	struct nw_probe_config cfg = config(8, 0, 0, 1 * SEC);
	world_init(&w, 100, &cfg);
	w.rtt = 100 * MS;
	int64_t t0 = w.now;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	CHECK_INT(w.open_peak, 8);
	CHECK_INT(stats(&w).slots_peak, 8);
	CHECK_INT(w.outcomes[NW_PROBE_ANSWERED], 100);
	/* 8 at a time, one RTT each: 13 rounds. */
	CHECK_INT(w.now - t0, 13 * 100 * MS);
	world_free(&w);
}

static void test_timeout(void)
{
	struct world w;
	struct nw_probe_config cfg = config(64, 10, 0, 250 * MS);
	world_init(&w, 20, &cfg);
	w.silent = true;
	int64_t wake = nw_probe_tick(w.e, w.now);
	CHECK_INT(wake - w.now, 100 * MS); /* the next send, not earlier */
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	int bad = 0;
	for (int i = 0; i < 20; i++)
		bad += w.rec[i].outcome != NW_PROBE_TIMED_OUT ||
		       w.rec[i].done_at - w.rec[i].first_send != 250 * MS;
	CHECK_INT(bad, 0);
	CHECK_INT(w.outcomes[NW_PROBE_TIMED_OUT], 20);
	world_free(&w);
}

static void test_retries(void)
{
	struct world w;
	struct nw_probe_config cfg = config(16, 0, 3, 100 * MS);
	world_init(&w, 50, &cfg);
	w.silent = true;
	w.id_times = calloc(8, sizeof *w.id_times);
	w.watch_id = 7;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.sent, 50 * 4);
	CHECK_INT(st.retries, 50 * 3);
	CHECK_INT(st.lost, 50);
	int bad = 0;
	for (int i = 0; i < 50; i++)
		bad += w.rec[i].sends != 4 || w.rec[i].done_at - w.rec[i].first_send != 400 * MS;
	CHECK_INT(bad, 0);
	CHECK_INT(w.nid_times, 4);
	for (uint64_t k = 1; k < w.nid_times; k++)
		CHECK_INT(w.id_times[k] - w.id_times[k - 1], 100 * MS);
	world_free(&w);

	/* The first send of each probe is lost: answered at the second, marked ambiguous. */
	cfg.retries = 2;
	world_init(&w, 30, &cfg);
	w.lose_first = true;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	st = stats(&w);
	CHECK_INT(st.answered, 30);
	CHECK_INT(st.retries, 30);
	CHECK_INT(st.sent, 60);
	world_free(&w);

	/* A budget (nw-resolve's -W and --tries): the last send waits for the rest of it. */
	cfg = config(64, 0, 7, 0);
	cfg.budget_ns = 700 * MS;
	cfg.rto_initial_ns = 50 * MS;
	cfg.rto_min_ns = 50 * MS;
	world_init(&w, 1, &cfg);
	w.silent = true;
	w.id_times = calloc(8, sizeof *w.id_times);
	w.watch_id = 0;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	/* 50, 100, 200 ms between sends, then 350 left of the budget (400 would pass it). */
	CHECK_INT(w.nid_times, 4);
	CHECK_INT(w.id_times[1] - w.id_times[0], 50 * MS);
	CHECK_INT(w.id_times[3] - w.id_times[2], 200 * MS);
	CHECK_INT(w.rec[0].done_at - w.rec[0].first_send, 700 * MS);
	world_free(&w);

	/* The budget runs out while a retry waits for its turn (1 pps): it ends then. */
	cfg.rate = 1;
	cfg.timeout_ns = 100 * MS;
	cfg.budget_ns = 300 * MS;
	world_init(&w, 3, &cfg);
	w.silent = true;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	CHECK_INT(w.rec[0].done_at - w.rec[0].first_send, 300 * MS);
	CHECK_INT(w.rec[0].sends, 1);
	world_free(&w);
}

/* ---- RTO and Karn --------------------------------------------------------------------- */

static void test_rto(void)
{
	struct world w;
	struct nw_probe_config cfg = config(4, 0, 4, 0);
	cfg.rto_min_ns = 1 * MS;
	world_init(&w, 300, &cfg);
	w.rtt = 20 * MS;
	w.later_at = 200;
	CHECK_INT(stats(&w).rto_ns, 1 * SEC); /* before any sample */
	run(&w, w.now + 100 * SEC);
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.rtt_samples, 200);
	CHECK_INT(st.srtt_ns, 20 * MS);
	CHECK(st.rto_ns >= 20 * MS && st.rto_ns < 21 * MS); /* converged on the RTT */
	int64_t rto = st.rto_ns;

	/* Now nothing answers: each probe's waits double from the RTO. */
	w.silent = true;
	w.id_times = calloc(8, sizeof *w.id_times);
	w.watch_id = 200;
	w.later_at = 0;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	CHECK_INT(w.nid_times, 5);
	for (uint64_t k = 1; k < w.nid_times; k++)
		CHECK_INT(w.id_times[k] - w.id_times[k - 1], rto << (k - 1));
	CHECK_INT(w.rec[200].done_at - w.id_times[4], rto << 4);
	CHECK_INT(stats(&w).rto_ns, rto); /* no sample, no change */
	world_free(&w);

	/* Bounded: the doubling stops at the maximum. */
	cfg.rto_max_ns = 3 * SEC;
	world_init(&w, 1, &cfg);
	w.silent = true;
	w.id_times = calloc(8, sizeof *w.id_times);
	w.watch_id = 0;
	run(&w, w.now + 100 * SEC);
	CHECK_INT(w.id_times[2] - w.id_times[1], 2 * SEC);
	CHECK_INT(w.id_times[3] - w.id_times[2], 3 * SEC);
	CHECK_INT(w.id_times[4] - w.id_times[3], 3 * SEC);
	world_free(&w);
}

static void test_karn(void)
{
	/* The answer takes 150 ms and the RTO is 100 ms: every probe is sent again
	 * before its answer, which then seems to take 50 ms.  Karn: no sample. */
	struct world w;
	struct nw_probe_config cfg = config(4, 0, 1, 0);
	cfg.rto_initial_ns = 100 * MS;
	cfg.rto_min_ns = 100 * MS;
	world_init(&w, 40, &cfg);
	w.rtt = 150 * MS;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.answered, 40);
	CHECK_INT(st.rtt_samples, 0);
	CHECK_INT(st.srtt_ns, 0);
	CHECK_INT(st.rto_ns, 100 * MS);
	CHECK_INT(st.duplicates, 40); /* the retry's own answer comes too */
	world_free(&w);

	/* Sent once and answered late (after its timeout): a true sample, the RTO grows. */
	cfg.retries = 0;
	cfg.timeout_ns = 0;
	world_init(&w, 40, &cfg);
	w.rtt = 150 * MS;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	st = stats(&w);
	CHECK_INT(st.lost + st.answered, 40);
	CHECK(st.late > 0);
	CHECK(st.rtt_samples > 0);
	CHECK(st.srtt_ns > 100 * MS);
	CHECK(w.min_late_rtt == 150 * MS);
	world_free(&w);
}

/* ---- congestion window ---------------------------------------------------------------- */

static void test_cwnd(void)
{
	struct world w;
	struct nw_probe_config cfg = config(256, 0, 3, 50 * MS);
	cfg.adaptive = true;
	cfg.cwnd_initial = 4;
	world_init(&w, 200000, &cfg);
	w.rtt = 10 * MS;
	CHECK_INT(stats(&w).cwnd, 4);
	run(&w, w.now + 25 * MS);
	CHECK_INT(w.open_peak, 16); /* slow start: the window doubles per RTT (4, 8, 16) */
	run(&w, w.now + 1 * SEC);
	struct nw_probe_stats st = stats(&w);
	CHECK(st.cwnd == 256);
	CHECK_INT(st.loss_events, 0);

	/* Loss: the window shrinks (at most once per window of probes). */
	w.loss_pct = 20;
	uint64_t retried_before = st.retries;
	run(&w, w.now + 2 * SEC);
	st = stats(&w);
	CHECK(st.loss_events > 0);
	CHECK(st.cwnd < 64);
	CHECK(st.loss_events * 4 < st.retries - retried_before);
	uint32_t peak_under_loss = 0;
	w.open_peak = 0;
	run(&w, w.now + 1 * SEC);
	peak_under_loss = w.open_peak;
	CHECK(peak_under_loss < 128);

	/* No more loss: it grows back. */
	w.loss_pct = 0;
	double low = stats(&w).cwnd;
	run(&w, w.now + 3 * SEC);
	st = stats(&w);
	CHECK(st.cwnd > low + 20);
	world_free(&w);

	/* A silent target is not loss: timeouts leave the window alone. */
	world_init(&w, 100, &cfg);
	w.silent = true;
	run(&w, w.now + 100 * SEC);
	CHECK_INT(stats(&w).loss_events, 0);
	CHECK_INT(stats(&w).cwnd, 4);
	world_free(&w);
}

/* ---- answers: late, duplicate, unknown; clocks ---------------------------------------- */

static void test_late_duplicate(void)
{
	struct world w;
	struct nw_probe_config cfg = config(64, 0, 0, 100 * MS);
	world_init(&w, 25, &cfg);
	w.rtt = 150 * MS;
	w.dup_pct = 100; /* and each answer comes twice */
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.lost, 25);
	CHECK_INT(st.answered, 0);
	CHECK_INT(st.late, 25);
	CHECK_INT(st.duplicates, 25); /* a second answer after the late one */
	CHECK_INT(w.matches[NW_PROBE_LATE], 25);
	CHECK_INT(w.matches[NW_PROBE_DUPLICATE], 25);
	CHECK_INT(w.outcomes[NW_PROBE_ANSWERED], 0);
	world_free(&w);

	world_init(&w, 25, &cfg);
	w.dup_pct = 100;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	st = stats(&w);
	CHECK_INT(st.answered, 25);
	CHECK_INT(st.duplicates, 25);
	CHECK_INT(st.late, 0);
	CHECK_INT(w.matches[NW_PROBE_OURS], 25);
	/* Never sent, or long forgotten: unknown. */
	CHECK_INT(nw_probe_answered(w.e, 999, NULL, NULL), NW_PROBE_UNKNOWN);
	CHECK_INT(stats(&w).unknown, 1);
	world_free(&w);

	/* Only the last `remember` ended ids are kept. */
	cfg.remember = 5;
	cfg.window = 1; /* one at a time: they end in order */
	world_init(&w, 20, &cfg);
	run(&w, w.now + 100 * SEC);
	CHECK_INT(nw_probe_answered(w.e, 19, NULL, NULL), NW_PROBE_DUPLICATE);
	CHECK_INT(nw_probe_answered(w.e, 15, NULL, NULL), NW_PROBE_DUPLICATE);
	CHECK_INT(nw_probe_answered(w.e, 14, NULL, NULL), NW_PROBE_UNKNOWN);
	world_free(&w);
}

static void test_clocks(void)
{
	struct world w;
	struct nw_probe_config cfg = config(64, 0, 0, 1 * SEC);
	world_init(&w, 0, &cfg);
	w.any_clock = true;
	int64_t t0 = w.now;
	CHECK_INT(nw_probe_add(w.e, 0), NW_PROBE_ADDED);
	nw_probe_tick(w.e, t0);
	CHECK_INT(w.rec[0].sends, 1);
	struct nw_probe_result r;
	/* No capture times: the user clock, from the send to reading the answer. */
	struct nw_probe_answer a = {.now_ns = t0 + 7 * MS};
	CHECK_INT(nw_probe_answered(w.e, 0, &a, &r), NW_PROBE_OURS);
	CHECK_INT(r.clock, NW_PROBE_CLOCK_MONO);
	CHECK_INT(r.rtt_ns, 7 * MS);
	CHECK_STR(nw_probe_clock_name(r.clock), "user");
	/* Both capture times: the wire clock, whatever the user clock says. */
	a = (struct nw_probe_answer){.now_ns = t0 + 9 * MS,
				     .wire_sent_ns = WIRE_EPOCH + 100 * US,
				     .wire_answer_ns = WIRE_EPOCH + 3 * MS};
	CHECK_INT(nw_probe_answered(w.e, 0, &a, &r), NW_PROBE_DUPLICATE);
	CHECK_INT(r.clock, NW_PROBE_CLOCK_WIRE);
	CHECK_INT(r.rtt_ns, 2900 * US);
	w.rec[0].ended = 0;
	CHECK_INT(nw_probe_add(w.e, 0), NW_PROBE_ADDED); /* an ended id may begin again */
	nw_probe_tick(w.e, t0 + 10 * MS);
	/* Our probe's capture time noted as it was seen leaving. */
	CHECK_INT(nw_probe_wire_sent(w.e, 0, WIRE_EPOCH + 10 * MS + 40 * US), 0);
	CHECK_INT(nw_probe_wire_sent(w.e, 1, WIRE_EPOCH), -1);
	a = (struct nw_probe_answer){.now_ns = t0 + 12 * MS,
				     .wire_answer_ns = WIRE_EPOCH + 11 * MS};
	CHECK_INT(nw_probe_answered(w.e, 0, &a, &r), NW_PROBE_OURS);
	CHECK_INT(r.clock, NW_PROBE_CLOCK_WIRE);
	CHECK_INT(r.rtt_ns, 960 * US);
	CHECK_INT(stats(&w).srtt_ns, 7 * MS * 7 / 8 + 960 * US / 8); /* RFC 6298 2.3 */
	w.rec[0].ended = 0;
	/* A capture time of the answer before the send's: not trusted, the user clock. */
	CHECK_INT(nw_probe_add(w.e, 0), NW_PROBE_ADDED);
	nw_probe_tick(w.e, t0 + 20 * MS);
	a = (struct nw_probe_answer){.now_ns = t0 + 25 * MS,
				     .wire_sent_ns = WIRE_EPOCH + 5 * MS,
				     .wire_answer_ns = WIRE_EPOCH + 4 * MS};
	CHECK_INT(nw_probe_answered(w.e, 0, &a, &r), NW_PROBE_OURS);
	CHECK_INT(r.clock, NW_PROBE_CLOCK_MONO);
	CHECK_INT(r.rtt_ns, 5 * MS);
	world_free(&w);

	/* The whole loop with capture times: every answer on the wire clock. */
	world_init(&w, 50, &cfg);
	w.wire = true;
	w.wire_skew = 100 * US;
	w.rtt = 5 * MS;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	CHECK_INT(stats(&w).srtt_ns, 4800 * US);
	world_free(&w);
}

/* ---- ids, generators, adding, cancel, stop, refused sends ----------------------------- */

static uint64_t repeating(uint64_t n)
{
	return n % 10 < 5 ? n : n - 5; /* 0-4, then 0-4 again while they may be in flight */
}

static void test_ids(void)
{
	struct world w;
	struct nw_probe_config cfg = config(16, 0, 0, 100 * MS);
	world_init(&w, 20, &cfg);
	w.map = repeating;
	run(&w, w.now + 100 * SEC);
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.rejected, 10); /* 0-4 and 10-14 came twice while in flight */
	CHECK_INT(st.started, 10);
	CHECK_INT(st.answered, 10);
	world_free(&w);

	/* Added ids: refused while in flight or when every slot is taken. */
	cfg.window = 2;
	world_init(&w, 0, &cfg);
	w.nrec = 10;
	w.rec = realloc(w.rec, 10 * sizeof *w.rec);
	memset(w.rec, 0, 10 * sizeof *w.rec);
	CHECK_INT(nw_probe_add(w.e, 3), NW_PROBE_ADDED);
	CHECK_INT(nw_probe_add(w.e, 3), NW_PROBE_IN_USE);
	CHECK_INT(nw_probe_add(w.e, 4), NW_PROBE_ADDED);
	CHECK_INT(nw_probe_add(w.e, 5), NW_PROBE_FULL);
	/* An answer for a probe not sent yet is nobody's. */
	CHECK_INT(nw_probe_answered(w.e, 3, NULL, NULL), NW_PROBE_UNKNOWN);
	run(&w, w.now + 100 * SEC);
	CHECK_INT(w.outcomes[NW_PROBE_ANSWERED], 2);
	CHECK_INT(nw_probe_add(w.e, 5), NW_PROBE_ADDED);
	run(&w, w.now + 100 * SEC);
	CHECK_INT(w.outcomes[NW_PROBE_ANSWERED], 3);
	CHECK(nw_probe_finished(w.e));
	world_free(&w);
}

static void test_generator(void)
{
	struct world w;
	struct nw_probe_config cfg = config(4, 0, 0, 0);
	world_init(&w, 10, &cfg);
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	CHECK_INT(w.gen_calls, 11); /* ten ids and one end, never asked again */
	nw_probe_tick(w.e, w.now + SEC);
	CHECK_INT(w.gen_calls, 11);
	world_free(&w);

	/* "Later": a round of 6, the engine waits (NEVER), the next round when the caller says. */
	world_init(&w, 12, &cfg);
	w.later_at = 6;
	run(&w, w.now + 100 * SEC);
	CHECK_INT(w.outcomes[NW_PROBE_ANSWERED], 6);
	CHECK(!nw_probe_finished(w.e));
	CHECK_INT(nw_probe_tick(w.e, w.now), NW_PROBE_NEVER);
	w.later_at = 0;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	world_free(&w);

	/* No generator at all: finished whenever no probe is in a slot. */
	struct nw_probe_ops ops = fake_ops;
	const char *why;
	ops.next_id = NULL;
	struct nw_probe *e = nw_probe_new(&cfg, &ops, &w, &why);
	CHECK(e && nw_probe_finished(e));
	CHECK_INT(nw_probe_tick(e, 5), NW_PROBE_NEVER);
	nw_probe_free(e);
}

static void test_cancel_stop(void)
{
	struct world w;
	struct nw_probe_config cfg = config(10, 0, 0, 1 * SEC);
	world_init(&w, 100, &cfg);
	w.rtt = 50 * MS;
	nw_probe_tick(w.e, w.now);
	CHECK_INT(stats(&w).in_flight, 10);
	CHECK(nw_probe_cancel(w.e, 3));
	CHECK(!nw_probe_cancel(w.e, 3));
	CHECK_INT(w.rec[3].outcome, NW_PROBE_CANCELLED);
	run(&w, w.now + 60 * MS);
	CHECK_INT(w.matches[NW_PROBE_LATE], 1); /* the answer to 3 came anyway */
	CHECK_INT(stats(&w).cancelled, 1);
	nw_probe_stop(w.e);
	CHECK(nw_probe_finished(w.e));
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.slots_used, 0);
	CHECK_INT(st.cancelled, 1 + 10);
	CHECK_INT(st.answered + st.cancelled, st.started);
	CHECK_INT(nw_probe_add(w.e, 50), NW_PROBE_STOPPED);
	uint64_t calls = w.gen_calls, sends = w.sends;
	CHECK_INT(nw_probe_tick(w.e, w.now + SEC), NW_PROBE_NEVER);
	CHECK_INT(w.gen_calls, calls);
	CHECK_INT(w.sends, sends);
	int twice = 0;
	for (int i = 0; i < 100; i++)
		twice += w.rec[i].ended > 1;
	CHECK_INT(twice, 0);
	world_free(&w);
}

/* on_done may cancel, add and stop. */
static void test_reentry(void)
{
	struct world w;
	struct nw_probe_config cfg = config(10, 0, 1, 100 * MS);
	world_init(&w, 400, &cfg);
	w.count = 300; /* 300 generated, 100 added from on_done */
	w.add_next = 300;
	w.jitter = 20 * MS;
	w.cancel_next = true;
	run(&w, w.now + 100 * SEC);
	CHECK_INT(w.add_next, 400);
	w.count = 400;
	check_all_ended(&w);
	CHECK(w.outcomes[NW_PROBE_CANCELLED] > 20);
	world_free(&w);

	world_init(&w, 300, &cfg);
	w.jitter = 20 * MS;
	w.stop_after = 100;
	run(&w, w.now + 100 * SEC);
	CHECK(nw_probe_finished(w.e));
	struct nw_probe_stats st = stats(&w);
	CHECK_INT(st.answered + st.lost + st.cancelled, st.started);
	CHECK_INT(st.cancelled, st.started - 100);
	CHECK_INT(st.slots_used, 0);
	int twice = 0;
	for (int i = 0; i < 300; i++)
		twice += w.rec[i].ended > 1;
	CHECK_INT(twice, 0);
	world_free(&w);
}

static void test_refused_sends(void)
{
	struct world w;
	struct nw_probe_config cfg = config(8, 1000, 1, 30 * MS);
	cfg.blocked_wait_ns = 2 * MS;
	world_init(&w, 200, &cfg);
	w.block_every = 3;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	struct nw_probe_stats st = stats(&w);
	CHECK(st.blocked > 50);
	CHECK_INT(w.min_after_block, 2 * MS); /* tried again after blocked_wait_ns */
	CHECK_INT(st.answered, 200);	      /* a refused send is not an attempt, nor lost */
	CHECK_INT(st.sent, 200);
	CHECK_INT(st.retries, 0);
	world_free(&w);

	/* Failed sends are attempts that were lost: the retry covers them. */
	world_init(&w, 200, &cfg);
	w.fail_every = 4;
	run(&w, w.now + 100 * SEC);
	check_all_ended(&w);
	st = stats(&w);
	CHECK_INT(st.send_errors, w.failed);
	CHECK(st.send_errors > 40);
	CHECK_INT(st.answered + st.lost, 200);
	CHECK(st.retries > 0);
	world_free(&w);
}

/* ---- scale and stress ----------------------------------------------------------------- */

static void test_million(void)
{
	struct world *w = calloc(1, sizeof *w);
	struct nw_probe_config cfg = config(1024, 0, 1, 5 * MS);
	cfg.adaptive = true;
	world_init(w, 1000000, &cfg);
	w->rtt = 1 * MS;
	w->jitter = 1 * MS;
	w->loss_pct = 1;
#ifdef HEAP_IN_USE
	size_t heap_before = HEAP_IN_USE();
#endif
	run(w, w->now + 10000 * SEC);
#ifdef HEAP_IN_USE
	CHECK_INT(HEAP_IN_USE(), heap_before); /* the engine allocates nothing as it runs */
#endif
	check_all_ended(w);
	struct nw_probe_stats st = stats(w);
	CHECK(st.slots_peak <= 1024);
	CHECK(w->open_peak <= 1024);
	CHECK(st.answered > 990000);
	world_free(w);
	free(w);
}

/* Random loss, delay, reordering, duplicates, refusals, failures and cancels: every id ends once.
 */
static void stress_round(uint64_t seed)
{
	struct world *w = calloc(1, sizeof *w);
	struct nw_probe_config cfg = NW_PROBE_DEFAULTS;
	rng_state = seed;
	cfg.window = (uint32_t)(1 + rnd() % 64);
	cfg.rate = rnd() % 2 ? 0 : (double)(100 + rnd() % 100000);
	cfg.retries = (unsigned)(rnd() % 4);
	cfg.timeout_ns = rnd() % 2 ? 0 : (int64_t)(1 + rnd() % 50) * MS;
	cfg.budget_ns = rnd() % 3 ? 0 : (int64_t)(1 + rnd() % 200) * MS;
	cfg.rto_min_ns = (int64_t)(1 + rnd() % 20) * MS;
	cfg.adaptive = rnd() % 2;
	cfg.cwnd_initial = (uint32_t)(rnd() % 8);
	cfg.remember = (uint32_t)(rnd() % 100);
	world_init(w, 3000, &cfg);
	w->rtt = (int64_t)(rnd() % 30) * MS;
	w->jitter = (int64_t)(rnd() % 40) * MS + 1;
	w->loss_pct = (int)(rnd() % 60);
	w->dup_pct = (int)(rnd() % 30);
	w->block_every = rnd() % 3 ? 0 : (int)(2 + rnd() % 10);
	w->fail_every = rnd() % 3 ? 0 : (int)(2 + rnd() % 10);
	w->cancel_pct = rnd() % 3 ? 0 : 5;
	w->late_wake = rnd() % 2 ? 0 : (int64_t)(rnd() % 3000) * US;
	run(w, w->now + 100000 * SEC);
	check_all_ended(w);
	struct nw_probe_stats st = stats(w);
	CHECK(st.slots_peak <= cfg.window);
	CHECK(w->open_peak <= cfg.window);
	CHECK_INT(w->matches[NW_PROBE_OURS], st.answered);
	world_free(w);
	free(w);
}

static void test_stress(void)
{
	int before = nw_test_failures;
	for (uint64_t seed = 1; seed <= 300 && nw_test_failures == before; seed++) {
		stress_round(seed * UINT64_C(0x9e3779b97f4a7c15));
		if (nw_test_failures != before)
			fprintf(stderr, "stress: seed %" PRIu64 " failed\n", seed);
	}
}

static void test_config(void)
{
	struct nw_probe_config cfg = NW_PROBE_DEFAULTS;
	const char *why = NULL;
	cfg.window = 0;
	CHECK(!nw_probe_new(&cfg, &fake_ops, NULL, &why));
	CHECK(why && strstr(why, "window"));
	cfg = config(64, 0.0001, 0, 0);
	CHECK(!nw_probe_new(&cfg, &fake_ops, NULL, &why));
	cfg = (struct nw_probe_config)NW_PROBE_DEFAULTS;
	cfg.rto_min_ns = 2 * SEC;
	cfg.rto_max_ns = 1 * SEC;
	CHECK(!nw_probe_new(&cfg, &fake_ops, NULL, &why));
	struct nw_probe_ops ops = {0};
	cfg = (struct nw_probe_config)NW_PROBE_DEFAULTS;
	CHECK(!nw_probe_new(&cfg, &ops, NULL, &why));
	CHECK_STR(nw_probe_outcome_name(NW_PROBE_TIMED_OUT), "timed out");
}

int main(void)
{
	test_idmap();
	test_dheap();
	test_rto_unit();
	test_cwnd_unit();
	test_config();
	test_rate();
	test_pause();
	test_window();
	test_timeout();
	test_retries();
	test_rto();
	test_karn();
	test_cwnd();
	test_late_duplicate();
	test_clocks();
	test_ids();
	test_generator();
	test_cancel_stop();
	test_reentry();
	test_refused_sends();
	test_million();
	test_stress();
	return nw_test_result("test_probe_engine");
}
