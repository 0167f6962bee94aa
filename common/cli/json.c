/*
 * json.c: a streaming JSON Lines writer (RFC 8259): one object per line,
 * commas placed by tracking each open container.
 *
 * Nesting deeper than NW_JSON_MAX_DEPTH is IGNORED, safely: the container
 * that would overflow and everything inside it are left out of the output
 * (its end calls are matched and dropped too), so the line stays valid JSON
 * and nothing is written out of bounds.  Unbalanced end calls are ignored.
 */
#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "cli/json.h"

void nw_json_init(struct nw_json *j, FILE *f)
{
	memset(j, 0, sizeof *j);
	j->f = f;
}

/* Strings: escapes for '"', '\\' and control characters; valid UTF-8 passes
 * through, and each byte of an invalid sequence becomes U+FFFD so the line
 * is still valid JSON whatever bytes a packet carried. */

/* Length of the valid UTF-8 sequence at p (0 if invalid). */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80
			   ? 4
			   : 0;
	}
	return 0;
}

/* The two-character escape of c, or NULL when it has none. */
static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\t':
		return "\\t";
	case '\r':
		return "\\r";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	default:
		return NULL;
	}
}

/* The length of the run at p written as it is: valid UTF-8 with no byte to escape. */
static size_t plain_run(const unsigned char *p)
{
	const unsigned char *q = p;
	size_t n;

	while (*q && !short_escape(*q) && *q >= 0x20 && (n = utf8_len(q)) != 0)
		q += n;
	return (size_t)(q - p);
}

/* Escapes the byte at p (one that plain_run stops at). */
static void write_escaped_byte(FILE *f, unsigned char c)
{
	const char *esc = short_escape(c);

	if (esc)
		fputs(esc, f);
	else if (c < 0x20)
		fprintf(f, "\\u%04x", c);
	else
		fputs("\\ufffd", f); /* a byte of an invalid UTF-8 sequence */
}

void nw_json_write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	while (*p) {
		/* Whole runs in one call: a character at a time was 9% of a /16 scan's time. */
		n = plain_run(p);
		if (n) {
			fwrite(p, 1, n, f);
			p += n;
		} else {
			write_escaped_byte(f, *p++);
		}
	}
	putc('"', f);
}

/* Before a member or element: the comma, then "key": when there is a key.
 * false when the value is to be dropped (inside an ignored, too deep part). */
static bool prefix(struct nw_json *j, const char *key)
{
	if (j->depth > NW_JSON_MAX_DEPTH)
		return false;
	if (j->depth > 0) {
		if (j->need_comma[j->depth - 1])
			putc(',', j->f);
		j->need_comma[j->depth - 1] = true;
	}
	if (key) {
		nw_json_write_string(j->f, key);
		putc(':', j->f);
	}
	return true;
}

static void open_container(struct nw_json *j, const char *key, char c)
{
	if (j->depth >= NW_JSON_MAX_DEPTH) {
		j->depth++; /* too deep: counted, so its end is matched, but not written */
		return;
	}
	if (!prefix(j, key))
		return;
	putc(c, j->f);
	j->need_comma[j->depth++] = false;
}

static void close_container(struct nw_json *j, char c)
{
	if (j->depth == 0)
		return;
	if (j->depth-- > NW_JSON_MAX_DEPTH)
		return;
	putc(c, j->f);
}

void nw_json_begin(struct nw_json *j)
{
	open_container(j, NULL, '{');
}

void nw_json_begin_object(struct nw_json *j, const char *key)
{
	open_container(j, key, '{');
}

void nw_json_end_object(struct nw_json *j)
{
	close_container(j, '}');
}

void nw_json_begin_array(struct nw_json *j, const char *key)
{
	open_container(j, key, '[');
}

void nw_json_end_array(struct nw_json *j)
{
	close_container(j, ']');
}

void nw_json_end_buffered(struct nw_json *j)
{
	close_container(j, '}');
	putc('\n', j->f);
	j->depth = 0;
}

void nw_json_end(struct nw_json *j)
{
	nw_json_end_buffered(j);
	fflush(j->f);
}

void nw_json_str(struct nw_json *j, const char *key, const char *v)
{
	if (prefix(j, key))
		nw_json_write_string(j->f, v);
}

void nw_json_int(struct nw_json *j, const char *key, int64_t v)
{
	if (prefix(j, key))
		fprintf(j->f, "%" PRId64, v);
}

void nw_json_uint(struct nw_json *j, const char *key, uint64_t v)
{
	if (prefix(j, key))
		fprintf(j->f, "%" PRIu64, v);
}

/*
 * "%.*f", then the locale's decimal point (LC_NUMERIC may be "de_DE": ",")
 * turned back into '.'.  %f without the ' flag never groups thousands, so
 * the point is the only locale-dependent part.  decimals is clamped to
 * 0..17; "-0.000" is written "0.000".
 */
void nw_json_double(struct nw_json *j, const char *key, double v, int decimals)
{
	char buf[400]; /* DBL_MAX has 309 integer digits */
	const char *dp;
	size_t dplen;
	char *p;

	if (!prefix(j, key))
		return;
	if (!isfinite(v)) {
		fputs("null", j->f);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 17)
		decimals = 17;
	snprintf(buf, sizeof buf, "%.*f", decimals, v);

	dp = localeconv()->decimal_point;
	dplen = dp ? strlen(dp) : 0;
	if (dplen && strcmp(dp, ".") != 0 && (p = strstr(buf, dp)) != NULL) {
		*p = '.';
		memmove(p + 1, p + dplen, strlen(p + dplen) + 1);
	}
	p = buf;
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		p++;
	fputs(p, j->f);
}

void nw_json_bool(struct nw_json *j, const char *key, bool v)
{
	if (prefix(j, key))
		fputs(v ? "true" : "false", j->f);
}

void nw_json_null(struct nw_json *j, const char *key)
{
	if (prefix(j, key))
		fputs("null", j->f);
}
