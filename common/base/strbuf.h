/*
 * strbuf.h: an append-only string on a caller's buffer (struct nw_sb), with
 * the encodings text output is made of: hex, base64 and base32hex
 * (RFC 4648), and bytes escaped as C writes them.  Overflow is sticky and never writes past the
 * buffer.
 */
#ifndef NW_STRBUF_H
#define NW_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_sb {
	char *p;
	size_t len, cap;
	bool overflow;
};
void nw_sb_init(struct nw_sb *s, char *buf, size_t cap);
void nw_sb_putc(struct nw_sb *s, char c);
void nw_sb_puts(struct nw_sb *s, const char *str);
void nw_sb_printf(struct nw_sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Upper-case hex; split > 0 puts a space every split characters (dig's +split). */
void nw_sb_hex(struct nw_sb *s, const uint8_t *p, size_t n, size_t split);
void nw_sb_base64(struct nw_sb *s, const uint8_t *p, size_t n, size_t split);
void nw_sb_base32hex(struct nw_sb *s, const uint8_t *p, size_t n);
/*
 * Bytes as printable text, C's way: printable ASCII as it is (a backslash
 * doubled), \r \n \t, anything else \xHH.  What a service sent, shown
 * without letting it drive the terminal.
 */
void nw_sb_escaped(struct nw_sb *s, const uint8_t *p, size_t n);

#endif
