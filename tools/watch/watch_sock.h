/*
 * watch_sock.h: one socket of a snapshot as nw-watch shows it: the dump's
 * record, its RFC state, and the processes that hold it.  A leaf: the
 * snapshot, the filters and the printers all read it.
 */
#ifndef NW_WATCH_SOCK_H
#define NW_WATCH_SOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "sys/sockowner.h"
#include "tcp/tcpstate.h"
#include "wire/sockdiag.h"

struct watch_sock {
	struct nw_sockdiag_sock d;
	enum nw_tcps state;
	bool udp;
	const struct nw_sockowner *owners; /* into the snapshot's owner table */
	size_t nowners;
	/* -f: what earlier snapshots knew of the same 4-tuple. */
	bool has_owner;		   /* owner: the first process seen holding it, kept once */
	struct nw_sockowner owner; /* the socket has none (TIME_WAIT, orphan) */
	int64_t seen_ns;	   /* monotonic: first seen */
	int64_t time_wait_ns;	   /* monotonic: first seen in TIME_WAIT (0: not yet) */
	int64_t destroyed_ns;	   /* a destroy message named it (0: none) */
};

/* "ESTABLISHED", ...; a UDP socket with no peer (CLOSED) is "UNCONN", as ss calls it. */
const char *watch_state_label(enum nw_tcps state, bool udp);
const char *watch_sock_state_name(const struct watch_sock *s);
/* "retrans", "keepalive", "timewait", "probe"; NULL when no timer runs. */
const char *watch_sock_timer_name(const struct watch_sock *s);
/* Why no process is named: "time-wait" (the kernel's timewait socket has no file),
 * "request" (a request socket, SYN_RECEIVED), "orphan" (closed by its process, the
 * kernel still finishing the close); NULL when the socket has an inode. */
const char *watch_sock_no_owner(const struct watch_sock *s);

#endif
