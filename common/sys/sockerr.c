/*
 * sockerr.c: ICMP errors from a socket's error queue (see sockerr.h): on
 * Linux, IP_RECVERR / IPV6_RECVERR and recvmsg(MSG_ERRQUEUE), whose name
 * is the original destination and whose control message carries the
 * errno, the ICMP type and code, and the sender (SO_EE_OFFENDER).
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/uio.h>

#ifdef __linux__
#include <time.h> /* before linux/errqueue.h, which uses struct timespec */

#include <linux/errqueue.h>
#endif

#include "sys/sockerr.h"

#ifdef __linux__
int nw_sock_errors_on(int fd, int family)
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

/* The error in control message c (a RECVERR one) into e. */
static void read_extended(const struct cmsghdr *c, struct nw_sock_error *e)
{
	const unsigned char *data = CMSG_DATA(c);
	size_t have = c->cmsg_len - (size_t)(data - (const unsigned char *)c);
	struct sock_extended_err ee;

	memcpy(&ee, data, sizeof ee);
	e->err = (int)ee.ee_errno;
	e->icmp = ee.ee_origin == SO_EE_ORIGIN_ICMP || ee.ee_origin == SO_EE_ORIGIN_ICMP6;
	e->type = ee.ee_type;
	e->code = ee.ee_code;
	/* The sender's address follows the structure (SO_EE_OFFENDER), as long as the message has
	 * it. */
	if (e->icmp && have > sizeof ee) {
		size_t n = have - sizeof ee;
		memcpy(&e->from, data + sizeof ee, n < sizeof e->from ? n : sizeof e->from);
		e->has_from = e->from.ss_family == AF_INET || e->from.ss_family == AF_INET6;
	}
}

int nw_sock_error_next(int fd, struct nw_sock_error *e)
{
	union {
		char buf[256];
		struct cmsghdr align;
	} u;
	char data[64]; /* the packet given back: not needed, its destination is the name */
	struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf};

	for (;;) {
		memset(e, 0, sizeof *e);
		msg.msg_name = &e->dst;
		msg.msg_namelen = sizeof e->dst;
		msg.msg_controllen = sizeof u.buf;
		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return 0; /* EAGAIN: the queue is empty */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			if (!is_recverr(c) ||
			    c->cmsg_len < CMSG_LEN(sizeof(struct sock_extended_err)))
				continue;
			read_extended(c, e);
			return 1;
		}
	}
}
#else
int nw_sock_errors_on(int fd, int family)
{
	(void)fd;
	(void)family;
	return 0;
}

int nw_sock_error_next(int fd, struct nw_sock_error *e)
{
	(void)fd;
	memset(e, 0, sizeof *e);
	return 0;
}
#endif
