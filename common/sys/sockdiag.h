/*
 * sockdiag.h: the sockets of this network namespace, as `ss` lists them,
 * from Linux's NETLINK_SOCK_DIAG (inet_diag dumps; the replies are read by
 * wire/sockdiag.h).  Dumps need no privilege.  The kernel filters by
 * state (idiag_states) and port (a filter program, INET_DIAG_REQ_BYTECODE,
 * as ss compiles one); addresses are for the caller to filter.
 * On other systems every call fails with a reason (sockdiag_none.c).
 */
#ifndef NW_SYS_SOCKDIAG_H
#define NW_SYS_SOCKDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/sockdiag.h"

struct nw_sockdiag_query {
	int family;	  /* AF_INET, AF_INET6, or AF_UNSPEC for both */
	bool udp;	  /* UDP sockets instead of TCP */
	uint32_t kstates; /* the kernel states wanted (bit TCP_*); 0: all */
	bool info;	  /* ask for INET_DIAG_INFO (rtt, rto, cwnd) */
	uint16_t port;	  /* only sockets with this port at either end; 0: any */
};

/* Called for each socket; a non-zero return stops the dump (and is returned). */
typedef int (*nw_sockdiag_fn)(void *ctx, const struct nw_sockdiag_sock *s);

struct nw_sockdiag; /* an open NETLINK_SOCK_DIAG socket */

/* NULL + err when the socket cannot be opened (not Linux, no sock_diag). */
struct nw_sockdiag *nw_sockdiag_open(char *err, size_t errlen);
/* Dump the sockets q asks for to fn.  0, fn's non-zero return, or -1 + err. */
int nw_sockdiag_dump(struct nw_sockdiag *d, const struct nw_sockdiag_query *q, nw_sockdiag_fn fn,
		     void *ctx, char *err, size_t errlen);
void nw_sockdiag_close(struct nw_sockdiag *d);

/*
 * A socket that receives the kernel's message for each socket freed
 * (SKNLGRP_INET_TCP_DESTROY and SKNLGRP_INET6_TCP_DESTROY, the UDP groups
 * with q->udp; as ss -E): full sockets only, never timewait ones.  NULL +
 * err.  Its descriptor (nw_sockdiag_fd) is for the caller's loop.
 */
struct nw_sockdiag *nw_sockdiag_open_destroy(const struct nw_sockdiag_query *q, char *err,
					     size_t errlen);
int nw_sockdiag_fd(const struct nw_sockdiag *d);
/* Every message that has arrived, without waiting, to fn.  *overruns counts the
 * reads that failed with ENOBUFS (messages the kernel dropped).  0 or -1 + err. */
int nw_sockdiag_read_destroyed(struct nw_sockdiag *d, nw_sockdiag_fn fn, void *ctx,
			       unsigned *overruns, char *err, size_t errlen);

#endif
