/*
 * test_permute: the keyed permutation is a bijection (every n in 1..3000
 * exhaustively, samples of n around 2^32 and up to 2^64-1), the scan order
 * is one too and spreads the probes of a host, shards partition the scan,
 * seeds reproduce it; and what a step costs.
 */
#include "config.h"

#include <time.h>

#include "probe/permute.h"
#include "testlib.h"

static char err[256];

static const uint8_t key[NW_SIPHASH_KEY_LEN] = "0123456789abcdef";

static uint64_t rng_state = 0x243f6a8885a308d3u;
static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every n in 1..3000: each image is in range, hit once, and inverts back. */
static void test_exhaustive(void)
{
	static uint8_t seen[3000];
	int bad = 0;

	for (uint64_t n = 1; n <= 3000 && !bad; n++) {
		struct nw_perm p;
		uint64_t tweak = n % 3 == 0 ? n * 7919 : 0, moved = 0;
		nw_perm_init(&p, n, key);
		memset(seen, 0, n);
		for (uint64_t x = 0; x < n; x++) {
			uint64_t y = nw_perm_at(&p, tweak, x);
			if (y >= n || seen[y] || nw_perm_inverse(&p, tweak, y) != x) {
				fprintf(stderr, "n=%" PRIu64 ": x=%" PRIu64 " -> %" PRIu64 "\n", n,
					x, y);
				bad = 1;
				break;
			}
			seen[y] = 1;
			moved += y != x;
		}
		/* Not the identity: at n >= 16 most points move. */
		if (n >= 16 && moved < n / 2) {
			fprintf(stderr, "n=%" PRIu64 ": only %" PRIu64 " points move\n", n, moved);
			bad = 1;
		}
	}
	CHECK(!bad);
}

/* 10^6 distinct inputs for n near 2^32 and near 2^64: distinct outputs in range, inverses. */
static int sampled(uint64_t n, uint64_t draws)
{
	struct nw_perm p;
	uint64_t *out = malloc(draws * sizeof(*out));
	uint64_t tweak = rnd(), base = rnd() % (n - draws + 1);
	int ok = 1;

	if (!out)
		return 0;
	nw_perm_init(&p, n, key);
	for (uint64_t i = 0; i < draws && ok; i++) {
		/* Half from a random run, half from the top of the range. */
		uint64_t x = i % 2 ? base + i / 2 : n - 1 - i / 2;
		out[i] = nw_perm_at(&p, tweak, x);
		ok = out[i] < n && (i % 8 != 0 || nw_perm_inverse(&p, tweak, out[i]) == x);
	}
	qsort(out, draws, sizeof(*out), cmp_u64);
	for (uint64_t i = 1; i < draws && ok; i++)
		ok = out[i] != out[i - 1];
	if (!ok)
		fprintf(stderr, "n=%" PRIu64 ": a collision or a bad inverse\n", n);
	free(out);
	return ok;
}

static void test_large(void)
{
	CHECK(sampled(UINT64_C(1) << 32, 1000000));
	CHECK(sampled((UINT64_C(1) << 32) + 1, 1000000));
	CHECK(sampled((UINT64_C(1) << 32) - (1 << 20) + rnd() % (1 << 21), 1000000));
	CHECK(sampled(UINT64_MAX, 200000));
	CHECK(sampled((UINT64_C(1) << 63) + 1, 200000));
	CHECK(sampled(UINT64_C(3) << 40, 200000));
}

/* The scan order on a small space: a bijection, inverted by nw_scan_order_index. */
static int order_ok(uint64_t naddrs, uint64_t nports, uint64_t seed)
{
	struct nw_scan_order o;
	uint64_t total = naddrs * nports;
	uint8_t *seen = calloc(total, 1);
	int ok = seen && nw_scan_order_init(&o, naddrs, nports, seed, err, sizeof err) == 0 &&
		 o.total == total;

	for (uint64_t j = 0; ok && j < total; j++) {
		uint64_t a, p;
		nw_scan_order_at(&o, j, &a, &p);
		ok = a < naddrs && p < nports && !seen[a * nports + p] &&
		     nw_scan_order_index(&o, a, p) == j;
		if (ok)
			seen[a * nports + p] = 1;
	}
	if (!ok)
		fprintf(stderr, "order %" PRIu64 "x%" PRIu64 " is not a bijection\n", naddrs,
			nports);
	free(seen);
	return ok;
}

static void test_order(void)
{
	static const uint64_t na[] = {1, 2, 3, 7, 64, 256, 1000};
	static const uint64_t np[] = {1, 2, 5, 100, 1000};
	struct nw_scan_order o;

	for (size_t i = 0; i < sizeof na / sizeof na[0]; i++)
		for (size_t k = 0; k < sizeof np / sizeof np[0]; k++)
			CHECK(order_ok(na[i], np[k], i * 31 + k));
	CHECK(order_ok(1, 65535, 5));
	CHECK(order_ok(65536, 1, 5));

	/* Large spaces: round trips on samples, and the 2^64 limit. */
	CHECK_INT(nw_scan_order_init(&o, UINT64_C(1) << 32, 65535, 1, err, sizeof err), 0);
	int ok = 1;
	for (int i = 0; i < 100000 && ok; i++) {
		uint64_t j = rnd() % o.total, a, p;
		nw_scan_order_at(&o, j, &a, &p);
		ok = a < o.naddrs && p < o.nports && nw_scan_order_index(&o, a, p) == j;
	}
	CHECK(ok);
	CHECK_INT(nw_scan_order_init(&o, UINT64_MAX, 1, 1, err, sizeof err), 0);
	CHECK_INT(nw_scan_order_init(&o, UINT64_C(1) << 48, 65536, 1, err, sizeof err), -1);
	CHECK_STR(err, "the scan is too large: 281474976710656 addresses x 65536 ports is more "
		       "than 2^64-1 probes");
	CHECK_INT(nw_scan_order_init(&o, 0, 5, 1, err, sizeof err), -1);
	CHECK_STR(err, "nothing to scan: 0 addresses x 5 ports");
}

static void test_seed(void)
{
	struct nw_scan_order a, b, c;
	int same = 1, differ = 0;

	nw_scan_order_init(&a, 1000, 100, 42, err, sizeof err);
	nw_scan_order_init(&b, 1000, 100, 42, err, sizeof err);
	nw_scan_order_init(&c, 1000, 100, 43, err, sizeof err);
	for (uint64_t j = 0; j < 1000; j++) {
		uint64_t a1, p1, a2, p2, a3, p3;
		nw_scan_order_at(&a, j, &a1, &p1);
		nw_scan_order_at(&b, j, &a2, &p2);
		nw_scan_order_at(&c, j, &a3, &p3);
		same &= a1 == a2 && p1 == p2;
		differ += a1 != a3 || p1 != p3;
	}
	CHECK(same);
	CHECK(differ > 990);
	/* A fixed value: the order must not change between versions (--resume files). */
	uint64_t addr, port;
	nw_scan_order_at(&a, 0, &addr, &port);
	printf("seed 42, 1000x100: probe 0 is (%" PRIu64 ", %" PRIu64 ")\n", addr, port);
	CHECK_INT(addr, 779);
	CHECK_INT(port, 24);
}

/*
 * Spread: 256 hosts x 100 ports.  The first 100 probes go to 100 different
 * hosts (bound 0: they are all in round 0, where each host comes once), and
 * any 100 consecutive probes hold a host at most twice (a window of at
 * most 256 probes crosses at most one round boundary).  A plain
 * permutation of the 25,600 probes (index % 256 as masscan maps it) is
 * printed for comparison: about C(100,2)/256 = 19 repeated pairs.
 */
static void test_spread(void)
{
	enum { A = 256, P = 100, W = 100 };
	static uint64_t host[A * P];
	int worst_first = 0, worst_window = 0, plain_pairs = 0;

	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct nw_scan_order o;
		struct nw_perm plain;
		int count[A] = {0}, first = 0;
		uint8_t k2[NW_SIPHASH_KEY_LEN] = {(uint8_t)seed};

		nw_scan_order_init(&o, A, P, seed, err, sizeof err);
		for (uint64_t j = 0; j < A * P; j++) {
			uint64_t port;
			nw_scan_order_at(&o, j, &host[j], &port);
		}
		for (uint64_t j = 0; j < A * P; j++) {
			if (j >= W)
				count[host[j - W]]--;
			if (++count[host[j]] > 1 && j < W)
				first++;
			if (count[host[j]] > worst_window)
				worst_window = count[host[j]];
		}
		if (first > worst_first)
			worst_first = first;
		nw_perm_init(&plain, A * P, k2);
		memset(count, 0, sizeof count);
		for (uint64_t j = 0; j < W; j++)
			plain_pairs += count[nw_perm_at(&plain, 0, j) % A]++;
	}
	printf("spread 256x100, 20 seeds: repeats in the first 100: %d; most of one host in any "
	       "100: %d; a plain permutation: %.1f repeated pairs in the first 100\n",
	       worst_first, worst_window, plain_pairs / 20.0);
	CHECK_INT(worst_first, 0);
	CHECK(worst_window <= 2);
}

static void test_shards(void)
{
	static const uint64_t totals[] = {0,	     1, 2, 3, 10, 999, 25600, UINT64_C(1) << 40,
					  UINT64_MAX};
	static const uint64_t counts[] = {1, 2, 3, 7, 1000, UINT32_MAX};
	struct nw_shard sh;

	for (size_t t = 0; t < sizeof totals / sizeof totals[0]; t++) {
		for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
			uint64_t n = counts[c], prev = 0, lo = UINT64_MAX, hi = 0;
			int ok = 1;
			/* Every shard of small counts; the first, middle and last of large ones. */
			for (uint64_t i = 1; i <= n && ok;
			     i = n > 1000 && i > 2 && i < n - 2 ? n - 2 : i + 1) {
				uint64_t b, e;
				sh = (struct nw_shard){i, n};
				nw_shard_range(&sh, totals[t], &b, &e);
				ok = b <= e && (n > 1000 || b == prev);
				prev = e;
				lo = e - b < lo ? e - b : lo;
				hi = e - b > hi ? e - b : hi;
				if (i == 1)
					ok = ok && b == 0;
				if (i == n)
					ok = ok && e == totals[t];
			}
			if (!ok || hi - lo > 1)
				fprintf(stderr, "shards of %" PRIu64 " in %" PRIu64 " are wrong\n",
					totals[t], n);
			CHECK(ok && hi - lo <= 1);
		}
	}

	/* Three shards of a scan together are the scan, once each. */
	struct nw_scan_order o;
	static uint8_t seen[77 * 13];
	int ok = 1;
	nw_scan_order_init(&o, 77, 13, 9, err, sizeof err);
	for (uint64_t i = 1; i <= 3; i++) {
		uint64_t b, e, a, p;
		sh = (struct nw_shard){i, 3};
		nw_shard_range(&sh, o.total, &b, &e);
		for (uint64_t j = b; j < e; j++) {
			nw_scan_order_at(&o, j, &a, &p);
			ok = ok && !seen[a * 13 + p];
			seen[a * 13 + p] = 1;
		}
	}
	for (size_t k = 0; k < sizeof seen; k++)
		ok = ok && seen[k];
	CHECK(ok);

	CHECK_INT(nw_shard_parse("1/3", &sh, err, sizeof err), 0);
	CHECK(sh.index == 1 && sh.count == 3);
	CHECK_INT(nw_shard_parse("3/3", &sh, err, sizeof err), 0);
	CHECK_INT(nw_shard_parse("4294967295/4294967295", &sh, err, sizeof err), 0);
	CHECK_INT(nw_shard_parse("4/3", &sh, err, sizeof err), -1);
	CHECK_STR(err, "invalid shard '4/3': shard 4 of 3 does not exist");
	CHECK_INT(nw_shard_parse("0/3", &sh, err, sizeof err), -1);
	CHECK_STR(err, "invalid shard '0/3': must be between 1 and 4294967295");
	CHECK_INT(nw_shard_parse("1/0", &sh, err, sizeof err), -1);
	CHECK_STR(err, "invalid shard '1/0': must be between 1 and 4294967295");
	CHECK_INT(nw_shard_parse("1/4294967296", &sh, err, sizeof err), -1);
	CHECK_INT(nw_shard_parse("3", &sh, err, sizeof err), -1);
	CHECK_STR(err, "invalid shard '3': use I/N (like 1/3)");
	CHECK_INT(nw_shard_parse("1/x", &sh, err, sizeof err), -1);
	CHECK_STR(err, "invalid shard '1/x': not a number");
	CHECK_INT(nw_shard_parse("/3", &sh, err, sizeof err), -1);
	CHECK_STR(err, "invalid shard '/3': empty");
	CHECK_INT(nw_shard_parse("1/2/3", &sh, err, sizeof err), -1);
}

/*
 * What a step costs: 10^7 probes of a /16 x 1000 ports, and 10^7 bare
 * permutation steps at n = 2^32 (a power of four: no cycle-walking) and
 * n = 2^32 + 12345 (the worst case: the block is almost 4n, about 4
 * encryptions a step).
 */
static void test_cost(void)
{
	static const uint64_t ns[2] = {UINT64_C(1) << 32, (UINT64_C(1) << 32) + 12345};
	struct nw_scan_order o;
	uint64_t sum = 0, a, port;
	double t0, t1, per[2];

	nw_scan_order_init(&o, 65536, 1000, 7, err, sizeof err);
	t0 = now_s();
	for (uint64_t j = 0; j < 10000000; j++) {
		nw_scan_order_at(&o, j, &a, &port);
		sum += a + port;
	}
	t1 = now_s();
	for (int i = 0; i < 2; i++) {
		struct nw_perm p;
		double t = now_s();
		nw_perm_init(&p, ns[i], key);
		for (uint64_t j = 0; j < 10000000; j++)
			sum += nw_perm_at(&p, 0, j);
		per[i] = (now_s() - t) * 100;
	}
	printf("cost: %.1f ns per scan-order step (/16 x 1000 ports); %.1f ns per permutation "
	       "step at n = 2^32, %.1f at n = 2^32 + 12345 (checksum %" PRIu64 ")\n",
	       (t1 - t0) * 100, per[0], per[1], sum % 1000);
	CHECK(sum != 0);
}

int main(void)
{
	test_exhaustive();
	test_large();
	test_order();
	test_seed();
	test_spread();
	test_shards();
	test_cost();
	return nw_test_result("test_permute");
}
