/*
 * sockdiag.h: the replies of Linux's NETLINK_SOCK_DIAG for inet sockets
 * (inet_diag, linux/inet_diag.h; the netlink framing of RFC 3549), read
 * from a buffer of received bytes: no socket, no I/O here.
 *
 * A reply is a run of netlink messages (nlmsghdr, 4-byte aligned), each a
 * socket (SOCK_DIAG_BY_FAMILY: struct inet_diag_msg, then rtattr
 * attributes), the end of a dump (NLMSG_DONE) or an error (NLMSG_ERROR).
 * Netlink numbers are in host byte order; ports and addresses in network
 * byte order, as on the wire.  States are the kernel's (TCP_ESTABLISHED 1
 * ... TCP_NEW_SYN_RECV 12), not enum nw_tcps: tcp/tcpkstate.h maps them.
 */
#ifndef NW_SOCKDIAG_H
#define NW_SOCKDIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/buf.h"
#include "base/status.h"

/* The kernel's idiag_timer values. */
enum nw_sockdiag_timer {
	NW_SOCKDIAG_TIMER_NONE = 0,
	NW_SOCKDIAG_TIMER_RETRANS = 1, /* retransmit (or SYN-ACK for a request) */
	NW_SOCKDIAG_TIMER_KEEPALIVE = 2,
	NW_SOCKDIAG_TIMER_TIMEWAIT = 3,
	NW_SOCKDIAG_TIMER_PROBE = 4, /* zero window probe */
};

/* One socket of a dump. */
struct nw_sockdiag_sock {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t kstate; /* the kernel's TCP_* state */
	uint8_t timer;	/* enum nw_sockdiag_timer */
	uint8_t retrans;
	struct nw_addr src, dst;
	uint16_t sport, dport; /* host order */
	uint32_t ifindex;
	uint64_t cookie;
	uint32_t expires_ms; /* time left on the timer */
	uint32_t rqueue, wqueue;
	uint32_t uid, inode; /* 0 for TIME_WAIT and request sockets */
	/* INET_DIAG_SHUTDOWN: bit 0 receive side, bit 1 send side shut. */
	bool has_shutdown;
	uint8_t shutdown;
	/* INET_DIAG_INFO (struct tcp_info), the fields we use. */
	bool has_info;
	uint32_t rto_us, rtt_us, rttvar_us, snd_cwnd;
};

enum nw_sockdiag_kind {
	NW_SOCKDIAG_SOCK,  /* sock holds one socket */
	NW_SOCKDIAG_DONE,  /* the end of a dump */
	NW_SOCKDIAG_ERROR, /* error holds the errno (0: an acknowledgement) */
	NW_SOCKDIAG_OTHER, /* a message of another type: skip it */
};

struct nw_sockdiag_msg {
	enum nw_sockdiag_kind kind;
	uint16_t type, flags;
	uint32_t seq, pid;
	int error;
	struct nw_sockdiag_sock sock;
};

/*
 * The next message of b into *out; b moves past it (and its padding).
 * NW_OK, or NW_TRUNCATED / NW_MALFORMED with a one-line *why (b is then
 * left where it was: the rest of the buffer cannot be framed).
 */
enum nw_status nw_sockdiag_next(struct nw_buf *b, struct nw_sockdiag_msg *out, const char **why);

#endif
