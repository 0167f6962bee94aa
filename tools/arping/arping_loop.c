/*
 * arping_loop.c: the event loop every mode of nw-arping runs on (sys/loop.h):
 * a timer for the mode's next step and the capture handle; reading what the
 * capture has and turning each frame into an event; the RTT of a reply.
 */
#include "config.h"

#include <string.h>

#include "arping_session.h"
#include "cli/cli.h"

/* ---- the capture side --------------------------------------------------- */

/*
 * RTT from wire timestamps when we saw our own frame leave; otherwise from
 * the user-space monotonic clock (send call to the moment we read the reply).
 */
int64_t arping_wire_rtt(int64_t sent_wire, int64_t sent_mono, int64_t reply_wire, int64_t now_mono,
			bool *wire)
{
	if (sent_wire && reply_wire >= sent_wire) {
		*wire = true;
		return reply_wire - sent_wire;
	}
	*wire = false;
	return now_mono - sent_mono;
}

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

static void on_wake(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct arping_session *s = ctx;
	(void)l;
	(void)t;
	s->step(s, s->step_ctx);
}

static void on_capture(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct arping_session *s = ctx;
	(void)l;
	(void)fd;
	(void)revents;
	s->step(s, s->step_ctx);
}

void arping_wake_at(struct arping_session *s, int64_t when_ns)
{
	if (nw_timer_at(s->loop, &s->wake, when_ns) != 0)
		nw_fatal("out of memory");
}

void arping_stop(struct arping_session *s, int status)
{
	s->loop_status = status;
	nw_loop_stop(s->loop);
}

int arping_loop(struct arping_session *s, void (*step)(struct arping_session *s, void *ctx),
		void *ctx)
{
	s->step = step;
	s->step_ctx = ctx;
	s->loop_status = 0;
	s->deadline = s->cfg->deadline_ns ? s->start_mono + s->cfg->deadline_ns : 0;
	nw_timer_init(&s->wake, on_wake, s);
	int cap = nw_loop_add_cap(s->loop, s->cap, on_capture, s);
	if (cap < 0)
		nw_fatal("out of memory");
	arping_wake_at(s, s->start_mono); /* a signal already pending comes first */
	if (nw_loop_run(s->loop, 0) < 0)
		nw_fatal_errno("poll");
	nw_loop_del(s->loop, cap);
	nw_timer_cancel(s->loop, &s->wake);
	return s->loop_status;
}
