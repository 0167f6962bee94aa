/* banner.c: banner grabs over the system's TCP stack, in the caller's loop; see banner.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/timeutil.h"
#include "sys/banner.h"
#include "sys/tcpsock.h"

static const char probe[] = "HEAD / HTTP/1.0\r\n\r\n";

struct target {
	struct nw_addr addr;
	uint16_t port;
};

struct grab {
	struct nw_banners *owner;
	struct target t;
	int fd;	    /* -1: the slot is free */
	int watch;  /* -1: none */
	bool asked; /* the request went: the second half of the wait */
	struct nw_timer timer;
	uint8_t data[NW_BANNER_MAX];
	size_t len;
};

struct nw_banners {
	struct nw_loop *loop;
	int64_t wait_ns;
	nw_banner_fn fn;
	void *ctx;
	struct grab *grabs;
	unsigned parallel, running;
	struct target *queue; /* waiting their turn, first in first out */
	size_t head, tail, cap;
};

static void pump(struct nw_banners *b);

/* The grab is over: its socket closed, the caller told, the next waiting ones begun. */
static void finish(struct grab *g, int error)
{
	struct nw_banners *b = g->owner;
	struct target t = g->t;

	if (g->watch >= 0)
		nw_loop_del(b->loop, g->watch);
	nw_timer_cancel(b->loop, &g->timer);
	close(g->fd);
	g->fd = -1;
	g->watch = -1;
	b->running--;
	b->fn(b->ctx, &t.addr, t.port, g->data, g->len, error);
	pump(b);
}

static void on_readable(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct grab *g = ctx;
	ssize_t n = read(fd, g->data + g->len, sizeof(g->data) - g->len);

	(void)l;
	(void)revents;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		g->len += (size_t)n;
	finish(g, n < 0 ? errno : 0); /* the first bytes are the banner; EOF: none */
}

static void on_connected(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct grab *g = ctx;
	int error = 0;
	socklen_t len = sizeof(error);

	(void)revents;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
		error = errno;
	if (error == EINPROGRESS)
		return;
	if (error) {
		finish(g, error);
		return;
	}
	nw_loop_del(l, g->watch);
	g->watch = nw_loop_add_fd(l, fd, POLLIN, on_readable, g);
	if (g->watch < 0 || nw_timer_at(l, &g->timer, nw_mono_ns() + g->owner->wait_ns / 2) != 0)
		finish(g, ENOMEM);
}

/* Half the wait without a word: ask; the whole wait: give up. */
static void on_timer(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	struct grab *g = ctx;

	(void)t;
	if (g->asked || send(g->fd, probe, sizeof(probe) - 1, 0) < 0 ||
	    nw_timer_at(l, &g->timer, nw_mono_ns() + g->owner->wait_ns / 2) != 0) {
		finish(g, 0);
		return;
	}
	g->asked = true;
}

static int connect_to(const struct target *t)
{
	struct sockaddr_storage ss;
	socklen_t len = nw_addr_to_sockaddr(&t->addr, t->port, &ss);
	int fd = nw_tcp_socket_nonblock(t->addr.family);

	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, len) != 0 && errno != EINPROGRESS) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Start the grab of t in the free slot g: 0, or an errno (nothing started). */
static int begin(struct nw_banners *b, struct grab *g, const struct target *t)
{
	*g = (struct grab){.owner = b, .t = *t, .fd = -1, .watch = -1};
	nw_timer_init(&g->timer, on_timer, g);
	g->fd = connect_to(t);
	if (g->fd < 0)
		return errno;
	b->running++;
	g->watch = nw_loop_add_fd(b->loop, g->fd, POLLOUT, on_connected, g);
	if (g->watch < 0 || nw_timer_at(b->loop, &g->timer, nw_mono_ns() + b->wait_ns) != 0)
		finish(g, ENOMEM);
	return 0;
}

/* Begin what waits, while there are free slots (a grab that cannot start ends at once). */
static void pump(struct nw_banners *b)
{
	for (unsigned i = 0; i < b->parallel; i++)
		while (b->grabs[i].fd < 0 && b->head < b->tail) {
			struct target t = b->queue[b->head++];
			int error = begin(b, &b->grabs[i], &t);

			if (error)
				b->fn(b->ctx, &t.addr, t.port, NULL, 0, error);
		}
}

struct nw_banners *nw_banners_new(struct nw_loop *l, unsigned parallel, int64_t wait_ns,
				  nw_banner_fn fn, void *ctx)
{
	struct nw_banners *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	*b = (struct nw_banners){.loop = l,
				 .wait_ns = wait_ns,
				 .fn = fn,
				 .ctx = ctx,
				 .parallel = parallel ? parallel : 1};
	b->grabs = calloc(b->parallel, sizeof(*b->grabs));
	if (!b->grabs) {
		free(b);
		return NULL;
	}
	for (unsigned i = 0; i < b->parallel; i++)
		b->grabs[i].fd = -1;
	return b;
}

static int enqueue(struct nw_banners *b, const struct target *t)
{
	if (b->head == b->tail)
		b->head = b->tail = 0;
	if (nw_grow(&b->queue, &b->cap, b->tail, sizeof(*b->queue), 64) != 0)
		return -1;
	b->queue[b->tail++] = *t;
	return 0;
}

int nw_banners_start(struct nw_banners *b, const struct nw_addr *a, uint16_t port)
{
	struct target t = {.addr = *a, .port = port};

	if (enqueue(b, &t) != 0)
		return -1;
	pump(b);
	return 0;
}

bool nw_banners_idle(const struct nw_banners *b)
{
	return !b || (b->running == 0 && b->head == b->tail);
}

void nw_banners_free(struct nw_banners *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < b->parallel; i++)
		if (b->grabs[i].fd >= 0) {
			if (b->grabs[i].watch >= 0)
				nw_loop_del(b->loop, b->grabs[i].watch);
			nw_timer_cancel(b->loop, &b->grabs[i].timer);
			close(b->grabs[i].fd);
		}
	free(b->grabs);
	free(b->queue);
	free(b);
}
