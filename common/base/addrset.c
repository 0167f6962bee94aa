/*
 * addrset.c: target specs, exclusions and the sorted, merged intervals
 * they make.  Every address is a 128-bit number here (an IPv4 address is
 * its 32-bit value), kept with its family; intervals sort by family (IPv4
 * first), then by value, and carry the count of addresses before them so
 * that the i-th address is a binary search away.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/addrset.h"
#include "base/grow.h"
#include "base/errbuf.h"
#include "base/num.h"

/* ---- 128-bit numbers -------------------------------------------------------- */

struct u128 {
	uint64_t hi, lo;
};

static int u128_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static struct u128 u128_add64(struct u128 a, uint64_t b)
{
	struct u128 r = {a.hi, a.lo + b};
	r.hi += r.lo < a.lo;
	return r;
}

static struct u128 u128_sub(struct u128 a, struct u128 b)
{
	struct u128 r = {a.hi - b.hi, a.lo - b.lo};
	r.hi -= a.lo < b.lo;
	return r;
}

static bool u128_is_max(struct u128 a)
{
	return a.hi == UINT64_MAX && a.lo == UINT64_MAX;
}

/* The number whose low bits (0..128) are ones. */
static struct u128 u128_ones(int bits)
{
	struct u128 r = {0, 0};
	if (bits >= 64) {
		r.lo = UINT64_MAX;
		r.hi = bits >= 128 ? UINT64_MAX : (UINT64_C(1) << (bits - 64)) - 1;
	} else if (bits > 0) {
		r.lo = (UINT64_C(1) << bits) - 1;
	}
	return r;
}

static struct u128 addr_value(const struct nw_addr *a)
{
	struct u128 r = {0, 0};
	if (a->family == AF_INET) {
		r.lo = ntohl(a->u.v4.s_addr);
		return r;
	}
	for (int i = 0; i < 8; i++) {
		r.hi = r.hi << 8 | a->u.v6.s6_addr[i];
		r.lo = r.lo << 8 | a->u.v6.s6_addr[8 + i];
	}
	return r;
}

static void addr_from_value(int family, struct u128 v, struct nw_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
	if (family == AF_INET) {
		out->u.v4.s_addr = htonl((uint32_t)v.lo);
		return;
	}
	for (int i = 7; i >= 0; i--) {
		out->u.v6.s6_addr[i] = (uint8_t)v.hi;
		out->u.v6.s6_addr[8 + i] = (uint8_t)v.lo;
		v.hi >>= 8;
		v.lo >>= 8;
	}
}

static int family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

/* ---- the set ------------------------------------------------------------------ */

struct interval {
	int family;
	struct u128 lo, hi;
	uint64_t before; /* addresses in the intervals before this one */
};

struct nw_addrset {
	const char *noun;
	struct interval *iv;
	size_t n, cap;
	bool finished;
	uint64_t count, count4;
};

struct nw_addrset *nw_addrset_new(const char *noun)
{
	struct nw_addrset *s = calloc(1, sizeof(*s));
	if (s)
		s->noun = noun ? noun : "target";
	return s;
}

void nw_addrset_free(struct nw_addrset *s)
{
	if (!s)
		return;
	free(s->iv);
	free(s);
}

static int push(struct nw_addrset *s, int family, struct u128 lo, struct u128 hi)
{
	if (nw_grow(&s->iv, &s->cap, s->n, sizeof(*s->iv), 16) != 0)
		return -1;
	s->iv[s->n++] = (struct interval){.family = family, .lo = lo, .hi = hi};
	s->finished = false;
	return 0;
}

/* Family first (IPv4 before IPv6), then the start. */
static int key_cmp(int fa, struct u128 a, int fb, struct u128 b)
{
	if (fa != fb)
		return fa == AF_INET ? -1 : 1;
	return u128_cmp(a, b);
}

static int interval_cmp(const void *x, const void *y)
{
	const struct interval *a = x, *b = y;
	return key_cmp(a->family, a->lo, b->family, b->lo);
}

/* Sort and merge overlapping or adjacent intervals. */
static void normalize(struct nw_addrset *s)
{
	size_t out = 0;

	if (s->n == 0)
		return;
	qsort(s->iv, s->n, sizeof(*s->iv), interval_cmp);
	for (size_t i = 1; i < s->n; i++) {
		struct interval *cur = &s->iv[out], *next = &s->iv[i];
		if (next->family == cur->family &&
		    (u128_is_max(cur->hi) || u128_cmp(next->lo, u128_add64(cur->hi, 1)) <= 0)) {
			if (u128_cmp(next->hi, cur->hi) > 0)
				cur->hi = next->hi;
		} else {
			s->iv[++out] = *next;
		}
	}
	s->n = out + 1;
}

/* t minus e, both normalized, into a new array in t.  0 or -1 (out of memory). */
static int subtract(struct nw_addrset *t, const struct nw_addrset *e)
{
	struct nw_addrset r = {.noun = t->noun};
	size_t j = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct interval *ti = &t->iv[i];
		struct u128 lo = ti->lo;
		bool alive = true;

		while (j < e->n && key_cmp(e->iv[j].family, e->iv[j].hi, ti->family, lo) < 0)
			j++;
		for (size_t k = j; alive && k < e->n && e->iv[k].family == ti->family &&
				   u128_cmp(e->iv[k].lo, ti->hi) <= 0;
		     k++) {
			const struct interval *ek = &e->iv[k];
			if (u128_cmp(ek->lo, lo) > 0 &&
			    push(&r, ti->family, lo, u128_sub(ek->lo, (struct u128){0, 1})) != 0)
				goto fail;
			if (u128_cmp(ek->hi, ti->hi) >= 0)
				alive = false;
			else
				lo = u128_add64(ek->hi, 1);
		}
		if (alive && push(&r, ti->family, lo, ti->hi) != 0)
			goto fail;
	}
	free(t->iv);
	t->iv = r.iv;
	t->n = r.n;
	t->cap = r.cap;
	return 0;
fail:
	free(r.iv);
	return -1;
}

int nw_addrset_finish(struct nw_addrset *s, struct nw_addrset *excl, char *err, size_t errlen)
{
	uint64_t total = 0, v4 = 0;

	nw_err_clear(err, errlen);
	normalize(s);
	if (s->n == 0)
		return nw_err_set(err, errlen, "no %s", s->noun);
	if (excl) {
		normalize(excl);
		if (subtract(s, excl) != 0)
			return nw_err_set(err, errlen, "out of memory");
		if (s->n == 0)
			return nw_err_set(err, errlen, "every %s is excluded", s->noun);
	}
	for (size_t i = 0; i < s->n; i++) {
		struct u128 d = u128_sub(s->iv[i].hi, s->iv[i].lo);
		if (d.hi != 0 || d.lo == UINT64_MAX || d.lo + 1 > UINT64_MAX - total)
			return nw_err_set(err, errlen, "more than 2^64-1 addresses");
		s->iv[i].before = total;
		total += d.lo + 1;
		if (s->iv[i].family == AF_INET)
			v4 = total;
	}
	s->count = total;
	s->count4 = v4;
	s->finished = true;
	return 0;
}

uint64_t nw_addrset_count(const struct nw_addrset *s)
{
	return s->finished ? s->count : 0;
}

uint64_t nw_addrset_count_family(const struct nw_addrset *s, int family)
{
	if (!s->finished)
		return 0;
	return family == AF_INET ? s->count4 : family == AF_INET6 ? s->count - s->count4 : 0;
}

size_t nw_addrset_intervals(const struct nw_addrset *s)
{
	return s->n;
}

int nw_addrset_at(const struct nw_addrset *s, uint64_t i, struct nw_addr *out)
{
	size_t lo = 0, hi;

	if (!s->finished || i >= s->count)
		return -1;
	/* The last interval with before <= i. */
	hi = s->n - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (s->iv[mid].before <= i)
			lo = mid;
		else
			hi = mid - 1;
	}
	addr_from_value(s->iv[lo].family, u128_add64(s->iv[lo].lo, i - s->iv[lo].before), out);
	return 0;
}

int nw_addrset_index(const struct nw_addrset *s, const struct nw_addr *a, uint64_t *index)
{
	size_t lo = 0, hi;
	struct u128 v;

	if (!s->finished || (a->family != AF_INET && a->family != AF_INET6))
		return -1;
	v = addr_value(a);
	/* The last interval starting at or before a. */
	hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_cmp(s->iv[mid].family, s->iv[mid].lo, a->family, v) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	const struct interval *iv = &s->iv[lo - 1];
	if (iv->family != a->family || u128_cmp(v, iv->hi) > 0)
		return -1;
	*index = iv->before + u128_sub(v, iv->lo).lo;
	return 0;
}

/* ---- parsing ------------------------------------------------------------------- */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Host name syntax (RFC 1123, with '_' as resolvers allow): labels of
 * letters, digits, '-' and '_', 1 to 63 long, not starting or ending with
 * '-'; a final dot allowed; at least one letter somewhere, so that a
 * mistyped address ("198.18.0.300") is not taken for a name.
 */
static bool is_host_name(const char *s, size_t len)
{
	size_t label = 0;
	bool letter = false;

	if (len == 0 || len > NW_TARGET_NAME_MAX + 1 ||
	    (len > NW_TARGET_NAME_MAX && s[len - 1] != '.'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_')
			return false;
		if (c == '-' && label == 0)
			return false;
		if (++label > 63)
			return false;
		letter = letter || is_alpha(c);
	}
	return letter && s[len - 1] != '-';
}

/* The end of a range: a full address of the family, or the last octet / last group. */
static int range_end(const struct nw_addr *first, const char *s, struct nw_addr *last,
		     const char **why)
{
	if (first->family == AF_INET && !strpbrk(s, ".:")) {
		uint64_t v;
		if (nw_parse_uint(s, 0, UINT64_MAX, &v, why) != 0) {
			*why = "end of range is not an address or a last octet";
			return -1;
		}
		if (v > 255) {
			*why = "last octet above 255";
			return -1;
		}
		*last = *first;
		last->u.v4.s_addr = htonl((ntohl(first->u.v4.s_addr) & 0xffffff00u) | (uint32_t)v);
		return 0;
	}
	if (first->family == AF_INET6 && !strpbrk(s, ".:")) {
		size_t n = strlen(s);
		unsigned v = 0;
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			int d = is_digit(c)		 ? c - '0'
				: (c >= 'a' && c <= 'f') ? c - 'a' + 10
				: (c >= 'A' && c <= 'F') ? c - 'A' + 10
							 : -1;
			if (d < 0 || n > 4) {
				*why = "end of range is not an address or a last group (1 to 4 hex "
				       "digits)";
				return -1;
			}
			v = v << 4 | (unsigned)d;
		}
		if (n == 0) {
			*why = "missing end of range";
			return -1;
		}
		*last = *first;
		last->u.v6.s6_addr[14] = (uint8_t)(v >> 8);
		last->u.v6.s6_addr[15] = (uint8_t)v;
		return 0;
	}
	return nw_addr_parse(s, first->family, last, why);
}

/* "NAME/PREFIX": the prefix, 0..128 (the family is known once the name is resolved). */
static int name_prefix(const char *s, int *out, const char **why)
{
	uint64_t v;
	if (nw_parse_uint(s, 0, 128, &v, why) != 0 || (s[0] == '0' && s[1])) {
		*why = "prefix must be between 0 and 128";
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_name(const char *spec, struct nw_target *out, const char **why)
{
	const char *slash = strchr(spec, '/');
	size_t len = slash ? (size_t)(slash - spec) : strlen(spec);

	if (!is_host_name(spec, len)) {
		bool numeric = true;
		for (size_t i = 0; i < len; i++)
			numeric = numeric && (is_digit(spec[i]) || spec[i] == '.');
		*why = numeric || memchr(spec, ':', len) ? "not an IP address"
							 : "not an address, range or host name";
		return -1;
	}
	out->kind = NW_TARGET_NAME;
	memcpy(out->name, spec, len);
	out->name[len] = '\0';
	out->prefix_len = -1;
	return slash ? name_prefix(slash + 1, &out->prefix_len, why) : 0;
}

int nw_target_parse(const char *spec, struct nw_target *out, const char **why)
{
	char host[NW_ADDRSTRLEN];
	const char *cut;
	struct nw_addr a;
	int len;

	memset(out, 0, sizeof(*out));
	if (!spec || !*spec) {
		*why = "empty";
		return -1;
	}
	if (strlen(spec) > NW_TARGET_SPEC_MAX) {
		*why = "too long";
		return -1;
	}
	out->kind = NW_TARGET_RANGE;
	/* An address before '/' or '-' makes a block or a range; anything else may be a name. */
	cut = strpbrk(spec, "/-");
	if (cut && (size_t)(cut - spec) < sizeof host) {
		memcpy(host, spec, (size_t)(cut - spec));
		host[cut - spec] = '\0';
		if (nw_addr_parse(host, AF_UNSPEC, &a, why) == 0) {
			if (*cut == '/') {
				if (nw_cidr_parse(spec, true, &a, &len, why) != 0)
					return -1;
				struct u128 lo = addr_value(&a);
				struct u128 hi = u128_ones(family_bits(a.family) - len);
				hi.hi |= lo.hi;
				hi.lo |= lo.lo;
				out->first = a;
				addr_from_value(a.family, hi, &out->last);
				return 0;
			}
			if (!cut[1]) {
				*why = "missing end of range";
				return -1;
			}
			out->first = a;
			if (range_end(&a, cut + 1, &out->last, why) != 0)
				return -1;
			if (u128_cmp(addr_value(&out->first), addr_value(&out->last)) > 0) {
				*why = "range start is above its end";
				return -1;
			}
			return 0;
		}
	}
	if (nw_addr_parse(spec, AF_UNSPEC, &a, why) == 0) {
		out->first = out->last = a;
		return 0;
	}
	return parse_name(spec, out, why);
}

static int add_range(struct nw_addrset *s, const struct nw_addr *first, const struct nw_addr *last)
{
	return push(s, first->family, addr_value(first), addr_value(last));
}

int nw_addrset_add(struct nw_addrset *s, const char *spec, struct nw_target *name, char *err,
		   size_t errlen)
{
	struct nw_target t;
	const char *why = NULL;
	char q[72];

	nw_err_clear(err, errlen);
	if (nw_target_parse(spec, &t, &why) != 0) {
		nw_err_quote(q, sizeof q, spec ? spec : "", spec ? strlen(spec) : 0, 64);
		return nw_err_set(err, errlen, "invalid %s '%s': %s", s->noun, q, why);
	}
	if (t.kind == NW_TARGET_NAME) {
		if (name)
			*name = t;
		return 1;
	}
	if (add_range(s, &t.first, &t.last) != 0)
		return nw_err_set(err, errlen, "out of memory");
	return 0;
}

int nw_addrset_add_block(struct nw_addrset *s, const struct nw_addr *a, int prefix_len, char *err,
			 size_t errlen)
{
	struct nw_addr first, last;

	nw_err_clear(err, errlen);
	if (a->family != AF_INET && a->family != AF_INET6)
		return nw_err_set(err, errlen, "not an IPv4 or IPv6 address");
	int bits = family_bits(a->family);
	if (prefix_len < 0)
		prefix_len = bits; /* a name without /PREFIX: its address alone */
	if (prefix_len > bits)
		return nw_err_set(err, errlen, "prefix length above %d", bits);
	struct u128 host = u128_ones(bits - prefix_len), v = addr_value(a);
	v.hi &= ~host.hi;
	v.lo &= ~host.lo;
	addr_from_value(a->family, v, &first);
	v.hi |= host.hi;
	v.lo |= host.lo;
	addr_from_value(a->family, v, &last);
	return nw_addrset_add_range(s, &first, &last, err, errlen);
}

int nw_addrset_add_range(struct nw_addrset *s, const struct nw_addr *first,
			 const struct nw_addr *last, char *err, size_t errlen)
{
	nw_err_clear(err, errlen);
	if ((first->family != AF_INET && first->family != AF_INET6) ||
	    first->family != last->family)
		return nw_err_set(err, errlen, "a range needs two addresses of one family");
	if (u128_cmp(addr_value(first), addr_value(last)) > 0)
		return nw_err_set(err, errlen, "range start is above its end");
	if (add_range(s, first, last) != 0)
		return nw_err_set(err, errlen, "out of memory");
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int nw_addrset_add_text(struct nw_addrset *s, const char *text, size_t len,
			nw_addrset_name_fn on_name, void *ctx, char *err, size_t errlen)
{
	char spec[NW_TARGET_SPEC_MAX + 1], q[72];
	unsigned long line = 1;
	size_t i = 0;

	nw_err_clear(err, errlen);
	while (i < len) {
		if (text[i] == '\n') {
			line++;
			i++;
			continue;
		}
		if (is_space(text[i])) {
			i++;
			continue;
		}
		if (text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		size_t start = i;
		while (i < len && !is_space(text[i]) && text[i] != '#')
			i++;
		size_t n = i - start;
		const char *why = NULL;
		struct nw_target t;
		nw_err_quote(q, sizeof q, text + start, n, 64);
		if (n > NW_TARGET_SPEC_MAX) {
			why = "too long";
		} else if (memchr(text + start, '\0', n)) {
			why = "not an address, range or host name";
		} else {
			memcpy(spec, text + start, n);
			spec[n] = '\0';
			if (nw_target_parse(spec, &t, &why) == 0) {
				if (t.kind == NW_TARGET_RANGE) {
					if (add_range(s, &t.first, &t.last) != 0)
						return nw_err_set(err, errlen, "out of memory");
					continue;
				}
				if (!on_name)
					why = "a host name, not an address";
				else if (on_name(ctx, t.name, t.prefix_len, err, errlen) != 0)
					return -1;
				else
					continue;
			}
		}
		return nw_err_set(err, errlen, "line %lu: invalid %s '%s': %s", line, s->noun, q,
				  why);
	}
	return 0;
}
