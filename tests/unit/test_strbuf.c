/* test_strbuf: nw_sb_escaped writes what a service sent as safe text; overflow never writes past.
 */
#include "config.h"

#include "base/strbuf.h"
#include "testlib.h"

static void check_escaped(const char *in, size_t n, const char *want)
{
	char buf[128];
	struct nw_sb sb;

	nw_sb_init(&sb, buf, sizeof(buf));
	nw_sb_escaped(&sb, (const uint8_t *)in, n);
	CHECK(!sb.overflow);
	CHECK_STR(buf, want);
}

int main(void)
{
	char small[8];
	struct nw_sb sb;

	check_escaped("SSH-2.0-OpenSSH_9.2\r\n", 21, "SSH-2.0-OpenSSH_9.2\\r\\n");
	check_escaped("a\tb\\c", 5, "a\\tb\\\\c");
	check_escaped("\x1b[2J\x00\xff", 6, "\\x1b[2J\\x00\\xff");
	check_escaped("", 0, "");
	nw_sb_init(&sb, small, sizeof(small));
	nw_sb_escaped(&sb, (const uint8_t *)"\x01\x02\x03", 3);
	CHECK(sb.overflow);
	CHECK(memchr(small, '\0', sizeof(small)) != NULL);
	return nw_test_result("test_strbuf");
}
