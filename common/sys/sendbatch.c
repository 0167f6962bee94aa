/* sendbatch.c: packets sent many per system call; see sendbatch.h. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sys/sendbatch.h"

/* A full socket buffer: waits of this long (ms), this many times, before the rest is lost. */
#define FULL_WAIT_MS 1
#define FULL_WAITS   10

struct nw_sendbatch {
	int fd;
	unsigned max, n;
	uint8_t (*pkt)[NW_SENDBATCH_PACKET];
	struct sockaddr_storage *to;
	socklen_t *tolen;
	size_t *len;
#ifdef HAVE_SENDMMSG
	struct mmsghdr *msg;
	struct iovec *iov;
#endif
};

struct nw_sendbatch *nw_sendbatch_new(int fd, unsigned max)
{
	struct nw_sendbatch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->fd = fd;
	b->max = max ? max : 1;
	b->pkt = calloc(b->max, sizeof(*b->pkt));
	b->to = calloc(b->max, sizeof(*b->to));
	b->tolen = calloc(b->max, sizeof(*b->tolen));
	b->len = calloc(b->max, sizeof(*b->len));
#ifdef HAVE_SENDMMSG
	b->msg = calloc(b->max, sizeof(*b->msg));
	b->iov = calloc(b->max, sizeof(*b->iov));
	if (!b->msg || !b->iov) {
		nw_sendbatch_free(b);
		return NULL;
	}
#endif
	if (!b->pkt || !b->to || !b->tolen || !b->len) {
		nw_sendbatch_free(b);
		return NULL;
	}
	return b;
}

void nw_sendbatch_free(struct nw_sendbatch *b)
{
	if (!b)
		return;
	free(b->pkt);
	free(b->to);
	free(b->tolen);
	free(b->len);
#ifdef HAVE_SENDMMSG
	free(b->msg);
	free(b->iov);
#endif
	free(b);
}

uint8_t *nw_sendbatch_slot(struct nw_sendbatch *b, const struct nw_addr *dst, uint16_t port)
{
	if (b->n == b->max)
		return NULL;
	b->tolen[b->n] = nw_addr_to_sockaddr(dst, port, &b->to[b->n]);
	return b->pkt[b->n];
}

void nw_sendbatch_commit(struct nw_sendbatch *b, size_t len)
{
	b->len[b->n++] = len < NW_SENDBATCH_PACKET ? len : NW_SENDBATCH_PACKET;
}

unsigned nw_sendbatch_pending(const struct nw_sendbatch *b)
{
	return b->n;
}

/* Send packets [from, b->n) from the first: how many went, -1 with errno for the first. */
static int send_some(struct nw_sendbatch *b, unsigned from)
{
#ifdef HAVE_SENDMMSG
	for (unsigned i = from; i < b->n; i++) {
		b->iov[i] = (struct iovec){.iov_base = b->pkt[i], .iov_len = b->len[i]};
		memset(&b->msg[i], 0, sizeof(b->msg[i]));
		b->msg[i].msg_hdr.msg_name = &b->to[i];
		b->msg[i].msg_hdr.msg_namelen = b->tolen[i];
		b->msg[i].msg_hdr.msg_iov = &b->iov[i];
		b->msg[i].msg_hdr.msg_iovlen = 1;
	}
	return sendmmsg(b->fd, b->msg + from, b->n - from, 0);
#else
	unsigned i = from;

	for (; i < b->n; i++)
		if (sendto(b->fd, b->pkt[i], b->len[i], 0, (struct sockaddr *)&b->to[i],
			   b->tolen[i]) < 0)
			break;
	return i > from ? (int)(i - from) : -1;
#endif
}

static bool buffer_full(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS || e == EINTR;
}

unsigned nw_sendbatch_flush(struct nw_sendbatch *b, unsigned *lost)
{
	unsigned done = 0, sent = 0, waits = 0;

	while (done < b->n) {
		int r = send_some(b, done);

		if (r > 0) {
			done += (unsigned)r;
			sent += (unsigned)r;
			continue;
		}
		if (buffer_full(errno) && waits++ < FULL_WAITS) {
			struct pollfd p = {.fd = b->fd, .events = POLLOUT};

			(void)poll(&p, 1, FULL_WAIT_MS);
			continue;
		}
		if (buffer_full(errno)) { /* still full: the rest is lost */
			*lost += b->n - done;
			break;
		}
		(*lost)++; /* this one refused: the others may go */
		done++;
	}
	b->n = 0;
	return sent;
}
