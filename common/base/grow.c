/* grow.c: arrays that grow by doubling; see grow.h. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

int nw_grow(void *items, size_t *cap, size_t n, size_t elem, size_t first_cap)
{
	void *p, *old;
	size_t want;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : first_cap;
	if (want <= n || want > SIZE_MAX / elem || (*cap && want < *cap))
		return -1;
	memcpy(&old, items, sizeof(old));
	p = realloc(old, want * elem);
	if (!p)
		return -1;
	memcpy(items, &p, sizeof(p));
	*cap = want;
	return 0;
}
