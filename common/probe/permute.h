/*
 * permute.h: the order of a scan.  A keyed pseudorandom bijection on
 * [0, n) for any n up to 2^64-1 (a four-round Feistel network over the
 * next even power of two, SipHash-2-4 as the round function, cycle-walking
 * back into range), the scan order built on it (probe number j -> address
 * index, port index) and shards (an exact partition of the probe numbers).
 * No I/O, no clock: the same seed gives the same order on every machine.
 *
 * The scan order walks the space in rounds of one probe per address:
 * round r = j / naddrs visits every address once, in an order of its own
 * (the permutation with tweak r), and gives each address the port at its
 * place r + offset(address) in one shuffled port order.  So a window of at
 * most naddrs consecutive probes holds each address at most twice (once at
 * most within a round), and each address still gets all its ports, one per
 * round.  The position in a scan (what --resume saves) is the probe number
 * j, a single uint64.  docs/scan.md, "Targets, ports and order", says why.
 */
#ifndef NW_PERMUTE_H
#define NW_PERMUTE_H

#include <stddef.h>
#include <stdint.h>

#include "base/siphash.h"

/* A keyed bijection on [0, n). */
struct nw_perm {
	uint64_t n;
	unsigned half;	       /* bits in each half of the Feistel block (1..32) */
	uint64_t mask;	       /* (1 << half) - 1 */
	struct nw_siphash key; /* the keyed SipHash state */
};

/* n >= 1. */
void nw_perm_init(struct nw_perm *p, uint64_t n, const uint8_t key[NW_SIPHASH_KEY_LEN]);
/* The image of x < n; a tweak picks one of 2^64 independent permutations under the same key. */
uint64_t nw_perm_at(const struct nw_perm *p, uint64_t tweak, uint64_t x);
/* The x with nw_perm_at(p, tweak, x) == y, for y < n. */
uint64_t nw_perm_inverse(const struct nw_perm *p, uint64_t tweak, uint64_t y);

/* The scan order over naddrs x nports probes. */
struct nw_scan_order {
	uint64_t naddrs, nports, total;
	struct nw_perm addrs, ports;
	struct nw_siphash offset_key;
};

/*
 * naddrs and nports >= 1 and their product below 2^64 (else -1 with err
 * filled: "the scan is too large: ..."); seed is --seed.
 */
int nw_scan_order_init(struct nw_scan_order *o, uint64_t naddrs, uint64_t nports, uint64_t seed,
		       char *err, size_t errlen);
/* Probe j < total: the index of its address and of its port. */
void nw_scan_order_at(const struct nw_scan_order *o, uint64_t j, uint64_t *addr, uint64_t *port);
/* The probe number of (addr, port): an answer back to its place. */
uint64_t nw_scan_order_index(const struct nw_scan_order *o, uint64_t addr, uint64_t port);

/* Shard index/count as --shard I/N gives it: 1 <= index <= count <= 2^32-1. */
struct nw_shard {
	uint64_t index, count;
};

/* "I/N".  0, or -1 with err filled: "invalid shard '4/3': ...". */
int nw_shard_parse(const char *s, struct nw_shard *out, char *err, size_t errlen);
/*
 * The probe numbers [*begin, *end) of shard sh in a scan of total probes:
 * the shards 1/N..N/N are consecutive ranges, together [0, total), sizes
 * differing by one at most.
 */
void nw_shard_range(const struct nw_shard *sh, uint64_t total, uint64_t *begin, uint64_t *end);

#endif /* NW_PERMUTE_H */
