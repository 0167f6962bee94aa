/*
 * udperr.h: ICMP errors on a UDP socket that is not connected: a port
 * unreachable (or host unreachable) for a datagram it sent reaches the
 * socket at once, with the address that datagram went to, so a refusing
 * server is noticed without waiting out a timeout and without connect(),
 * which would hide datagrams from other sources from the caller's checks.
 * Linux: IP_RECVERR / IPV6_RECVERR and the error queue (ip(7), ipv6(7)).
 * Elsewhere nothing is queued and the caller's timeout stays the signal.
 */
#ifndef NW_SYS_UDPERR_H
#define NW_SYS_UDPERR_H

#include <sys/socket.h>

/* Queue fd's ICMP errors (family: AF_INET or AF_INET6): 0, or -1 (errno). */
int nw_udp_errors_on(int fd, int family);

/*
 * The next queued error of fd, without waiting: 1 with *dst, where the
 * datagram it answers was sent, and *err, the errno it stands for
 * (ECONNREFUSED, EHOSTUNREACH, ...); 0 when none is left.
 */
int nw_udp_error_next(int fd, struct sockaddr_storage *dst, int *err);

#endif
