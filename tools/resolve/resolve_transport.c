/*
 * resolve_transport.c: nw-resolve on the wire: UDP with retransmissions and
 * a doubling wait (RFC 1035 section 4.2.1), TCP with a two-octet length
 * (RFC 7766), the fall-back to TCP when an answer is truncated, and the
 * checks that keep spoofed or stray datagrams out (RFC 5452 section 9.1:
 * source address and port, ID, question), and what became of each try
 * that got no answer (an ICMP error ends a UDP try at once: sys/sockerr.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "resolve_transport.h"
#include "base/timeutil.h"
#include "sys/loop.h"
#include "sys/sockerr.h"

#define MAX_WAIT_NS (INT64_C(60) * NW_NS_PER_S)

socklen_t resolve_sockaddr(const struct nw_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	return (socklen_t)nw_addr_to_sockaddr(a, port, ss);
}

bool resolve_same_peer(const struct sockaddr_storage *ss, const struct nw_addr *a, uint16_t port)
{
	if (ss->ss_family != a->family)
		return false;
	if (a->family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
		return sin->sin_addr.s_addr == a->u.v4.s_addr && ntohs(sin->sin_port) == port;
	}
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
	return memcmp(&sin6->sin6_addr, &a->u.v6, 16) == 0 && ntohs(sin6->sin6_port) == port;
}

bool resolve_matches(const struct nw_dns_query *q, const uint8_t *p, size_t n,
		     struct resolve_ignored *ign)
{
	struct nw_dns_header h;
	struct nw_dns_msg m;
	const char *why = NULL;

	if (nw_dns_header_parse(p, n, &h, &why) != NW_OK) {
		ign->malformed++;
		return false;
	}
	if (h.id != q->id) {
		ign->wrong_id++;
		return false;
	}
	if (!(h.flags & NW_DNS_F_QR)) {
		ign->not_response++;
		return false;
	}
	if (nw_dns_parse(p, n, &m, &why) != NW_OK) {
		ign->malformed++;
		return false;
	}
	/* RFC 5452 9.1: the question must be ours (FORMERR/NOTIMP may omit it). */
	if (!m.has_question) {
		if (m.rcode == NW_DNS_RCODE_FORMERR || m.rcode == NW_DNS_RCODE_NOTIMP)
			return true;
		ign->wrong_question++;
		return false;
	}
	if (m.h.qdcount != 1 || m.qtype != q->qtype || m.qclass != q->qclass ||
	    !nw_dns_name_equal(&m.qname, &q->qname)) {
		ign->wrong_question++;
		return false;
	}
	return true;
}

/* Keep a response that had our ID and question but did not decode, for the report. */
static void note_malformed(struct resolve_exchange *x, const uint8_t *p, size_t n)
{
	struct nw_dns_header h;
	struct nw_dns_msg m;
	const char *why = NULL;
	if (nw_dns_header_parse(p, n, &h, &why) == NW_OK && h.id == x->query.id &&
	    nw_dns_parse(p, n, &m, &why) != NW_OK)
		snprintf(x->malformed_why, sizeof x->malformed_why, "%s", why ? why : "malformed");
	else if (n < NW_DNS_HEADER_LEN)
		snprintf(x->malformed_why, sizeof x->malformed_why, "%s",
			 "response shorter than the DNS header");
	else
		return;
	memcpy(x->bad, p, n);
	x->bad_len = n;
}

static void accept_response(struct resolve_exchange *x, size_t n, int64_t sent_ns)
{
	const char *why = NULL;
	x->rlen = n;
	x->rtt_ms = nw_ns_to_ms(nw_mono_ns() - sent_ns);
	nw_dns_parse(x->resp, n, &x->msg, &why);
	x->result = resolve_classify(&x->msg);
}

enum resolve_result resolve_classify(const struct nw_dns_msg *m)
{
	if (m->rcode == NW_DNS_RCODE_NOERROR)
		return m->h.ancount ? RES_ANSWER : RES_NODATA;
	return m->rcode == NW_DNS_RCODE_NXDOMAIN ? RES_NXDOMAIN : RES_RCODE;
}

/* Why a try failed, in dig's words ("communications error to ...: connection refused"). */
static const char *comm_reason(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "connection refused";
	case EHOSTUNREACH:
		return "host unreachable";
	case ENETUNREACH:
		return "network unreachable";
	case ETIMEDOUT:
		return "timed out";
	default:
		return strerror(err);
	}
}

/* The errno of an ICMP error queued for a datagram to srv#port, or 0; others are dropped. */
static int icmp_error_from(int fd, const struct nw_addr *srv, uint16_t port)
{
	struct nw_sock_error e;
	while (nw_sock_error_next(fd, &e) == 1)
		if (resolve_same_peer(&e.dst, srv, port))
			return e.err;
	return 0;
}

/* Errors left for earlier servers: one pending would fail the next send (sk_err). */
static void drop_icmp_errors(int fd)
{
	struct nw_sock_error e;
	while (nw_sock_error_next(fd, &e) == 1)
		continue;
}

/* One UDP try to one server; true when an answer was accepted, else *why. */
static bool udp_try(int fd, const struct nw_addr *srv, uint16_t port, int64_t wait_ns,
		    struct resolve_exchange *x, const char **why)
{
	struct sockaddr_storage to, from;
	socklen_t tolen = resolve_sockaddr(srv, port, &to);
	int64_t sent = nw_mono_ns(), deadline = sent + wait_ns;
	int err;

	drop_icmp_errors(fd);
	if (sendto(fd, x->qbuf + NW_DNS_TCP_PREFIX, (size_t)x->qlen, 0, (struct sockaddr *)&to,
		   tolen) < 0) {
		x->error = strerror(errno);
		*why = comm_reason(errno);
		return false;
	}
	*why = "timed out";
	while (nw_wait_fd(fd, POLLIN, deadline) == 1) {
		socklen_t flen = sizeof from;
		if ((err = icmp_error_from(fd, srv, port)) != 0) {
			*why = comm_reason(err); /* port unreachable: refused, at once */
			return false;
		}
		ssize_t n =
		    recvfrom(fd, x->resp, 65535, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n < 0)
			continue; /* the error above, already read; or nothing yet */
		if (!resolve_same_peer(&from, srv, port)) {
			x->ignored.wrong_source++;
			continue;
		}
		if (!resolve_matches(&x->query, x->resp, (size_t)n, &x->ignored)) {
			note_malformed(x, x->resp, (size_t)n);
			continue;
		}
		accept_response(x, (size_t)n, sent);
		x->server = *srv;
		return true;
	}
	return false;
}

static bool read_full(int fd, uint8_t *p, size_t n, int64_t deadline)
{
	size_t got = 0;
	while (got < n) {
		if (nw_wait_fd(fd, POLLIN, deadline) != 1)
			return false;
		ssize_t r = read(fd, p + got, n - got);
		if (r <= 0) {
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			return false;
		}
		got += (size_t)r;
	}
	return true;
}

static bool tcp_connect(int fd, const struct nw_addr *srv, uint16_t port, int64_t deadline,
			struct resolve_exchange *x, const char **why)
{
	struct sockaddr_storage to;
	socklen_t tolen = resolve_sockaddr(srv, port, &to);
	int err = 0;
	socklen_t elen = sizeof err;

	if (connect(fd, (struct sockaddr *)&to, tolen) == 0)
		return true;
	if (errno != EINPROGRESS) {
		x->error = strerror(errno);
		*why = comm_reason(errno);
		return false;
	}
	if (nw_wait_fd(fd, POLLOUT, deadline) != 1) {
		x->error = "TCP connection timed out";
		*why = "timed out";
		return false;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
		x->error = strerror(err ? err : errno);
		*why = comm_reason(err ? err : errno);
		return false;
	}
	return true;
}

/* One TCP exchange; messages that are not our answer are counted and skipped; else *why. */
static bool tcp_try(const struct nw_addr *srv, uint16_t port, int64_t wait_ns,
		    struct resolve_exchange *x, const char **why)
{
	int64_t sent = nw_mono_ns(), deadline = sent + wait_ns;
	uint8_t len[2];
	size_t framed = NW_DNS_TCP_PREFIX + (size_t)x->qlen; /* qbuf holds the length in front */
	bool ok = false;
	int fd = socket(srv->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		nw_fatal("socket: %s", strerror(errno));
	if (!tcp_connect(fd, srv, port, deadline, x, why))
		goto out;
	if (write(fd, x->qbuf, framed) != (ssize_t)framed) {
		x->error = "TCP write failed";
		*why = "write failed";
		goto out;
	}
	for (int msgs = 0; msgs < 16; msgs++) {
		if (!read_full(fd, len, 2, deadline)) {
			x->error = "no answer over TCP";
			break;
		}
		size_t n = (size_t)len[0] << 8 | len[1];
		if (!read_full(fd, x->resp, n, deadline)) {
			x->error = "TCP answer cut short";
			break;
		}
		if (resolve_matches(&x->query, x->resp, n, &x->ignored)) {
			accept_response(x, n, sent);
			x->server = *srv;
			x->over_tcp = true;
			ok = true;
			break;
		}
		note_malformed(x, x->resp, n);
	}
	if (!ok) /* dig's words: the stream ended, or the wait did */
		*why = nw_mono_ns() >= deadline ? "timed out" : "end of file";
out:
	close(fd);
	return ok;
}

static int64_t try_wait(const struct resolve_transport *t, int attempt)
{
	int64_t w = t->timeout_ns;
	for (int i = 0; i < attempt && w < MAX_WAIT_NS; i++)
		w *= 2;
	return w < MAX_WAIT_NS ? w : MAX_WAIT_NS;
}

/* A try that got no answer, for dig's ";; communications error" lines. */
static void note_comm(struct resolve_exchange *x, const struct nw_addr *srv, bool tcp,
		      const char *why)
{
	if (x->ncomm < RESOLVE_MAX_COMM_ERRORS)
		x->comm[x->ncomm++] = (struct resolve_comm_error){*srv, tcp, why};
}

/* A TC answer over UDP: ask the same server over TCP; keep the UDP answer if TCP fails. */
static void retry_tcp(const struct resolve_transport *t, int attempt, struct resolve_exchange *x)
{
	struct resolve_exchange keep = *x;
	struct nw_addr srv = x->server;
	const char *why = NULL;
	if (tcp_try(&srv, t->port, try_wait(t, attempt), x, &why)) {
		x->truncated_udp = true;
		return;
	}
	const char *err = x->error;
	struct resolve_ignored ign = x->ignored;
	*x = keep;
	x->ignored = ign;
	x->error = err;
	note_comm(x, &srv, true, why);
}

static int udp_socket(int family, int fds[2])
{
	int i = family == AF_INET6;
	if (fds[i] < 0) {
		fds[i] = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fds[i] < 0 || nw_sock_errors_on(fds[i], family) != 0)
			nw_fatal("socket: %s", strerror(errno));
	}
	return fds[i];
}

void resolve_exchange(const struct resolve_transport *t, int first_server,
		      struct resolve_exchange *x)
{
	int fds[2] = {-1, -1};
	bool done = false;

	x->result = RES_TIMEOUT;
	x->port = t->port;
	x->error = NULL;
	x->malformed_why[0] = '\0';
	x->bad_len = 0;
	x->ncomm = 0;
	for (int attempt = 0; attempt < t->tries && !done; attempt++) {
		for (int k = 0; k < t->nservers && !done; k++) {
			const struct nw_addr *srv = &t->servers[(first_server + k) % t->nservers];
			const char *why = NULL;
			x->server = *srv;
			if (t->tcp_only)
				done = tcp_try(srv, t->port, try_wait(t, attempt), x, &why);
			else
				done = udp_try(udp_socket(srv->family, fds), srv, t->port,
					       try_wait(t, attempt), x, &why);
			if (!done)
				note_comm(x, srv, t->tcp_only, why);
			else if (!t->tcp_only && (x->msg.h.flags & NW_DNS_F_TC) && !t->ignore_tc)
				retry_tcp(t, attempt, x);
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (!done && x->malformed_why[0]) {
		x->result = RES_MALFORMED;
		x->error = x->malformed_why;
	} else if (!done && !x->error) {
		x->error = "no server answered";
	}
}
