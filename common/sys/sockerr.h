/*
 * sockerr.h: the ICMP errors a socket was sent, read from its error queue.
 * On an unconnected UDP socket a port unreachable (or host unreachable)
 * for a datagram it sent reaches it at once, with the address that
 * datagram went to, so a refusing server is noticed without waiting out a
 * timeout and without connect(), which would hide datagrams from other
 * sources from the caller's checks.  On a TCP socket whose connect() fails
 * on an ICMP error, the message itself: its type, code and sender, where
 * errno alone says only EHOSTUNREACH for an admin-prohibited port.
 * Linux: IP_RECVERR / IPV6_RECVERR and the error queue (ip(7), ipv6(7)).
 * Elsewhere nothing is queued and the caller's errno or timeout stays the
 * signal.
 */
#ifndef NW_SYS_SOCKERR_H
#define NW_SYS_SOCKERR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* One queued error. */
struct nw_sock_error {
	struct sockaddr_storage dst; /* where the packet it answers was sent */
	int err;		     /* the errno it stands for (ECONNREFUSED, EHOSTUNREACH, ...) */
	bool icmp;		     /* from an ICMP or ICMPv6 message: type and code are its own */
	uint8_t type, code;
	bool has_from;
	struct sockaddr_storage from; /* icmp: who sent the message (a router or the target) */
};

/* Queue fd's ICMP errors (family: AF_INET or AF_INET6): 0, or -1 (errno). */
int nw_sock_errors_on(int fd, int family);

/* The next queued error of fd, without waiting: 1 with *e; 0 when none is left. */
int nw_sock_error_next(int fd, struct nw_sock_error *e);

#endif
