/*
 * sockdiag_linux.c: inet_diag dumps over NETLINK_SOCK_DIAG (as ss does),
 * one request per family, each answered by a run of SOCK_DIAG_BY_FAMILY
 * messages ending in NLMSG_DONE.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include "base/errbuf.h"
#include "sys/sockdiag.h"

#define REPLY_BUF   (32 * 1024) /* ss's size: a page of messages per read */
#define DUMP_WAIT_S 5		/* the kernel answers at once; bound the wait anyway */

struct nw_sockdiag {
	int fd;
	uint32_t seq;
	uint8_t *buf;
};

static int sys_fail(char *err, size_t errlen, const char *what, int e)
{
	return nw_err_set(err, errlen, "sock_diag: %s: %s", what, strerror(e));
}

struct nw_sockdiag *nw_sockdiag_open(char *err, size_t errlen)
{
	struct timeval tv = {.tv_sec = DUMP_WAIT_S};
	struct nw_sockdiag *d = calloc(1, sizeof *d);

	if (!d || !(d->buf = malloc(REPLY_BUF))) {
		free(d);
		nw_err_set(err, errlen, "out of memory");
		return NULL;
	}
	d->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (d->fd < 0) {
		sys_fail(err, errlen, "socket(NETLINK_SOCK_DIAG)", errno);
		nw_sockdiag_close(d);
		return NULL;
	}
	setsockopt(d->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return d;
}

void nw_sockdiag_close(struct nw_sockdiag *d)
{
	if (!d)
		return;
	if (d->fd >= 0)
		close(d->fd);
	free(d->buf);
	free(d);
}

/*
 * The kernel's filter program for "sport == port or dport == port", laid
 * out as ss compiles an "or" (inet_diag_bc_run, inet_diag_bc_audit): each
 * op goes on by yes or no bytes; landing exactly at the end accepts the
 * socket, 4 bytes past it rejects it.  An EQ op is followed by one whose
 * "no" field holds the port.  The kernel checks that every "no" lands on
 * an op reached by following the "yes" jumps, hence the JMP in between.
 */
struct port_filter {
	struct inet_diag_bc_op op[5];
};

static void port_filter(struct port_filter *f, uint16_t port)
{
	/* sport == port: on to the JMP (accept); else to the dport test */
	f->op[0] = (struct inet_diag_bc_op){INET_DIAG_BC_S_EQ, 8, 12};
	f->op[1] = (struct inet_diag_bc_op){0, 0, port};
	/* a JMP always takes "no": over the dport test, to the end */
	f->op[2] = (struct inet_diag_bc_op){INET_DIAG_BC_JMP, 4, 12};
	/* dport == port: to the end (accept); else past it (reject) */
	f->op[3] = (struct inet_diag_bc_op){INET_DIAG_BC_D_EQ, 8, 12};
	f->op[4] = (struct inet_diag_bc_op){0, 0, port};
}

static int send_request(struct nw_sockdiag *d, const struct nw_sockdiag_query *q, int family)
{
	struct {
		struct nlmsghdr nh;
		struct inet_diag_req_v2 r;
		struct rtattr bc;
		struct port_filter f;
	} req = {
	    .nh = {.nlmsg_len = offsetof(__typeof__(req), bc),
		   .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		   .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		   .nlmsg_seq = ++d->seq},
	    .r = {.sdiag_family = (uint8_t)family,
		  .sdiag_protocol = q->udp ? IPPROTO_UDP : IPPROTO_TCP,
		  .idiag_states = q->kstates ? q->kstates : ~0u},
	};
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

	if (q->info)
		req.r.idiag_ext |= 1u << (INET_DIAG_INFO - 1);
	req.r.idiag_ext |= 1u << (INET_DIAG_SHUTDOWN - 1);
	if (q->port) {
		req.bc = (struct rtattr){.rta_len = sizeof req.bc + sizeof req.f,
					 .rta_type = INET_DIAG_REQ_BYTECODE};
		port_filter(&req.f, q->port);
		req.nh.nlmsg_len = sizeof req;
	}
	if (sendto(d->fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
		return -1;
	return 0;
}

/* One read of the reply, each socket to fn: 1 at NLMSG_DONE or when fn stopped
 * (*stop its value), 0 for more, -1 + err. */
static int read_reply(struct nw_sockdiag *d, nw_sockdiag_fn fn, void *ctx, int *stop, char *err,
		      size_t errlen)
{
	ssize_t n = recv(d->fd, d->buf, REPLY_BUF, 0);
	struct nw_buf b;
	struct nw_sockdiag_msg m;
	const char *why;

	if (n < 0)
		return sys_fail(err, errlen, "reading the dump",
				errno == EAGAIN ? ETIMEDOUT : errno);
	nw_buf_init(&b, d->buf, (size_t)n);
	while (nw_buf_left(&b) > 0) {
		enum nw_status st = nw_sockdiag_next(&b, &m, &why);
		if (st == NW_TRUNCATED || st == NW_MALFORMED)
			return nw_err_set(err, errlen, "sock_diag: %s", why);
		if (st != NW_OK || m.seq != d->seq)
			continue; /* another family, or a reply to an older request */
		if (m.kind == NW_SOCKDIAG_DONE)
			return 1;
		if (m.kind == NW_SOCKDIAG_ERROR && m.error)
			return sys_fail(err, errlen, "dump refused", m.error);
		if (m.kind == NW_SOCKDIAG_SOCK) {
			*stop = fn(ctx, &m.sock);
			if (*stop)
				return 1; /* the rest of this dump is skipped by its seq */
		}
	}
	return 0;
}

static int dump_family(struct nw_sockdiag *d, const struct nw_sockdiag_query *q, int family,
		       nw_sockdiag_fn fn, void *ctx, char *err, size_t errlen)
{
	int rc, stop = 0;

	if (send_request(d, q, family) != 0)
		return sys_fail(err, errlen, "sending the dump request", errno);
	while ((rc = read_reply(d, fn, ctx, &stop, err, errlen)) == 0)
		;
	return rc < 0 ? rc : stop;
}

int nw_sockdiag_dump(struct nw_sockdiag *d, const struct nw_sockdiag_query *q, nw_sockdiag_fn fn,
		     void *ctx, char *err, size_t errlen)
{
	static const int families[] = {AF_INET, AF_INET6};
	int rc = 0;

	for (size_t i = 0; i < sizeof families / sizeof families[0] && rc == 0; i++)
		if (q->family == AF_UNSPEC || q->family == families[i])
			rc = dump_family(d, q, families[i], fn, ctx, err, errlen);
	return rc;
}

/* The kernel's multicast groups of sock_diag (linux/sock_diag.h). */
static int destroy_groups(const struct nw_sockdiag_query *q, int groups[2])
{
	int n = 0;

	if (q->family != AF_INET6)
		groups[n++] = q->udp ? SKNLGRP_INET_UDP_DESTROY : SKNLGRP_INET_TCP_DESTROY;
	if (q->family != AF_INET)
		groups[n++] = q->udp ? SKNLGRP_INET6_UDP_DESTROY : SKNLGRP_INET6_TCP_DESTROY;
	return n;
}

struct nw_sockdiag *nw_sockdiag_open_destroy(const struct nw_sockdiag_query *q, char *err,
					     size_t errlen)
{
	struct nw_sockdiag *d = nw_sockdiag_open(err, errlen);
	int groups[2], n = destroy_groups(q, groups);

	for (int i = 0; d && i < n; i++) {
		if (setsockopt(d->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i],
			       sizeof groups[i]) != 0) {
			sys_fail(err, errlen, "joining the destroy group", errno);
			nw_sockdiag_close(d);
			d = NULL;
		}
	}
	return d;
}

int nw_sockdiag_fd(const struct nw_sockdiag *d)
{
	return d->fd;
}

int nw_sockdiag_read_destroyed(struct nw_sockdiag *d, nw_sockdiag_fn fn, void *ctx,
			       unsigned *overruns, char *err, size_t errlen)
{
	for (;;) {
		ssize_t n = recv(d->fd, d->buf, REPLY_BUF, MSG_DONTWAIT);
		struct nw_buf b;
		struct nw_sockdiag_msg m;
		const char *why;

		if (n < 0 && errno == ENOBUFS) {
			(*overruns)++;
			continue;
		}
		if (n < 0)
			return errno == EAGAIN || errno == EINTR
				   ? 0
				   : sys_fail(err, errlen, "reading", errno);
		nw_buf_init(&b, d->buf, (size_t)n);
		while (nw_buf_left(&b) > 0) {
			enum nw_status st = nw_sockdiag_next(&b, &m, &why);
			if (st == NW_TRUNCATED || st == NW_MALFORMED)
				return nw_err_set(err, errlen, "sock_diag: %s", why);
			if (st == NW_OK && m.kind == NW_SOCKDIAG_SOCK)
				fn(ctx, &m.sock);
		}
	}
}
