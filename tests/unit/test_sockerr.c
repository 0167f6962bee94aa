/*
 * test_sockerr.c: ICMP errors on an unconnected UDP socket (sys/sockerr.h):
 * a datagram to a loopback port nobody listens on comes back as
 * ECONNREFUSED with that destination and the ICMP port unreachable itself
 * (type, code, sender), IPv4 and IPv6; none is queued when nothing failed;
 * a socket without the option queues nothing.  Linux only (elsewhere
 * nothing is queued by design: skipped).  The TCP side (a connect() failed
 * by an admin-prohibited) is checked live by scan_truth.sh.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sys/sockerr.h"
#include "testlib.h"

/* A loopback address of family with a port no socket holds (bound, then closed). */
static socklen_t free_port(int family, struct sockaddr_storage *ss)
{
	socklen_t len =
	    family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd = socket(family, SOCK_DGRAM, 0);

	memset(ss, 0, sizeof *ss);
	ss->ss_family = (sa_family_t)family;
	if (family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_addr = in6addr_loopback;
	else
		((struct sockaddr_in *)ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)ss, len) != 0 ||
	    getsockname(fd, (struct sockaddr *)ss, &len) != 0)
		len = 0;
	if (fd >= 0)
		close(fd);
	return len;
}

static uint16_t port_of(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)ss)->sin6_port
					       : ((const struct sockaddr_in *)ss)->sin_port);
}

/* Send to a closed port; with errors on, ECONNREFUSED comes back naming it, with the ICMP. */
static void refused(int family, bool on)
{
	struct sockaddr_storage to;
	struct nw_sock_error e;
	socklen_t len = free_port(family, &to);
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (len == 0 || fd < 0) {
		printf("no %s loopback: skipped\n", family == AF_INET6 ? "IPv6" : "IPv4");
		if (fd >= 0)
			close(fd);
		return;
	}
	if (on)
		CHECK_INT(nw_sock_errors_on(fd, family), 0);
	CHECK_INT(nw_sock_error_next(fd, &e), 0); /* nothing sent, nothing queued */
	CHECK(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, len) == 1);
	struct pollfd p = {.fd = fd, .events = POLLIN};
	CHECK_INT(poll(&p, 1, 1000), on ? 1 : 0); /* POLLERR, from the error queue */
	if (!on) {
		CHECK_INT(nw_sock_error_next(fd, &e), 0);
		close(fd);
		return;
	}
	CHECK_INT(nw_sock_error_next(fd, &e), 1);
	CHECK_INT(e.err, ECONNREFUSED);
	CHECK_INT(e.dst.ss_family, family);
	CHECK_INT(port_of(&e.dst), port_of(&to));
	/* the message itself: port unreachable (ICMP 3/3, ICMPv6 1/4), sent by loopback */
	CHECK(e.icmp);
	CHECK_INT(e.type, family == AF_INET6 ? 1 : 3);
	CHECK_INT(e.code, family == AF_INET6 ? 4 : 3);
	CHECK(e.has_from);
	CHECK_INT(e.from.ss_family, family);
	CHECK_INT(nw_sock_error_next(fd, &e), 0); /* one error, read once */
	close(fd);
}

int main(void)
{
#ifndef __linux__
	return 77;
#endif
	refused(AF_INET, true);
	refused(AF_INET6, true);
	refused(AF_INET, false);
	return nw_test_result("test_sockerr");
}
