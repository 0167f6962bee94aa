/*
 * buf.h: a bounds-checked read cursor over a byte buffer.
 *
 * Every parser in netwalk reads packet bytes only through these functions.
 * A read that would pass the end fails, leaves the cursor where it was and
 * writes nothing, so "truncated" is an ordinary return value and never a
 * read past the buffer.  Multi-byte reads convert from network byte order.
 */
#ifndef NW_BUF_H
#define NW_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct nw_buf {
	const uint8_t *data;
	size_t len;
	size_t pos;
};

static inline void nw_buf_init(struct nw_buf *b, const void *data, size_t len)
{
	b->data = data;
	b->len = data ? len : 0;
	b->pos = 0;
}

static inline size_t nw_buf_left(const struct nw_buf *b)
{
	return b->len - b->pos;
}

/* Pointer to the next unread byte (valid for nw_buf_left() bytes). */
static inline const uint8_t *nw_buf_cur(const struct nw_buf *b)
{
	return b->data + b->pos;
}

static inline bool nw_buf_has(const struct nw_buf *b, size_t n)
{
	return n <= nw_buf_left(b);
}

static inline bool nw_buf_skip(struct nw_buf *b, size_t n)
{
	if (!nw_buf_has(b, n))
		return false;
	b->pos += n;
	return true;
}

static inline bool nw_buf_u8(struct nw_buf *b, uint8_t *v)
{
	if (!nw_buf_has(b, 1))
		return false;
	*v = b->data[b->pos++];
	return true;
}

static inline bool nw_buf_u16(struct nw_buf *b, uint16_t *v)
{
	if (!nw_buf_has(b, 2))
		return false;
	*v = (uint16_t)((b->data[b->pos] << 8) | b->data[b->pos + 1]);
	b->pos += 2;
	return true;
}

static inline bool nw_buf_u32(struct nw_buf *b, uint32_t *v)
{
	if (!nw_buf_has(b, 4))
		return false;
	const uint8_t *p = b->data + b->pos;
	*v = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
	b->pos += 4;
	return true;
}

static inline bool nw_buf_copy(struct nw_buf *b, void *dst, size_t n)
{
	if (!nw_buf_has(b, n))
		return false;
	memcpy(dst, b->data + b->pos, n);
	b->pos += n;
	return true;
}

/* Hand out a pointer to the next n bytes and advance past them. */
static inline bool nw_buf_take(struct nw_buf *b, size_t n, const uint8_t **p)
{
	if (!nw_buf_has(b, n))
		return false;
	*p = b->data + b->pos;
	b->pos += n;
	return true;
}

/* Split off the next n bytes as a cursor of their own and advance past them. */
static inline bool nw_buf_sub(struct nw_buf *b, size_t n, struct nw_buf *sub)
{
	const uint8_t *p;
	if (!nw_buf_take(b, n, &p))
		return false;
	nw_buf_init(sub, p, n);
	return true;
}

/* Peek without advancing: the byte at offset off from the cursor. */
static inline bool nw_buf_peek_u8(const struct nw_buf *b, size_t off, uint8_t *v)
{
	if (off >= nw_buf_left(b))
		return false;
	*v = b->data[b->pos + off];
	return true;
}

#endif /* NW_BUF_H */
