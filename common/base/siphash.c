/*
 * siphash.c: SipHash-2-4, written from the paper ("SipHash: a fast
 * short-input PRF", Aumasson and Bernstein, 2012): two compression rounds
 * per 8-byte block, four finalization rounds (the rounds are inline in
 * siphash.h, for the word-at-a-time callers).
 */
#include "config.h"

#include "base/siphash.h"

/* Little-endian, as the algorithm reads its key and message words. */
static uint64_t load_le64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void nw_siphash_init(struct nw_siphash *s, const uint8_t key[NW_SIPHASH_KEY_LEN])
{
	uint64_t k0 = load_le64(key, 8), k1 = load_le64(key + 8, 8);
	/* "somepseudorandomlygeneratedbytes" */
	s->v0 = k0 ^ 0x736f6d6570736575ULL;
	s->v1 = k1 ^ 0x646f72616e646f6dULL;
	s->v2 = k0 ^ 0x6c7967656e657261ULL;
	s->v3 = k1 ^ 0x7465646279746573ULL;
}

uint64_t nw_siphash24(const uint8_t key[NW_SIPHASH_KEY_LEN], const void *msg, size_t len)
{
	const uint8_t *p = msg;
	struct nw_siphash s;
	size_t whole = len - len % 8;

	nw_siphash_init(&s, key);
	for (size_t i = 0; i < whole; i += 8)
		nw_siphash_word(&s, load_le64(p + i, 8));
	/* The last block: the bytes left over, and the length's low byte on top. */
	uint64_t last = len % 8 ? load_le64(p + whole, len % 8) : 0;
	return nw_siphash_end(s, last | (uint64_t)(len & 0xff) << 56);
}
