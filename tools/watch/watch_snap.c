/* watch_snap.c: a filtered snapshot of the sockets, with their owners. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/errbuf.h"
#include "base/grow.h"
#include "sys/priv.h"
#include "tcp/tcpkstate.h"
#include "watch_snap.h"

void watch_snap_owners(struct watch_snap *s)
{
	char err[128];

	/* Raising fails only when nothing was kept: then only our own processes are read. */
	nw_priv_raise(err, sizeof err);
	s->owners_error =
	    nw_sockowners_scan(&s->owners, "/proc", s->owners_why, sizeof s->owners_why);
	nw_priv_lower(err, sizeof err);
}

/* The kernel's state mask of cfg: -l, --state, or every state. */
static uint32_t kernel_states(const struct watch_config *cfg)
{
	uint32_t m = 0;

	if (cfg->listening)
		return nw_tcps_kernel_mask(cfg->udp ? NW_TCPS_CLOSED : NW_TCPS_LISTEN);
	for (int st = NW_TCPS_CLOSED; st < NW_TCPS_UNKNOWN; st++)
		if (cfg->states & (UINT32_C(1) << st))
			m |= nw_tcps_kernel_mask((enum nw_tcps)st);
	return m;
}

/* What the kernel's filter left to us: the host, at either end. */
static bool selected(const struct watch_config *cfg, const struct nw_sockdiag_sock *d)
{
	if (cfg->has_host && !nw_addr_equal(&d->src, &cfg->host) &&
	    !nw_addr_equal(&d->dst, &cfg->host))
		return false;
	return true;
}

struct take_ctx {
	struct watch_snap *snap;
	const struct watch_config *cfg;
};

static int add_sock(void *ctx, const struct nw_sockdiag_sock *d)
{
	struct take_ctx *t = ctx;
	struct watch_snap *s = t->snap;
	struct watch_sock *w;

	if (!selected(t->cfg, d))
		return 0;
	if (nw_grow(&s->v, &s->cap, s->n, sizeof *s->v, 64) != 0)
		return 1; /* stop the dump: out of memory */
	w = &s->v[s->n++];
	memset(w, 0, sizeof *w);
	w->d = *d;
	w->udp = t->cfg->udp;
	w->state = nw_tcps_from_kernel(d->kstate);
	s->count[w->state]++;
	return 0;
}

int watch_snap_take(struct watch_snap *s, struct nw_sockdiag *d, const struct watch_config *cfg,
		    char *err, size_t errlen)
{
	struct nw_sockdiag_query q = {
	    .family = cfg->family,
	    .udp = cfg->udp,
	    .kstates = kernel_states(cfg),
	    .info = true,
	    .port = cfg->has_port ? cfg->port : 0,
	};
	struct take_ctx t = {s, cfg};
	int rc;

	s->n = 0;
	memset(s->count, 0, sizeof s->count);
	rc = nw_sockdiag_dump(d, &q, add_sock, &t, err, errlen);
	if (rc > 0) /* add_sock stops only when out of memory */
		return nw_err_set(err, errlen, "out of memory");
	return rc;
}

void watch_snap_attach(struct watch_snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct watch_sock *w = &s->v[i];
		w->owners = nw_sockowners_find(&s->owners, w->d.inode, &w->nowners);
		if (w->nowners) {
			w->has_owner = true;
			w->owner = w->owners[0];
		}
	}
}

void watch_snap_free(struct watch_snap *s)
{
	free(s->v);
	nw_sockowners_free(&s->owners);
	memset(s, 0, sizeof *s);
}
