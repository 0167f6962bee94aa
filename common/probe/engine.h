/*
 * engine.h: the probe scheduler every probing tool runs on (nw-arping,
 * nw-resolve -f, nw-traceroute, nw-scan).  It decides when each probe is
 * sent, sent again and given up; the tool decides what a probe is, sends
 * it and recognises its answer.  It does no I/O and reads no clock: the
 * tool hands it the time and calls it back, so it runs the same under a
 * real event loop and under a test's fake clock and fake network.
 *
 * The model
 * - A probe is a uint64_t id of the caller's choosing (a sequence number,
 *   an index into a list of names, (TTL, probe, round) packed, an address
 *   and port packed).  The engine holds at most `window` probes at once in
 *   a slot table found by a hash of the id; memory is fixed at
 *   nw_probe_new() whatever the number of probes.  An id is never in two
 *   slots: one already in flight is refused (NW_PROBE_IN_USE) or, from a
 *   generator, skipped and counted (stats.rejected).
 * - Ids come from the caller's generator (ops.next_id, asked only when a
 *   probe can go now, so a scan of millions is never a list) and/or from
 *   nw_probe_add() (they wait in a slot for their turn).
 * - Each probe is sent (ops.send, attempt 0), then sent again (attempt 1,
 *   2, ...) up to cfg.retries times when its wait runs out without an
 *   answer, then ends: ops.on_done is called exactly once per probe, with
 *   ANSWERED, TIMED_OUT or CANCELLED.
 * - The wait after a send is cfg.timeout_ns when set (a fixed -W), or else
 *   the RFC 6298 retransmission timeout, estimated from the answers and
 *   doubled for each send of the probe (probe/rto.h).  Karn's rule: only a
 *   probe sent once gives an RTT sample (an answer to a probe sent twice
 *   may answer either send).  cfg.budget_ns bounds a probe's whole life
 *   from its first send; with it the last send waits until the budget's end.
 * - Sends, first ones and retries alike, go through a token bucket of
 *   cfg.rate per second (probe/bucket.h): smooth at 1 pps, batched at line
 *   rate, never more than the bucket's depth at one instant.  Retries go
 *   before new probes.
 * - With cfg.adaptive, a congestion window (probe/cwnd.h) bounds the
 *   probes in flight below the window: it grows with answers and halves
 *   when a probe sent again is answered (a loss seen: the target is there
 *   but a send or its answer was lost), as nmap does.  Its size is the
 *   adaptive rate: about cwnd / RTT probes per second.
 * - An answer for an id that has ended is told apart: LATE when the probe
 *   had timed out or been cancelled, DUPLICATE when it was answered already
 *   (the last cfg.remember ended ids are kept for this).  Neither ends a
 *   probe again nor counts as an answer.
 * - RTT is the capture (wire) time of the answer less the capture time of
 *   our probe when the caller gives both; otherwise the monotonic time the
 *   answer was read less the monotonic time of the send.  The result says
 *   which clock it is.  The two clocks are never mixed.
 *
 * The caller's loop
 *
 *	struct nw_probe_config cfg = NW_PROBE_DEFAULTS;
 *	cfg.window = 64; cfg.rate = 1000; cfg.retries = 2; cfg.timeout_ns = 250 * NW_NS_PER_MS;
 *	struct nw_probe *e = nw_probe_new(&cfg, &ops, ctx, &why);
 *	while (!nw_probe_finished(e)) {
 *		int64_t wake = nw_probe_tick(e, nw_mono_ns());   // sends, expires
 *		sleep in poll()/the event loop until wake or an answer arrives;
 *		for each answer read: match it to an id, then
 *			nw_probe_answered(e, id, &(struct nw_probe_answer){.now_ns = nw_mono_ns(),
 *					  .wire_answer_ns = capture time}, &result);
 *	}
 *	nw_probe_free(e);
 *
 * nw_probe_tick() returns the time of its next action (a send due, a wait
 * running out), so the loop sleeps exactly until then; after answers, call
 * it again (an answer frees room for the next probe).  Callbacks run inside
 * nw_probe_tick(), nw_probe_answered(), nw_probe_cancel() and
 * nw_probe_stop().  on_done may call nw_probe_add(), nw_probe_cancel() and
 * nw_probe_stop(); send and next_id must not call the engine.
 *
 * Times are int64 ns of one monotonic clock (base/timeutil.h); wire times
 * are of the capture's clock, used only against each other.
 */
#ifndef NW_PROBE_ENGINE_H
#define NW_PROBE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#define NW_PROBE_NEVER INT64_MAX /* nw_probe_tick(): nothing to do until an answer */

/* What ops.send did. */
enum nw_probe_send {
	NW_PROBE_SENT,	  /* on its way */
	NW_PROBE_BLOCKED, /* would block (socket buffer full): not an attempt, tried again
			     cfg.blocked_wait_ns later (stats.blocked) */
	NW_PROBE_FAILED,  /* failed for good (no route, ...): counted as an attempt that was
			     lost, so its wait and retries run as usual (stats.send_errors) */
};

/* What ops.next_id gave. */
enum nw_probe_gen {
	NW_PROBE_GEN_ID,    /* *id is the next probe */
	NW_PROBE_GEN_LATER, /* none now: asked again at the next tick (the caller ticks when
			       it has more, e.g. at its next round) */
	NW_PROBE_GEN_END,   /* no more, ever: never asked again */
};

enum nw_probe_outcome {
	NW_PROBE_ANSWERED,
	NW_PROBE_TIMED_OUT, /* every send waited for in vain, or the budget ran out */
	NW_PROBE_CANCELLED, /* nw_probe_cancel() or nw_probe_stop() */
};

enum nw_probe_clock {
	NW_PROBE_CLOCK_NONE, /* no RTT */
	NW_PROBE_CLOCK_WIRE, /* capture timestamps of our probe and of the answer */
	NW_PROBE_CLOCK_MONO, /* user-space monotonic: the send call to reading the answer */
};

/* What nw_probe_answered() made of an answer. */
enum nw_probe_match {
	NW_PROBE_OURS,	    /* it answered a probe in flight, which ended ANSWERED */
	NW_PROBE_LATE,	    /* for a probe that had timed out or been cancelled */
	NW_PROBE_DUPLICATE, /* for a probe answered already */
	NW_PROBE_UNKNOWN,   /* no such probe in flight or remembered (or not sent yet) */
};

enum nw_probe_add_status {
	NW_PROBE_ADDED,	  /* in a slot, sent in its turn */
	NW_PROBE_FULL,	  /* every slot is taken: add it after one ends */
	NW_PROBE_IN_USE,  /* that id is in flight already */
	NW_PROBE_STOPPED, /* nw_probe_stop() was called */
};

/* How a probe ended (ops.on_done), or what a late or duplicate answer measured. */
struct nw_probe_result {
	uint64_t id;
	enum nw_probe_outcome outcome; /* LATE: how it had ended */
	unsigned attempts;	       /* sends tried, the first included (0: never sent) */
	bool ambiguous;		       /* sent more than once: the answer may be to an earlier
					  send than the last, from which rtt_ns is measured */
	int64_t rtt_ns;		       /* with an answer: the round trip; else 0 */
	enum nw_probe_clock clock;     /* which clock rtt_ns is from */
	int64_t first_sent_ns;	       /* monotonic time of the first send (0: never sent) */
};

/* An answer as the caller saw it. */
struct nw_probe_answer {
	int64_t now_ns;		/* monotonic time it was read */
	int64_t wire_answer_ns; /* capture time of the answer; 0: none */
	int64_t wire_sent_ns;	/* capture time of our probe leaving; 0: the one given to
				   nw_probe_wire_sent() for the last send, if any */
};

struct nw_probe_ops {
	/* Send attempt `attempt` (0: the first) of probe id. */
	enum nw_probe_send (*send)(void *ctx, uint64_t id, unsigned attempt);
	/* The next probe of a generator; NULL: ids come only from nw_probe_add(). */
	enum nw_probe_gen (*next_id)(void *ctx, uint64_t *id);
	/* A probe ended; called exactly once per probe begun. */
	void (*on_done)(void *ctx, const struct nw_probe_result *r);
};

struct nw_probe_config {
	uint32_t window;	 /* slots: probes begun and not ended, at most (1..2^24) */
	double rate;		 /* sends per second, retries included; 0: no limit */
	uint32_t burst;		 /* most sends at one instant; 0: 4 ms of rate, at least 2 */
	unsigned retries;	 /* sends after the first for a probe not answered (..1000) */
	int64_t timeout_ns;	 /* wait after every send; 0: the RTO, doubled per send */
	int64_t budget_ns;	 /* a probe's life from its first send; 0: no bound */
	int64_t rto_initial_ns;	 /* the RTO before any sample */
	int64_t rto_min_ns;	 /* its bounds */
	int64_t rto_max_ns;	 /* (also bounds the doubling) */
	bool adaptive;		 /* a congestion window below the window */
	uint32_t cwnd_initial;	 /* its start; 0: the window (no slow start) */
	uint32_t cwnd_min;	 /* its floor (at least 1) */
	uint32_t remember;	 /* ended ids kept to tell late and duplicate answers; 0: window */
	int64_t blocked_wait_ns; /* after a would-block send, the next try */
};

/* clang-format off */
#define NW_PROBE_DEFAULTS                                                                          \
	{                                                                                          \
		.window = 64, .rate = 0, .burst = 0, .retries = 0, .timeout_ns = 0,                \
		.budget_ns = 0, .rto_initial_ns = 1000000000, .rto_min_ns = 100000000,             \
		.rto_max_ns = INT64_C(60000000000), .adaptive = false, .cwnd_initial = 0,          \
		.cwnd_min = 1, .remember = 0, .blocked_wait_ns = 1000000,                          \
	}
/* clang-format on */

struct nw_probe_stats {
	uint64_t started;	    /* probes begun (ids taken from the generator or added) */
	uint64_t sent;		    /* sends made, first ones and retries */
	uint64_t retries;	    /* of those, sends after the first */
	uint64_t blocked;	    /* sends refused as would-block (tried again) */
	uint64_t send_errors;	    /* sends that failed (NW_PROBE_FAILED) */
	uint64_t answered;	    /* probes ended answered */
	uint64_t lost;		    /* probes ended timed out */
	uint64_t cancelled;	    /* probes ended cancelled */
	uint64_t late;		    /* answers after their probe timed out or was cancelled */
	uint64_t duplicates;	    /* answers after their probe was answered */
	uint64_t unknown;	    /* answers for no probe we know */
	uint64_t rejected;	    /* generator ids in flight already, skipped */
	uint64_t loss_events;	    /* congestion window halvings */
	uint32_t in_flight;	    /* probes sent and not ended */
	uint32_t slots_used;	    /* probes begun and not ended (in flight or waiting) */
	uint32_t slots_peak;	    /* the most slots used at once */
	double rate_pps;	    /* sends per second over about the last second */
	double rate_limit_pps;	    /* the bucket's rate (0: none) */
	double cwnd;		    /* the congestion window (the window when not adaptive) */
	int64_t srtt_ns, rttvar_ns; /* 0 before the first RTT sample */
	int64_t rto_ns;		    /* the current retransmission timeout */
	uint64_t rtt_samples;	    /* samples taken (Karn: probes answered at their first send) */
};

struct nw_probe;

/*
 * A new engine; ops.send and ops.on_done are required.  NULL with *why
 * set (a static string) on a bad setting or when out of memory.
 */
struct nw_probe *nw_probe_new(const struct nw_probe_config *cfg, const struct nw_probe_ops *ops,
			      void *ctx, const char **why);
/* Frees it; probes in flight are dropped without on_done (nw_probe_stop() first to have it). */
void nw_probe_free(struct nw_probe *e);

/*
 * At now (monotonic ns; a time before the last one given counts as that
 * one): end or re-queue the probes whose wait ran out, then send what the
 * bucket, the window and the congestion window allow.  Returns when to
 * call it next: a time after now, or NW_PROBE_NEVER when only an answer,
 * nw_probe_add() or the generator's next round can bring more work.
 */
int64_t nw_probe_tick(struct nw_probe *e, int64_t now);

/*
 * An answer to probe id (the caller matched it).  OURS: the probe ended
 * (on_done called) and *out, if given, is that result.  LATE, DUPLICATE:
 * *out measures the answer against the probe's last send and says how the
 * probe had ended; nothing else changes, except that a late answer to a
 * probe sent once is an RTT sample (the RTO was too short).  a may be NULL
 * (the monotonic clock at the last tick).
 */
enum nw_probe_match nw_probe_answered(struct nw_probe *e, uint64_t id,
				      const struct nw_probe_answer *a, struct nw_probe_result *out);

/* The capture time of probe id's last send, seen leaving; -1 when the id is not in flight. */
int nw_probe_wire_sent(struct nw_probe *e, uint64_t id, int64_t wire_ns);

/* A probe sent in its turn (after retries and earlier adds, before the generator's). */
enum nw_probe_add_status nw_probe_add(struct nw_probe *e, uint64_t id);

/* End probe id as CANCELLED (on_done called); false when it is not in a slot. */
bool nw_probe_cancel(struct nw_probe *e, uint64_t id);

/* Cancel every probe in a slot and take no more: nw_probe_finished() is true after. */
void nw_probe_stop(struct nw_probe *e);

/* Nothing left: stopped, or the generator ended (or there is none) and no slot is used. */
bool nw_probe_finished(const struct nw_probe *e);
/* No probe begun and not ended (the generator may still have more). */
bool nw_probe_idle(const struct nw_probe *e);

/* A new rate (and burst, 0: the default), from the next send on. */
void nw_probe_set_rate(struct nw_probe *e, double rate, uint32_t burst);
/* Change cfg.retries from now on: a probe waiting after its send k is sent again if k < retries. */
void nw_probe_set_retries(struct nw_probe *e, unsigned retries);

/* The counters and estimators; rate_pps as of now (monotonic ns). */
void nw_probe_stats(const struct nw_probe *e, int64_t now, struct nw_probe_stats *st);
/* The current retransmission timeout alone (cheap: for a caller pacing on it per answer). */
int64_t nw_probe_rto_ns(const struct nw_probe *e);

const char *nw_probe_outcome_name(enum nw_probe_outcome o); /* "answered", ... */
const char *nw_probe_clock_name(enum nw_probe_clock c);	    /* "none", "wire", "user" */

#endif
