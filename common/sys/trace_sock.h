/*
 * trace_sock.h: traceroute probes on ordinary sockets, with no privilege
 * (the socket mode of sys/trace_run), as tracepath does: UDP probes on a
 * datagram socket with IP_RECVERR, ICMP echo requests on a ping socket
 * (net.ipv4.ping_group_range); the TTL of each probe in a control message
 * of its send, the answers from the socket's error queue (time exceeded,
 * unreachable: the offender, the ICMP type and code, the probe given back)
 * and, on a ping socket, the echo replies themselves.  Times: the kernel's
 * receive timestamp of each answer (SO_TIMESTAMPNS) on the monotonic
 * clock, against the monotonic time of the send call.  Linux
 * (trace_sock_linux.c); elsewhere (trace_sock_none.c) opening fails.
 */
#ifndef NW_SYS_TRACE_SOCK_H
#define NW_SYS_TRACE_SOCK_H

#include <stddef.h>
#include <stdint.h>

#include "probe/trace.h"

/* What the RTTs of socket mode are measured with, for the user. */
#define NW_TRACE_SOCK_CLOCK "kernel receive timestamps (SO_TIMESTAMPNS) less send time"

/*
 * The socket of one flow of tc (UDP or ICMP): bound to tc->src (UDP: and
 * tc->sport, 0: the kernel picks), non-blocking, errors queued, receive
 * timestamps on.  tc->sport (UDP) or tc->echo_id (ICMP: the ping socket's
 * port, the id the kernel puts in every echo) is set to what the kernel
 * gave.  The descriptor, or -1 with err (errno kept: EACCES or EPERM when
 * the system does not allow it to this user).
 */
int nw_trace_sock_open(struct nw_trace_config *tc, char *err, size_t errlen);

/*
 * Send probe p on fd: 0 sent, 1 would block, 2 larger than the interface's
 * MTU (EMSGSIZE with IP_PMTUDISC_PROBE: the MTU comes from the error queue,
 * nw_trace_sock_recv's 3), -1 failed (errno).
 */
int nw_trace_sock_send(int fd, const struct nw_trace_packet *p);

/*
 * Read one answer from fd (error queue first): 1 with *a (a->data in buf)
 * and *at_ns, the monotonic time it arrived; 2 something read that answers
 * no probe (a local error, a datagram); 3 the local error of a send larger
 * than the interface's MTU, a->mtu that MTU; 0 nothing left to read; -1
 * with err.
 */
int nw_trace_sock_recv(int fd, const struct nw_trace_config *tc, struct nw_trace_answer *a,
		       uint8_t *buf, size_t buflen, int64_t *at_ns, char *err, size_t errlen);

#endif
