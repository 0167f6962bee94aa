/*
 * trace_sock_linux.c: traceroute probes on unprivileged sockets (Linux):
 * IP_RECVERR / IPV6_RECVERR (ip(7), ipv6(7)) on UDP and ping sockets
 * (icmp(7), net.ipv4.ping_group_range), the TTL per send in an IP_TTL /
 * IPV6_HOPLIMIT control message, SO_TIMESTAMPNS (socket(7)).  tracepath
 * (iputils) reads the error queue the same way.  See trace_sock.h.
 */
#include "config.h"

#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which uses struct timespec */

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/bytes.h"
#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/trace_sock.h"

static int sock_fail(int fd, char *err, size_t errlen, const char *what)
{
	int e = errno;

	nw_err_set(err, errlen, "%s: %s", what, strerror(e));
	if (fd >= 0)
		close(fd);
	errno = e;
	return -1;
}

/*
 * Errors queued with their offender, the answer's TTL, kernel receive times.
 * Path MTU (mtu): DF set (IPv6: no local fragmentation) and the interface's
 * MTU alone counts, not the route's cached path MTU (IP_PMTUDISC_PROBE, as
 * tracepath), so a probe leaves at the size the model asks; else no DF,
 * as raw mode's probes go.
 */
static int sock_options(int fd, int family, bool mtu)
{
	int on = 1, pmtu = mtu ? IP_PMTUDISC_PROBE : IP_PMTUDISC_DONT, pmtu6 = IPV6_PMTUDISC_PROBE;

	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) != 0)
		return -1;
	if (family == AF_INET6)
		return setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on)) != 0 ||
			       setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) !=
				   0 ||
			       (mtu && setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu6,
						  sizeof(pmtu6)) != 0)
			   ? -1
			   : 0;
	return setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)) != 0 ||
		       setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)) != 0 ||
		       setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)) != 0
		   ? -1
		   : 0;
}

int nw_trace_sock_open(struct nw_trace_config *tc, char *err, size_t errlen)
{
	int family = tc->src.family;
	bool icmp = tc->proto == NW_PROBE_ICMP;
	int proto = !icmp ? 0 : family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	struct sockaddr_storage ss;
	struct nw_addr bound;
	uint16_t port;
	socklen_t len;
	int fd;

	if (tc->proto != NW_PROBE_UDP && !icmp) {
		errno = EPERM;
		return nw_err_set(err, errlen, "socket mode has UDP and ICMP probes only");
	}
	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return sock_fail(fd, err, errlen, icmp ? "ping socket" : "socket");
	if (sock_options(fd, family, tc->mtu) != 0)
		return sock_fail(fd, err, errlen, "setsockopt");
	len = nw_addr_to_sockaddr(&tc->src, icmp ? 0 : tc->sport, &ss);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		return sock_fail(fd, err, errlen, "bind");
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    !nw_addr_from_sockaddr(&ss, &bound, &port))
		return sock_fail(fd, err, errlen, "getsockname");
	if (icmp)
		tc->echo_id = port; /* the kernel writes it into every echo */
	else
		tc->sport = port;
	return fd;
}

int nw_trace_sock_send(int fd, const struct nw_trace_packet *p)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct sockaddr_storage ss;
	uint8_t echo[8];
	struct iovec iov[2];
	struct msghdr msg = {0};
	struct cmsghdr *c;
	int ttl = (int)p->ttl, n = 0;
	bool v6 = p->key.dst.family == AF_INET6;

	memset(&u, 0, sizeof(u));
	msg.msg_name = &ss;
	msg.msg_namelen =
	    nw_addr_to_sockaddr(&p->key.dst, p->key.proto == NW_PROBE_UDP ? p->key.dport : 0, &ss);
	if (p->key.proto == NW_PROBE_ICMP) {
		echo[0] = v6 ? 128 : 8;
		echo[1] = 0;
		nw_put_be16(echo + 2, 0);	       /* the kernel's */
		nw_put_be16(echo + 4, p->key.echo_id); /* the kernel's: the socket's port */
		nw_put_be16(echo + 6, p->key.echo_seq);
		iov[n++] = (struct iovec){.iov_base = echo, .iov_len = sizeof(echo)};
	}
	iov[n++] = (struct iovec){.iov_base = (void *)p->payload, .iov_len = p->payload_len};
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)n;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
	c->cmsg_type = v6 ? IPV6_HOPLIMIT : IP_TTL;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &ttl, sizeof(ttl));
	/*
	 * With IP_RECVERR an ICMP error queued for the socket also fails the
	 * next send once (sk_err: ECONNREFUSED, EHOSTUNREACH...), the probe not
	 * sent: that error is an answer read from the queue, so send again.
	 */
	for (int attempt = 0; attempt < 2; attempt++) {
		if (sendmsg(fd, &msg, 0) >= 0)
			return 0;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
			return 1;
	}
	/* a Fragmentation Needed queued fails a send once with EMSGSIZE too: twice is ours */
	return errno == EMSGSIZE ? 2 : -1;
}

/* The kernel's receive time (CLOCK_REALTIME) moved onto the monotonic clock. */
static int64_t arrival(const struct timespec *ts)
{
	int64_t mono = nw_mono_ns(), age;

	if (!ts)
		return mono;
	age = nw_realtime_ns() - nw_ts_to_ns(*ts);
	return age > 0 && age < mono ? mono - age : mono;
}

/* The control messages: the error (error queue), the answer's TTL, the timestamp. */
static void read_cmsgs(struct msghdr *msg, struct nw_trace_answer *a,
		       const struct sock_extended_err **ee, struct timespec *ts, bool *has_ts)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		int v;
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(*ts))) {
			memcpy(ts, CMSG_DATA(c), sizeof(*ts));
			*has_ts = true;
		} else if (((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
			    (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR)) &&
			   c->cmsg_len >= CMSG_LEN(sizeof(**ee))) {
			*ee = (const struct sock_extended_err *)(const void *)CMSG_DATA(c);
		} else if (((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
			    (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) &&
			   c->cmsg_len >= CMSG_LEN(sizeof(v))) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			a->reply_ttl = v > 0 && v < 256 ? (uint8_t)v : 0;
		}
	}
}

/* An error from the queue: who sent it, what it was, the probe given back. */
static int from_error(const struct sock_extended_err *ee, const struct nw_trace_config *tc,
		      const struct sockaddr_storage *dst, struct nw_trace_answer *a)
{
	struct sockaddr_storage off;
	uint16_t port;

	if (ee->ee_origin == SO_EE_ORIGIN_LOCAL && ee->ee_errno == EMSGSIZE && ee->ee_info) {
		a->mtu = ee->ee_info; /* a send larger than the interface's MTU */
		return 3;
	}
	if (ee->ee_origin != SO_EE_ORIGIN_ICMP && ee->ee_origin != SO_EE_ORIGIN_ICMP6)
		return 2; /* another local error (no route) */
	memset(&off, 0, sizeof(off));
	memcpy(&off, SO_EE_OFFENDER(ee),
	       tc->dst.family == AF_INET6 ? sizeof(struct sockaddr_in6)
					  : sizeof(struct sockaddr_in));
	if (!nw_addr_from_sockaddr(&off, &a->from, &port))
		return 2;
	if (!nw_addr_from_sockaddr(dst, &(struct nw_addr){0}, &a->dport))
		a->dport = 0;
	a->icmp_type = ee->ee_type;
	a->icmp_code = ee->ee_code;
	if ((tc->dst.family == AF_INET && ee->ee_type == 3 && ee->ee_code == 4) ||
	    (tc->dst.family == AF_INET6 && ee->ee_type == 2))
		a->mtu = ee->ee_info;
	return 1;
}

/* ICMP: the echo header given back (an error) or answered (a reply, its type and code). */
static int echo_fields(const uint8_t *data, size_t len, const struct nw_trace_config *tc,
		       struct nw_trace_answer *a, bool error)
{
	struct nw_buf b;
	uint8_t type, code;
	uint16_t id;

	nw_buf_init(&b, data, len);
	if (!nw_buf_u8(&b, &type) || !nw_buf_u8(&b, &code) || !nw_buf_skip(&b, 2) ||
	    !nw_buf_u16(&b, &id) || !nw_buf_u16(&b, &a->echo_seq) || id != tc->echo_id)
		return 2;
	if (!error) {
		a->icmp_type = type;
		a->icmp_code = code;
	}
	return 1;
}

int nw_trace_sock_recv(int fd, const struct nw_trace_config *tc, struct nw_trace_answer *a,
		       uint8_t *buf, size_t buflen, int64_t *at_ns, char *err, size_t errlen)
{
	union {
		char buf[512];
		struct cmsghdr align;
	} u;
	struct sockaddr_storage name;
	struct iovec iov = {.iov_base = buf, .iov_len = buflen};
	struct msghdr msg = {0};
	const struct sock_extended_err *ee = NULL;
	struct timespec ts;
	bool has_ts = false, icmp = tc->proto == NW_PROBE_ICMP, queued = true;
	ssize_t n;
	int rc;

	msg.msg_name = &name;
	msg.msg_namelen = sizeof(name);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	n = recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		queued = false;
		msg.msg_namelen = sizeof(name);
		msg.msg_controllen = sizeof(u.buf);
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
	}
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		return nw_err_set(err, errlen, "recvmsg: %s", strerror(errno));
	}
	memset(a, 0, sizeof(*a));
	read_cmsgs(&msg, a, &ee, &ts, &has_ts);
	*at_ns = arrival(has_ts ? &ts : NULL);
	if (queued) {
		if (!ee)
			return 2;
		rc = from_error(ee, tc, &name, a);
		if (rc != 1)
			return rc;
		if (!icmp) { /* the UDP payload as sent (as much as the router quoted) */
			a->data = buf;
			a->data_len = (size_t)n < buflen ? (size_t)n : buflen;
			return 1;
		}
	} else {
		uint16_t port;
		/* a ping socket's echo reply; on a UDP socket, a datagram back: no probe's */
		if (!icmp || !nw_addr_from_sockaddr(&name, &a->from, &port))
			return 2;
	}
	return echo_fields(buf, (size_t)n < buflen ? (size_t)n : buflen, tc, a, queued);
}
