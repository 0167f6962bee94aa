/*
 * siphash.h: SipHash-2-4 (Aumasson and Bernstein, 2012), a keyed hash: a
 * pseudorandom function of the message under a 128-bit secret key, fast on
 * short inputs.  The probe layer uses it for its table's hash and for the
 * stateless cookies of probe/cookie.h.
 */
#ifndef NW_SIPHASH_H
#define NW_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define NW_SIPHASH_KEY_LEN 16

/* The 64-bit SipHash-2-4 of len bytes at msg; the key's bytes as the reference reads them. */
uint64_t nw_siphash24(const uint8_t key[NW_SIPHASH_KEY_LEN], const void *msg, size_t len);

#endif /* NW_SIPHASH_H */
