/*
 * dheap.h: a binary min-heap of deadlines over the indices 0..n-1 (the
 * probe engine's slots): each index is in it at most once, with one
 * deadline; the earliest is read in O(1), and adding, moving or removing
 * any index costs O(log n).  Memory is fixed at nw_dheap_init(); ties
 * leave in no particular order.
 */
#ifndef NW_PROBE_DHEAP_H
#define NW_PROBE_DHEAP_H

#include <stdbool.h>
#include <stdint.h>

struct nw_dheap {
	uint32_t *heap; /* indices, heap-ordered by when[] */
	uint32_t *pos;	/* pos[i]: where index i is in heap; NW_DHEAP_OUT when not */
	int64_t *when;	/* when[i]: index i's deadline */
	uint32_t len, n;
};

#define NW_DHEAP_OUT UINT32_MAX

/* For the indices 0..n-1; 0, or -1 when out of memory. */
int nw_dheap_init(struct nw_dheap *h, uint32_t n);
void nw_dheap_free(struct nw_dheap *h);
/* Put index i in with deadline when, or move it there when it is in already. */
void nw_dheap_set(struct nw_dheap *h, uint32_t i, int64_t when);
/* Take index i out (nothing when it is not in). */
void nw_dheap_remove(struct nw_dheap *h, uint32_t i);
/* The index with the earliest deadline: true and *i, or false when empty. */
bool nw_dheap_top(const struct nw_dheap *h, uint32_t *i);

#endif
