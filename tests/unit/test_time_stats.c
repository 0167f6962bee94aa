/* test_time_stats: timespec arithmetic, poll timeouts, RTT statistics, median. */
#include "config.h"

#include <limits.h>
#include <math.h>

#include "base/stats.h"
#include "testlib.h"
#include "base/timeutil.h"

static struct timespec ts(long long sec, long nsec)
{
	struct timespec t;
	t.tv_sec = (time_t)sec;
	t.tv_nsec = nsec;
	return t;
}

#define CHECK_TS(got, sec, nsec)                                                                   \
	do {                                                                                       \
		struct timespec t_ = (got);                                                        \
		CHECK_INT(t_.tv_sec, sec);                                                         \
		CHECK_INT(t_.tv_nsec, nsec);                                                       \
	} while (0)

static int near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (fabs(b) > 1 ? fabs(b) : 1);
}

static void test_time(void)
{
	int64_t m1 = nw_mono_ns(), m2 = nw_mono_ns();
	CHECK(m1 > 0);
	CHECK(m2 >= m1);
	CHECK(nw_realtime_ns() > INT64_C(1500000000) * NW_NS_PER_S); /* after 2017 */

	CHECK_INT(nw_ts_to_ns(ts(1, 500000000)), 1500000000);
	CHECK_INT(nw_ts_to_ns(ts(-1, 500000000)), -500000000);
	CHECK_INT(nw_ts_to_ns(ts(0, 0)), 0);
	CHECK_TS(nw_ns_to_ts(1500000000), 1, 500000000);
	CHECK_TS(nw_ns_to_ts(0), 0, 0);
	CHECK_TS(nw_ns_to_ts(-1), -1, 999999999);
	CHECK_TS(nw_ns_to_ts(-500000000), -1, 500000000);
	CHECK_TS(nw_ns_to_ts(-1000000000), -1, 0);
	CHECK_TS(nw_ns_to_ts(-1500000000), -2, 500000000);
	CHECK_INT(nw_ts_to_ns(nw_ns_to_ts(-123456789012)), -123456789012);

	CHECK_TS(nw_ts_add(ts(1, 600000000), ts(2, 500000000)), 4, 100000000);
	CHECK_TS(nw_ts_add(ts(1, 0), ts(0, 999999999)), 1, 999999999);
	CHECK_TS(nw_ts_add(ts(0, 999999999), ts(0, 1)), 1, 0);
	CHECK_TS(nw_ts_add(ts(-1, 500000000), ts(0, 200000000)), -1, 700000000);
	CHECK_TS(nw_ts_add(ts(0, 1999999999), ts(0, 1999999999)), 3,
		 999999998); /* unnormalised in */
	CHECK_TS(nw_ts_sub(ts(3, 100000000), ts(1, 600000000)), 1, 500000000);
	CHECK_TS(nw_ts_sub(ts(1, 0), ts(1, 0)), 0, 0);
	CHECK_TS(nw_ts_sub(ts(1, 0), ts(2, 0)), -1, 0);
	CHECK_TS(nw_ts_sub(ts(1, 600000000), ts(3, 100000000)), -2, 500000000); /* -1.5 s */
	CHECK_INT(nw_ts_to_ns(nw_ts_sub(ts(1, 600000000), ts(3, 100000000))), -1500000000);
	CHECK_TS(nw_ts_sub(ts(0, 0), ts(0, 1)), -1, 999999999);

	CHECK_INT(nw_ts_cmp(ts(1, 0), ts(1, 0)), 0);
	CHECK_INT(nw_ts_cmp(ts(1, 0), ts(1, 1)), -1);
	CHECK_INT(nw_ts_cmp(ts(2, 0), ts(1, 999999999)), 1);
	CHECK_INT(nw_ts_cmp(ts(-1, 999999999), ts(0, 0)), -1);
	CHECK_INT(nw_ts_cmp(ts(0, 1000000000), ts(1, 0)), 0);

	CHECK(nw_ns_to_ms(1500000) == 1.5);
	CHECK(nw_ns_to_ms(-2000000) == -2.0);
	CHECK(nw_ns_to_ms(0) == 0.0);
	CHECK(near(nw_ns_to_ms(42000), 0.042));

	CHECK_INT(nw_poll_timeout_ms(1000, 2000), 0);
	CHECK_INT(nw_poll_timeout_ms(2000, 2000), 0);
	CHECK_INT(nw_poll_timeout_ms(2001, 2000), 1); /* rounded up: never wake early */
	CHECK_INT(nw_poll_timeout_ms(NW_NS_PER_MS * 250, 0), 250);
	CHECK_INT(nw_poll_timeout_ms(NW_NS_PER_MS * 250 + 1, 0), 251);
	CHECK_INT(nw_poll_timeout_ms(INT64_MAX, 0), INT_MAX);
	CHECK_INT(nw_poll_timeout_ms(INT64_MAX, -INT64_MAX), INT_MAX);
	CHECK_INT(nw_poll_timeout_ms(INT64_MIN, INT64_MAX), 0);
}

static void test_stats(void)
{
	struct nw_stats s;
	double v[] = {5.0, 1.0, 4.0, 2.0, 3.0};

	nw_stats_init(&s);
	CHECK_INT(s.n, 0);
	CHECK(nw_stats_avg(&s) == 0.0);
	CHECK(nw_stats_mdev(&s) == 0.0);

	nw_stats_add(&s, 0.042);
	CHECK_INT(s.n, 1);
	CHECK(s.min == 0.042 && s.max == 0.042);
	CHECK(nw_stats_avg(&s) == 0.042);
	CHECK(nw_stats_mdev(&s) == 0.0);

	nw_stats_init(&s);
	for (int i = 0; i < 1000; i++)
		nw_stats_add(&s, 0.1);
	CHECK(nw_stats_mdev(&s) == 0.0);
	CHECK(near(nw_stats_avg(&s), 0.1));

	/* Constant but large: E[x^2] - E[x]^2 cancels; never NaN, never negative. */
	nw_stats_init(&s);
	nw_stats_add(&s, 1e9 + 0.1);
	nw_stats_add(&s, 1e9 + 0.1);
	nw_stats_add(&s, 1e9 + 0.1);
	CHECK(nw_stats_mdev(&s) == 0.0);

	/* Nearly constant: whatever rounding does, a finite value >= 0. */
	nw_stats_init(&s);
	nw_stats_add(&s, 1e9 + 0.1);
	nw_stats_add(&s, 1e9 + 0.2);
	nw_stats_add(&s, 1e9 + 0.1);
	CHECK(isfinite(nw_stats_mdev(&s)) && nw_stats_mdev(&s) >= 0.0);

	nw_stats_init(&s);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		nw_stats_add(&s, v[i]);
	CHECK_INT(s.n, 5);
	CHECK(s.min == 1.0 && s.max == 5.0);
	CHECK(near(nw_stats_avg(&s), 3.0));
	CHECK(near(nw_stats_mdev(&s), sqrt(2.0))); /* population: sum of squares 10 / 5 */

	nw_stats_init(&s);
	nw_stats_add(&s, 2.0);
	nw_stats_add(&s, 4.0);
	nw_stats_add(&s, 4.0);
	nw_stats_add(&s, 4.0);
	nw_stats_add(&s, 5.0);
	nw_stats_add(&s, 5.0);
	nw_stats_add(&s, 7.0);
	nw_stats_add(&s, 9.0);
	CHECK(near(nw_stats_avg(&s), 5.0));
	CHECK(near(nw_stats_mdev(&s), 2.0));
	nw_stats_add(&s, NAN); /* not a sample */
	nw_stats_add(&s, INFINITY);
	CHECK_INT(s.n, 8);
	CHECK(near(nw_stats_mdev(&s), 2.0));

	nw_stats_init(&s);
	nw_stats_add(&s, -3.0);
	nw_stats_add(&s, 3.0);
	CHECK(s.min == -3.0 && s.max == 3.0);
	CHECK(near(nw_stats_avg(&s), 0.0));
	CHECK(near(nw_stats_mdev(&s), 3.0));
}

static void test_median(void)
{
	double odd[] = {9.0, 1.0, 5.0, 3.0, 7.0};
	double even[] = {4.0, 1.0, 3.0, 2.0};
	double one[] = {42.0};
	double two[] = {2.0, 1.0};
	double dup[] = {1.0, 1.0, 1.0, 1.0};

	CHECK(nw_median(odd, 5) == 5.0);
	CHECK(odd[0] == 1.0 && odd[4] == 9.0); /* sorted in place */
	CHECK(nw_median(even, 4) == 2.5);
	CHECK(even[0] == 1.0 && even[3] == 4.0);
	CHECK(nw_median(one, 1) == 42.0);
	CHECK(nw_median(two, 2) == 1.5);
	CHECK(nw_median(dup, 4) == 1.0);
	CHECK(nw_median(NULL, 0) == 0.0);
	CHECK(nw_median(odd, 0) == 0.0);
}

int main(void)
{
	test_time();
	test_stats();
	test_median();
	return nw_test_result("test_time_stats");
}
