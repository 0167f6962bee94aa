/*
 * arping_loop.h: the event loop and the capture under every nw-arping
 * mode, driving the probe engine (arping_loop.c).
 */
#ifndef NW_ARPING_LOOP_H
#define NW_ARPING_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/engine.h"
#include "arping_session.h"

/* Read every captured frame now ready; calls handle for each decoded one. 0, or -1 on error. */
int arping_drain(struct arping_session *s,
		 void (*handle)(struct arping_session *, const struct arping_event *,
				int64_t ts_ns));

/* How a mode runs on the probe engine (arping_drive()). */
struct arping_drive {
	struct nw_probe_ops ops; /* the engine's callbacks, with ctx */
	/* Each captured frame that means something (arping_drain()). */
	void (*handle)(struct arping_session *s, const struct arping_event *ev, int64_t ts_ns);
	/*
	 * After each tick of the engine at now: true ends the run.  It may act
	 * on the engine (and tick it again: *wake is the engine's next action).
	 */
	bool (*after_tick)(struct arping_session *s, void *ctx, int64_t now, int64_t *wake);
	void *ctx;
};

/*
 * Run the mode: a probe engine (s->engine) of pc, with -W as every probe's
 * wait, on the event loop from s->start_mono.  At each wakeup (the engine's
 * next action, a captured frame) read the capture, then tick the engine
 * (its expiries and sends), then ask d->after_tick.  Ends when after_tick
 * says so, someone is found to hold a DAD address (s->in_use), -w passes,
 * or SIGINT or SIGTERM comes; then reads what the capture still holds (an
 * answer there still finds its probe) and frees the engine.  Returns 0, or
 * NW_EXIT_RUNTIME when the capture failed.
 */
int arping_drive(struct arping_session *s, struct nw_probe_config *pc,
		 const struct arping_drive *d);

/* The reply's RTT as the engine measured it, counted into the summary's clock. */
double arping_rtt_ms(struct arping_session *s, const struct nw_probe_result *r);

#endif
