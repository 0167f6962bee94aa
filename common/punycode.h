/*
 * punycode.h: Punycode (RFC 3492) and the ToASCII step of IDNA (RFC 5891)
 * that turns a UTF-8 domain name into the "xn--" labels DNS carries.
 * The only mapping done is lower-casing ASCII: non-ASCII characters are
 * expected already in their lower-case (UTS 46 mapped) form.
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
 * A UTF-8 name to ASCII: each label with a non-ASCII character becomes
 * "xn--" + punycode; ASCII labels are copied.  0, or -1 (+why) on bad
 * UTF-8, an over-long label or a too small buffer.
 */
int nw_idn_to_ascii(const char *name, char *out, size_t outlen, const char **why);

#endif
