/*
 * handshake.c: nw-handshake's core: read frames from a file or an
 * interface in batches from the event loop and hand each to the run's
 * steps (handshake_session.c), until the input ends, -c is reached or a
 * signal comes; connect HOST PORT goes to handshake_connect.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sys/capture.h"
#include "cli/cli.h"
#include "handshake.h"
#include "handshake_connect.h"
#include "handshake_session.h"
#include "handshake_text.h"
#include "cli/output.h"
#include "cli/cli_priv.h"
#include "base/timeutil.h"

#define QUIET_NS (INT64_C(200) * NW_NS_PER_MS) /* a dry capture expires this often */
#define BATCH	 1024 /* frames per wake-up: a file is always ready, signals still come */

static bool done(const struct hs_run *r)
{
	return r->stop || (r->cfg->count && r->traced >= r->cfg->count);
}

/*
 * A wake-up: after a wait, expire idle connections (on the wall clock, as
 * the capture stamps); then trace frames until the capture is dry (wake
 * again in QUIET_NS at the latest), the input ends, or -c is reached, at
 * most BATCH of them before the loop looks at its signals again.
 */
static void read_frames(struct hs_run *r)
{
	char err[256];
	struct nw_cap_pkt cp;

	if (r->waiting) {
		nw_tcptab_expire(r->tab, nw_realtime_ns());
		r->waiting = false;
	}
	for (int n = 0; n < BATCH; n++) {
		if (done(r)) {
			nw_loop_stop(r->loop);
			return;
		}
		int rc = nw_cap_next(r->cap, &cp, err, sizeof(err));
		if (rc == 1) {
			hs_handle(r, &cp);
			continue;
		}
		if (rc == 0) {
			r->waiting = true;
			if (nw_timer_at(r->loop, &r->quiet, nw_mono_ns() + QUIET_NS) != 0)
				nw_fatal("out of memory");
			return;
		}
		if (rc != -1) {
			nw_warn("%s", err);
			r->failed = true;
		}
		nw_loop_stop(r->loop); /* the end of the input, or an error */
		return;
	}
	/* More may be ready: come back at once, after any signal. */
	if (nw_timer_at(r->loop, &r->quiet, nw_mono_ns()) != 0)
		nw_fatal("out of memory");
}

static void on_frames(struct nw_loop *l, int fd, short revents, void *ctx)
{
	(void)l;
	(void)fd;
	(void)revents;
	read_frames(ctx);
}

static void on_quiet(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)l;
	(void)t;
	read_frames(ctx);
}

/* 0 at the end of the input, -1 on a read error (reported). */
static int loop(struct hs_run *r)
{
	nw_timer_init(&r->quiet, on_quiet, r);
	if (nw_loop_add_cap(r->loop, r->cap, on_frames, r) < 0)
		nw_fatal("out of memory");
	if (nw_loop_run(r->loop, 0) < 0) {
		nw_warn("poll: %s", strerror(errno));
		return -1;
	}
	return r->failed ? -1 : 0;
}

static void open_source(struct hs_run *r)
{
	const struct handshake_config *cfg = r->cfg;
	char err[256];

	if (cfg->read_file)
		r->cap = nw_cap_open_file(cfg->read_file, cfg->bpf, err, sizeof(err));
	else
		r->cap = nw_cap_open_live(cfg->ifname, cfg->bpf ? cfg->bpf : "tcp", 262144, err,
					  sizeof(err));
	if (!r->cap)
		nw_fatal("%s", err);
	hs_open_writer(r);
	nw_cli_drop_privileges(NW_PRIV_PACKETS);
	if (cfg->ifname) /* as tcpdump says where it listens */
		hs_print_note(&r->out, "listening on %s, %s", cfg->ifname,
			      nw_cap_describe(r->cap, err, sizeof(err)));
}

int handshake_run(const struct handshake_config *cfg)
{
	struct hs_run r;
	int rc;

	if (cfg->connect_host)
		return hs_connect_run(cfg);
	hs_setup(&r, cfg);
	open_source(&r);
	hs_open_loop(&r);
	rc = loop(&r);
	hs_finish(&r);
	hs_close_loop(&r);
	if (rc != 0)
		return NW_EXIT_RUNTIME;
	return r.traced ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}
