/*
 * scan_pos.c: the scan's position (see probe/scan.h): the lowest probe
 * number not decided, from a ring of bits over the probes begun.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "probe/scan_internal.h"

#define POS_FIRST_BITS 4096

int nw_scan_pos_init(struct nw_scan_pos *p, uint64_t start)
{
	p->base = p->next = start;
	p->nbits = POS_FIRST_BITS;
	p->bits = calloc(p->nbits / 64, sizeof(uint64_t));
	return p->bits ? 0 : -1;
}

void nw_scan_pos_free(struct nw_scan_pos *p)
{
	free(p->bits);
	p->bits = NULL;
}

static bool bit(const uint64_t *bits, uint64_t nbits, uint64_t j)
{
	uint64_t i = j & (nbits - 1);
	return (bits[i / 64] >> (i % 64)) & 1;
}

static void set_bit(uint64_t *bits, uint64_t nbits, uint64_t j, bool on)
{
	uint64_t i = j & (nbits - 1), m = (uint64_t)1 << (i % 64);
	bits[i / 64] = on ? bits[i / 64] | m : bits[i / 64] & ~m;
}

/* Twice the bits, the marks of [base, next) moved to their places in the larger ring. */
static int grow(struct nw_scan_pos *p)
{
	uint64_t n = p->nbits * 2, *b = calloc(n / 64, sizeof(uint64_t));

	if (!b)
		return -1;
	for (uint64_t j = p->base; j < p->next; j++)
		if (bit(p->bits, p->nbits, j))
			set_bit(b, n, j, true);
	free(p->bits);
	p->bits = b;
	p->nbits = n;
	return 0;
}

int nw_scan_pos_begin(struct nw_scan_pos *p)
{
	if (p->next - p->base >= p->nbits && grow(p) != 0)
		return -1;
	set_bit(p->bits, p->nbits, p->next, false);
	p->next++;
	return 0;
}

void nw_scan_pos_decide(struct nw_scan_pos *p, uint64_t j)
{
	if (j < p->base || j >= p->next)
		return;
	set_bit(p->bits, p->nbits, j, true);
	while (p->base < p->next && bit(p->bits, p->nbits, p->base)) {
		set_bit(p->bits, p->nbits, p->base, false);
		p->base++;
	}
}

bool nw_scan_pos_decided(const struct nw_scan_pos *p, uint64_t j)
{
	if (j < p->base)
		return true;
	return j < p->next && bit(p->bits, p->nbits, j);
}
