/*
 * test_punycode.c: Punycode (common/dns/punycode.c) against the sample strings
 * of RFC 3492 section 7.1, and IDNA ToASCII of whole names.
 */
#include "config.h"

#include <string.h>

#include "dns/punycode.h"
#include "testlib.h"

/* RFC 3492 7.1 (A) Arabic (Egyptian), (L) Japanese, and a Latin example. */
static const uint32_t arabic[] = {0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628,
				  0x062A, 0x0643, 0x0644, 0x0645, 0x0648, 0x0634,
				  0x0639, 0x0631, 0x0628, 0x064A, 0x061F};
static const uint32_t japanese[] = {0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F};

static void roundtrip(const uint32_t *cp, size_t n, const char *want)
{
	char buf[128];
	uint32_t back[64];
	size_t m = 0;
	const char *why = NULL;
	CHECK_INT(nw_punycode_encode(cp, n, buf, sizeof buf, &why), 0);
	CHECK_STR(buf, want);
	CHECK_INT(nw_punycode_decode(want, strlen(want), back, 64, &m, &why), 0);
	CHECK_INT(m, n);
	CHECK(m == n && memcmp(back, cp, n * sizeof *cp) == 0);
}

int main(void)
{
	char out[300];
	const char *why = NULL;
	uint32_t cp[8];
	size_t n;

	roundtrip(arabic, sizeof arabic / sizeof *arabic, "egbpdaj6bu4bxfgehfvwxn");
	roundtrip(japanese, sizeof japanese / sizeof *japanese, "3B-ww4c5e180e575a65lsy2b");
	CHECK_INT(nw_punycode_name("b\xc3\xbc"
				   "cher.example",
				   out, sizeof out, &why),
		  0);
	CHECK_STR(out, "xn--bcher-kva.example");
	CHECK_INT(nw_punycode_name("M\xc3\xbcnchen.DE.", out, sizeof out, &why), 0);
	CHECK_STR(out, "xn--mnchen-3ya.de.");
	CHECK_INT(nw_punycode_name("www.example.com", out, sizeof out, &why), 0);
	CHECK_STR(out, "www.example.com");
	CHECK_INT(nw_punycode_name("\xe4\xbe\x8b\xe3\x81\x88.jp", out, sizeof out, &why), 0);
	CHECK_STR(out, "xn--r8jz45g.jp");
	CHECK_INT(nw_punycode_name("bad\xc3.example", out, sizeof out, &why), -1);
	CHECK_INT(nw_punycode_name("\xed\xa0\x80.x", out, sizeof out, &why), -1); /* surrogate */
	CHECK_INT(nw_punycode_name("\xc0\xaf.x", out, sizeof out, &why), -1);	  /* overlong */
	CHECK_INT(nw_punycode_name("a.b", out, 3, &why), -1);
	CHECK_INT(nw_punycode_decode("a-b!", 4, cp, 8, &n, &why), -1);
	CHECK_INT(nw_punycode_decode("99999999999", 11, cp, 8, &n, &why), -1);
	CHECK_INT(nw_punycode_decode("abc-", 4, cp, 2, &n, &why), -1);
	return nw_test_result("test_punycode");
}
