/*
 * udperr.c: ICMP errors on an unconnected UDP socket (see udperr.h): on
 * Linux, IP_RECVERR / IPV6_RECVERR and recvmsg(MSG_ERRQUEUE), whose name
 * is the original destination and whose control message carries the errno.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>

#ifdef __linux__
#include <time.h> /* before linux/errqueue.h, which uses struct timespec */

#include <linux/errqueue.h>
#endif

#include "sys/udperr.h"

#ifdef __linux__
int nw_udp_errors_on(int fd, int family)
{
	int on = 1;
	if (family == AF_INET6)
		return setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on);
	return setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof on);
}

static bool is_recverr(const struct cmsghdr *c)
{
	return (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
	       (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR);
}

int nw_udp_error_next(int fd, struct sockaddr_storage *dst, int *err)
{
	union {
		char buf[256];
		struct cmsghdr align;
	} u;
	char data[64]; /* the datagram given back: not needed, its destination is the name */
	struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
	struct msghdr msg = {.msg_name = dst,
			     .msg_namelen = sizeof *dst,
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf};

	for (;;) {
		memset(dst, 0, sizeof *dst);
		msg.msg_namelen = sizeof *dst;
		msg.msg_controllen = sizeof u.buf;
		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return 0; /* EAGAIN: the queue is empty */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			struct sock_extended_err ee;
			if (!is_recverr(c) || c->cmsg_len < CMSG_LEN(sizeof ee))
				continue;
			memcpy(&ee, CMSG_DATA(c), sizeof ee);
			*err = (int)ee.ee_errno;
			return 1;
		}
	}
}
#else
int nw_udp_errors_on(int fd, int family)
{
	(void)fd;
	(void)family;
	return 0;
}

int nw_udp_error_next(int fd, struct sockaddr_storage *dst, int *err)
{
	(void)fd;
	(void)dst;
	(void)err;
	return 0;
}
#endif
