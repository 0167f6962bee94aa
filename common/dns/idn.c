/*
 * idn.c: IDN names to their ASCII form, with libidn2 (the UTS 46 mapping:
 * case folding, width and compatibility forms, NFC, the IDNA2008 rules)
 * when it is built in, else with our own punycode encoder.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBIDN2
#include <idn2.h>
#endif

#include "dns/idn.h"
#include "dns/punycode.h"

static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static int copy_out(const char *s, char *out, size_t outlen, const char **why)
{
	size_t n = strlen(s);
	if (n >= outlen) {
		if (why)
			*why = "name too long";
		return -1;
	}
	memcpy(out, s, n + 1);
	return 0;
}

#ifdef HAVE_LIBIDN2
/*
 * Nontransitional processing keeps the deviation characters (ß, ς, ZWJ,
 * ZWNJ) as IDNA2008 does; a name IDNA2008 disallows (symbols such as
 * U+2603) is tried again with transitional processing, as dig does, so
 * that the names dig reaches are reached.
 */
static int to_ascii(const char *name, char *out, size_t outlen, const char **why)
{
	char *ace = NULL;
	int r = idn2_to_ascii_8z(name, &ace, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (r == IDN2_DISALLOWED)
		r = idn2_to_ascii_8z(name, &ace, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
	if (r != IDN2_OK) {
		if (why)
			*why = idn2_strerror(r);
		return -1;
	}
	r = copy_out(ace, out, outlen, why);
	idn2_free(ace);
	return r;
}
#else
static int to_ascii(const char *name, char *out, size_t outlen, const char **why)
{
	return nw_punycode_name(name, out, outlen, why);
}
#endif

int nw_idn_to_ascii(const char *name, char *out, size_t outlen, const char **why)
{
	if (outlen == 0) {
		if (why)
			*why = "no room";
		return -1;
	}
	if (all_ascii(name))
		return copy_out(name, out, outlen, why);
	return to_ascii(name, out, outlen, why);
}
