/*
 * dns_name.c: domain names (RFC 1035 section 3.1 and 4.1.4): reading them
 * from a message with compression and every guard a hostile message needs,
 * presentation form as dig prints it, and parsing what users type.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dns/dns.h"

/* A compressed name can hold at most 127 pointers before it passes 255 octets. */
#define MAX_HOPS 128

static enum nw_status fail(enum nw_status st, const char *msg, const char **why)
{
	if (why)
		*why = msg;
	return st;
}

/* Follow one compression pointer at pos; run_start is where the current run of labels began. */
static enum nw_status follow(const struct nw_buf *b, size_t pos, size_t run_start, size_t *to,
			     const char **why)
{
	uint8_t hi, lo;
	if (pos + 1 >= b->len)
		return fail(NW_TRUNCATED, "message ends inside a compression pointer", why);
	hi = b->data[pos];
	lo = b->data[pos + 1];
	*to = ((size_t)(hi & 0x3f) << 8) | lo;
	if (*to >= b->len)
		return fail(NW_MALFORMED, "compression pointer past the end of the message", why);
	if (*to >= pos)
		return fail(NW_MALFORMED, "compression pointer forward (or to itself)", why);
	if (*to >= run_start)
		return fail(NW_MALFORMED, "compression pointer loop", why);
	return NW_OK;
}

enum nw_status nw_dns_name_read(struct nw_buf *b, struct nw_dns_name *out, const char **why)
{
	size_t pos = b->pos, run_start = b->pos, end = 0;
	bool jumped = false;
	int hops = 0;

	out->len = 0;
	for (;;) {
		if (pos >= b->len)
			return fail(NW_TRUNCATED, "message ends inside a name", why);
		uint8_t c = b->data[pos];
		if ((c & 0xc0) == 0xc0) {
			size_t to;
			enum nw_status st = follow(b, pos, run_start, &to, why);
			if (st != NW_OK)
				return st;
			if (++hops > MAX_HOPS)
				return fail(NW_MALFORMED, "too many compression pointers", why);
			if (!jumped)
				end = pos + 2;
			jumped = true;
			pos = run_start = to;
			continue;
		}
		if (c & 0xc0)
			return fail(NW_MALFORMED,
				    "label longer than 63 octets (reserved label type)", why);
		if ((size_t)out->len + 1 + c > NW_DNS_MAX_NAME - (c ? 1 : 0))
			return fail(NW_MALFORMED, "name longer than 255 octets", why);
		if (pos + 1 + c > b->len)
			return fail(NW_TRUNCATED, "message ends inside a label", why);
		memcpy(out->wire + out->len, b->data + pos, 1 + (size_t)c);
		out->len = (uint8_t)(out->len + 1 + c);
		pos += 1 + (size_t)c;
		if (c == 0)
			break;
	}
	b->pos = jumped ? end : pos;
	return NW_OK;
}

/* RFC 1035 5.1 special characters, escaped with a backslash as BIND does. */
static bool special(uint8_t c)
{
	return c == '"' || c == '(' || c == ')' || c == '.' || c == ';' || c == '\\' || c == '@' ||
	       c == '$';
}

void nw_sb_name(struct nw_sb *s, const struct nw_dns_name *n)
{
	size_t i = 0;

	if (n->len <= 1) {
		nw_sb_putc(s, '.');
		return;
	}
	while (i < n->len && n->wire[i] != 0) {
		uint8_t l = n->wire[i++];
		for (uint8_t k = 0; k < l && i < n->len; k++, i++) {
			uint8_t c = n->wire[i];
			if (special(c))
				nw_sb_printf(s, "\\%c", c);
			else if (c <= 0x20 || c >= 0x7f)
				nw_sb_printf(s, "\\%03u", c);
			else
				nw_sb_putc(s, (char)c);
		}
		nw_sb_putc(s, '.');
	}
}

void nw_dns_name_str(const struct nw_dns_name *n, char *out, size_t outlen)
{
	struct nw_sb s;
	nw_sb_init(&s, out, outlen);
	nw_sb_name(&s, n);
}

/* One character of a label in presentation form: plain, \X or \DDD. */
static int parse_char(const char **sp, uint8_t *c, const char **why)
{
	const char *s = *sp;
	if (*s != '\\') {
		*c = (uint8_t)*s;
		*sp = s + 1;
		return 0;
	}
	s++;
	if (s[0] >= '0' && s[0] <= '9') {
		if (!(s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9')) {
			*why = "\\DDD escape needs three digits";
			return -1;
		}
		unsigned v = (unsigned)(s[0] - '0') * 100 + (unsigned)(s[1] - '0') * 10 +
			     (unsigned)(s[2] - '0');
		if (v > 255) {
			*why = "\\DDD escape above 255";
			return -1;
		}
		*c = (uint8_t)v;
		*sp = s + 3;
		return 0;
	}
	if (*s == '\0') {
		*why = "trailing backslash";
		return -1;
	}
	*c = (uint8_t)*s;
	*sp = s + 1;
	return 0;
}

int nw_dns_name_parse(const char *s, struct nw_dns_name *out, const char **why)
{
	const char *dummy;
	size_t len = 0;

	if (!why)
		why = &dummy;
	if (!s || !*s) {
		*why = "empty name";
		return -1;
	}
	if (strcmp(s, ".") == 0) {
		out->wire[0] = 0;
		out->len = 1;
		return 0;
	}
	while (*s) {
		size_t lpos = len++;
		uint8_t l = 0;
		while (*s && *s != '.') {
			uint8_t c;
			if (parse_char(&s, &c, why) != 0)
				return -1;
			if (l == NW_DNS_MAX_LABEL) {
				*why = "label longer than 63 octets";
				return -1;
			}
			if (len >= NW_DNS_MAX_NAME - 1) {
				*why = "name longer than 255 octets";
				return -1;
			}
			out->wire[len++] = c;
			l++;
		}
		if (l == 0) {
			*why = "empty label";
			return -1;
		}
		out->wire[lpos] = l;
		if (*s == '.')
			s++;
	}
	out->wire[len++] = 0;
	out->len = (uint8_t)len;
	return 0;
}

static uint8_t lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

bool nw_dns_name_equal(const struct nw_dns_name *a, const struct nw_dns_name *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (lower(a->wire[i]) != lower(b->wire[i]))
			return false;
	return true;
}

int nw_dns_name_labels(const struct nw_dns_name *n)
{
	int count = 0;
	for (size_t i = 0; i < n->len && n->wire[i] != 0; i += 1 + (size_t)n->wire[i])
		count++;
	return count;
}

int nw_dns_name_concat(struct nw_dns_name *a, const struct nw_dns_name *b)
{
	size_t keep = a->len ? (size_t)a->len - 1 : 0;
	if (keep + b->len > NW_DNS_MAX_NAME)
		return -1;
	memcpy(a->wire + keep, b->wire, b->len);
	a->len = (uint8_t)(keep + b->len);
	return 0;
}

bool nw_dns_name_under(const struct nw_dns_name *a, const struct nw_dns_name *b)
{
	size_t i = 0;
	if (b->len > a->len)
		return false;
	/* Walk a's labels until what is left is as long as b, then compare. */
	while (i < a->len && (size_t)a->len - i > b->len)
		i += 1 + (size_t)a->wire[i];
	if ((size_t)a->len - i != b->len)
		return false;
	for (size_t k = 0; k < b->len; k++)
		if (lower(a->wire[i + k]) != lower(b->wire[k]))
			return false;
	return true;
}
