/* test_errbuf.c: one-line error messages in a caller's buffer (common/base/errbuf.c). */
#include "config.h"

#include "base/errbuf.h"
#include "testlib.h"

int main(void)
{
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
