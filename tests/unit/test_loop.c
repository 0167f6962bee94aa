/*
 * test_loop.c: the event loop (sys/loop.h): timers at their deadlines and
 * in order, cancel and re-arm, 10,000 timers, descriptors on socket pairs,
 * signals as events that cut a long wait, stop from a callback, the run's
 * deadline, nw_wait_fd, and captures (a file; as root, live on loopback).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "sys/loop.h"
#include "testlib.h"

#define MS   NW_NS_PER_MS
#define LATE (100 * MS) /* how late a timer may fire on a loaded, shared 2-core machine */

/* ---- timers ---------------------------------------------------------------- */

struct fired {
	int n, order[16];
	int64_t at[16];
	int stop_after; /* stop the loop once this many fired; 0: never */
};

struct probe_timer {
	struct nw_timer t;
	struct fired *log;
	int id;
};

static void on_probe_timer(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct probe_timer *p = ctx;
	CHECK(t == &p->t);
	CHECK(!nw_timer_armed(t));
	p->log->at[p->log->n] = nw_mono_ns();
	p->log->order[p->log->n++] = p->id;
	if (p->log->n == p->log->stop_after)
		nw_loop_stop(l);
}

static void arm(struct nw_loop *l, struct probe_timer *p, struct fired *log, int id, int64_t at)
{
	p->log = log;
	p->id = id;
	nw_timer_init(&p->t, on_probe_timer, p);
	CHECK_INT(nw_timer_at(l, &p->t, at), 0);
	CHECK(nw_timer_armed(&p->t));
}

static void test_order_and_time(void)
{
	/* 11 ms just after 10 ms: a loop that fires what is nearly due would fire it early. */
	static const int offset_ms[] = {50, 10, 30, 20, 40, 11};
	struct nw_loop *l = nw_loop_new();
	struct probe_timer p[6];
	struct fired log = {.stop_after = 6};
	int64_t t0 = nw_mono_ns();

	for (int i = 0; i < 6; i++)
		arm(l, &p[i], &log, i, t0 + offset_ms[i] * MS);
	CHECK_INT(nw_loop_run(l, t0 + 2000 * MS), 1);
	CHECK_INT(log.n, 6);
	static const int want[] = {1, 5, 3, 2, 4, 0};
	for (int i = 0; i < 6 && i < log.n; i++) {
		int id = log.order[i];
		int64_t due = t0 + offset_ms[id] * MS;
		CHECK_INT(id, want[i]);
		CHECK(log.at[i] >= due); /* never early */
		CHECK(log.at[i] - due <= LATE);
	}
	nw_loop_free(l);
}

static void test_cancel_rearm(void)
{
	struct nw_loop *l = nw_loop_new();
	struct probe_timer p[4];
	struct fired log = {0};
	int64_t t0 = nw_mono_ns();

	arm(l, &p[0], &log, 0, t0 + 10 * MS);
	arm(l, &p[1], &log, 1, t0 + 20 * MS);
	arm(l, &p[2], &log, 2, t0 + 30 * MS);
	arm(l, &p[3], &log, 3, t0 + 500 * MS);
	nw_timer_cancel(l, &p[1].t);
	CHECK(!nw_timer_armed(&p[1].t));
	nw_timer_cancel(l, &p[1].t); /* twice: nothing */
	/* Re-arm: 3 earlier than any, 0 later than 2. */
	CHECK_INT(nw_timer_at(l, &p[3].t, t0 + 5 * MS), 0);
	CHECK_INT(nw_timer_at(l, &p[0].t, t0 + 40 * MS), 0);
	CHECK_INT(nw_loop_run(l, t0 + 100 * MS), 0); /* the deadline ends it */
	CHECK(nw_mono_ns() >= t0 + 100 * MS);
	CHECK_INT(log.n, 3);
	CHECK_INT(log.order[0], 3);
	CHECK_INT(log.order[1], 2);
	CHECK_INT(log.order[2], 0);
	CHECK(log.n < 3 || log.at[0] - t0 < 30 * MS); /* 3 at 5 ms, not at 500 ms */
	nw_loop_free(l);
}

/* ---- 10,000 timers: heap order, ties first-armed first, cancels ------------ */

#define MANY 10000

struct many {
	struct nw_timer t[MANY];
	int armed[MANY]; /* when the test last armed it, counting every nw_timer_at */
	int narmed, last_armed, fired, out_of_order;
	int64_t last_deadline;
	bool fired_cancelled;
	unsigned seed;
};

static void on_many(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct many *m = ctx;
	int id = (int)(t - m->t);
	(void)l;
	if (id % 3 == 0)
		m->fired_cancelled = true;
	/* Deadlines never go back; within a tie, the order of arming. */
	if (t->deadline_ns < m->last_deadline ||
	    (t->deadline_ns == m->last_deadline && m->armed[id] < m->last_armed))
		m->out_of_order++;
	m->last_deadline = t->deadline_ns;
	m->last_armed = m->armed[id];
	m->fired++;
}

/* At a pseudo-random whole millisecond from 5 ms ago to 44 ms ahead: many ties, some due. */
static void arm_random(struct nw_loop *l, struct many *m, int i, int64_t t0)
{
	m->seed = m->seed * 1103515245 + 12345;
	m->armed[i] = m->narmed++;
	CHECK_INT(nw_timer_at(l, &m->t[i], t0 - 5 * MS + (int64_t)(m->seed >> 16) % 50 * MS), 0);
}

static void test_many(void)
{
	struct nw_loop *l = nw_loop_new();
	struct many *m = calloc(1, sizeof(*m));
	int64_t t0 = nw_mono_ns();

	m->seed = 12345;
	for (int i = 0; i < MANY; i++) {
		nw_timer_init(&m->t[i], on_many, m);
		arm_random(l, m, i, t0);
	}
	for (int i = 0; i < MANY; i += 3)
		nw_timer_cancel(l, &m->t[i]);
	/* Move another third, later or earlier (the heap sifts both ways). */
	for (int i = 1; i < MANY; i += 3)
		arm_random(l, m, i, t0);
	CHECK_INT(nw_loop_run(l, 0), 0); /* ends when no timer is left */
	CHECK_INT(m->fired, MANY - (MANY + 2) / 3);
	CHECK_INT(m->out_of_order, 0);
	CHECK(!m->fired_cancelled);
	CHECK(nw_mono_ns() - t0 < 2000 * MS);
	free(m);
	nw_loop_free(l);
}

/* ---- descriptors --------------------------------------------------------------- */

struct pair {
	int sv[2];
	struct nw_timer writer;
	int calls;
	short revents;
	char got[8];
	int64_t at;
	bool stop;
};

static void on_readable(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct pair *p = ctx;
	p->calls++;
	p->revents = revents;
	p->at = nw_mono_ns();
	CHECK(read(fd, p->got, sizeof(p->got)) > 0);
	if (p->stop)
		nw_loop_stop(l);
}

static void write_byte(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct pair *p = ctx;
	(void)l;
	(void)t;
	CHECK_INT(write(p->sv[1], "x", 1), 1);
}

static void test_fds(void)
{
	struct nw_loop *l = nw_loop_new();
	struct pair p = {.stop = true};
	int64_t t0 = nw_mono_ns();

	CHECK_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, p.sv), 0);
	int id = nw_loop_add_fd(l, p.sv[0], POLLIN, on_readable, &p);
	CHECK(id >= 0);
	nw_timer_init(&p.writer, write_byte, &p);
	nw_timer_at(l, &p.writer, t0 + 20 * MS);
	CHECK_INT(nw_loop_run(l, t0 + 2000 * MS), 1);
	CHECK_INT(p.calls, 1);
	CHECK(p.revents & POLLIN);
	CHECK(p.got[0] == 'x');
	CHECK(p.at >= t0 + 20 * MS && p.at - t0 < 20 * MS + LATE);

	/* events 0: not watched (the byte waits); then watched again. */
	nw_loop_set_events(l, id, 0);
	CHECK_INT(write(p.sv[1], "y", 1), 1);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 30 * MS), 0);
	CHECK_INT(p.calls, 1);
	nw_loop_set_events(l, id, POLLIN);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 2000 * MS), 1);
	CHECK_INT(p.calls, 2);
	CHECK(p.got[0] == 'y');

	/* Removed: never called again, and the slot is reused. */
	nw_loop_del(l, id);
	CHECK_INT(write(p.sv[1], "z", 1), 1);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 30 * MS), 0);
	CHECK_INT(p.calls, 2);
	CHECK_INT(nw_loop_add_fd(l, p.sv[0], POLLIN, on_readable, &p), id);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 2000 * MS), 1);
	CHECK_INT(p.calls, 3);

	/* nw_wait_fd: times out on nothing, then sees a byte. */
	int64_t t1 = nw_mono_ns();
	CHECK_INT(nw_wait_fd(p.sv[0], POLLIN, t1 + 20 * MS), 0);
	CHECK(nw_mono_ns() >= t1 + 20 * MS);
	CHECK_INT(write(p.sv[1], "w", 1), 1);
	CHECK_INT(nw_wait_fd(p.sv[0], POLLIN, nw_mono_ns() + 2000 * MS), 1);

	/* events 0 means no callback at all, even for a hang-up poll() reports unasked. */
	nw_loop_set_events(l, id, 0);
	close(p.sv[1]);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 30 * MS), 0);
	CHECK_INT(p.calls, 3);
	close(p.sv[0]);
	nw_loop_free(l);
}

/* A timer armed "now" by a descriptor's callback runs in that round, before the loop looks again.
 */
struct defer {
	struct nw_timer t;
	int64_t until;
	bool fired;
};

static void on_deferred(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)l;
	(void)t;
	((struct defer *)ctx)->fired = true;
}

static void defer_and_linger(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct defer *d = ctx;
	(void)fd;
	(void)revents;
	nw_timer_at(l, &d->t, nw_mono_ns());
	while (nw_mono_ns() < d->until)
		; /* past the run's deadline: a later round would never come */
}

static void test_same_round(void)
{
	struct nw_loop *l = nw_loop_new();
	struct defer d = {.until = nw_mono_ns() + 20 * MS};
	int sv[2];

	CHECK_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_INT(write(sv[1], "x", 1), 1);
	nw_timer_init(&d.t, on_deferred, &d);
	CHECK(nw_loop_add_fd(l, sv[0], POLLIN, defer_and_linger, &d) >= 0);
	CHECK_INT(nw_loop_run(l, d.until - 10 * MS), 0);
	CHECK(d.fired);
	close(sv[0]);
	close(sv[1]);
	nw_loop_free(l);
}

/* ---- stop, deadline, nothing to do -------------------------------------------- */

static void test_stop(void)
{
	struct nw_loop *l = nw_loop_new();
	struct probe_timer p[3];
	struct fired log = {.stop_after = 1};
	int64_t t0 = nw_mono_ns();

	/* Nothing to wait for and no deadline: back at once. */
	CHECK_INT(nw_loop_run(l, 0), 0);
	/* Stopped before the run: back at once, and only that run. */
	nw_loop_stop(l);
	CHECK_INT(nw_loop_run(l, t0 + 2000 * MS), 1);
	CHECK(nw_mono_ns() - t0 < LATE);
	/* Three due together: the first stops the loop, the others wait for the next run. */
	for (int i = 0; i < 3; i++)
		arm(l, &p[i], &log, i, t0 + 10 * MS);
	CHECK_INT(nw_loop_run(l, t0 + 2000 * MS), 1);
	CHECK_INT(log.n, 1);
	CHECK_INT(log.order[0], 0);
	CHECK(nw_timer_armed(&p[1].t) && nw_timer_armed(&p[2].t));
	log.stop_after = 0;
	CHECK_INT(nw_loop_run(l, 0), 0);
	CHECK_INT(log.n, 3);
	CHECK(log.order[1] == 1 && log.order[2] == 2);
	/* The deadline alone ends a run, not before. */
	int64_t t1 = nw_mono_ns();
	CHECK_INT(nw_loop_run(l, t1 + 25 * MS), 0);
	CHECK(nw_mono_ns() >= t1 + 25 * MS);
	CHECK(nw_mono_ns() - t1 < 25 * MS + LATE);
	nw_loop_free(l);
}

/* A timer that re-arms itself in the past fires once per round, so descriptors still run. */
struct spin {
	struct nw_timer t;
	int fired;
};

static void on_spin(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct spin *s = ctx;
	if (++s->fired == 1000)
		nw_loop_stop(l); /* starving: give up */
	else
		nw_timer_at(l, t, t->deadline_ns);
}

static void test_no_starvation(void)
{
	struct nw_loop *l = nw_loop_new();
	struct pair p = {.stop = true};
	struct spin s = {0};

	CHECK_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, p.sv), 0);
	int64_t past = nw_mono_ns() - MS;
	nw_timer_init(&s.t, on_spin, &s);
	nw_timer_at(l, &s.t, past);
	CHECK(nw_loop_add_fd(l, p.sv[0], POLLIN, on_readable, &p) >= 0);
	/* Due with the spinner, armed after it: the byte comes in the first round. */
	nw_timer_init(&p.writer, write_byte, &p);
	nw_timer_at(l, &p.writer, past);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 2000 * MS), 1);
	CHECK_INT(p.calls, 1);
	CHECK(s.fired < 1000);
	close(p.sv[0]);
	close(p.sv[1]);
	nw_loop_free(l);
}

/* ---- signals -------------------------------------------------------------------- */

struct sigs {
	int n, last;
	bool stop;
};

static void on_sig(struct nw_loop *l, int sig, void *ctx)
{
	struct sigs *s = ctx;
	s->n++;
	s->last = sig;
	if (s->stop)
		nw_loop_stop(l);
}

static void kill_self(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)l;
	(void)t;
	kill(getpid(), *(int *)ctx);
}

static void test_signals(void)
{
	struct nw_loop *l = nw_loop_new();
	struct sigs s = {.stop = true};
	struct sigaction before, after;
	int sigint = SIGINT;

	CHECK_INT(sigaction(SIGINT, NULL, &before), 0);
	CHECK_INT(nw_loop_on_interrupt(l, on_sig, &s), 0); /* SIGINT and SIGTERM */
	CHECK_INT(nw_loop_signal(l, SIGALRM, on_sig, &s), 0);
	/* Raised before the run: waits in the pipe, first thing delivered. */
	raise(SIGTERM);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 2000 * MS), 1);
	CHECK_INT(s.n, 1);
	CHECK_INT(s.last, SIGTERM);

	/* From a timer of the loop: kill(getpid()). */
	struct nw_timer t;
	nw_timer_init(&t, kill_self, &sigint);
	nw_timer_at(l, &t, nw_mono_ns() + 10 * MS);
	CHECK_INT(nw_loop_run(l, nw_mono_ns() + 2000 * MS), 1);
	CHECK_INT(s.n, 2);
	CHECK_INT(s.last, SIGINT);

	/* From outside, into a long wait (nothing else can wake it: no deadline, no timer). */
	struct itimerval it = {.it_value = {.tv_sec = 0, .tv_usec = 30000}};
	int64_t t0 = nw_mono_ns();
	CHECK_INT(setitimer(ITIMER_REAL, &it, NULL), 0);
	CHECK_INT(nw_loop_run(l, t0 + 5000 * MS), 1);
	CHECK_INT(s.n, 3);
	CHECK_INT(s.last, SIGALRM);
	CHECK(nw_mono_ns() - t0 < 30 * MS + LATE);

	/* A second loop cannot take the handlers; freeing puts the old ones back. */
	struct nw_loop *other = nw_loop_new();
	errno = 0;
	CHECK_INT(nw_loop_signal(other, SIGINT, on_sig, &s), -1);
	CHECK_INT(errno, EBUSY);
	nw_loop_free(l);
	CHECK_INT(sigaction(SIGINT, NULL, &after), 0);
	CHECK(after.sa_handler == before.sa_handler);
	CHECK_INT(nw_loop_signal(other, SIGINT, on_sig, &s), 0);
	nw_loop_free(other);
}

/* ---- captures -------------------------------------------------------------------- */

struct capread {
	struct nw_cap *c;
	int packets, calls, end;
	bool stop_on_packet;
};

static void on_cap(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct capread *r = ctx;
	struct nw_cap_pkt pkt;
	char err[256];
	int rc;
	(void)fd;
	(void)revents;
	r->calls++;
	/* One packet per call, so a file needs many calls. */
	rc = nw_cap_next(r->c, &pkt, err, sizeof(err));
	if (rc == 1)
		r->packets++;
	if (rc < 0) {
		r->end = rc;
		nw_loop_stop(l);
	}
	if (rc == 1 && r->stop_on_packet)
		nw_loop_stop(l);
}

static void test_cap_file(void)
{
	const char *pcaps = getenv("NW_PCAPS");
	char path[1024], err[256];
	struct nw_cap_pkt pkt;
	int want = 0;

	if (!pcaps) {
		fprintf(stderr, "NW_PCAPS not set: capture file part skipped\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/dns-badcookie.pcap", pcaps);
	struct capread r = {.c = nw_cap_open_file(path, NULL, err, sizeof(err))};
	CHECK(r.c != NULL);
	if (!r.c)
		return;
	while (nw_cap_next(r.c, &pkt, err, sizeof(err)) == 1)
		want++;
	nw_cap_close(r.c);
	CHECK(want > 1);

	r.c = nw_cap_open_file(path, NULL, err, sizeof(err));
	struct nw_loop *l = nw_loop_new();
	CHECK_INT(nw_cap_poll_period_ns(r.c), 0);
	CHECK(nw_loop_add_cap(l, r.c, on_cap, &r) >= 0);
	int64_t t0 = nw_mono_ns();
	CHECK_INT(nw_loop_run(l, t0 + 5000 * MS), 1);
	CHECK(nw_mono_ns() - t0 < 1000 * MS); /* a file never waits */
	CHECK_INT(r.packets, want);
	CHECK_INT(r.end, -1);
	CHECK_INT(r.calls, want + 1);
	nw_cap_close(r.c);
	nw_loop_free(l);
}

struct sender {
	struct nw_timer t;
	int fd;
	struct sockaddr_in to;
};

static void send_datagram(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct sender *s = ctx;
	(void)l;
	(void)t;
	CHECK_INT(sendto(s->fd, "loop", 4, 0, (struct sockaddr *)&s->to, sizeof(s->to)), 4);
}

static void test_cap_live(void)
{
	char err[256], filter[64];
	struct sender s = {.fd = socket(AF_INET, SOCK_DGRAM, 0)};

	if (geteuid() != 0) {
		fprintf(stderr, "not root: live capture part skipped\n");
		close(s.fd);
		return;
	}
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	uint16_t port = (uint16_t)(40000 + rand() % 20000);
	snprintf(filter, sizeof(filter), "udp and dst port %u", port);
	struct capread r = {.c = nw_cap_open_live("lo", filter, 2048, err, sizeof(err)),
			    .stop_on_packet = true};
	CHECK(r.c != NULL);
	if (!r.c) {
		fprintf(stderr, "nw_cap_open_live: %s\n", err);
		close(s.fd);
		return;
	}
	struct nw_loop *l = nw_loop_new();
	CHECK(nw_loop_add_cap(l, r.c, on_cap, &r) >= 0);
	s.to.sin_family = AF_INET;
	s.to.sin_port = htons(port);
	s.to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	nw_timer_init(&s.t, send_datagram, &s);
	int64_t t0 = nw_mono_ns();
	nw_timer_at(l, &s.t, t0 + 20 * MS);
	CHECK_INT(nw_loop_run(l, t0 + 5000 * MS), 1);
	CHECK_INT(r.packets, 1);
	CHECK(nw_mono_ns() - t0 < 20 * MS + 200 * MS); /* woken by the packet, not the deadline */
	close(s.fd);
	nw_cap_close(r.c);
	nw_loop_free(l);
}

int main(void)
{
	test_order_and_time();
	test_cancel_rearm();
	test_many();
	test_fds();
	test_same_round();
	test_stop();
	test_no_starvation();
	test_signals();
	test_cap_file();
	test_cap_live();
	return nw_test_result("test_loop");
}
