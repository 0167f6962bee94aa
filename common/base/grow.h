/*
 * grow.h: room for one more item in an array that grows by doubling, the
 * way every list of results, intervals or queued work here is kept.
 */
#ifndef NW_GROW_H
#define NW_GROW_H

#include <stddef.h>

/*
 * Make room for item n of *items (elem bytes each, *cap of them now):
 * nothing when n < *cap, else *cap doubled (first: first_cap) and *items
 * reallocated.  0, or -1 when out of memory or past SIZE_MAX (*items and
 * *cap unchanged).
 */
int nw_grow(void *items, size_t *cap, size_t n, size_t elem, size_t first_cap);

#endif
