/* loop.c: the event loop: poll() over descriptors, a deadline heap, signals by a self-pipe. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "sys/loop.h"

#define NO_SLOT	 SIZE_MAX
#define MAX_SIGS 8 /* signals one loop traps */
#define SIG_SLOT 0 /* watch 0 is the signal pipe's read end, so signals come first */

struct watch {
	bool used;
	int fd;
	short events;
	int64_t
	    period_ns; /* -1: the fd says when; >= 0: call after every poll, sleep at most this */
	nw_fd_cb cb;
	void *ctx;
};

struct trap {
	int sig;
	nw_signal_cb cb;
	void *ctx;
	struct sigaction old;
};

struct nw_loop {
	struct watch *w;
	struct pollfd *pfd; /* pfd[i] is w[i]'s; fd -1 when unused or events 0 */
	size_t nw, capw;
	struct nw_timer **heap;
	size_t nheap, capheap;
	uint64_t seq;
	bool stopped;
	struct trap traps[MAX_SIGS];
	int ntraps;
	int pipe_r, pipe_w;
};

/* The pipe of the loop that owns the signals, for the handler. */
static volatile sig_atomic_t sig_pipe_w = -1;
static struct nw_loop *sig_owner;

/* ---- descriptors ----------------------------------------------------------- */

static void sync_pfd(struct nw_loop *l, size_t i)
{
	const struct watch *w = &l->w[i];
	l->pfd[i].fd = w->used && w->events && w->fd >= 0 ? w->fd : -1;
	l->pfd[i].events = w->events;
	l->pfd[i].revents = 0;
}

static int grow_watches(struct nw_loop *l)
{
	size_t cap = l->capw ? l->capw * 2 : 8;
	struct watch *w = realloc(l->w, cap * sizeof(*w));
	if (!w)
		return -1;
	l->w = w;
	struct pollfd *p = realloc(l->pfd, cap * sizeof(*p));
	if (!p)
		return -1;
	l->pfd = p;
	l->capw = cap;
	return 0;
}

static int add_watch(struct nw_loop *l, int fd, short events, int64_t period_ns, nw_fd_cb cb,
		     void *ctx)
{
	size_t i = SIG_SLOT + 1;
	while (i < l->nw && l->w[i].used)
		i++;
	if (i == l->capw && grow_watches(l) != 0)
		return -1;
	if (i == l->nw)
		l->nw++;
	l->w[i] = (struct watch){
	    .used = true, .fd = fd, .events = events, .period_ns = period_ns, .cb = cb, .ctx = ctx};
	sync_pfd(l, i);
	return (int)i;
}

int nw_loop_add_fd(struct nw_loop *l, int fd, short events, nw_fd_cb cb, void *ctx)
{
	return add_watch(l, fd, events, -1, cb, ctx);
}

int nw_loop_add_cap(struct nw_loop *l, const struct nw_cap *c, nw_fd_cb cb, void *ctx)
{
	int fd = nw_cap_fd(c);
	return add_watch(l, fd, fd >= 0 ? POLLIN : 0, nw_cap_poll_period_ns(c), cb, ctx);
}

void nw_loop_set_events(struct nw_loop *l, int id, short events)
{
	l->w[id].events = events;
	sync_pfd(l, (size_t)id);
}

void nw_loop_del(struct nw_loop *l, int id)
{
	l->w[id].used = false;
	sync_pfd(l, (size_t)id);
}

/* ---- the deadline heap ----------------------------------------------------- */

static bool earlier(const struct nw_timer *a, const struct nw_timer *b)
{
	return a->deadline_ns < b->deadline_ns ||
	       (a->deadline_ns == b->deadline_ns && a->seq < b->seq);
}

static void heap_put(struct nw_loop *l, size_t i, struct nw_timer *t)
{
	l->heap[i] = t;
	t->slot = i;
}

static void sift_up(struct nw_loop *l, size_t i)
{
	struct nw_timer *t = l->heap[i];
	while (i > 0 && earlier(t, l->heap[(i - 1) / 2])) {
		heap_put(l, i, l->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_put(l, i, t);
}

static void sift_down(struct nw_loop *l, size_t i)
{
	struct nw_timer *t = l->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->nheap)
			break;
		if (c + 1 < l->nheap && earlier(l->heap[c + 1], l->heap[c]))
			c++;
		if (!earlier(l->heap[c], t))
			break;
		heap_put(l, i, l->heap[c]);
		i = c;
	}
	heap_put(l, i, t);
}

void nw_timer_init(struct nw_timer *t, nw_timer_cb cb, void *ctx)
{
	memset(t, 0, sizeof(*t));
	t->slot = NO_SLOT;
	t->cb = cb;
	t->ctx = ctx;
}

bool nw_timer_armed(const struct nw_timer *t)
{
	return t->slot != NO_SLOT;
}

int nw_timer_at(struct nw_loop *l, struct nw_timer *t, int64_t deadline_ns)
{
	if (!nw_timer_armed(t)) {
		if (l->nheap == l->capheap) {
			size_t cap = l->capheap ? l->capheap * 2 : 16;
			struct nw_timer **h = realloc(l->heap, cap * sizeof(*h));
			if (!h)
				return -1;
			l->heap = h;
			l->capheap = cap;
		}
		heap_put(l, l->nheap++, t);
	}
	t->deadline_ns = deadline_ns;
	t->seq = l->seq++;
	sift_up(l, t->slot);
	sift_down(l, t->slot);
	return 0;
}

void nw_timer_cancel(struct nw_loop *l, struct nw_timer *t)
{
	size_t i = t->slot;
	if (i == NO_SLOT)
		return;
	t->slot = NO_SLOT;
	struct nw_timer *last = l->heap[--l->nheap];
	if (last == t)
		return;
	heap_put(l, i, last);
	sift_up(l, i);
	sift_down(l, last->slot);
}

/* ---- signals ------------------------------------------------------------- */

/* Only a write: async-signal-safe, errno kept for the code it interrupted. */
static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	if (sig_pipe_w >= 0)
		(void)!write(sig_pipe_w, &b, 1);
	errno = saved;
}

static int set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void read_signals(struct nw_loop *l, int fd, short revents, void *ctx)
{
	unsigned char b;
	(void)revents;
	(void)ctx;
	/* One byte at a time: what a stop leaves unread waits for the next run. */
	while (!l->stopped && read(fd, &b, 1) == 1) {
		for (int i = 0; i < l->ntraps; i++)
			if (l->traps[i].sig == b)
				l->traps[i].cb(l, b, l->traps[i].ctx);
	}
}

static int open_pipe(struct nw_loop *l)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	if (set_flags(p[0]) != 0 || set_flags(p[1]) != 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		errno = e;
		return -1;
	}
	l->pipe_r = p[0];
	l->pipe_w = p[1];
	l->w[SIG_SLOT] = (struct watch){
	    .used = true, .fd = p[0], .events = POLLIN, .period_ns = -1, .cb = read_signals};
	sync_pfd(l, SIG_SLOT);
	sig_owner = l;
	sig_pipe_w = p[1];
	return 0;
}

int nw_loop_signal(struct nw_loop *l, int sig, nw_signal_cb cb, void *ctx)
{
	if ((sig_owner && sig_owner != l) || sig <= 0 || sig > 255) {
		errno = sig_owner && sig_owner != l ? EBUSY : EINVAL;
		return -1;
	}
	for (int i = 0; i < l->ntraps; i++) {
		if (l->traps[i].sig == sig) {
			l->traps[i].cb = cb;
			l->traps[i].ctx = ctx;
			return 0;
		}
	}
	if (l->ntraps == MAX_SIGS) {
		errno = ENOSPC;
		return -1;
	}
	if (l->pipe_r < 0 && open_pipe(l) != 0)
		return -1;
	struct trap *t = &l->traps[l->ntraps];
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocking call returns EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &t->old) != 0)
		return -1;
	t->sig = sig;
	t->cb = cb;
	t->ctx = ctx;
	l->ntraps++;
	return 0;
}

int nw_loop_on_interrupt(struct nw_loop *l, nw_signal_cb cb, void *ctx)
{
	if (nw_loop_signal(l, SIGINT, cb, ctx) != 0)
		return -1;
	return nw_loop_signal(l, SIGTERM, cb, ctx);
}

/* ---- the loop -------------------------------------------------------------- */

struct nw_loop *nw_loop_new(void)
{
	struct nw_loop *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->pipe_r = l->pipe_w = -1;
	if (grow_watches(l) != 0) {
		nw_loop_free(l);
		return NULL;
	}
	l->nw = 1; /* the signal slot, unused until a signal is trapped */
	l->w[SIG_SLOT] = (struct watch){.used = false, .fd = -1};
	sync_pfd(l, SIG_SLOT);
	return l;
}

void nw_loop_free(struct nw_loop *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->ntraps; i++)
		sigaction(l->traps[i].sig, &l->traps[i].old, NULL);
	if (sig_owner == l) {
		sig_pipe_w = -1;
		sig_owner = NULL;
	}
	if (l->pipe_r >= 0) {
		close(l->pipe_r);
		close(l->pipe_w);
	}
	for (size_t i = 0; i < l->nheap; i++)
		l->heap[i]->slot = NO_SLOT;
	free(l->heap);
	free(l->w);
	free(l->pfd);
	free(l);
}

void nw_loop_stop(struct nw_loop *l)
{
	l->stopped = true;
}

/* poll()'s timeout: the first timer, the run's deadline, the shortest capture period. */
static int poll_timeout(const struct nw_loop *l, int64_t deadline_ns, int64_t now)
{
	int64_t wake = INT64_MAX;
	if (l->nheap)
		wake = l->heap[0]->deadline_ns;
	if (deadline_ns && deadline_ns < wake)
		wake = deadline_ns;
	for (size_t i = 0; i < l->nw; i++)
		if (l->w[i].used && l->w[i].period_ns >= 0 && now + l->w[i].period_ns < wake)
			wake = now + l->w[i].period_ns;
	return wake == INT64_MAX ? -1 : nw_poll_timeout_ms(wake, now);
}

static bool idle(const struct nw_loop *l)
{
	for (size_t i = 0; i < l->nw; i++)
		if (l->pfd[i].fd >= 0 || (l->w[i].used && l->w[i].period_ns >= 0))
			return false;
	return l->nheap == 0;
}

static void dispatch_watches(struct nw_loop *l)
{
	for (size_t i = 0; i < l->nw && !l->stopped; i++) {
		short revents = l->pfd[i].revents;
		l->pfd[i].revents = 0;
		const struct watch w = l->w[i]; /* a callback may move the array */
		if (w.used && (revents || w.period_ns >= 0))
			w.cb(l, w.fd, revents, w.ctx);
	}
}

/* Timers due by now and armed before this round (one re-armed in a callback waits a round). */
static void dispatch_timers(struct nw_loop *l, int64_t now)
{
	uint64_t round = l->seq;
	while (!l->stopped && l->nheap && l->heap[0]->deadline_ns <= now &&
	       l->heap[0]->seq < round) {
		struct nw_timer *t = l->heap[0];
		nw_timer_cancel(l, t);
		t->cb(l, t, t->ctx);
	}
}

int nw_loop_run(struct nw_loop *l, int64_t deadline_ns)
{
	for (;;) {
		int64_t now = nw_mono_ns();
		if (l->stopped) {
			l->stopped = false; /* the next run runs */
			return 1;
		}
		if ((deadline_ns && now >= deadline_ns) || (!deadline_ns && idle(l)))
			return 0;
		if (poll(l->pfd, (nfds_t)l->nw, poll_timeout(l, deadline_ns, now)) < 0) {
			if (errno != EINTR)
				return -1;
			continue; /* the signal's byte is in the pipe */
		}
		dispatch_watches(l);
		dispatch_timers(l, nw_mono_ns());
	}
}

int nw_wait_fd(int fd, short events, int64_t deadline_ns)
{
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = events};
		int r = poll(&pfd, 1, nw_poll_timeout_ms(deadline_ns, nw_mono_ns()));
		if (r > 0)
			return 1;
		if (r == 0 && nw_mono_ns() >= deadline_ns)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}
