/*
 * punycode.c: Punycode (RFC 3492 sections 5 and 6) and IDNA ToASCII of a
 * UTF-8 domain name, label by label (RFC 5891 section 4.4).
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "dns/punycode.h"

/* RFC 3492 section 5 parameters. */
enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128 };

#define MAX_LABEL 63
#define MAX_CP	  256 /* code points in one label: more cannot fit 63 octets */

static int fail(const char *msg, const char **why)
{
	if (why)
		*why = msg;
	return -1;
}

static char digit_char(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

static int char_digit(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '0' && c <= '9')
		return c - '0' + 26;
	return -1;
}

/* Section 6.1. */
static uint32_t adapt(uint32_t delta, uint32_t numpoints, bool first)
{
	uint32_t k = 0;
	delta = first ? delta / DAMP : delta / 2;
	delta += delta / numpoints;
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static uint32_t threshold(uint32_t k, uint32_t bias)
{
	return k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
}

struct out {
	char *p;
	size_t len, cap;
};

static bool emit(struct out *o, char c)
{
	if (o->len + 1 >= o->cap)
		return false;
	o->p[o->len++] = c;
	return true;
}

/* The variable-length integer q (section 6.3, inner loop). */
static bool emit_varint(struct out *o, uint32_t q, uint32_t bias)
{
	for (uint32_t k = BASE;; k += BASE) {
		uint32_t t = threshold(k, bias);
		if (q < t)
			return emit(o, digit_char(q));
		if (!emit(o, digit_char(t + (q - t) % (BASE - t))))
			return false;
		q = (q - t) / (BASE - t);
	}
}

int nw_punycode_encode(const uint32_t *cp, size_t n, char *out, size_t outlen, const char **why)
{
	struct out o = {out, 0, outlen};
	uint32_t next = INITIAL_N, delta = 0, bias = INITIAL_BIAS, h, b = 0;

	if (outlen == 0 || n > MAX_CP)
		return fail("label too long", why);
	for (size_t j = 0; j < n; j++) {
		if (cp[j] < 0x80) {
			if (!emit(&o, (char)cp[j]))
				return fail("label too long", why);
			b++;
		}
	}
	h = b;
	if (b > 0 && !emit(&o, '-'))
		return fail("label too long", why);
	while (h < n) {
		uint32_t m = UINT32_MAX;
		for (size_t j = 0; j < n; j++)
			if (cp[j] >= next && cp[j] < m)
				m = cp[j];
		if ((uint64_t)(m - next) * (h + 1) + delta > UINT32_MAX)
			return fail("punycode overflow", why);
		delta += (m - next) * (h + 1);
		next = m;
		for (size_t j = 0; j < n; j++) {
			if (cp[j] < next && ++delta == 0)
				return fail("punycode overflow", why);
			if (cp[j] == next) {
				if (!emit_varint(&o, delta, bias))
					return fail("label too long", why);
				bias = adapt(delta, h + 1, h == b);
				delta = 0;
				h++;
			}
		}
		delta++;
		next++;
	}
	out[o.len] = '\0';
	return 0;
}

int nw_punycode_decode(const char *in, size_t inlen, uint32_t *cp, size_t max, size_t *n,
		       const char **why)
{
	uint32_t next = INITIAL_N, i = 0, bias = INITIAL_BIAS;
	size_t b = 0, len = 0, pos;

	for (size_t j = 0; j < inlen; j++)
		if (in[j] == '-')
			b = j;
	for (size_t j = 0; j < b; j++) {
		if ((unsigned char)in[j] >= 0x80 || len >= max)
			return fail("bad punycode basic part", why);
		cp[len++] = (unsigned char)in[j];
	}
	for (pos = b > 0 ? b + 1 : 0; pos < inlen;) {
		uint32_t oldi = i, w = 1;
		for (uint32_t k = BASE;; k += BASE) {
			if (pos >= inlen)
				return fail("punycode ends inside a number", why);
			int d = char_digit(in[pos++]);
			if (d < 0)
				return fail("bad punycode digit", why);
			if ((uint32_t)d > (UINT32_MAX - i) / w)
				return fail("punycode overflow", why);
			i += (uint32_t)d * w;
			uint32_t t = threshold(k, bias);
			if ((uint32_t)d < t)
				break;
			if (w > UINT32_MAX / (BASE - t))
				return fail("punycode overflow", why);
			w *= BASE - t;
		}
		bias = adapt(i - oldi, (uint32_t)len + 1, oldi == 0);
		if (i / (len + 1) > UINT32_MAX - next)
			return fail("punycode overflow", why);
		next += i / (uint32_t)(len + 1);
		i %= (uint32_t)(len + 1);
		if (len >= max || next > 0x10ffff || (next >= 0xd800 && next <= 0xdfff))
			return fail("bad punycode code point", why);
		memmove(cp + i + 1, cp + i, (len - i) * sizeof(*cp));
		cp[i++] = next;
		len++;
	}
	*n = len;
	return 0;
}

/* One UTF-8 sequence at s (at most end); the code point and its length, or -1. */
static int utf8_next(const unsigned char *s, const unsigned char *end, uint32_t *cp)
{
	int len = s[0] < 0x80		  ? 1
		  : (s[0] & 0xe0) == 0xc0 ? 2
		  : (s[0] & 0xf0) == 0xe0 ? 3
		  : (s[0] & 0xf8) == 0xf0 ? 4
					  : -1;
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (len < 0 || end - s < len)
		return -1;
	uint32_t v = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (int k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return -1;
	*cp = v;
	return len;
}

/* One label (bytes [s, end)) appended to out in ASCII form. */
static int label_to_ascii(const unsigned char *s, const unsigned char *end, struct out *o,
			  const char **why)
{
	uint32_t cp[MAX_CP];
	size_t n = 0;
	bool ascii = true;
	char puny[MAX_LABEL + 2];

	while (s < end) {
		int len;
		if (n >= MAX_CP)
			return fail("label longer than 63 octets", why);
		len = utf8_next(s, end, &cp[n]);
		if (len < 0)
			return fail("not valid UTF-8", why);
		if (cp[n] >= 'A' && cp[n] <= 'Z')
			cp[n] += 32;
		ascii = ascii && cp[n] < 0x80;
		n++;
		s += len;
	}
	if (ascii) {
		for (size_t k = 0; k < n; k++)
			if (!emit(o, (char)cp[k]))
				return fail("name too long", why);
		return 0;
	}
	if (nw_punycode_encode(cp, n, puny, sizeof puny, why) != 0 || strlen(puny) + 4 > MAX_LABEL)
		return fail("label longer than 63 octets", why);
	for (const char *p = "xn--"; *p; p++)
		if (!emit(o, *p))
			return fail("name too long", why);
	for (const char *p = puny; *p; p++)
		if (!emit(o, *p))
			return fail("name too long", why);
	return 0;
}

int nw_punycode_name(const char *name, char *out, size_t outlen, const char **why)
{
	struct out o = {out, 0, outlen};
	const unsigned char *s = (const unsigned char *)name;

	if (outlen == 0)
		return fail("no room", why);
	while (*s) {
		const unsigned char *dot = (const unsigned char *)strchr((const char *)s, '.');
		const unsigned char *end = dot ? dot : s + strlen((const char *)s);
		if (label_to_ascii(s, end, &o, why) != 0)
			return -1;
		if (dot && !emit(&o, '.'))
			return fail("name too long", why);
		s = dot ? dot + 1 : end;
	}
	out[o.len] = '\0';
	return 0;
}
