#include "config.h"

/*
 * route_linux.c: route lookups over rtnetlink (NETLINK_ROUTE, see
 * rtnetlink(7)): RTM_GETROUTE for one destination (what `ip route get`
 * asks), and a dump of the main table for the default route.
 *
 * The netlink plumbing is the first half of this file: one request, the
 * replies read under a deadline with the sequence number and the sender
 * checked, NLMSG_ERROR and NLMSG_DONE handled, every message and attribute
 * bounds-checked (NLMSG_OK, RTA_OK, RTNH_OK-style) before it is read.
 */

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/loop.h"
#include "sys/route_backend.h"

#define NL_BUFSIZE	32768 /* the kernel sizes dump messages to fit this */
#define NL_DUMP_RETRIES 3     /* a dump interrupted by a change is redone */

/* Returned by nl_talk when a dump was interrupted (NLM_F_DUMP_INTR). */
#define NL_INTR (-2)

struct nl_conn {
	int fd;
	uint32_t portid;
	uint32_t seq;
};

/* Called for each answer message; < 0 stops the exchange with an error. */
typedef int (*nl_cb)(const struct nlmsghdr *h, void *arg);

static int nl_fail(char *err, size_t errlen, const char *what, int e)
{
	return nw_err_set(err, errlen, "netlink: %s: %s", what, strerror(e));
}

static int nl_open(struct nl_conn *c, char *err, size_t errlen)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	socklen_t salen = sizeof(sa);

	c->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (c->fd < 0)
		return nl_fail(err, errlen, "socket", errno);
	if (bind(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(c->fd, (struct sockaddr *)&sa, &salen) != 0) {
		int e = errno;
		close(c->fd);
		c->fd = -1;
		return nl_fail(err, errlen, "bind", e);
	}
	c->portid = sa.nl_pid;
	c->seq = (uint32_t)time(NULL);
	return 0;
}

static void nl_close(struct nl_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* NLMSG_OK with the signed length NLMSG_NEXT counts down (the macro itself
 * compares the unsigned nlmsg_len with an int, which clang warns about). */
static bool nl_msg_ok(const struct nlmsghdr *h, int len)
{
	return len >= (int)sizeof(*h) && h->nlmsg_len >= sizeof(*h) &&
	       h->nlmsg_len <= (unsigned)len;
}

/* Append one attribute to the request h (a buffer of max bytes). */
static int nl_addattr(struct nlmsghdr *h, size_t max, unsigned short type, const void *data,
		      size_t len)
{
	size_t off = NLMSG_ALIGN(h->nlmsg_len);
	struct rtattr *rta;

	if (off + RTA_SPACE(len) > max)
		return -1;
	rta = (struct rtattr *)(void *)((char *)h + off);
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = (uint32_t)(off + RTA_SPACE(len));
	return 0;
}

/*
 * Send req and read the answer: one message for a plain request, messages
 * up to NLMSG_DONE for a dump.  0 on success; a positive errno when the
 * kernel answered with an error; -1 with err filled when the exchange
 * itself failed; NL_INTR when a dump was interrupted.
 */
static int nl_talk(struct nl_conn *c, struct nlmsghdr *req, nl_cb cb, void *arg, char *err,
		   size_t errlen)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	bool intr = false;
	int64_t deadline;
	ssize_t sent;
	union {
		struct nlmsghdr h;
		char b[NL_BUFSIZE];
	} buf;

	req->nlmsg_seq = ++c->seq;
	req->nlmsg_pid = c->portid;
	do
		sent = sendto(c->fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel,
			      sizeof(kernel));
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return nl_fail(err, errlen, "send", errno);
	if ((size_t)sent != req->nlmsg_len)
		return nl_fail(err, errlen, "send", EMSGSIZE);

	deadline = nw_mono_ns() + NW_ROUTE_TIMEOUT_NS;
	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = {.iov_base = buf.b, .iov_len = sizeof(buf.b)};
		struct msghdr msg = {
		    .msg_name = &from,
		    .msg_namelen = sizeof(from),
		    .msg_iov = &iov,
		    .msg_iovlen = 1,
		};
		ssize_t got;
		int len;
		int pr = nw_wait_fd(c->fd, POLLIN, deadline);

		if (pr == 0)
			return nl_fail(err, errlen, "no answer from the kernel", ETIMEDOUT);
		if (pr < 0)
			return nl_fail(err, errlen, "poll", errno);

		memset(&from, 0, sizeof(from));
		got = recvmsg(c->fd, &msg, MSG_DONTWAIT);
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			return nl_fail(err, errlen, "receive", errno);
		}
		if (got == 0)
			return nl_fail(err, errlen, "receive", ECONNRESET);
		if (msg.msg_flags & MSG_TRUNC)
			return nl_fail(err, errlen, "receive", EMSGSIZE);
		if (msg.msg_namelen < sizeof(from) || from.nl_family != AF_NETLINK ||
		    from.nl_pid != 0)
			continue; /* not from the kernel */

		len = (int)got;
		for (const struct nlmsghdr *h = &buf.h; nl_msg_ok(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != c->seq || h->nlmsg_pid != c->portid)
				continue; /* an answer to an earlier request */
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			switch (h->nlmsg_type) {
			case NLMSG_NOOP:
				continue;
			case NLMSG_OVERRUN:
				return nl_fail(err, errlen, "receive", ENOBUFS);
			case NLMSG_ERROR: {
				struct nlmsgerr e;

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(e)))
					return nl_fail(err, errlen, "short error message", EBADMSG);
				memcpy(&e, NLMSG_DATA(h), sizeof(e));
				if (e.error == 0)
					return 0; /* an acknowledgement */
				return e.error < 0 ? -e.error : e.error;
			}
			case NLMSG_DONE: {
				int e = 0;

				if (!dump)
					return 0;
				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(e)))
					memcpy(&e, NLMSG_DATA(h), sizeof(e));
				if (e < 0)
					return -e;
				return intr ? NL_INTR : 0;
			}
			default:
				if (cb(h, arg) < 0)
					return -1;
				if (!dump)
					return 0;
			}
		}
	}
}

/* ---- route messages ----------------------------------------------------- */

struct rt_info {
	unsigned char family, dst_len, type;
	unsigned flags;
	uint32_t table;
	uint32_t oif;
	uint32_t priority;
	bool has_gateway, has_src;
	struct nw_addr gateway, src;
};

/* An address attribute of family: exactly 4 or 16 bytes. */
static bool rta_addr(int family, const void *data, size_t len, struct nw_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (family == AF_INET && len == sizeof(out->u.v4)) {
		out->family = AF_INET;
		memcpy(&out->u.v4, data, len);
		return true;
	}
	if (family == AF_INET6 && len == sizeof(out->u.v6)) {
		out->family = AF_INET6;
		memcpy(&out->u.v6, data, len);
		return true;
	}
	return false;
}

static bool rta_u32(const void *data, size_t len, uint32_t *out)
{
	if (len < sizeof(*out))
		return false;
	memcpy(out, data, sizeof(*out));
	return true;
}

/* RTA_VIA: a gateway of another family (an IPv4 route via IPv6). */
static bool rta_via(const void *data, size_t len, struct nw_addr *out)
{
	struct rtvia v;
	size_t hdr = sizeof(v.rtvia_family);

	if (len < hdr)
		return false;
	memcpy(&v.rtvia_family, data, hdr);
	return rta_addr(v.rtvia_family, (const char *)data + hdr, len - hdr, out);
}

/* The first next hop of an RTA_MULTIPATH route: its interface and gateway. */
static void rta_multipath(struct rt_info *ri, const void *data, size_t len)
{
	struct rtnexthop nh;
	int alen;

	if (len < sizeof(nh))
		return;
	memcpy(&nh, data, sizeof(nh));
	if (nh.rtnh_len < sizeof(nh) || nh.rtnh_len > len)
		return;
	if (!ri->oif)
		ri->oif = (uint32_t)nh.rtnh_ifindex;
	alen = (int)nh.rtnh_len - (int)RTNH_LENGTH(0);
	for (const struct rtattr *rta =
		 (const struct rtattr *)(const void *)((const char *)data + RTNH_LENGTH(0));
	     RTA_OK(rta, alen); rta = RTA_NEXT(rta, alen)) {
		if (ri->has_gateway)
			break;
		if (rta->rta_type == RTA_GATEWAY)
			ri->has_gateway =
			    rta_addr(ri->family, RTA_DATA(rta), RTA_PAYLOAD(rta), &ri->gateway);
		else if (rta->rta_type == RTA_VIA)
			ri->has_gateway = rta_via(RTA_DATA(rta), RTA_PAYLOAD(rta), &ri->gateway);
	}
}

/* Parse an RTM_NEWROUTE message; false when it is not one or is malformed. */
static bool parse_route(const struct nlmsghdr *h, struct rt_info *ri)
{
	const struct rtmsg *rtm;
	int len;

	memset(ri, 0, sizeof(*ri));
	if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return false;
	rtm = NLMSG_DATA(h);
	ri->family = rtm->rtm_family;
	ri->dst_len = rtm->rtm_dst_len;
	ri->type = rtm->rtm_type;
	ri->flags = rtm->rtm_flags;
	ri->table = rtm->rtm_table;

	len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*rtm));
	for (const struct rtattr *rta = RTM_RTA(rtm); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		const void *d = RTA_DATA(rta);
		size_t dl = RTA_PAYLOAD(rta);

		switch (rta->rta_type) {
		case RTA_OIF:
			rta_u32(d, dl, &ri->oif);
			break;
		case RTA_GATEWAY:
			ri->has_gateway = rta_addr(ri->family, d, dl, &ri->gateway);
			break;
		case RTA_VIA:
			ri->has_gateway = rta_via(d, dl, &ri->gateway);
			break;
		case RTA_PREFSRC:
			ri->has_src = rta_addr(ri->family, d, dl, &ri->src);
			break;
		case RTA_PRIORITY:
			rta_u32(d, dl, &ri->priority);
			break;
		case RTA_TABLE:
			rta_u32(d, dl, &ri->table);
			break;
		case RTA_MULTIPATH:
			rta_multipath(ri, d, dl);
			break;
		default:
			break;
		}
	}
	return true;
}

static int fill_route(const struct rt_info *ri, struct nw_route *out, char *err, size_t errlen)
{
	char name[IF_NAMESIZE];

	memset(out, 0, sizeof(*out));
	if (!if_indextoname(ri->oif, name)) {
		return nw_err_set(err, errlen, "interface %u of the route: %s", (unsigned)ri->oif,
				  strerror(errno));
	}
	memcpy(out->ifname, name, sizeof(out->ifname));
	out->ifindex = ri->oif;
	out->has_gateway = ri->has_gateway;
	if (ri->has_gateway)
		out->gateway = ri->gateway;
	out->has_src = ri->has_src;
	if (ri->has_src)
		out->src = ri->src;
	return 0;
}

/* ---- nw_route_get --------------------------------------------------------- */

struct get_ctx {
	bool got;
	struct rt_info ri;
};

static int get_cb(const struct nlmsghdr *h, void *arg)
{
	struct get_ctx *ctx = arg;

	if (!ctx->got && parse_route(h, &ctx->ri))
		ctx->got = true;
	return 0;
}

int nw_route_backend_get(const struct nw_addr *dst, const char *what, struct nw_route *out,
			 char *err, size_t errlen)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
		char attrs[64];
	} req;
	struct get_ctx ctx;
	struct nl_conn c;
	size_t alen = dst->family == AF_INET ? sizeof(dst->u.v4) : sizeof(dst->u.v6);
	int rc;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r));
	req.h.nlmsg_type = RTM_GETROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.r.rtm_family = (unsigned char)dst->family;
	req.r.rtm_dst_len = (unsigned char)(alen * 8);
	if (nl_addattr(&req.h, sizeof(req), RTA_DST, &dst->u, alen) != 0)
		return nl_fail(err, errlen, "request", EMSGSIZE);
	/* fe80::1%eth0: the zone names the link, as ping's -I would. */
	if (dst->scope_id &&
	    nl_addattr(&req.h, sizeof(req), RTA_OIF, &dst->scope_id, sizeof(dst->scope_id)) != 0)
		return nl_fail(err, errlen, "request", EMSGSIZE);

	if (nl_open(&c, err, errlen) != 0)
		return -1;
	memset(&ctx, 0, sizeof(ctx));
	rc = nl_talk(&c, &req.h, get_cb, &ctx, err, errlen);
	nl_close(&c);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		return nw_err_set(err, errlen, "%s: %s", what, strerror(rc));
	}
	if (!ctx.got) {
		return nw_err_set(err, errlen, "%s: no answer from the kernel", what);
	}
	switch (ctx.ri.type) {
	case RTN_UNICAST:
	case RTN_LOCAL:
	case RTN_BROADCAST:
	case RTN_MULTICAST:
	case RTN_ANYCAST:
		break;
	case RTN_PROHIBIT:
		rc = EACCES;
		break;
	default:
		rc = ENETUNREACH;
		break;
	}
	if (rc == 0 && ctx.ri.oif == 0)
		rc = ENETUNREACH;
	if (rc) {
		return nw_err_set(err, errlen, "%s: %s", what, strerror(rc));
	}
	if (fill_route(&ctx.ri, out, err, errlen) != 0)
		return -1;
	/* A link-local source is only meaningful on its link: bind() needs the zone. */
	if (out->has_src && out->src.family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&out->src.u.v6))
		out->src.scope_id = out->ifindex;
	return 0;
}

/* ---- nw_route_default ----------------------------------------------------- */

struct default_ctx {
	int family;
	bool got;
	struct rt_info best;
};

static int default_cb(const struct nlmsghdr *h, void *arg)
{
	struct default_ctx *ctx = arg;
	struct rt_info ri;

	if (!parse_route(h, &ri))
		return 0;
	if (ri.family != ctx->family || ri.dst_len != 0 || ri.type != RTN_UNICAST ||
	    ri.table != RT_TABLE_MAIN || (ri.flags & RTM_F_CLONED) || ri.oif == 0)
		return 0;
	if (!ctx->got || ri.priority < ctx->best.priority) {
		ctx->best = ri;
		ctx->got = true;
	}
	return 0;
}

int nw_route_backend_default(int family, const char *what, struct nw_route *out, char *err,
			     size_t errlen)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
	} req;
	struct default_ctx ctx;
	struct nl_conn c;
	int rc = NL_INTR;

	if (nl_open(&c, err, errlen) != 0)
		return -1;
	for (int tries = 0; tries < NL_DUMP_RETRIES && rc == NL_INTR; tries++) {
		memset(&req, 0, sizeof(req));
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r));
		req.h.nlmsg_type = RTM_GETROUTE;
		req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		req.r.rtm_family = (unsigned char)family;
		req.r.rtm_table = RT_TABLE_MAIN;
		memset(&ctx, 0, sizeof(ctx));
		ctx.family = family;
		rc = nl_talk(&c, &req.h, default_cb, &ctx, err, errlen);
	}
	nl_close(&c);
	if (rc == NL_INTR) {
		return nw_err_set(
		    err, errlen, "cannot read the routing table: it kept changing during the dump");
	}
	if (rc < 0)
		return -1;
	if (rc > 0) {
		return nw_err_set(err, errlen, "cannot read the routing table: %s", strerror(rc));
	}
	if (!ctx.got) {
		return nw_err_set(err, errlen, "%s", what);
	}
	if (fill_route(&ctx.best, out, err, errlen) != 0)
		return -1;

	/* A default route seldom names its source: ask which one the kernel
	 * would use toward the gateway, over the same interface. */
	if (!out->has_src && out->has_gateway) {
		struct nw_route via;
		char ignored[128];

		if (nw_route_get(&out->gateway, &via, ignored, sizeof(ignored)) == 0 &&
		    via.ifindex == out->ifindex && via.has_src) {
			out->has_src = true;
			out->src = via.src;
		}
	}
	return 0;
}
