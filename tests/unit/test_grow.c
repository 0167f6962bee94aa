/* test_grow: nw_grow doubles from the first size, keeps the items, refuses an overflow. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/grow.h"
#include "testlib.h"

int main(void)
{
	int *v = NULL;
	size_t cap = 0, n;
	struct big {
		char b[1 << 20];
	} *huge = NULL;
	size_t hcap = SIZE_MAX / 2;

	for (n = 0; n < 1000; n++) {
		CHECK_INT(nw_grow(&v, &cap, n, sizeof(*v), 4), 0);
		v[n] = (int)n;
	}
	CHECK_INT(cap, 1024); /* 4, 8, ... 1024 */
	for (n = 0; n < 1000; n++)
		CHECK_INT(v[n], (long long)n);
	CHECK_INT(nw_grow(&v, &cap, 10, sizeof(*v), 4), 0); /* room already */
	CHECK_INT(cap, 1024);
	CHECK_INT(nw_grow(&huge, &hcap, hcap, sizeof(*huge), 1), -1); /* past SIZE_MAX */
	CHECK(huge == NULL && hcap == SIZE_MAX / 2);
	free(v);
	return nw_test_result("test_grow");
}
