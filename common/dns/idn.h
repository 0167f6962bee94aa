/*
 * idn.h: a domain name as a user types it, to the name DNS carries
 * (IDNA2008 ToASCII, RFC 5891 section 5, after the UTS 46 mapping).
 */
#ifndef NW_IDN_H
#define NW_IDN_H

#include <stddef.h>

/*
 * A name that is all ASCII is copied as typed (DNS names may hold any
 * ASCII: underscores, escapes, upper case).  A name with a non-ASCII
 * character goes whole through UTS 46 processing as dig +idnin does it:
 * nontransitional, and transitional when that finds a disallowed
 * character (libidn2); without libidn2, each label with a non-ASCII
 * character becomes "xn--" + punycode and only ASCII is lower-cased.
 * 0 and the NUL-terminated result in out, or -1 (+why).
 */
int nw_idn_to_ascii(const char *name, char *out, size_t outlen, const char **why);

#endif
