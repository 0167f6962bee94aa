/*
 * siphash.h: SipHash-2-4 (Aumasson and Bernstein, 2012), a keyed hash: a
 * pseudorandom function of the message under a 128-bit secret key, fast on
 * short inputs.  The probe layer uses it for its table's hash, for the
 * stateless cookies of probe/cookie.h and as the round function of
 * probe/permute.h.
 */
#ifndef NW_SIPHASH_H
#define NW_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define NW_SIPHASH_KEY_LEN 16

/* The 64-bit SipHash-2-4 of len bytes at msg; the key's bytes as the reference reads them. */
uint64_t nw_siphash24(const uint8_t key[NW_SIPHASH_KEY_LEN], const void *msg, size_t len);

/*
 * The same function a word at a time, for a loop that hashes numbers: key
 * a state once, absorb 64-bit words (the message's 8-byte blocks read
 * little-endian; a state with a common prefix absorbed may be copied and
 * reused), then finish with the message's length in bytes (8 per word).
 * nw_siphash_finish(s, 8 * k) after k words equals nw_siphash24 of their
 * little-endian bytes.
 */
struct nw_siphash {
	uint64_t v0, v1, v2, v3;
};

void nw_siphash_init(struct nw_siphash *s, const uint8_t key[NW_SIPHASH_KEY_LEN]);

static inline uint64_t nw_siphash_rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline void nw_siphash_round(struct nw_siphash *s)
{
	s->v0 += s->v1;
	s->v1 = nw_siphash_rotl(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = nw_siphash_rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = nw_siphash_rotl(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = nw_siphash_rotl(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = nw_siphash_rotl(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = nw_siphash_rotl(s->v2, 32);
}

/* Absorb one 8-byte block: two compression rounds. */
static inline void nw_siphash_word(struct nw_siphash *s, uint64_t m)
{
	s->v3 ^= m;
	nw_siphash_round(s);
	nw_siphash_round(s);
	s->v0 ^= m;
}

/* The last block (the bytes left over, the length's low byte on top), four finalization rounds. */
static inline uint64_t nw_siphash_end(struct nw_siphash s, uint64_t last)
{
	nw_siphash_word(&s, last);
	s.v2 ^= 0xff;
	for (int r = 0; r < 4; r++)
		nw_siphash_round(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

/* After whole words only: len is their count times 8. */
static inline uint64_t nw_siphash_finish(struct nw_siphash s, size_t len)
{
	return nw_siphash_end(s, (uint64_t)(len & 0xff) << 56);
}

#endif /* NW_SIPHASH_H */
