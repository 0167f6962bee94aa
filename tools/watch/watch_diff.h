/*
 * watch_diff.h: what changed between two snapshots of the sockets, for
 * nw-watch -f's polling backend.  Sockets are matched by family and
 * 4-tuple (a TIME_WAIT keeps its full socket's tuple); a state that
 * changed, a socket that appeared (from CLOSED) or went (to CLOSED) is a
 * change, with the states a shortest path of RFC 9293's diagram puts
 * between them (tcp/tcppath.h): the ones the polls missed, inferred.
 */
#ifndef NW_WATCH_DIFF_H
#define NW_WATCH_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "tcp/tcppath.h"
#include "watch_snap.h"

struct watch_change {
	const struct watch_sock *sock; /* now, or as last seen for a socket gone */
	enum nw_tcps from, to;	       /* from NW_TCPS_UNKNOWN: never seen before its end */
	enum nw_tcps via[NW_TCPS_PATH_MAX];
	int nvia;	 /* states inferred between from and to */
	int64_t when_ns; /* monotonic: the poll, or the destroy message */
	bool destroyed;	 /* the kernel's destroy message told it */
	bool passive;	 /* a listener's socket */
};

typedef void (*watch_change_fn)(void *ctx, const struct watch_change *c);

/* Order s's sockets by family and 4-tuple (for the diff and for lookups). */
void watch_snap_sort(struct watch_snap *s);
/* The socket of d's family and 4-tuple in sorted s, or NULL. */
struct watch_sock *watch_snap_find(struct watch_snap *s, const struct nw_sockdiag_sock *d);
/* Every change from sorted prev to sorted cur to fn; cur keeps what prev knew
 * (first seen, the owner).  now_ns: the monotonic time of cur. */
void watch_diff(const struct watch_snap *prev, struct watch_snap *cur, int64_t now_ns,
		watch_change_fn fn, void *ctx);
/* One change: the inferred states filled in (passive: a listener's socket). */
void watch_change_infer(struct watch_change *c, bool passive);

#endif
