/* watch_diff.c: the changes between two sorted snapshots, with the states a poll missed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "watch_diff.h"

static int addr_cmp(const struct nw_addr *a, const struct nw_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(&a->u, &b->u, a->family == AF_INET ? sizeof a->u.v4 : sizeof a->u.v6);
}

static int key_cmp(const struct nw_sockdiag_sock *a, const struct nw_sockdiag_sock *b)
{
	int c = addr_cmp(&a->src, &b->src);

	if (c == 0 && a->sport != b->sport)
		c = a->sport < b->sport ? -1 : 1;
	if (c == 0)
		c = addr_cmp(&a->dst, &b->dst);
	if (c == 0 && a->dport != b->dport)
		c = a->dport < b->dport ? -1 : 1;
	return c;
}

static int sock_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct watch_sock *)a)->d, &((const struct watch_sock *)b)->d);
}

void watch_snap_sort(struct watch_snap *s)
{
	if (s->n < 2) /* and s->v may be NULL, which qsort may not be given */
		return;
	qsort(s->v, s->n, sizeof *s->v, sock_cmp);
}

struct watch_sock *watch_snap_find(struct watch_snap *s, const struct nw_sockdiag_sock *d)
{
	struct watch_sock key = {.d = *d};

	if (s->n == 0)
		return NULL;
	return bsearch(&key, s->v, s->n, sizeof *s->v, sock_cmp);
}

void watch_change_infer(struct watch_change *c, bool passive)
{
	c->nvia = nw_tcps_path(c->from, c->to, passive, c->via, NW_TCPS_PATH_MAX);
	if (c->nvia < 0) /* no way in the diagram (an unknown start): none inferred */
		c->nvia = 0;
	if (c->nvia > NW_TCPS_PATH_MAX)
		c->nvia = NW_TCPS_PATH_MAX;
}

/* The local ports that have a listener: a socket on one was made by it (passive). */
struct listen_ports {
	uint8_t bits[65536 / 8];
};

static void mark_listeners(const struct watch_snap *s, struct listen_ports *lp)
{
	memset(lp, 0, sizeof *lp);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].state == NW_TCPS_LISTEN)
			lp->bits[s->v[i].d.sport / 8] |= (uint8_t)(1u << (s->v[i].d.sport % 8));
}

static bool passive(const struct listen_ports *lp, const struct watch_sock *w)
{
	return w->state != NW_TCPS_LISTEN && (lp->bits[w->d.sport / 8] & (1u << (w->d.sport % 8)));
}

static void emit(const struct watch_sock *w, enum nw_tcps from, enum nw_tcps to, int64_t when,
		 bool pas, watch_change_fn fn, void *ctx)
{
	struct watch_change c = {
	    .sock = w, .from = from, .to = to, .when_ns = when, .passive = pas};

	if (from == to) /* a socket that came and went CLOSED (bound, never used) */
		return;
	if (w->destroyed_ns && to == NW_TCPS_CLOSED) {
		c.when_ns = w->destroyed_ns;
		c.destroyed = true;
	}
	watch_change_infer(&c, pas);
	fn(ctx, &c);
}

/* The same socket in both: carry over what prev knew, and its change if any. */
static void matched(const struct watch_sock *p, struct watch_sock *c, int64_t now,
		    const struct listen_ports *lp, watch_change_fn fn, void *ctx)
{
	c->seen_ns = p->seen_ns;
	c->time_wait_ns = p->time_wait_ns;
	if (c->state == NW_TCPS_TIME_WAIT && !c->time_wait_ns)
		c->time_wait_ns = now;
	if (!c->has_owner && p->has_owner) {
		c->has_owner = true;
		c->owner = p->owner;
	}
	if (c->state != p->state)
		emit(c, p->state, c->state, now, passive(lp, c), fn, ctx);
}

void watch_diff(const struct watch_snap *prev, struct watch_snap *cur, int64_t now_ns,
		watch_change_fn fn, void *ctx)
{
	struct listen_ports *lp = malloc(sizeof *lp);
	size_t i = 0, j = 0;

	if (!lp)
		return;
	mark_listeners(cur, lp);
	while (i < prev->n || j < cur->n) {
		int c = i == prev->n ? 1 : j == cur->n ? -1 : key_cmp(&prev->v[i].d, &cur->v[j].d);
		if (c == 0) {
			matched(&prev->v[i++], &cur->v[j++], now_ns, lp, fn, ctx);
		} else if (c < 0) { /* gone */
			emit(&prev->v[i], prev->v[i].state, NW_TCPS_CLOSED, now_ns, false, fn, ctx);
			i++;
		} else { /* new */
			cur->v[j].seen_ns = now_ns;
			if (cur->v[j].state == NW_TCPS_TIME_WAIT)
				cur->v[j].time_wait_ns = now_ns;
			emit(&cur->v[j], NW_TCPS_CLOSED, cur->v[j].state, now_ns,
			     passive(lp, &cur->v[j]), fn, ctx);
			j++;
		}
	}
	free(lp);
}
