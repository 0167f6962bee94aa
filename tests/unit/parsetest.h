/*
 * parsetest.h: what the packet-parser unit tests (test_parse_*.c) share.
 * parse() runs a parser on a heap copy of exactly the bytes given, so that
 * ASan sees any read past them, and checks what every parser promises: a
 * reason with every failure, and a cursor that stays inside the buffer.
 */
#ifndef NW_PARSETEST_H
#define NW_PARSETEST_H

#include "wire/pkt.h"
#include "testlib.h"

/* A parser as the tests call it: p4, p6 and the like adapt each one. */
typedef enum nw_status (*parse_fn)(struct nw_buf *b, void *out, const char **why);

/* Parse a copy of exactly len bytes; *left (if asked) is what the parser did not take. */
static inline enum nw_status parse(parse_fn fn, const uint8_t *pkt, size_t len, void *out,
				   size_t *left)
{
	uint8_t *copy = malloc(len ? len : 1);
	struct nw_buf b;
	const char *why = NULL;
	enum nw_status st;

	if (!copy)
		abort();
	memcpy(copy, pkt, len);
	nw_buf_init(&b, copy, len);
	st = fn(&b, out, &why);
	CHECK(st == NW_OK || (why && *why));
	CHECK(b.pos <= b.len && b.len <= len);
	if (left)
		*left = nw_buf_left(&b);
	free(copy);
	return st;
}

/* Every prefix of pkt (shorter than len) is truncated below ok_from bytes and parses from it. */
static inline void check_prefixes_ok_from(parse_fn fn, const uint8_t *pkt, size_t len, void *out,
					  size_t ok_from)
{
	for (size_t n = 0; n < len; n++) {
		enum nw_status want = n < ok_from ? NW_TRUNCATED : NW_OK;
		enum nw_status st = parse(fn, pkt, n, out, NULL);
		CHECK_INT(st, want);
		if (st != want)
			fprintf(stderr, "  (the first %zu bytes of %zu)\n", n, len);
	}
}

#endif
