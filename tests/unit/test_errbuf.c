/* test_errbuf.c: one-line error messages in a caller's buffer (common/base/errbuf.c). */
#include "config.h"

#include "base/errbuf.h"
#include "testlib.h"

/* What the user typed, as an error quotes it. */
static void test_quote(void)
{
	char q[16];

	nw_err_quote(q, sizeof q, "80,9\x01x", 6, 32);
	CHECK_STR(q, "80,9?x");
	nw_err_quote(q, sizeof q, "abcdefgh", 8, 4);
	CHECK_STR(q, "abcd...");
	nw_err_quote(q, sizeof q, "0123456789abcdefghij", 20, 64); /* the buffer cuts */
	CHECK_STR(q, "0123456789ab");				   /* room kept for "..." */
	nw_err_quote(q, sizeof q, "", 0, 64);
	CHECK_STR(q, "");
}

int main(void)
{
	test_quote();
	char err[16];

	CHECK_INT(nw_err_set(err, sizeof(err), "no route to %s", "x"), -1);
	CHECK_STR(err, "no route to x");
	/* A library's multi-line message becomes one line, without trailing blanks. */
	nw_err_set(err, sizeof(err), "bad\nfilter\r\n");
	CHECK_STR(err, "bad filter");
	/* Never past the buffer. */
	nw_err_set(err, sizeof(err), "%s", "0123456789abcdefghij");
	CHECK_STR(err, "0123456789abcde");
	nw_err_clear(err, sizeof(err));
	CHECK_STR(err, "");
	/* No buffer: still a failure, nothing written. */
	CHECK_INT(nw_err_set(NULL, 0, "ignored"), -1);
	err[0] = 'x';
	CHECK_INT(nw_err_set(err, 0, "ignored"), -1);
	CHECK(err[0] == 'x');
	return nw_test_result("test_errbuf");
}
