/*
 * idmap.h: a fixed-size hash table from 64-bit ids (the caller's probe ids)
 * to 32-bit indices, open addressing with linear probing.  Sized once for
 * the most entries it will ever hold (at most half full), it never
 * allocates after nw_idmap_init(), so the probe engine's memory stays what
 * its window says.  The ids are mixed (splitmix64's finaliser), so
 * sequential or packed ids spread evenly.
 */
#ifndef NW_PROBE_IDMAP_H
#define NW_PROBE_IDMAP_H

#include <stdbool.h>
#include <stdint.h>

struct nw_idmap {
	uint64_t *keys;
	uint32_t *vals; /* NW_IDMAP_EMPTY: a free cell */
	uint32_t mask;	/* cells - 1, cells a power of two */
};

#define NW_IDMAP_EMPTY UINT32_MAX

/* Room for max_entries (at most 2^30); 0, or -1 when out of memory. */
int nw_idmap_init(struct nw_idmap *m, uint32_t max_entries);
void nw_idmap_free(struct nw_idmap *m);
/* The index stored for id: true and *val, or false. */
bool nw_idmap_get(const struct nw_idmap *m, uint64_t id, uint32_t *val);
/* Store val (< NW_IDMAP_EMPTY) for id, replacing any index it had. */
void nw_idmap_set(struct nw_idmap *m, uint64_t id, uint32_t val);
/* Forget id; false when it was not there. */
bool nw_idmap_del(struct nw_idmap *m, uint64_t id);

#endif
