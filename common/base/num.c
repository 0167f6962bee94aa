/*
 * num.c: strict parsing of counts, durations, ports and port ranges.
 * Decimal digits only: no sign, no white space, no suffix other than a
 * duration's unit; overflow is detected, never wrapped.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "base/service.h"

/* Reasons that carry numbers are formatted here; one message lives at a time. */
static char why_buf[128];

static const char *range_why(uint64_t min, uint64_t max)
{
	snprintf(why_buf, sizeof why_buf, "must be between %" PRIu64 " and %" PRIu64, min, max);
	return why_buf;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The digits s[0..len): all decimal, at least one.  0, or -1 with *overflow
 * set when the value does not fit in 64 bits (the digits are all read).
 */
static int scan_digits(const char *s, size_t len, uint64_t *out, bool *overflow)
{
	uint64_t v = 0;
	*overflow = false;
	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			*overflow = true;
		else
			v = v * 10 + d;
	}
	if (*overflow)
		return -1;
	*out = v;
	return 0;
}

/* nw_parse_uint over s[0..len), with the same reasons. */
int nw_parse_uint_n(const char *s, size_t len, uint64_t min, uint64_t max, uint64_t *out,
		    const char **why)
{
	uint64_t v;
	bool overflow;

	if (len == 0) {
		*why = "empty";
		return -1;
	}
	if (scan_digits(s, len, &v, &overflow) != 0) {
		if (overflow)
			*why = max == UINT64_MAX ? "too large" : range_why(min, max);
		else if (s[0] == '-' && len > 1 && is_digit(s[1]))
			*why = range_why(min, max); /* "-1": say what is allowed */
		else
			*why = "not a number";
		return -1;
	}
	if (v < min || v > max) {
		*why = range_why(min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int nw_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out, const char **why)
{
	if (!s) {
		*why = "empty";
		return -1;
	}
	return nw_parse_uint_n(s, strlen(s), min, max, out, why);
}

/* ---- durations ----------------------------------------------------------- */

static const struct {
	const char *name;
	int64_t ns;
} units[] = {
    {"ns", INT64_C(1)},		{"us", INT64_C(1000)},	     {"ms", INT64_C(1000000)},
    {"s", INT64_C(1000000000)}, {"m", INT64_C(60000000000)}, {"h", INT64_C(3600000000000)},
};

/* A duration for messages, in the largest unit that shows it exactly: "24h", "1500ms". */
static void format_duration(char *buf, size_t len, int64_t ns)
{
	for (size_t i = sizeof units / sizeof units[0]; i-- > 0;) {
		if (ns % units[i].ns == 0) {
			snprintf(buf, len, "%" PRId64 "%s", ns / units[i].ns,
				 ns ? units[i].name : "");
			return;
		}
	}
	snprintf(buf, len, "%" PRId64 "ns", ns);
}

static const char *duration_range_why(int64_t min_ns, int64_t max_ns)
{
	char lo[32], hi[32];
	format_duration(lo, sizeof lo, min_ns);
	format_duration(hi, sizeof hi, max_ns);
	if (min_ns <= 0)
		snprintf(why_buf, sizeof why_buf, "must be at most %s", hi);
	else if (max_ns == INT64_MAX)
		snprintf(why_buf, sizeof why_buf, "must be at least %s", lo);
	else
		snprintf(why_buf, sizeof why_buf, "must be between %s and %s", lo, hi);
	return why_buf;
}

/*
 * Grammar: DIGITS [ "." DIGITS ] [ UNIT ].  Both sides of the point need a
 * digit (".5" and "5." are refused), there is no sign and no exponent.
 *
 * The value is computed exactly in integer nanoseconds: integer part times
 * the unit, plus floor(unit * 0.fraction), the latter by Horner's rule over
 * the fraction digits from the last to the first, keeping only the integer
 * part at each step (floor((d * unit + floor(x)) / 10) == floor((d * unit + x)
 * / 10) for 0 <= x, so nothing is lost and nothing overflows: every step
 * stays below 10 * unit).  Any number of fraction digits is accepted; a part
 * finer than 1 ns is ROUNDED DOWN ("1.5ns" is 1 ns, "0.1ns" is 0 and then
 * subject to min_ns).
 */
int nw_parse_duration(const char *s, int64_t default_unit_ns, int64_t min_ns, int64_t max_ns,
		      int64_t *out_ns, const char **why)
{
	const char *p = s, *int_start, *frac_start = NULL;
	size_t int_len, frac_len = 0;
	int64_t unit = default_unit_ns;
	uint64_t ip;
	bool overflow;

	if (!s || !*s) {
		*why = "empty";
		return -1;
	}
	if (*p == '-') {
		*why = is_digit(p[1]) || p[1] == '.' ? "must not be negative" : "not a number";
		return -1;
	}
	int_start = p;
	while (is_digit(*p))
		p++;
	int_len = (size_t)(p - int_start);
	if (int_len == 0) {
		*why = "not a number";
		return -1;
	}
	if (*p == '.') {
		frac_start = ++p;
		while (is_digit(*p))
			p++;
		frac_len = (size_t)(p - frac_start);
		if (frac_len == 0) {
			*why = "not a number";
			return -1;
		}
	}
	if (*p) {
		size_t i;
		for (i = 0; i < sizeof units / sizeof units[0]; i++) {
			if (strcmp(p, units[i].name) == 0)
				break;
		}
		if (i == sizeof units / sizeof units[0]) {
			snprintf(why_buf, sizeof why_buf,
				 "unknown unit '%.16s' (use ns, us, ms, s, m or h)", p);
			*why = why_buf;
			return -1;
		}
		unit = units[i].ns;
	}
	if (unit <= 0) {
		*why = "invalid unit"; /* a caller's default_unit_ns of 0 or less */
		return -1;
	}

	if (scan_digits(int_start, int_len, &ip, &overflow) != 0 ||
	    ip > (uint64_t)(INT64_MAX / unit)) {
		*why = "too large";
		return -1;
	}
	int64_t frac = 0; /* floor(unit * 0.fraction), always < unit */
	for (size_t i = frac_len; i-- > 0;)
		frac = ((int64_t)(frac_start[i] - '0') * unit + frac) / 10;
	int64_t whole = (int64_t)ip * unit;
	if (whole > INT64_MAX - frac) {
		*why = "too large";
		return -1;
	}
	int64_t ns = whole + frac;
	if (ns < min_ns || ns > max_ns) {
		*why = duration_range_why(min_ns, max_ns);
		return -1;
	}
	*out_ns = ns;
	return 0;
}

/* ---- ports ---------------------------------------------------------------- */

int nw_parse_port(const char *s, uint16_t min_port, uint16_t *out, const char **why)
{
	uint64_t v;
	if (s && nw_service_like(s, strlen(s)))
		return nw_service_port(s, strlen(s), out, why);
	if (nw_parse_uint(s, min_port, 65535, &v, why) != 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int nw_parse_port_range(const char *s, uint16_t *lo, uint16_t *hi, const char **why)
{
	uint64_t a, b;
	const char *dash;

	if (!s || !*s) {
		*why = "empty";
		return -1;
	}
	dash = strchr(s, '-');
	if (!dash) {
		if (nw_parse_uint_n(s, strlen(s), 0, 65535, &a, why) != 0)
			return -1;
		*lo = *hi = (uint16_t)a;
		return 0;
	}
	if (dash == s) {
		*why = "missing start of range (use LO-HI)";
		return -1;
	}
	if (!dash[1]) {
		*why = "missing end of range (use LO-HI)";
		return -1;
	}
	if (nw_parse_uint_n(s, (size_t)(dash - s), 0, 65535, &a, why) != 0 ||
	    nw_parse_uint_n(dash + 1, strlen(dash + 1), 0, 65535, &b, why) != 0)
		return -1;
	if (a > b) {
		*why = "start of range is above its end";
		return -1;
	}
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
}
