/* test_buf.c: the bounds-checked read cursor of common/base/buf.h, every function, at the edges. */
#include "config.h"

#include "base/buf.h"
#include "testlib.h"

static const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

static void test_init_left_cur(void)
{
	struct nw_buf b;

	nw_buf_init(&b, bytes, sizeof(bytes));
	CHECK_INT(nw_buf_left(&b), 9);
	CHECK(nw_buf_cur(&b) == bytes);
	CHECK(nw_buf_has(&b, 9));
	CHECK(!nw_buf_has(&b, 10));
	CHECK(nw_buf_has(&b, 0));

	nw_buf_init(&b, NULL, 5); /* no data: no length */
	CHECK_INT(nw_buf_left(&b), 0);
	CHECK(!nw_buf_has(&b, 1));

	nw_buf_init(&b, bytes, 0);
	CHECK_INT(nw_buf_left(&b), 0);
	CHECK(nw_buf_has(&b, 0));
}

static void test_skip(void)
{
	struct nw_buf b;

	nw_buf_init(&b, bytes, sizeof(bytes));
	CHECK(nw_buf_skip(&b, 4));
	CHECK_INT(nw_buf_left(&b), 5);
	CHECK(nw_buf_cur(&b) == bytes + 4);
	CHECK(!nw_buf_skip(&b, 6));
	CHECK_INT(nw_buf_left(&b), 5); /* a failed skip does not move */
	CHECK(nw_buf_skip(&b, 5));     /* exactly to the end */
	CHECK_INT(nw_buf_left(&b), 0);
	CHECK(nw_buf_skip(&b, 0));
	CHECK(!nw_buf_skip(&b, 1));
	CHECK(!nw_buf_skip(&b, SIZE_MAX));
}

static void test_ints(void)
{
	struct nw_buf b;
	uint8_t v8 = 0xaa;
	uint16_t v16 = 0xaaaa;
	uint32_t v32 = 0xaaaaaaaa;

	nw_buf_init(&b, bytes, sizeof(bytes));
	CHECK(nw_buf_u8(&b, &v8));
	CHECK_INT(v8, 0x01);
	CHECK(nw_buf_u16(&b, &v16));
	CHECK_INT(v16, 0x0203); /* network byte order */
	CHECK(nw_buf_u32(&b, &v32));
	CHECK_INT(v32, 0x04050607);
	CHECK_INT(nw_buf_left(&b), 2);

	/* A read one byte past the end fails, moves nothing, writes nothing. */
	v32 = 0xdeadbeef;
	CHECK(!nw_buf_u32(&b, &v32));
	CHECK_INT(v32, 0xdeadbeef);
	CHECK_INT(nw_buf_left(&b), 2);
	CHECK(nw_buf_u16(&b, &v16)); /* exactly at the end */
	CHECK_INT(v16, 0x0809);
	CHECK_INT(nw_buf_left(&b), 0);
	v8 = 0x55;
	CHECK(!nw_buf_u8(&b, &v8));
	CHECK_INT(v8, 0x55);
	v16 = 0x5555;
	CHECK(!nw_buf_u16(&b, &v16));
	CHECK_INT(v16, 0x5555);

	/* u16 with one byte left, u32 with three. */
	nw_buf_init(&b, bytes, 1);
	CHECK(!nw_buf_u16(&b, &v16));
	CHECK_INT(nw_buf_left(&b), 1);
	CHECK(nw_buf_u8(&b, &v8));
	CHECK_INT(v8, 0x01);
	nw_buf_init(&b, bytes, 3);
	CHECK(!nw_buf_u32(&b, &v32));
	CHECK_INT(nw_buf_left(&b), 3);
	nw_buf_init(&b, bytes + 5, 4);
	CHECK(nw_buf_u32(&b, &v32));
	CHECK_INT(v32, 0x06070809);

	/* High bits survive the conversion. */
	static const uint8_t high[] = {0xff, 0xfe, 0x80, 0x00, 0x00, 0x01};
	nw_buf_init(&b, high, sizeof(high));
	CHECK(nw_buf_u16(&b, &v16));
	CHECK_INT(v16, 0xfffe);
	CHECK(nw_buf_u32(&b, &v32));
	CHECK_INT(v32, 0x80000001u);
}

static void test_copy_take(void)
{
	struct nw_buf b;
	uint8_t dst[9];
	const uint8_t *p = NULL;

	nw_buf_init(&b, bytes, sizeof(bytes));
	memset(dst, 0xee, sizeof(dst));
	CHECK(nw_buf_copy(&b, dst, 3));
	CHECK(memcmp(dst, bytes, 3) == 0);
	CHECK_INT(dst[3], 0xee);
	CHECK(!nw_buf_copy(&b, dst, 7));
	CHECK_INT(dst[0], 0x01); /* nothing written on failure */
	CHECK_INT(nw_buf_left(&b), 6);
	CHECK(nw_buf_copy(&b, dst, 0));

	CHECK(nw_buf_take(&b, 2, &p));
	CHECK(p == bytes + 3);
	CHECK_INT(nw_buf_left(&b), 4);
	p = NULL;
	CHECK(!nw_buf_take(&b, 5, &p));
	CHECK(p == NULL);
	CHECK(nw_buf_take(&b, 4, &p)); /* exactly the rest */
	CHECK(p == bytes + 5);
	CHECK_INT(nw_buf_left(&b), 0);
	CHECK(!nw_buf_copy(&b, dst, 1));
}

static void test_sub(void)
{
	struct nw_buf b, sub;
	uint16_t v16 = 0;
	uint8_t v8 = 0;

	nw_buf_init(&b, bytes, sizeof(bytes));
	CHECK(nw_buf_skip(&b, 1));
	CHECK(nw_buf_sub(&b, 4, &sub));
	CHECK_INT(nw_buf_left(&b), 4);
	CHECK_INT(nw_buf_left(&sub), 4);
	CHECK(nw_buf_cur(&sub) == bytes + 1);
	CHECK(nw_buf_u16(&sub, &v16));
	CHECK_INT(v16, 0x0203);
	CHECK(nw_buf_u16(&sub, &v16));
	CHECK_INT(v16, 0x0405);
	CHECK(!nw_buf_u8(&sub, &v8)); /* the sub-cursor ends where it was cut */
	CHECK(nw_buf_u8(&b, &v8));
	CHECK_INT(v8, 0x06);

	sub.len = 99;
	CHECK(!nw_buf_sub(&b, 4, &sub));
	CHECK_INT(sub.len, 99); /* untouched */
	CHECK_INT(nw_buf_left(&b), 3);
	CHECK(nw_buf_sub(&b, 3, &sub));
	CHECK_INT(nw_buf_left(&sub), 3);
	CHECK_INT(nw_buf_left(&b), 0);
	CHECK(nw_buf_sub(&b, 0, &sub));
	CHECK_INT(nw_buf_left(&sub), 0);
}

static void test_peek(void)
{
	struct nw_buf b;
	uint8_t v = 0x77;

	nw_buf_init(&b, bytes, 4);
	CHECK(nw_buf_peek_u8(&b, 0, &v));
	CHECK_INT(v, 0x01);
	CHECK(nw_buf_peek_u8(&b, 3, &v)); /* the last byte */
	CHECK_INT(v, 0x04);
	CHECK_INT(nw_buf_left(&b), 4); /* peeking does not move */
	v = 0x77;
	CHECK(!nw_buf_peek_u8(&b, 4, &v));
	CHECK(!nw_buf_peek_u8(&b, SIZE_MAX, &v));
	CHECK_INT(v, 0x77);
	CHECK(nw_buf_skip(&b, 3));
	CHECK(nw_buf_peek_u8(&b, 0, &v));
	CHECK_INT(v, 0x04);
	CHECK(!nw_buf_peek_u8(&b, 1, &v));
	CHECK(nw_buf_skip(&b, 1));
	CHECK(!nw_buf_peek_u8(&b, 0, &v));
}

/* Every read over every prefix of a buffer stays inside it (ASan checks). */
static void test_all_prefixes(void)
{
	for (size_t n = 0; n <= sizeof(bytes); n++) {
		uint8_t *copy = malloc(n ? n : 1);
		struct nw_buf b;
		uint32_t v32 = 0;
		size_t reads = 0;

		if (!copy)
			return;
		memcpy(copy, bytes, n);
		nw_buf_init(&b, copy, n);
		while (nw_buf_u32(&b, &v32))
			reads++;
		CHECK_INT(reads, n / 4);
		CHECK_INT(nw_buf_left(&b), n % 4);
		free(copy);
	}
}

int main(void)
{
	test_init_left_cur();
	test_skip();
	test_ints();
	test_copy_take();
	test_sub();
	test_peek();
	test_all_prefixes();
	return nw_test_result("test_buf");
}
