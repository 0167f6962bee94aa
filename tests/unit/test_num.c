/* test_num: counts, durations, ports and port ranges, good and bad. */
#include "config.h"

#include "base/num.h"
#include "testlib.h"

static const char *why;

static int uint_ok(const char *s, uint64_t min, uint64_t max, uint64_t want)
{
	uint64_t v = 12345;
	why = NULL;
	if (nw_parse_uint(s, min, max, &v, &why) != 0) {
		fprintf(stderr, "nw_parse_uint(\"%s\") failed: %s\n", s, why ? why : "(null)");
		return 0;
	}
	return v == want;
}

static int uint_bad(const char *s, uint64_t min, uint64_t max)
{
	uint64_t v = 12345;
	why = NULL;
	return nw_parse_uint(s, min, max, &v, &why) == -1 && v == 12345 && why && *why;
}

static void test_uint(void)
{
	CHECK(uint_ok("0", 0, 10, 0));
	CHECK(uint_ok("10", 0, 10, 10));
	CHECK(uint_ok("1", 1, UINT32_MAX, 1));
	CHECK(uint_ok("4294967295", 1, UINT32_MAX, UINT32_MAX));
	CHECK(uint_ok("007", 0, 10, 7));
	CHECK(uint_ok("18446744073709551615", 0, UINT64_MAX, UINT64_MAX));

	CHECK(uint_bad("", 0, 10));
	CHECK_STR(why, "empty");
	CHECK(uint_bad(NULL, 0, 10));
	CHECK(uint_bad("abc", 0, 10));
	CHECK_STR(why, "not a number");
	CHECK(uint_bad("12abc", 0, 100));
	CHECK_STR(why, "not a number");
	CHECK(uint_bad(" 1", 0, 10));
	CHECK_STR(why, "not a number");
	CHECK(uint_bad("1 ", 0, 10));
	CHECK(uint_bad("+1", 0, 10));
	CHECK_STR(why, "not a number");
	CHECK(uint_bad("-1", 0, 10));
	CHECK_STR(why, "must be between 0 and 10");
	CHECK(uint_bad("-", 0, 10));
	CHECK_STR(why, "not a number");
	CHECK(uint_bad("0x10", 0, 100));
	CHECK(uint_bad("1e3", 0, 10000));
	CHECK(uint_bad("1.0", 0, 10));
	CHECK(uint_bad("1,000", 0, 10000));
	CHECK(uint_bad("0", 1, UINT32_MAX));
	CHECK_STR(why, "must be between 1 and 4294967295");
	CHECK(uint_bad("4294967296", 1, UINT32_MAX));
	CHECK_STR(why, "must be between 1 and 4294967295");
	CHECK(uint_bad("18446744073709551616", 0, UINT64_MAX));
	CHECK_STR(why, "too large");
	CHECK(uint_bad("99999999999999999999999", 1, 100));
	CHECK_STR(why, "must be between 1 and 100");
}

static int dur_ok(const char *s, int64_t unit, int64_t want)
{
	int64_t v = -7;
	why = NULL;
	if (nw_parse_duration(s, unit, 0, INT64_MAX, &v, &why) != 0) {
		fprintf(stderr, "nw_parse_duration(\"%s\") failed: %s\n", s, why ? why : "(null)");
		return 0;
	}
	if (v != want)
		fprintf(stderr, "nw_parse_duration(\"%s\") = %lld, want %lld\n", s, (long long)v,
			(long long)want);
	return v == want;
}

static int dur_bad(const char *s, int64_t min, int64_t max)
{
	int64_t v = -7;
	why = NULL;
	return nw_parse_duration(s, 1000000000, min, max, &v, &why) == -1 && v == -7 && why && *why;
}

static void test_duration(void)
{
	const int64_t S = 1000000000;
	CHECK(dur_ok("1", S, S));
	CHECK(dur_ok("0", S, 0));
	CHECK(dur_ok("0.5", S, S / 2));
	CHECK(dur_ok("200ms", S, 200000000));
	CHECK(dur_ok("1.5s", S, 1500000000));
	CHECK(dur_ok("2m", S, 120 * S));
	CHECK(dur_ok("1h", S, 3600 * S));
	CHECK(dur_ok("1.25h", S, 4500 * S));
	CHECK(dur_ok("10us", S, 10000));
	CHECK(dur_ok("7ns", S, 7));
	CHECK(dur_ok("250", 1000000, 250000000)); /* a bare number in the default unit (ms) */
	CHECK(dur_ok("0.000000001", S, 1));
	CHECK(dur_ok("0.1", S, 100000000)); /* exact, no binary floating point */
	CHECK(dur_ok("0.3", S, 300000000));
	CHECK(dur_ok("2.675ms", S, 2675000));
	CHECK(dur_ok("0.1m", S, 6 * S));
	CHECK(dur_ok("0.0000000001", S, 0)); /* finer than 1 ns: rounded down */
	CHECK(dur_ok("1.9ns", S, 1));
	CHECK(dur_ok("0.333333333333333333333333m", S, 19999999999));
	CHECK(dur_ok("0.99999999999999999999999999999h", S, 3600 * S - 1));
	CHECK(dur_ok("9223372036854775807ns", S, INT64_MAX));
	CHECK(dur_ok("9223372036.854775807", S, INT64_MAX));
	CHECK(dur_ok("0010ms", S, 10000000));

	CHECK(dur_bad("", 0, INT64_MAX));
	CHECK_STR(why, "empty");
	CHECK(dur_bad("-1", 0, INT64_MAX));
	CHECK_STR(why, "must not be negative");
	CHECK(dur_bad("-0.5s", 0, INT64_MAX));
	CHECK(dur_bad("+1", 0, INT64_MAX));
	CHECK_STR(why, "not a number");
	CHECK(dur_bad("1e3", 0, INT64_MAX));
	CHECK(dur_bad("1x", 0, INT64_MAX));
	CHECK_STR(why, "unknown unit 'x' (use ns, us, ms, s, m or h)");
	CHECK(dur_bad("1 s", 0, INT64_MAX));
	CHECK(dur_bad("1S", 0, INT64_MAX));
	CHECK(dur_bad("1sec", 0, INT64_MAX));
	CHECK(dur_bad("1ss", 0, INT64_MAX));
	CHECK(dur_bad("1s ", 0, INT64_MAX));
	CHECK(dur_bad(".5", 0, INT64_MAX));
	CHECK(dur_bad("5.", 0, INT64_MAX));
	CHECK(dur_bad("5.s", 0, INT64_MAX));
	CHECK(dur_bad("1..5", 0, INT64_MAX));
	CHECK(dur_bad("s", 0, INT64_MAX));
	CHECK_STR(why, "not a number");
	CHECK(dur_bad("ms", 0, INT64_MAX));
	CHECK(dur_bad("nan", 0, INT64_MAX));
	CHECK(dur_bad("inf", 0, INT64_MAX));
	CHECK(dur_bad("0x10", 0, INT64_MAX));
	CHECK(dur_bad("9223372036854775808ns", 0, INT64_MAX));
	CHECK_STR(why, "too large");
	CHECK(dur_bad("9223372037", 0, INT64_MAX));
	CHECK_STR(why, "too large");
	CHECK(dur_bad("9223372036.854775808", 0, INT64_MAX));
	CHECK_STR(why, "too large");
	CHECK(dur_bad("99999999999999999999999999h", 0, INT64_MAX));
	CHECK_STR(why, "too large");
	CHECK(dur_bad("86401", 1, 86400 * INT64_C(1000000000)));
	CHECK_STR(why, "must be between 1ns and 24h");
	CHECK(dur_bad("0", 1, 86400 * INT64_C(1000000000)));
	CHECK(dur_bad("2s", 0, 1500000000));
	CHECK_STR(why, "must be at most 1500ms");
	CHECK(dur_bad("1ms", 10000000, INT64_MAX));
	CHECK_STR(why, "must be at least 10ms");
	CHECK(dur_bad("0.1ns", 1, INT64_MAX)); /* rounds down to 0, below the minimum */
}

static void test_port(void)
{
	uint16_t p = 7, lo = 7, hi = 7;

	CHECK(nw_parse_port("0", 0, &p, &why) == 0 && p == 0);
	CHECK(nw_parse_port("80", 1, &p, &why) == 0 && p == 80);
	CHECK(nw_parse_port("65535", 1, &p, &why) == 0 && p == 65535);
	CHECK(nw_parse_port("70000", 0, &p, &why) == -1);
	CHECK_STR(why, "must be between 0 and 65535");
	CHECK(nw_parse_port("0", 1, &p, &why) == -1);
	CHECK_STR(why, "must be between 1 and 65535");
	CHECK(nw_parse_port("nosuchsvc", 1, &p, &why) == -1);
	CHECK_STR(why, "no such service in /etc/services");
	CHECK(nw_parse_port("-1", 0, &p, &why) == -1);
	CHECK(nw_parse_port("", 0, &p, &why) == -1);
	CHECK(nw_parse_port("80 ", 0, &p, &why) == -1);
	CHECK(p == 65535);
	/* A service name is its port, as getaddrinfo takes it. */
	CHECK(nw_parse_port("http", 1, &p, &why) == 0 && p == 80);
	CHECK(nw_parse_port("https", 1, &p, &why) == 0 && p == 443);

	CHECK(nw_parse_port_range("1-1024", &lo, &hi, &why) == 0 && lo == 1 && hi == 1024);
	CHECK(nw_parse_port_range("80", &lo, &hi, &why) == 0 && lo == 80 && hi == 80);
	CHECK(nw_parse_port_range("0-65535", &lo, &hi, &why) == 0 && lo == 0 && hi == 65535);
	CHECK(nw_parse_port_range("5-5", &lo, &hi, &why) == 0 && lo == 5 && hi == 5);
	lo = hi = 7;
	CHECK(nw_parse_port_range("1024-1", &lo, &hi, &why) == -1);
	CHECK_STR(why, "start of range is above its end");
	CHECK(nw_parse_port_range("-", &lo, &hi, &why) == -1);
	CHECK(nw_parse_port_range("1-", &lo, &hi, &why) == -1);
	CHECK_STR(why, "missing end of range (use LO-HI)");
	CHECK(nw_parse_port_range("-5", &lo, &hi, &why) == -1);
	CHECK_STR(why, "missing start of range (use LO-HI)");
	CHECK(nw_parse_port_range("1-70000", &lo, &hi, &why) == -1);
	CHECK_STR(why, "must be between 0 and 65535");
	CHECK(nw_parse_port_range("70000", &lo, &hi, &why) == -1);
	CHECK(nw_parse_port_range("1-2-3", &lo, &hi, &why) == -1);
	CHECK(nw_parse_port_range("1--3", &lo, &hi, &why) == -1);
	CHECK(nw_parse_port_range("a-b", &lo, &hi, &why) == -1);
	CHECK_STR(why, "not a number");
	CHECK(nw_parse_port_range("1 -2", &lo, &hi, &why) == -1);
	CHECK(nw_parse_port_range("", &lo, &hi, &why) == -1);
	CHECK(lo == 7 && hi == 7);
}

int main(void)
{
	test_uint();
	test_duration();
	test_port();
	return nw_test_result("test_num");
}
