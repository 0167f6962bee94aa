/*
 * dheap.c: a binary min-heap of per-index deadlines with a position table,
 * so any index can be moved or removed without a search.
 */
#include "config.h"

#include <stdlib.h>

#include "probe/dheap.h"

int nw_dheap_init(struct nw_dheap *h, uint32_t n)
{
	h->len = 0;
	h->n = n;
	h->heap = malloc((n ? n : 1) * sizeof *h->heap);
	h->pos = malloc((n ? n : 1) * sizeof *h->pos);
	h->when = malloc((n ? n : 1) * sizeof *h->when);
	if (!h->heap || !h->pos || !h->when) {
		nw_dheap_free(h);
		return -1;
	}
	for (uint32_t i = 0; i < n; i++)
		h->pos[i] = NW_DHEAP_OUT;
	return 0;
}

void nw_dheap_free(struct nw_dheap *h)
{
	free(h->heap);
	free(h->pos);
	free(h->when);
	h->heap = h->pos = NULL;
	h->when = NULL;
	h->len = 0;
}

static void place(struct nw_dheap *h, uint32_t at, uint32_t i)
{
	h->heap[at] = i;
	h->pos[i] = at;
}

static void sift_up(struct nw_dheap *h, uint32_t at)
{
	uint32_t i = h->heap[at];
	while (at > 0) {
		uint32_t parent = (at - 1) / 2;
		if (h->when[h->heap[parent]] <= h->when[i])
			break;
		place(h, at, h->heap[parent]);
		at = parent;
	}
	place(h, at, i);
}

static void sift_down(struct nw_dheap *h, uint32_t at)
{
	uint32_t i = h->heap[at];
	for (;;) {
		uint32_t child = 2 * at + 1;
		if (child >= h->len)
			break;
		if (child + 1 < h->len && h->when[h->heap[child + 1]] < h->when[h->heap[child]])
			child++;
		if (h->when[i] <= h->when[h->heap[child]])
			break;
		place(h, at, h->heap[child]);
		at = child;
	}
	place(h, at, i);
}

void nw_dheap_set(struct nw_dheap *h, uint32_t i, int64_t when)
{
	uint32_t at = h->pos[i];
	h->when[i] = when;
	if (at == NW_DHEAP_OUT) {
		at = h->len++;
		place(h, at, i);
	}
	sift_up(h, at);
	sift_down(h, h->pos[i]);
}

void nw_dheap_remove(struct nw_dheap *h, uint32_t i)
{
	uint32_t at = h->pos[i];
	if (at == NW_DHEAP_OUT)
		return;
	h->pos[i] = NW_DHEAP_OUT;
	uint32_t last = h->heap[--h->len];
	if (at == h->len)
		return;
	place(h, at, last);
	sift_up(h, at);
	sift_down(h, h->pos[last]);
}

bool nw_dheap_top(const struct nw_dheap *h, uint32_t *i)
{
	if (h->len == 0)
		return false;
	*i = h->heap[0];
	return true;
}
