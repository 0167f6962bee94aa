/*
 * handshake_connect.c: nw-handshake connect HOST PORT: open a real
 * connection with the system's TCP stack (connect(2) on an ordinary
 * socket, RFC 9293) while capturing it on the route's interface, send the
 * request, read the answer, close, and keep capturing until both sides are
 * done (the client's TIME_WAIT reached), each wait bounded by -W.  A
 * SIGINT (SIGTERM) stops it where it is: what was traced is printed, then
 * "interrupted", and it exits 128 + the signal, as curl does.
 *
 * Order: resolve, route, bind the socket (to learn its port), open the
 * capture filtered on the 4-tuple, drop privileges, then connect.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "handshake_connect.h"
#include "handshake_session.h"
#include "handshake_text.h"
#include "cli/cli_priv.h"
#include "sys/route.h"
#include "base/timeutil.h"

#define QUIET_NS    (INT64_C(300) * NW_NS_PER_MS) /* an answer this quiet is complete */
#define REFUSED_NS  (INT64_C(300) * NW_NS_PER_MS) /* capture the RST of a refused SYN */
#define FIRST_LINE  200
#define REQUEST_MAX 4096
#define SNAPLEN	    262144

struct hs_conn {
	struct hs_run r;
	int fd;
	int fd_watch;	 /* the socket in the loop; -1 once closed */
	bool trace_only; /* pump() with no socket events: until both sides are done */
	short revents;	 /* what the socket became ready for */
	struct sockaddr_storage peer;
	socklen_t peer_len;
	uint64_t sent, received;
	char first_line[FIRST_LINE + 1];
	size_t line_len;
	bool line_done;
	const char *error; /* why the exchange stopped early; NULL when it did not */
	char errbuf[128];
	bool timed_out; /* the SYN was not answered within -W */
};

/* a and port as a socket address (a link-local one with its zone). */
static void to_sockaddr(const struct nw_addr *a, uint16_t port, struct sockaddr_storage *ss,
			socklen_t *len)
{
	*len = (socklen_t)nw_addr_to_sockaddr(a, port, ss);
}

/* A socket bound to the route's source address and an ephemeral port. */
static int bound_socket(const struct nw_route *rt, int family, uint16_t *lport)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct nw_addr any = {.family = family};
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		nw_fatal("socket: %s", strerror(errno));
	to_sockaddr(rt->has_src ? &rt->src : &any, 0, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		nw_fatal("bind: %s", strerror(errno));
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		nw_fatal("getsockname: %s", strerror(errno));
	*lport = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					  : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

/* Every packet the capture has ready, through the tracer. */
static void drain(struct hs_run *r)
{
	struct nw_cap_pkt cp;
	char err[256];
	int rc;

	while ((rc = nw_cap_next(r->cap, &cp, err, sizeof(err))) == 1)
		hs_handle(r, &cp);
	if (rc == -2)
		nw_fatal("%s", err);
}

static void on_frames(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct hs_conn *c = ctx;
	(void)fd;
	(void)revents;
	drain(&c->r);
	if (c->trace_only && c->r.finished)
		nw_loop_stop(l);
}

static void on_socket(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct hs_conn *c = ctx;
	(void)fd;
	c->revents = revents;
	nw_loop_stop(l);
}

/* The capture and the socket (its events set by pump) in the loop, before connecting. */
static void watch(struct hs_conn *c)
{
	hs_open_loop(&c->r);
	c->fd_watch = nw_loop_add_fd(c->r.loop, c->fd, 0, on_socket, c);
	if (c->fd_watch < 0 || nw_loop_add_cap(c->r.loop, c->r.cap, on_frames, c) < 0)
		nw_fatal("out of memory");
}

/*
 * Wait until the socket has one of events (its revents returned), the
 * deadline passes (0) or a signal asks to stop (-1), tracing packets
 * meanwhile.  events 0: only trace until the deadline or the connection
 * is over on both sides.
 */
static int pump(struct hs_conn *c, short events, int64_t deadline)
{
	drain(&c->r);
	if (c->r.stop)
		return -1;
	if (!events && c->r.finished)
		return 0;
	if (nw_mono_ns() >= deadline)
		return 0;
	c->trace_only = !events;
	c->revents = 0;
	if (c->fd_watch >= 0)
		nw_loop_set_events(c->r.loop, c->fd_watch, events);
	int rc = nw_loop_run(c->r.loop, deadline);
	if (rc < 0)
		nw_fatal_errno("poll");
	if (c->r.stop)
		return -1;
	if (rc == 0)
		drain(&c->r); /* the deadline: what came meanwhile is traced all the same */
	return rc == 1 ? c->revents : 0;
}

static void fail(struct hs_conn *c, const char *what, int err)
{
	snprintf(c->errbuf, sizeof(c->errbuf), "%s: %s", what, strerror(err));
	c->error = c->errbuf;
}

static bool do_connect(struct hs_conn *c)
{
	int err = 0, rc;
	socklen_t len = sizeof(err);

	if (connect(c->fd, (struct sockaddr *)&c->peer, c->peer_len) == 0)
		return true;
	if (errno != EINPROGRESS) {
		fail(c, "connect", errno);
		return false;
	}
	rc = pump(c, POLLOUT, nw_mono_ns() + c->r.cfg->timeout_ns);
	if (rc < 0)
		return false; /* interrupted */
	if (rc == 0) {
		fail(c, "connect", ETIMEDOUT);
		c->timed_out = true;
		return false;
	}
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err) {
		fail(c, "connect", err ? err : errno);
		return false;
	}
	return true;
}

static size_t request(const struct handshake_config *cfg, char *buf, size_t n)
{
	if (cfg->http_path) {
		int w = snprintf(buf, n,
				 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: nw-handshake/%s\r\n"
				 "Accept: */*\r\n\r\n",
				 cfg->http_path, cfg->connect_host, PACKAGE_VERSION);
		if (w < 0 || (size_t)w >= n)
			nw_fatal("the HTTP request is longer than %zu bytes", n);
		return (size_t)w;
	}
	if (!cfg->send)
		return 0;
	if (cfg->send_len > n)
		nw_fatal("--send: longer than %zu bytes", n);
	memcpy(buf, cfg->send, cfg->send_len);
	return cfg->send_len;
}

static bool do_send(struct hs_conn *c)
{
	char buf[REQUEST_MAX];
	size_t n = request(c->r.cfg, buf, sizeof(buf));
	int64_t deadline = nw_mono_ns() + c->r.cfg->timeout_ns;

	while (c->sent < n) {
		ssize_t w = send(c->fd, buf + c->sent, n - c->sent, MSG_NOSIGNAL);
		int rc;
		if (w > 0) {
			c->sent += (uint64_t)w;
		} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
			fail(c, "send", errno);
			return false;
		} else if ((rc = pump(c, POLLOUT, deadline)) <= 0) {
			if (rc == 0)
				fail(c, "send", ETIMEDOUT);
			return false;
		}
	}
	return true;
}

static void keep_first_line(struct hs_conn *c, const char *b, size_t n)
{
	for (size_t i = 0; i < n && !c->line_done; i++) {
		if (b[i] == '\r' || b[i] == '\n' || c->line_len >= FIRST_LINE) {
			c->line_done = true;
			break;
		}
		c->first_line[c->line_len++] = (b[i] >= 0x20 && b[i] < 0x7f) ? b[i] : '.';
	}
	c->first_line[c->line_len] = '\0';
}

/* Read until the peer closes, an error, or the answer has been quiet a while. */
static void do_read(struct hs_conn *c)
{
	char b[16384];
	int64_t start = nw_mono_ns();

	for (;;) {
		int64_t deadline =
		    c->received ? nw_mono_ns() + QUIET_NS : start + c->r.cfg->timeout_ns;
		if (pump(c, POLLIN, deadline) <= 0)
			break; /* quiet (or stop): the answer is complete */
		ssize_t n = recv(c->fd, b, sizeof(b), 0);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			fail(c, "recv", errno);
			break;
		}
		keep_first_line(c, b, (size_t)n);
		c->received += (uint64_t)n;
	}
}

/*
 * How long to keep capturing once the socket is closed: through the close
 * (-W), for the RST of a refused SYN, or not at all after a SYN nobody
 * answered (closing a connecting socket sends nothing).
 */
static int64_t tail_ns(const struct hs_conn *c, bool connected)
{
	if (connected)
		return c->r.cfg->timeout_ns;
	return c->timed_out ? 0 : REFUSED_NS;
}

/* A signal stopped the exchange: say so, as curl does; 128 + the signal. */
static int interrupted(struct hs_conn *c)
{
	hs_print_answer(&c->r.out, c->sent, c->received, c->first_line, "interrupted");
	hs_print_note(&c->r.out, "interrupted");
	return NW_EXIT_SIGNAL_BASE + c->r.stop_signal;
}

int hs_connect_run(const struct handshake_config *cfg)
{
	struct hs_conn c;
	struct nw_addr dst;
	struct nw_route rt;
	char err[256], a[NW_ADDRSTRLEN], b[NW_ADDRSTRLEN], bpf[256];
	const char *why;
	uint16_t lport;

	memset(&c, 0, sizeof(c));
	int family = cfg->family ? cfg->family : AF_UNSPEC;
	if (nw_addr_resolve(cfg->connect_host, family, &dst, &why) != 0)
		nw_fatal("cannot resolve %s: %s", cfg->connect_host, why);
	if (nw_route_get(&dst, &rt, err, sizeof(err)) != 0)
		nw_fatal("no route to %s: %s", nw_addr_ntop(&dst, a, sizeof(a)), err);
	c.fd = bound_socket(&rt, dst.family, &lport);
	to_sockaddr(&dst, cfg->connect_port, &c.peer, &c.peer_len);
	if (rt.has_src)
		snprintf(bpf, sizeof(bpf), "tcp and host %s and port %u and host %s and port %u",
			 nw_addr_ntop(&rt.src, a, sizeof(a)), lport,
			 nw_addr_ntop(&dst, b, sizeof(b)), cfg->connect_port);
	else
		snprintf(bpf, sizeof(bpf), "tcp and port %u and host %s and port %u", lport,
			 nw_addr_ntop(&dst, b, sizeof(b)), cfg->connect_port);
	hs_setup(&c.r, cfg);
	c.r.cap = nw_cap_open_live(rt.ifname, bpf, SNAPLEN, err, sizeof(err));
	if (!c.r.cap)
		nw_fatal("%s", err);
	hs_open_writer(&c.r);
	watch(&c); /* the loop is made before the drop: its pipe is a new descriptor */
	nw_cli_drop_privileges(NW_PRIV_STREAM);

	bool connected = do_connect(&c);
	if (connected && do_send(&c))
		do_read(&c);
	nw_loop_del(c.r.loop, c.fd_watch);
	c.fd_watch = -1;
	close(c.fd);
	/* Both sides done (the client's TIME_WAIT or CLOSED), or the bound. */
	pump(&c, 0, nw_mono_ns() + tail_ns(&c, connected));
	bool finished = c.r.finished;
	hs_finish(&c.r);
	if (c.r.stop) {
		int rc = interrupted(&c);
		hs_close_loop(&c.r);
		return rc;
	}
	hs_print_answer(&c.r.out, c.sent, c.received, c.first_line, c.error);
	if (connected && !finished)
		nw_warn("the close was not seen within the -W bound");
	hs_close_loop(&c.r);
	return connected ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}
