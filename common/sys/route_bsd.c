#include "config.h"

/*
 * route_bsd.c: route lookups over the routing socket (route(4)) on macOS
 * and FreeBSD: one RTM_GET message, the question `route -n get` asks.
 *
 * The request carries the destination (RTA_DST), for the default route an
 * all-zero netmask (RTA_NETMASK: an exact lookup of 0/0), and an empty
 * link-level address (RTA_IFP) so that the answer names the interface
 * (RTA_IFP) and the source address it would use (RTA_IFA).  The answer is
 * read under a deadline and matched on our pid and sequence number; each
 * socket address in it is bounds-checked against the message length.
 *
 * Other systems (OpenBSD, NetBSD) have a different rt_msghdr and are not
 * handled: this file is empty there.
 */

#if defined(__APPLE__) || defined(__FreeBSD__)

#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/loop.h"
#include "sys/route_backend.h"

/* Socket addresses in routing messages are padded: to 4 bytes on macOS
 * (even on 64-bit), to sizeof(long) on FreeBSD; an empty one takes one
 * unit. */
#if defined(__APPLE__)
#define RT_SA_ALIGN sizeof(uint32_t)
#else
#define RT_SA_ALIGN sizeof(long)
#endif
#define RT_SA_SPACE(len) ((len) > 0 ? 1 + (((size_t)(len)-1) | (RT_SA_ALIGN - 1)) : RT_SA_ALIGN)

#define RT_BUFSIZE 2048 /* rt_msghdr and up to RTAX_MAX socket addresses */

union rt_buf {
	struct rt_msghdr h;
	char b[RT_BUFSIZE];
};

/* The parts of an RTM_GET answer we use. */
struct rt_answer {
	int flags;
	unsigned index;
	bool has_gateway_in, has_gateway_link, has_ifp, has_ifa;
	struct sockaddr_storage gateway, ifa;
	struct sockaddr_dl ifp; /* only sdl_index is used from it */
	char ifname[IF_NAMESIZE];
};

/* KAME: a link-scoped address may carry its scope ID in bytes 2-3. */
static void in6_clear_embedded_scope(struct in6_addr *a)
{
	if (IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MC_LINKLOCAL(a)) {
		a->s6_addr[2] = 0;
		a->s6_addr[3] = 0;
	}
}

static bool sa_to_addr(const struct sockaddr_storage *ss, int family, struct nw_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (ss->ss_family != family)
		return false;
	if (family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)ss;

		out->family = AF_INET;
		out->u.v4 = sin->sin_addr;
		return true;
	}
	if (family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)ss;

		out->family = AF_INET6;
		out->u.v6 = sin6->sin6_addr;
		in6_clear_embedded_scope(&out->u.v6);
		return true;
	}
	return false;
}

/* Append a socket address of len bytes at *off, padded. */
static int rt_put_sa(union rt_buf *m, size_t *off, const void *sa, size_t len)
{
	size_t space = RT_SA_SPACE(len);

	if (*off + space > sizeof(m->b))
		return -1;
	memcpy(m->b + *off, sa, len);
	*off += space; /* the padding is already zero */
	return 0;
}

/* Split the socket addresses of an answer of msglen bytes. */
static void rt_parse(const union rt_buf *m, size_t msglen, struct rt_answer *ans)
{
	const struct rt_msghdr *rtm = &m->h;
	size_t off = sizeof(*rtm);

	memset(ans, 0, sizeof(*ans));
	ans->flags = rtm->rtm_flags;
	ans->index = rtm->rtm_index;

	for (int i = 0; i < RTAX_MAX; i++) {
		struct sockaddr_storage ss;
		size_t salen, space;

		if (!(rtm->rtm_addrs & (1 << i)))
			continue;
		if (off >= msglen)
			break;
		salen = (unsigned char)m->b[off]; /* sa_len, the first byte */
		space = RT_SA_SPACE(salen);
		if (salen > msglen - off || salen > sizeof(ss))
			break;
		memset(&ss, 0, sizeof(ss));
		memcpy(&ss, m->b + off, salen);
		off += space < msglen - off ? space : msglen - off;
		/* A short sockaddr (netmasks are trimmed) still needs a family. */
		if (salen < offsetof(struct sockaddr, sa_data))
			continue;

		switch (i) {
		case RTAX_GATEWAY:
			if (ss.ss_family == AF_INET || ss.ss_family == AF_INET6) {
				ans->gateway = ss;
				ans->has_gateway_in = true;
			} else if (ss.ss_family == AF_LINK) {
				ans->has_gateway_link = true;
				if (!ans->index)
					ans->index = ((const struct sockaddr_dl *)(const void *)&ss)
							 ->sdl_index;
			}
			break;
		case RTAX_IFP:
			if (ss.ss_family == AF_LINK &&
			    salen >= offsetof(struct sockaddr_dl, sdl_data)) {
				size_t nlen, name_off = offsetof(struct sockaddr_dl, sdl_data);

				/* ss is zeroed and larger than a sockaddr_dl. */
				memcpy(&ans->ifp, &ss, sizeof(ans->ifp));
				ans->has_ifp = true;
				nlen = ans->ifp.sdl_nlen;
				if (nlen > 0 && nlen < IF_NAMESIZE && name_off + nlen <= salen) {
					memcpy(ans->ifname, (const char *)&ss + name_off, nlen);
					ans->ifname[nlen] = '\0';
				}
			}
			break;
		case RTAX_IFA:
			if (ss.ss_family == AF_INET || ss.ss_family == AF_INET6) {
				ans->ifa = ss;
				ans->has_ifa = true;
			}
			break;
		default:
			break;
		}
	}
}

/*
 * One RTM_GET for dst (with a zero netmask when exact_default).  0 with
 * ans filled; a positive errno when the kernel has no such route; -1 with
 * err filled when the exchange itself failed.
 */
static int rt_get(const struct nw_addr *dst, bool exact_default, struct rt_answer *ans, char *err,
		  size_t errlen)
{
	static int seq;
	union rt_buf m;
	size_t off = sizeof(struct rt_msghdr);
	pid_t pid = getpid();
	int64_t deadline;
	struct sockaddr_dl ifp;
	ssize_t n;
	int s, myseq;

	memset(&m, 0, sizeof(m));
	if (dst->family == AF_INET) {
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_len = sizeof(sin);
		sin.sin_family = AF_INET;
		sin.sin_addr = dst->u.v4;
		if (rt_put_sa(&m, &off, &sin, sizeof(sin)) != 0)
			goto toolong;
		if (exact_default) {
			sin.sin_addr.s_addr = 0;
			if (rt_put_sa(&m, &off, &sin, sizeof(sin)) != 0)
				goto toolong;
		}
	} else {
		struct sockaddr_in6 sin6;

		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_len = sizeof(sin6);
		sin6.sin6_family = AF_INET6;
		sin6.sin6_addr = dst->u.v6;
		if (rt_put_sa(&m, &off, &sin6, sizeof(sin6)) != 0)
			goto toolong;
		if (exact_default) {
			memset(&sin6.sin6_addr, 0, sizeof(sin6.sin6_addr));
			if (rt_put_sa(&m, &off, &sin6, sizeof(sin6)) != 0)
				goto toolong;
		}
	}
	memset(&ifp, 0, sizeof(ifp));
	ifp.sdl_len = sizeof(ifp);
	ifp.sdl_family = AF_LINK;
	if (rt_put_sa(&m, &off, &ifp, sizeof(ifp)) != 0)
		goto toolong;

	myseq = ++seq;
	m.h.rtm_msglen = (u_short)off;
	m.h.rtm_version = RTM_VERSION;
	m.h.rtm_type = RTM_GET;
	m.h.rtm_flags = RTF_UP | (exact_default ? RTF_GATEWAY : RTF_HOST);
	m.h.rtm_addrs = RTA_DST | RTA_IFP | (exact_default ? RTA_NETMASK : 0);
	m.h.rtm_pid = pid;
	m.h.rtm_seq = myseq;

	s = socket(PF_ROUTE, SOCK_RAW, 0);
	if (s < 0) {
		return nw_err_set(err, errlen, "routing socket: %s", strerror(errno));
	}
	do
		n = write(s, &m, off);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;

		close(s);
		if (e == ESRCH || e == ENETUNREACH || e == EHOSTUNREACH)
			return ENETUNREACH; /* "not in table" */
		return nw_err_set(err, errlen, "routing socket: write: %s", strerror(e));
	}
	if ((size_t)n != off) {
		close(s);
		return nw_err_set(err, errlen, "routing socket: short write");
	}

	deadline = nw_mono_ns() + NW_ROUTE_TIMEOUT_NS;
	for (;;) {
		int pr = nw_wait_fd(s, POLLIN, deadline);

		if (pr == 0) {
			close(s);
			return nw_err_set(err, errlen, "routing socket: no answer from the kernel");
		}
		if (pr < 0) {
			int e = errno;

			close(s);
			return nw_err_set(err, errlen, "routing socket: poll: %s", strerror(e));
		}
		n = read(s, &m, sizeof(m));
		if (n < 0) {
			int e = errno;

			if (e == EINTR || e == EAGAIN)
				continue;
			close(s);
			return nw_err_set(err, errlen, "routing socket: read: %s", strerror(e));
		}
		/* Other processes' messages arrive too: keep only our answer. */
		if ((size_t)n < sizeof(struct rt_msghdr))
			continue;
		if (m.h.rtm_version != RTM_VERSION || m.h.rtm_type != RTM_GET ||
		    m.h.rtm_pid != pid || m.h.rtm_seq != myseq)
			continue;
		if (m.h.rtm_msglen < sizeof(struct rt_msghdr) || m.h.rtm_msglen > (size_t)n)
			continue;
		close(s);
		if (m.h.rtm_errno != 0)
			return m.h.rtm_errno == ESRCH ? ENETUNREACH : m.h.rtm_errno;
		rt_parse(&m, m.h.rtm_msglen, ans);
		return 0;
	}

toolong:
	return nw_err_set(err, errlen, "routing socket: request too long");
}

/* An answer to out; the family of the addresses is that of dst. */
static int rt_fill(const struct rt_answer *ans, int family, struct nw_route *out, const char *what,
		   char *err, size_t errlen)
{
	unsigned index = ans->index;

	memset(out, 0, sizeof(*out));
	if (ans->flags & (RTF_REJECT | RTF_BLACKHOLE)) {
		return nw_err_set(err, errlen, "%s: %s", what, strerror(ENETUNREACH));
	}
	if (ans->has_ifp && ans->ifp.sdl_index)
		index = ans->ifp.sdl_index;
	if (ans->ifname[0]) {
		memcpy(out->ifname, ans->ifname, sizeof(out->ifname));
	} else if (!index || !if_indextoname(index, out->ifname)) {
		return nw_err_set(err, errlen, "%s: the kernel named no interface", what);
	}
	out->ifindex = index ? index : if_nametoindex(out->ifname);
	/* A gateway only when the route goes through one; an on-link route's
	 * "gateway" is the interface's link-level address. */
	if ((ans->flags & RTF_GATEWAY) && ans->has_gateway_in)
		out->has_gateway = sa_to_addr(&ans->gateway, ans->gateway.ss_family, &out->gateway);
	if (ans->has_ifa)
		out->has_src = sa_to_addr(&ans->ifa, family, &out->src);
	return 0;
}

int nw_route_backend_get(const struct nw_addr *dst, const char *what, struct nw_route *out,
			 char *err, size_t errlen)
{
	struct rt_answer ans;
	int rc = rt_get(dst, false, &ans, err, errlen);

	if (rc < 0)
		return -1;
	if (rc > 0)
		return nw_err_set(err, errlen, "%s: %s", what, strerror(rc));
	return rt_fill(&ans, dst->family, out, what, err, errlen);
}

int nw_route_backend_default(int family, const char *what, struct nw_route *out, char *err,
			     size_t errlen)
{
	struct rt_answer ans;
	struct nw_addr any;
	int rc;

	memset(&any, 0, sizeof(any));
	any.family = family;
	rc = rt_get(&any, true, &ans, err, errlen);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return nw_err_set(err, errlen, "%s", what);
	return rt_fill(&ans, family, out, what, err, errlen);
}

#endif /* __APPLE__ || __FreeBSD__ */
