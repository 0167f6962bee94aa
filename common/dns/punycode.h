/*
 * punycode.h: Punycode (RFC 3492), and a UTF-8 domain name to the "xn--"
 * labels DNS carries without a mapping table: non-ASCII characters are
 * expected already in their mapped (lower-case, NFC) form.  idn.h is the
 * entry point; it maps with libidn2 when that is built in.
 */
#ifndef NW_PUNYCODE_H
#define NW_PUNYCODE_H

#include <stddef.h>
#include <stdint.h>

/* Encode n code points; 0 and the NUL-terminated result in out, or -1 (+why). */
int nw_punycode_encode(const uint32_t *cp, size_t n, char *out, size_t outlen, const char **why);
/* Decode ASCII punycode (without "xn--") into at most max code points; count in *n. */
int nw_punycode_decode(const char *in, size_t inlen, uint32_t *cp, size_t max, size_t *n,
		       const char **why);
/*
 * A UTF-8 name to ASCII without any mapping table (idn.h's fall-back when
 * libidn2 is not built in): each label with a non-ASCII character becomes
 * "xn--" + punycode; ASCII is lower-cased.  0, or -1 (+why) on bad UTF-8,
 * an over-long label or a too small buffer.
 */
int nw_punycode_name(const char *name, char *out, size_t outlen, const char **why);

#endif
