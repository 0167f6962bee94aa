/*
 * test_idn.c: names as typed to the names DNS carries (common/dns/idn.c).
 * With libidn2 the expected forms are those dig 9.18 +idnin sends (read off
 * its +qr output); without it, only the punycode fall-back's own cases.
 */
#include "config.h"

#include <string.h>

#include "dns/idn.h"
#include "testlib.h"

static void want(const char *in, const char *out)
{
	char buf[300];
	const char *why = NULL;
	CHECK_INT(nw_idn_to_ascii(in, buf, sizeof buf, &why), 0);
	CHECK_STR(buf, out);
}

static void refused(const char *in)
{
	char buf[300];
	const char *why = NULL;
	CHECK_INT(nw_idn_to_ascii(in, buf, sizeof buf, &why), -1);
	CHECK(why != NULL && why[0] != '\0');
}

int main(void)
{
	char small[4];
	const char *why = NULL;

	/* ASCII is sent as typed: case, underscores, escapes, "--" kept. */
	want("WWW.Example.COM", "WWW.Example.COM");
	want("_sip._tcp.ab--c.example.", "_sip._tcp.ab--c.example.");
	want("a\\046b.example", "a\\046b.example");
	want("b\xc3\xbc"
	     "cher.example",
	     "xn--bcher-kva.example");
	want("\xe4\xbe\x8b\xe3\x81\x88.jp", "xn--r8jz45g.jp");
	refused("bad\xc3.example");	 /* cut UTF-8 sequence */
	refused("\xed\xa0\x80.example"); /* a surrogate */
	CHECK_INT(nw_idn_to_ascii("example.com", small, sizeof small, &why), -1);
	CHECK_INT(nw_idn_to_ascii("\xc3\xbc.example", small, sizeof small, &why), -1);
#ifdef HAVE_LIBIDN2
	/* UTS 46 mapping: case folding, width, compatibility, NFC. */
	want("B\xc3\x9c"
	     "CHER.Example",
	     "xn--bcher-kva.example");					     /* BÜCHER */
	want("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3.example", "abc.example"); /* fullwidth ABC */
	want("\xe2\x85\xab.example", "xii.example");			     /* Roman numeral 12 */
	want("u\xcc\x88.example", "xn--tda.example"); /* u + combining diaeresis */
	want("\xc3\xbc\xe3\x80\x82"
	     "example",
	     "xn--tda.example"); /* ideographic full stop */
	want("stra\xc3\x9f"
	     "e.example",
	     "xn--strae-oqa.example");			 /* nontransitional: sharp s kept */
	want("\xe2\x98\x83.example", "xn--n3h.example"); /* disallowed, then transitional */
	refused("a\xe2\x80\x8d"
		"b.example");		   /* ZWJ outside its context (CONTEXTJ) */
	refused("ab--c.\xc3\xbc.example"); /* hyphens in positions 3 and 4 */
#else
	/* No mapping: ASCII lower-cased in a name that needs conversion. */
	want("M\xc3\xbcnchen.DE.", "xn--mnchen-3ya.de.");
#endif
	return nw_test_result("test_idn");
}
