/*
 * scan_run.c: the scan model in one sys/loop: the method chosen and
 * opened, the model ticked, results, progress and interrupts handed to the
 * tool; see scan_run.h.  The I/O of each method is in scan_run_raw.c and
 * scan_run_connect.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "probe/cookie.h"
#include "sys/scan_run_internal.h"

#define NW_SCAN_NEED_RAW "(run as root or setcap cap_net_raw+ep), or use -sT"

void nw_scan_run_fail(struct nw_scan_run *r, const char *what)
{
	r->failed = true;
	nw_err_set(r->err, r->errlen, "%s", what);
	nw_loop_stop(r->loop);
}

static int send_probe(void *ctx, const struct nw_scan_probe *p)
{
	struct nw_scan_run *r = ctx;

	if (r->cfg.scan.method == NW_SCAN_CONNECT)
		return nw_scan_connect_send(r, p);
	return nw_scan_raw_send(r, p);
}

static void on_result(void *ctx, const struct nw_scan_result *res)
{
	struct nw_scan_run *r = ctx;

	if (r->cfg.scan.method == NW_SCAN_CONNECT)
		nw_scan_connect_release(r, res->j);
	if (r->ops && r->ops->on_result)
		r->ops->on_result(r->ctx, res);
}

void nw_scan_run_step(struct nw_scan_run *r)
{
	int64_t wake;

	if (r->cfg.scan.method == NW_SCAN_SYN && nw_scan_raw_read(r) != 0)
		return;
	wake = nw_scan_tick(r->scan, nw_mono_ns());
	if (r->cfg.scan.method == NW_SCAN_SYN)
		nw_scan_raw_flush(r);
	if (nw_scan_done(r->scan)) {
		nw_loop_stop(r->loop);
		return;
	}
	if (wake == NW_PROBE_NEVER)
		nw_timer_cancel(r->loop, &r->tick);
	else if (nw_timer_at(r->loop, &r->tick, wake) != 0)
		nw_scan_run_fail(r, "out of memory");
}

static void on_tick(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)l;
	(void)t;
	nw_scan_run_step(ctx);
}

static void on_progress(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct nw_scan_run *r = ctx;
	struct nw_scan_stats st;
	int64_t now = nw_mono_ns();

	nw_scan_stats(r->scan, now, &st);
	r->ops->on_progress(r->ctx, &st);
	if (nw_timer_at(l, t, now + r->cfg.progress_ns) != 0)
		nw_scan_run_fail(r, "out of memory");
}

/* The first interrupt drains when asked to (--resume), any other stops at once. */
static void on_interrupt(struct nw_loop *l, int sig, void *ctx)
{
	struct nw_scan_run *r = ctx;

	(void)sig;
	if (++r->interrupts == 1 && r->cfg.drain_on_interrupt) {
		nw_scan_drain(r->scan);
		if (r->ops && r->ops->on_drain)
			r->ops->on_drain(r->ctx);
		nw_scan_run_step(r);
		return;
	}
	nw_scan_stop(r->scan);
	nw_loop_stop(l);
}

/* SYN when asked for or allowed (a raw socket of the first target's family). */
static int choose_method(struct nw_scan_run *r, char *err, size_t errlen)
{
	struct nw_scan_config *c = &r->cfg.scan;
	int family = nw_addrset_count_family(c->targets, AF_INET) ? AF_INET : AF_INET6;

	if (c->method == NW_SCAN_CONNECT)
		return 0;
	if (nw_craft_raw_allowed(family)) {
		c->method = NW_SCAN_SYN;
		return 0;
	}
	if (c->method == NW_SCAN_SYN)
		return nw_err_set(err, errlen, "a SYN scan needs CAP_NET_RAW " NW_SCAN_NEED_RAW);
	c->method = NW_SCAN_CONNECT;
	return 0;
}

struct nw_scan_run *nw_scan_run_open(const struct nw_scan_run_config *cfg, char *err, size_t errlen)
{
	static const struct nw_scan_ops ops = {.send = send_probe, .on_result = on_result};
	struct nw_scan_run *r = calloc(1, sizeof(*r));
	struct nw_cookie cookie;
	const char *why;

	if (!r) {
		nw_err_set(err, errlen, "out of memory");
		return NULL;
	}
	r->cfg = *cfg;
	if (nw_cookie_init(&cookie, &why) != 0) {
		nw_err_set(err, errlen, "%s", why);
		goto fail;
	}
	memcpy(r->cfg.scan.key, cookie.key, sizeof(r->cfg.scan.key));
	if (choose_method(r, err, errlen) != 0)
		goto fail;
	if (r->cfg.scan.method == NW_SCAN_SYN ? nw_scan_raw_open(r, err, errlen)
					      : nw_scan_connect_open(r, err, errlen))
		goto fail;
	r->scan = nw_scan_new(&r->cfg.scan, &ops, r, &why);
	if (!r->scan) {
		nw_err_set(err, errlen, "%s", why);
		goto fail;
	}
	return r;
fail:
	nw_scan_run_close(r);
	return NULL;
}

const struct nw_scan_config *nw_scan_run_config(const struct nw_scan_run *r)
{
	return &r->cfg.scan;
}

const char *nw_scan_run_method_name(const struct nw_scan_run *r)
{
	return r->cfg.scan.method == NW_SCAN_CONNECT ? "connect" : "syn";
}

const char *nw_scan_run_ifnames(const struct nw_scan_run *r)
{
	return r->ifnames;
}

const char *nw_scan_run_clock_name(const struct nw_scan_run *r)
{
	if (r->cap[0])
		return nw_cap_clock_name(r->cap[0]);
	return r->cap[1] ? nw_cap_clock_name(r->cap[1]) : "monotonic (connect() to its outcome)";
}

const struct nw_scan *nw_scan_run_scan(const struct nw_scan_run *r)
{
	return r->scan;
}

bool nw_scan_run_interrupted(const struct nw_scan_run *r)
{
	return r->interrupts > 0;
}

uint64_t nw_scan_run_send_lost(const struct nw_scan_run *r)
{
	return r->send_lost;
}

uint64_t nw_scan_run_drops(const struct nw_scan_run *r)
{
	return nw_scan_raw_drops((struct nw_scan_run *)r);
}

static int make_loop(struct nw_scan_run *r)
{
	r->loop = nw_loop_new();
	if (!r->loop || nw_loop_on_interrupt(r->loop, on_interrupt, r) != 0)
		return -1;
	nw_timer_init(&r->tick, on_tick, r);
	nw_timer_init(&r->progress, on_progress, r);
	if (r->cfg.progress_ns > 0 && r->ops && r->ops->on_progress &&
	    nw_timer_at(r->loop, &r->progress, nw_mono_ns() + r->cfg.progress_ns) != 0)
		return -1;
	if (r->cfg.scan.method == NW_SCAN_CONNECT)
		return nw_scan_connect_watch(r);
	return nw_scan_raw_watch(r);
}

int nw_scan_run(struct nw_scan_run *r, const struct nw_scan_run_ops *ops, void *ctx, char *err,
		size_t errlen)
{
	int rc;

	r->ops = ops;
	r->ctx = ctx;
	r->err = err;
	r->errlen = errlen;
	if (make_loop(r) != 0)
		return nw_err_set(err, errlen, "cannot set up the event loop");
	nw_scan_run_step(r);
	rc = nw_scan_done(r->scan) ? 1 : nw_loop_run(r->loop, r->cfg.deadline_ns);
	if (r->failed)
		return -1;
	if (rc < 0)
		return nw_err_set(err, errlen, "poll: %s", strerror(errno));
	if (r->interrupts || !nw_scan_done(r->scan)) {
		nw_scan_stop(r->scan);
		return 1;
	}
	return 0;
}

void nw_scan_run_close(struct nw_scan_run *r)
{
	if (!r)
		return;
	nw_scan_connect_close(r); /* before the loop: each socket leaves its watch */
	nw_loop_free(r->loop);
	nw_scan_free(r->scan);
	nw_scan_raw_close(r);
	free(r);
}
