/*
 * watch_snap.h: one snapshot of this namespace's sockets, as nw-watch's
 * filters select them: a sock_diag dump (the kernel filters by family and
 * state), the port and host filters applied here, and each socket's
 * owners from the /proc scan.
 */
#ifndef NW_WATCH_SNAP_H
#define NW_WATCH_SNAP_H

#include <stddef.h>

#include "sys/sockdiag.h"
#include "sys/sockowner.h"
#include "watch_config.h"
#include "watch_sock.h"

struct watch_snap {
	struct watch_sock *v;
	size_t n, cap;
	struct nw_sockowners owners;
	unsigned count[NW_TCPS_UNKNOWN + 1]; /* sockets per state */
	int owners_error;		     /* the /proc scan failed (owners_why says why) */
	char owners_why[128];
};

/* Scan /proc for the owners, with the capabilities for other users' processes
 * raised around it (sys/priv.h, NW_PRIV_PROC_FDS).  A failure is kept, not fatal. */
void watch_snap_owners(struct watch_snap *s);
/* Dump the sockets cfg selects into s (emptied first).  0 or -1 + err. */
int watch_snap_take(struct watch_snap *s, struct nw_sockdiag *d, const struct watch_config *cfg,
		    char *err, size_t errlen);
/* Each socket's owners from the last watch_snap_owners.  Scanning after the dump
 * finds the owners of every socket made before it (a socket has its descriptor
 * from socket() or accept() on); the other order misses the newest ones. */
void watch_snap_attach(struct watch_snap *s);
void watch_snap_free(struct watch_snap *s);

#endif
