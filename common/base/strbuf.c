/*
 * strbuf.c: an append-only string on a caller buffer; hex and base64 split
 * as dig splits them (RFC 4648), and base32hex.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/strbuf.h"

void nw_sb_init(struct nw_sb *s, char *buf, size_t cap)
{
	s->p = buf;
	s->cap = cap;
	s->len = 0;
	s->overflow = cap == 0;
	if (cap)
		buf[0] = '\0';
}

void nw_sb_putc(struct nw_sb *s, char c)
{
	if (s->len + 1 >= s->cap) {
		s->overflow = true;
		return;
	}
	s->p[s->len++] = c;
	s->p[s->len] = '\0';
}

void nw_sb_puts(struct nw_sb *s, const char *str)
{
	while (*str)
		nw_sb_putc(s, *str++);
}

void nw_sb_printf(struct nw_sb *s, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		s->overflow = true;
	else
		nw_sb_puts(s, tmp);
}

/* A space before every chunk of split characters after the first. */
static void split_point(struct nw_sb *s, size_t *col, size_t split)
{
	if (split && *col == split) {
		nw_sb_putc(s, ' ');
		*col = 0;
	}
}

void nw_sb_hex(struct nw_sb *s, const uint8_t *p, size_t n, size_t split)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		split_point(s, &col, split);
		nw_sb_putc(s, digits[p[i] >> 4]);
		nw_sb_putc(s, digits[p[i] & 15]);
		col += 2;
	}
}

void nw_sb_base64(struct nw_sb *s, const uint8_t *p, size_t n, size_t split)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t have = n - i < 3 ? n - i : 3;
		if (have > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (have > 2)
			v |= p[i + 2];
		char q[4] = {al[(v >> 18) & 63], al[(v >> 12) & 63],
			     have > 1 ? al[(v >> 6) & 63] : '=', have > 2 ? al[v & 63] : '='};
		for (int k = 0; k < 4; k++) {
			split_point(s, &col, split);
			nw_sb_putc(s, q[k]);
			col++;
		}
	}
}

/* RFC 4648 section 7, upper case, no padding (as NSEC3 owner hashes are written). */
void nw_sb_base32hex(struct nw_sb *s, const uint8_t *p, size_t n)
{
	static const char al[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			nw_sb_putc(s, al[(acc >> (bits - 5)) & 31]);
			bits -= 5;
		}
	}
	if (bits > 0)
		nw_sb_putc(s, al[(acc << (5 - bits)) & 31]);
}

void nw_sb_escaped(struct nw_sb *s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c == '\\')
			nw_sb_puts(s, "\\\\");
		else if (c == '\r')
			nw_sb_puts(s, "\\r");
		else if (c == '\n')
			nw_sb_puts(s, "\\n");
		else if (c == '\t')
			nw_sb_puts(s, "\\t");
		else if (c >= 0x20 && c < 0x7f)
			nw_sb_putc(s, (char)c);
		else
			nw_sb_printf(s, "\\x%02x", c);
	}
}
