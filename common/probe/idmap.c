/*
 * idmap.c: a fixed-size hash from 64-bit ids to indices (linear probing;
 * deletion shifts the following cells back, so no tombstones build up).
 */
#include "config.h"

#include <stdlib.h>

#include "probe/idmap.h"

/* splitmix64's finaliser: every bit of the id moves every bit of the hash. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

int nw_idmap_init(struct nw_idmap *m, uint32_t max_entries)
{
	uint64_t cells = 8;
	while (cells < 2 * (uint64_t)max_entries)
		cells *= 2;
	m->keys = NULL;
	m->vals = NULL;
	if (max_entries > (UINT32_C(1) << 30))
		return -1;
	m->keys = malloc(cells * sizeof *m->keys);
	m->vals = malloc(cells * sizeof *m->vals);
	if (!m->keys || !m->vals) {
		nw_idmap_free(m);
		return -1;
	}
	m->mask = (uint32_t)(cells - 1);
	for (uint64_t i = 0; i < cells; i++)
		m->vals[i] = NW_IDMAP_EMPTY;
	return 0;
}

void nw_idmap_free(struct nw_idmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
}

/* The cell holding id, or the empty cell where it would go. */
static uint32_t find(const struct nw_idmap *m, uint64_t id)
{
	uint32_t i = (uint32_t)mix(id) & m->mask;
	while (m->vals[i] != NW_IDMAP_EMPTY && m->keys[i] != id)
		i = (i + 1) & m->mask;
	return i;
}

bool nw_idmap_get(const struct nw_idmap *m, uint64_t id, uint32_t *val)
{
	uint32_t i = find(m, id);
	if (m->vals[i] == NW_IDMAP_EMPTY)
		return false;
	*val = m->vals[i];
	return true;
}

void nw_idmap_set(struct nw_idmap *m, uint64_t id, uint32_t val)
{
	uint32_t i = find(m, id);
	m->keys[i] = id;
	m->vals[i] = val;
}

bool nw_idmap_del(struct nw_idmap *m, uint64_t id)
{
	uint32_t hole = find(m, id);
	if (m->vals[hole] == NW_IDMAP_EMPTY)
		return false;
	/* Move back every later cell of the run whose home is not between the
	 * hole and it, so that a lookup never stops early at the hole. */
	for (uint32_t j = (hole + 1) & m->mask; m->vals[j] != NW_IDMAP_EMPTY;
	     j = (j + 1) & m->mask) {
		uint32_t home = (uint32_t)mix(m->keys[j]) & m->mask;
		bool stays = ((j - home) & m->mask) < ((j - hole) & m->mask);
		if (stays)
			continue;
		m->keys[hole] = m->keys[j];
		m->vals[hole] = m->vals[j];
		hole = j;
	}
	m->vals[hole] = NW_IDMAP_EMPTY;
	return true;
}
