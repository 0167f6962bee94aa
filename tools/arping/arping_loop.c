/*
 * arping_loop.c: the event loop every mode of nw-arping runs on (sys/loop.h):
 * the probe engine's next action as a timer, the capture handle; reading
 * what the capture has and turning each frame into an event.
 */
#include "config.h"

#include <string.h>

#include "arping_loop.h"
#include "arping_session.h"
#include "cli/cli.h"
#include "base/timeutil.h"

/* ---- the capture side --------------------------------------------------- */

int arping_drain(struct arping_session *s,
		 void (*handle)(struct arping_session *, const struct arping_event *,
				int64_t ts_ns))
{
	struct nw_cap_pkt cp;
	struct nw_pkt p;
	char err[256];
	for (int budget = 0; budget < 4096; budget++) {
		int r = nw_cap_next(s->cap, &cp, err, sizeof(err));
		if (r == 0 || r == -1)
			return 0;
		if (r < 0) {
			nw_warn("%s", err);
			return -1;
		}
		if (nw_decode(NW_LINK_ETHERNET, cp.data, cp.caplen, &p) != NW_OK &&
		    !(p.layers & (NW_HAS_ARP | NW_HAS_ICMPV6)))
			continue; /* not a packet we can use: ignore it, as any stack would */
		struct arping_event ev;
		memset(&ev, 0, sizeof(ev));
		s->proto->classify(s, &p, &ev);
		if (ev.kind != EV_NONE)
			handle(s, &ev, cp.ts_ns);
	}
	return 0;
}

/* ---- the event loop ----------------------------------------------------- */

double arping_rtt_ms(struct arping_session *s, const struct nw_probe_result *r)
{
	if (r->clock != NW_PROBE_CLOCK_WIRE)
		s->user_clock_used = true;
	return nw_ns_to_ms(r->rtt_ns);
}

static void stop(struct arping_session *s, int status)
{
	s->loop_status = status;
	nw_loop_stop(s->loop);
}

/* Read, tick, and sleep until the engine's next action (or -w). */
static void step(struct arping_session *s)
{
	const struct arping_drive *d = s->drive;
	int64_t now = nw_mono_ns();
	if (s->deadline && now >= s->deadline) {
		stop(s, 0);
		return;
	}
	if (arping_drain(s, d->handle) < 0) {
		stop(s, NW_EXIT_RUNTIME);
		return;
	}
	if (s->in_use) {
		stop(s, 0);
		return;
	}
	now = nw_mono_ns();
	int64_t wake = nw_probe_tick(s->engine, now);
	if (d->after_tick(s, d->ctx, now, &wake)) {
		stop(s, 0);
		return;
	}
	if (s->deadline && s->deadline < wake)
		wake = s->deadline;
	if (wake == NW_PROBE_NEVER)
		nw_timer_cancel(s->loop, &s->wake); /* until a frame comes */
	else if (nw_timer_at(s->loop, &s->wake, wake) != 0)
		nw_fatal("out of memory");
}

static void on_wake(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)l;
	(void)t;
	step(ctx);
}

static void on_capture(struct nw_loop *l, int fd, short revents, void *ctx)
{
	(void)l;
	(void)fd;
	(void)revents;
	step(ctx);
}

static void open_engine(struct arping_session *s, struct nw_probe_config *pc,
			const struct arping_drive *d)
{
	const char *why;
	pc->timeout_ns = s->timeout_ns > 0 ? s->timeout_ns : 1; /* -W 0: over at once */
	s->engine = nw_probe_new(pc, &d->ops, d->ctx, &why);
	if (!s->engine)
		nw_fatal("probe engine: %s", why);
}

int arping_drive(struct arping_session *s, struct nw_probe_config *pc, const struct arping_drive *d)
{
	open_engine(s, pc, d);
	s->drive = d;
	s->loop_status = 0;
	s->deadline = s->cfg->deadline_ns ? s->start_mono + s->cfg->deadline_ns : 0;
	nw_timer_init(&s->wake, on_wake, s);
	int cap = nw_loop_add_cap(s->loop, s->cap, on_capture, s);
	if (cap < 0 || nw_timer_at(s->loop, &s->wake, s->start_mono) != 0)
		nw_fatal(
		    "out of memory"); /* the first step at once: a signal already pending first */
	if (nw_loop_run(s->loop, 0) < 0)
		nw_fatal_errno("poll");
	nw_loop_del(s->loop, cap);
	nw_timer_cancel(s->loop, &s->wake);
	if (s->loop_status == 0)
		arping_drain(s, d->handle);
	nw_probe_free(s->engine);
	s->engine = NULL;
	return s->loop_status;
}
