/*
 * scan_run_connect.c: connect() probes without privilege: a non-blocking
 * socket per probe, watched for POLLOUT in the loop, as many at once as
 * the open-file limit allows (the soft limit raised to the hard one; a
 * failure to get a descriptor anyway is the model's "would block", never a
 * port's state).  A socket that connected, or may have, is closed with a
 * RST (SO_LINGER 0): no TIME_WAIT left, no orderly close for the service
 * to log.  See scan_run.h.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/scan_run_internal.h"
#include "sys/sockerr.h"
#include "sys/tcpsock.h"

/* Descriptors left for everything else (stdio, the loop's pipe, a names helper...). */
#define NW_SCAN_FD_RESERVE 16
/* connect()s at once, at most: poll() looks at each of them on every wake. */
#define NW_SCAN_CONNECT_MAX 2048

/* The soft limit on open files raised to the hard one; the connect()s it leaves room for. */
static uint32_t connect_slots(void)
{
	struct rlimit rl;
	rlim_t room;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 64;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit up = {.rlim_cur = rl.rlim_max, .rlim_max = rl.rlim_max};

		if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 1u << 20)
			up.rlim_cur = 1u << 20;
		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl.rlim_cur = up.rlim_cur;
	}
	room = rl.rlim_cur > 2 * NW_SCAN_FD_RESERVE ? rl.rlim_cur - NW_SCAN_FD_RESERVE
						    : rl.rlim_cur / 2;
	if (room < 1)
		room = 1;
	return room > NW_SCAN_CONNECT_MAX ? NW_SCAN_CONNECT_MAX : (uint32_t)room;
}

int nw_scan_connect_open(struct nw_scan_run *r, char *err, size_t errlen)
{
	uint32_t slots = connect_slots();

	if (r->cfg.scan.window > slots)
		r->cfg.scan.window = slots;
	r->nconns = r->cfg.scan.window;
	r->conns = calloc(r->nconns, sizeof(*r->conns));
	r->free_slots = calloc(r->nconns, sizeof(*r->free_slots));
	r->queued = calloc(r->nconns, sizeof(*r->queued));
	if (!r->conns || !r->free_slots || !r->queued || nw_idmap_init(&r->by_probe, r->nconns))
		return nw_err_set(err, errlen, "out of memory");
	for (uint32_t i = 0; i < r->nconns; i++) {
		r->conns[i] = (struct nw_scan_conn){.run = r, .fd = -1, .watch = -1};
		r->free_slots[r->nfree++] = r->nconns - 1 - i;
	}
	return 0;
}

/* A close that sends a RST if the socket is connected (none in SYN_SENT or refused). */
static void close_with_reset(int fd)
{
	struct linger lg = {.l_onoff = 1, .l_linger = 0};

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)); /* else a FIN: no harm */
	close(fd);
}

/*
 * Close slot's socket and free it; error: what connect() said, or -1 when
 * nothing yet (timed out, cancelled: it may connect any moment).  Only a
 * socket that never connected skips SO_LINGER: one syscall fewer for each
 * closed or filtered port, most of a scan (14% of its system calls).
 */
static void release_slot(struct nw_scan_run *r, uint32_t slot, int error)
{
	struct nw_scan_conn *c = &r->conns[slot];

	if (c->watch >= 0 && r->loop)
		nw_loop_del(r->loop, c->watch);
	if (error > 0)
		close(c->fd);
	else
		close_with_reset(c->fd);
	nw_idmap_del(&r->by_probe, c->j);
	*c = (struct nw_scan_conn){.run = r, .fd = -1, .watch = -1};
	r->free_slots[r->nfree++] = slot;
}

void nw_scan_connect_release(struct nw_scan_run *r, uint64_t j)
{
	uint32_t slot;

	if (nw_idmap_get(&r->by_probe, j, &slot) && r->conns[slot].watch >= 0)
		release_slot(r, slot, -1); /* a queued outcome's slot goes when it is handed over */
}

/* The ICMP message behind fd's failed connect(), from its error queue: false when none. */
static bool icmp_of(int fd, struct nw_scan_icmp *icmp)
{
	struct nw_sock_error e;
	uint16_t port;

	while (nw_sock_error_next(fd, &e) == 1) {
		if (!e.icmp)
			continue;
		icmp->type = e.type;
		icmp->code = e.code;
		if (!e.has_from || !nw_addr_from_sockaddr(&e.from, &icmp->from, &port))
			icmp->from.family = AF_UNSPEC;
		return true;
	}
	return false;
}

/* connect() ended for c: hand the outcome (and the ICMP message behind an error) to the model. */
static void hand_over(struct nw_scan_run *r, uint32_t slot, int error)
{
	uint64_t j = r->conns[slot].j;
	struct nw_scan_icmp icmp;
	bool has_icmp = error && icmp_of(r->conns[slot].fd, &icmp);
	const char *why;

	release_slot(r, slot, error);
	nw_scan_connected(r->scan, j, error, has_icmp ? &icmp : NULL, nw_mono_ns(), &why);
}

static void on_connect(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct nw_scan_conn *c = ctx;
	struct nw_scan_run *r = c->run;
	int error = 0;
	socklen_t len = sizeof(error);

	(void)revents;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
		error = errno;
	if (error == EINPROGRESS || error == EALREADY)
		return; /* not over yet (a spurious wake) */
	hand_over(r, (uint32_t)(c - r->conns), error);
	/*
	 * Tick once every ready socket is read (timers run after them): a tick
	 * here would time out probes whose outcome waits in the next socket.
	 */
	if (nw_timer_at(l, &r->tick, nw_mono_ns()) != 0)
		nw_scan_run_fail(r, "out of memory");
}

/* Outcomes connect() gave at once, handed over once the loop is out of the send. */
static void on_queued(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct nw_scan_run *r = ctx;
	uint32_t n = r->nqueued;

	(void)l;
	(void)t;
	r->nqueued = 0;
	for (uint32_t i = 0; i < n; i++)
		hand_over(r, r->queued[i], r->conns[r->queued[i]].error);
	nw_scan_run_step(r);
}

static int queue_outcome(struct nw_scan_run *r, uint32_t slot, int error)
{
	r->conns[slot].error = error;
	r->queued[r->nqueued++] = slot;
	return nw_timer_at(r->loop, &r->queued_timer, nw_mono_ns()) == 0 ? 0 : -1;
}

/*
 * An ICMP or ICMPv6 unreachable answering the SYN, queued (IP_RECVERR /
 * IPV6_RECVERR): connect() fails at once, and the message's type, code and
 * sender can be read back (icmp_of).  Without IPV6_RECVERR, Linux holds an
 * ICMPv6 unreachable as a soft error until its own SYN retransmission a
 * second later, so that a scan's wait (tens of ms) ended first and an
 * admin-prohibited port came out "no-response"; IPv4's unreachables fail
 * the connect() at once either way, but as EHOSTUNREACH whatever the code.
 */
/* A non-blocking socket that hears of unreachables at once, and what they were. */
static int connect_socket(int family)
{
	int fd = nw_tcp_socket_nonblock(family);

	if (fd < 0)
		return -1;
	if (nw_sock_errors_on(fd, family) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Errors that say this machine is short of something, not what the port is. */
static bool local_shortage(int e)
{
	return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM || e == EAGAIN ||
	       e == EADDRNOTAVAIL;
}

int nw_scan_connect_send(struct nw_scan_run *r, const struct nw_scan_probe *p)
{
	struct sockaddr_storage ss;
	socklen_t len;
	uint32_t slot;
	struct nw_scan_conn *c;

	if (p->attempt > 0)
		nw_scan_connect_release(r, p->j);
	if (!r->nfree)
		return 1;
	slot = r->free_slots[r->nfree - 1];
	c = &r->conns[slot];
	c->fd = connect_socket(p->key.dst.family);
	if (c->fd < 0)
		return local_shortage(errno) ? 1 : -1;
	r->nfree--;
	c->j = p->j;
	nw_idmap_set(&r->by_probe, p->j, slot);
	len = nw_addr_to_sockaddr(&p->key.dst, p->key.dport, &ss);
	if (connect(c->fd, (struct sockaddr *)&ss, len) == 0)
		return queue_outcome(r, slot, 0);
	if (errno == EINPROGRESS) {
		c->watch = nw_loop_add_fd(r->loop, c->fd, POLLOUT, on_connect, c);
		return c->watch >= 0 ? 0 : -1;
	}
	if (local_shortage(errno)) {
		release_slot(r, slot, errno);
		return 1;
	}
	return queue_outcome(r, slot, errno);
}

int nw_scan_connect_watch(struct nw_scan_run *r)
{
	nw_timer_init(&r->queued_timer, on_queued, r);
	return 0;
}

void nw_scan_connect_close(struct nw_scan_run *r)
{
	for (uint32_t i = 0; r->conns && i < r->nconns; i++)
		if (r->conns[i].fd >= 0)
			release_slot(r, i, -1);
	free(r->conns);
	free(r->free_slots);
	free(r->queued);
	nw_idmap_free(&r->by_probe);
	r->conns = NULL;
}
