/*
 * permute.c: a Feistel network keyed with SipHash over [0, 2^(2h)) with
 * cycle-walking, the scan order on top, and shards.  The idea is Black and
 * Rogaway's "Ciphers with Arbitrary Finite Domains" (2002), as masscan's
 * BlackRock uses it; zmap gets the same effect from a cyclic group modulo
 * a prime.  Four rounds: Luby and Rackoff's bound for a strong
 * pseudorandom permutation from a pseudorandom function.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "base/errbuf.h"
#include "base/num.h"
#include "probe/permute.h"

#define ROUNDS 4

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void nw_perm_init(struct nw_perm *p, uint64_t n, const uint8_t key[NW_SIPHASH_KEY_LEN])
{
	unsigned bits = 0;

	/* The bits of n - 1, split in two halves of at least one bit. */
	while (bits < 64 && ((n - 1) >> bits) != 0)
		bits++;
	p->n = n;
	p->half = bits <= 2 ? 1 : (bits + 1) / 2;
	p->mask = (UINT64_C(1) << p->half) - 1;
	nw_siphash_init(&p->key, key);
}

/*
 * The round function: SipHash-2-4 of 15 bytes, the tweak (8) then the
 * right half (4), the round (1), the half size (1) and a zero, cut to a
 * half.  tw is the keyed state with the tweak absorbed, computed once per
 * call of nw_perm_at; the rest is SipHash's last block, length 15 on top.
 */
static uint64_t round_f(const struct nw_perm *p, const struct nw_siphash *tw, unsigned round,
			uint64_t right)
{
	uint64_t last =
	    right | (uint64_t)round << 32 | (uint64_t)p->half << 40 | UINT64_C(15) << 56;
	return nw_siphash_end(*tw, last) & p->mask;
}

static uint64_t encrypt(const struct nw_perm *p, const struct nw_siphash *tw, uint64_t x)
{
	uint64_t l = x >> p->half, r = x & p->mask;
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t = l ^ round_f(p, tw, i, r);
		l = r;
		r = t;
	}
	return l << p->half | r;
}

static uint64_t decrypt(const struct nw_perm *p, const struct nw_siphash *tw, uint64_t y)
{
	uint64_t l = y >> p->half, r = y & p->mask;
	for (unsigned i = ROUNDS; i-- > 0;) {
		uint64_t t = r ^ round_f(p, tw, i, l);
		r = l;
		l = t;
	}
	return l << p->half | r;
}

/*
 * Cycle-walking: encrypt again until the value is back in [0, n).  The
 * block holds fewer than 4n values, so this takes under 4 steps on
 * average, and it ends because x itself is in range on x's cycle.
 */
static uint64_t walk(const struct nw_perm *p, uint64_t tweak, uint64_t x,
		     uint64_t (*step)(const struct nw_perm *, const struct nw_siphash *, uint64_t))
{
	struct nw_siphash tw = p->key;
	nw_siphash_word(&tw, tweak);
	do
		x = step(p, &tw, x);
	while (x >= p->n);
	return x;
}

uint64_t nw_perm_at(const struct nw_perm *p, uint64_t tweak, uint64_t x)
{
	return walk(p, tweak, x, encrypt);
}

uint64_t nw_perm_inverse(const struct nw_perm *p, uint64_t tweak, uint64_t y)
{
	return walk(p, tweak, y, decrypt);
}

/* ---- the scan order ---------------------------------------------------------- */

/* 16 key bytes for one use (label) of the seed. */
static void derive_key(uint64_t seed, uint64_t label, uint8_t key[NW_SIPHASH_KEY_LEN])
{
	static const uint8_t master[NW_SIPHASH_KEY_LEN + 1] = "nw-scan order v1";
	uint8_t msg[16];
	put_le64(msg, seed);
	for (int half = 0; half < 2; half++) {
		put_le64(msg + 8, label * 2 + (uint64_t)half);
		put_le64(key + 8 * half, nw_siphash24(master, msg, sizeof msg));
	}
}

int nw_scan_order_init(struct nw_scan_order *o, uint64_t naddrs, uint64_t nports, uint64_t seed,
		       char *err, size_t errlen)
{
	uint8_t key[NW_SIPHASH_KEY_LEN];

	nw_err_clear(err, errlen);
	if (naddrs == 0 || nports == 0)
		return nw_err_set(err, errlen,
				  "nothing to scan: %" PRIu64 " addresses x %" PRIu64 " ports",
				  naddrs, nports);
	if (naddrs > UINT64_MAX / nports)
		return nw_err_set(err, errlen,
				  "the scan is too large: %" PRIu64 " addresses x %" PRIu64
				  " ports is more than 2^64-1 probes",
				  naddrs, nports);
	memset(o, 0, sizeof(*o));
	o->naddrs = naddrs;
	o->nports = nports;
	o->total = naddrs * nports;
	derive_key(seed, 0, key);
	nw_perm_init(&o->addrs, naddrs, key);
	derive_key(seed, 1, key);
	nw_perm_init(&o->ports, nports, key);
	derive_key(seed, 2, key);
	nw_siphash_init(&o->offset_key, key);
	return 0;
}

/* Where an address starts in the shuffled port order. */
static uint64_t port_offset(const struct nw_scan_order *o, uint64_t addr)
{
	struct nw_siphash s = o->offset_key;
	if (o->nports == 1)
		return 0;
	nw_siphash_word(&s, addr);
	return nw_siphash_finish(s, 8) % o->nports;
}

void nw_scan_order_at(const struct nw_scan_order *o, uint64_t j, uint64_t *addr, uint64_t *port)
{
	uint64_t round = j / o->naddrs, pos = j % o->naddrs;
	uint64_t a = o->naddrs == 1 ? 0 : nw_perm_at(&o->addrs, round, pos);
	uint64_t k = port_offset(o, a);

	/* (round + k) mod nports without overflow: both are below nports. */
	k = round >= o->nports - k ? round - (o->nports - k) : round + k;
	*addr = a;
	*port = o->nports == 1 ? 0 : nw_perm_at(&o->ports, 0, k);
}

uint64_t nw_scan_order_index(const struct nw_scan_order *o, uint64_t addr, uint64_t port)
{
	uint64_t q = o->nports == 1 ? 0 : nw_perm_inverse(&o->ports, 0, port);
	uint64_t k = port_offset(o, addr);
	uint64_t round = q >= k ? q - k : q + (o->nports - k);
	uint64_t pos = o->naddrs == 1 ? 0 : nw_perm_inverse(&o->addrs, round, addr);
	return round * o->naddrs + pos;
}

/* ---- shards -------------------------------------------------------------------- */

int nw_shard_parse(const char *s, struct nw_shard *out, char *err, size_t errlen)
{
	char a[24];
	const char *slash = s ? strchr(s, '/') : NULL, *why = NULL;
	uint64_t i, n;

	nw_err_clear(err, errlen);
	if (!slash || (size_t)(slash - s) >= sizeof a)
		return nw_err_set(err, errlen, "invalid shard '%.40s': use I/N (like 1/3)",
				  s ? s : "");
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = '\0';
	if (nw_parse_uint(slash + 1, 1, UINT32_MAX, &n, &why) != 0 ||
	    nw_parse_uint(a, 1, UINT32_MAX, &i, &why) != 0)
		return nw_err_set(err, errlen, "invalid shard '%.40s': %s", s, why);
	if (i > n)
		return nw_err_set(err, errlen,
				  "invalid shard '%.40s': shard %" PRIu64 " of %" PRIu64
				  " does not exist",
				  s, i, n);
	out->index = i;
	out->count = n;
	return 0;
}

/* floor(i * total / count) without 128-bit numbers: count < 2^32, so rem * i < 2^64. */
static uint64_t shard_start(uint64_t i, uint64_t count, uint64_t total)
{
	uint64_t q = total / count, rem = total % count;
	return i * q + rem * i / count;
}

void nw_shard_range(const struct nw_shard *sh, uint64_t total, uint64_t *begin, uint64_t *end)
{
	*begin = shard_start(sh->index - 1, sh->count, total);
	*end = shard_start(sh->index, sh->count, total);
}
