/*
 * testlib.h: the few checks the unit tests need.  A failed check prints
 * where and what, and the test goes on; main returns nw_test_result().
 * Exit 77 tells automake the test was skipped.
 */
#ifndef NW_TESTLIB_H
#define NW_TESTLIB_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nw_test_failures;
static int nw_test_checks;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		nw_test_checks++;                                                                  \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			nw_test_failures++;                                                        \
		}                                                                                  \
	} while (0)

#define CHECK_INT(got, want)                                                                       \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		nw_test_checks++;                                                                  \
		if (g_ != w_) {                                                                    \
			fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__,      \
				#got, g_, w_);                                                     \
			nw_test_failures++;                                                        \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		nw_test_checks++;                                                                  \
		if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                           \
			fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__,  \
				#got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");                     \
			nw_test_failures++;                                                        \
		}                                                                                  \
	} while (0)

static inline int nw_test_result(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, nw_test_checks, nw_test_failures);
	return nw_test_failures ? 1 : 0;
}

#endif
