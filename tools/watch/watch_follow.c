/*
 * watch_follow.c: nw-watch -f with the polling backend.  Every poll_ns a
 * sock_diag dump (with the owners from /proc) is diffed against the one
 * before (watch_diff.h); the kernel's destroy messages, when it sends
 * them, date a socket's end and name sockets no poll saw.  The first line
 * says that changes between polls can be missed; the last counts the
 * states inferred.  The /proc scan is repeated at every poll, so the
 * capabilities for it stay permitted (raised only around it) and no
 * seccomp filter is installed in this mode.
 */
#include "config.h"

#include <poll.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "sys/loop.h"
#include "watch_diff.h"
#include "watch_follow.h"
#include "watch_json.h"
#include "watch_summary.h"
#include "watch_text.h"

struct follow {
	const struct watch_config *cfg;
	struct nw_sockdiag *diag, *events;
	struct nw_loop *loop;
	struct nw_timer poll;
	struct watch_snap snaps[2];
	int cur; /* snaps[cur] is the latest */
	struct watch_stats st;
	struct watch_summary sum;
	bool failed;
	char err[256];
};

static void print_change(void *ctx, const struct watch_change *c)
{
	struct follow *f = ctx;

	f->st.changes++;
	f->st.inferred += (uint64_t)c->nvia;
	watch_summary_add(&f->sum, c);
	if (!f->cfg->quiet) {
		if (f->cfg->json)
			watch_json_change(c, &f->st);
		else
			watch_text_change(c, &f->st);
	}
	if (f->cfg->count && f->st.changes >= f->cfg->count)
		nw_loop_stop(f->loop);
}

static int take(struct follow *f, struct watch_snap *s)
{
	if (watch_snap_take(s, f->diag, f->cfg, f->err, sizeof f->err) != 0)
		return -1;
	watch_snap_owners(s); /* after the dump: see watch_snap_attach */
	watch_snap_attach(s);
	watch_snap_sort(s);
	f->st.polls++;
	return 0;
}

static void on_poll(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct follow *f = ctx;
	struct watch_snap *prev = &f->snaps[f->cur], *cur = &f->snaps[!f->cur];
	int64_t now = nw_mono_ns();

	(void)t;
	if (take(f, cur) != 0) {
		f->failed = true;
		nw_loop_stop(l);
		return;
	}
	f->cur = !f->cur;
	watch_diff(prev, cur, now, print_change, f);
	nw_timer_at(l, &f->poll, now + f->cfg->poll_ns);
}

/* A destroy message: date the end of a socket the last poll saw, or report one it never saw. */
static int on_destroyed(void *ctx, const struct nw_sockdiag_sock *d)
{
	struct follow *f = ctx;
	struct watch_sock *w = watch_snap_find(&f->snaps[f->cur], d);
	int64_t now = nw_mono_ns();

	f->st.destroyed++;
	if (w) {
		if (!w->destroyed_ns)
			w->destroyed_ns = now;
		return 0;
	}
	struct watch_sock unseen = {.d = *d, .state = NW_TCPS_CLOSED, .seen_ns = now};
	struct watch_change c = {.sock = &unseen,
				 .from = NW_TCPS_UNKNOWN,
				 .to = NW_TCPS_CLOSED,
				 .when_ns = now,
				 .destroyed = true};
	f->st.unseen++;
	print_change(f, &c);
	return 0;
}

static void on_events(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct follow *f = ctx;

	(void)fd;
	(void)revents;
	if (nw_sockdiag_read_destroyed(f->events, on_destroyed, f, &f->st.overruns, f->err,
				       sizeof f->err) != 0) {
		f->failed = true;
		nw_loop_stop(l);
	}
}

static void on_interrupt(struct nw_loop *l, int sig, void *ctx)
{
	(void)sig;
	(void)ctx;
	nw_loop_stop(l);
}

static void run_loop(struct follow *f)
{
	struct nw_sockdiag_query q = {.family = f->cfg->family};
	int64_t deadline = f->cfg->deadline_ns ? f->st.start_ns + f->cfg->deadline_ns : 0;

	f->events = nw_sockdiag_open_destroy(&q, f->err, sizeof f->err);
	if (!f->events)
		nw_warn("no destroy messages (%s): polls only", f->err);
	else if (nw_loop_add_fd(f->loop, nw_sockdiag_fd(f->events), POLLIN, on_events, f) < 0)
		nw_fatal("out of memory");
	nw_timer_init(&f->poll, on_poll, f);
	if (nw_loop_on_interrupt(f->loop, on_interrupt, f) != 0 ||
	    nw_timer_at(f->loop, &f->poll, f->st.start_ns + f->cfg->poll_ns) != 0)
		nw_fatal("cannot set up the event loop");
	if (nw_loop_run(f->loop, deadline) < 0)
		nw_fatal_errno("event loop");
	nw_sockdiag_close(f->events);
}

int watch_follow(const struct watch_config *cfg, struct nw_sockdiag *d)
{
	struct follow f = {.cfg = cfg, .diag = d, .st = {.backend = "poll"}};

	f.loop = nw_loop_new();
	if (!f.loop)
		nw_fatal("out of memory");
	f.st.start_ns = nw_mono_ns();
	watch_summary_init(&f.sum, f.st.start_ns);
	if (take(&f, &f.snaps[0]) != 0)
		nw_fatal("%s", f.err);
	for (size_t i = 0; i < f.snaps[0].n; i++)
		f.snaps[0].v[i].seen_ns = f.st.start_ns;
	f.st.sockets_at_start = f.snaps[0].n;
	watch_warn_owners(&f.snaps[0]);
	cfg->json ? watch_json_follow_start(&f.st, cfg) : watch_text_follow_start(&f.st, cfg);
	run_loop(&f);
	f.st.end_ns = nw_mono_ns();
	cfg->json ? watch_json_follow_end(&f.st, cfg->summary ? &f.sum : NULL)
		  : watch_text_follow_end(&f.st, cfg->summary ? &f.sum : NULL, cfg);
	watch_snap_free(&f.snaps[0]);
	watch_snap_free(&f.snaps[1]);
	nw_loop_free(f.loop);
	if (f.failed)
		nw_fatal("%s", f.err);
	return NW_EXIT_OK;
}
